#!/usr/bin/env bats
# wh-emit: instruction selection and the peepholes.
#
# tests/emit/NAME.mir is mir written to show selection rules or peepholes
# (seed-NNN.mir: a seed program's mir as wh-ra made it, frozen so that
# changes in the earlier phases do not move these goldens). For each,
# NAME.raw.s is the asm `wh-emit --no-peephole` writes and NAME.s the asm
# with every peephole: golden files, reviewed like code.
# peepholes.diff shows each peephole alone: the diff from the raw asm of
# its example to the asm with only that peephole (peephole-diffs writes
# it and names the examples). NAME.runs lists kernel test runs, one per line:
#   PROG <tab> PACKET-HEX <tab> expected `wh-load -j test` output
# (without duration_ns; every map of the object is dumped); the objects
# made with and without peepholes must both give exactly that.
# random-mir SEED writes a random program; the kernel must see the same
# results with the peepholes as without them.
#
# After a deliberate change, regenerate a golden and read its diff:
#   cd tests/emit; wh-emit NAME.mir >NAME.s; wh-emit --no-peephole NAME.mir >NAME.raw.s
#   cd tests/emit; ./peephole-diffs >peepholes.diff
load helper

setup() { setup_tmp; cd "$ROOT/tests/emit"; }
teardown() { teardown_tmp; }

golden() {
	run wh-emit --no-peephole "$1.mir"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	diff -u "$1.raw.s" <(echo "$output")
	run wh-emit "$1.mir"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	diff -u "$1.s" <(echo "$output")
}

@test "instruction selection: constants, immediates, w ALU, byte swaps, atomics" { golden isel; }
@test "peepholes on jumps: dead code, threading, jump-to-next, inversion" { golden jumps; }
@test "peepholes on moves: redundant, return value, forwarding, dead, narrow" { golden moves; }
@test "peephole: stack address folding" { golden stackaddr; }
@test "peephole: tail merge" { golden tailmerge; }
@test "peephole: return-value hoisting" { golden select; }
@test "peephole: a CO-RE offset moved onto the load it feeds" { golden coreload; }
@test "peephole: early returns set r0 before their test and share an exit" { golden early; }
@test "peephole: a CO-RE offset added in place, the relocation on the add" { golden coreadd; }
@test "raw instructions from asm are left as written" { golden raw; }
@test "immediates the verifier refuses: a 0 divisor in a register, shifts modulo the width" { golden refused; }
@test "seed mir: count-packets" { golden seed-002; }
@test "seed mir: protocol dispatch" { golden seed-009; }
@test "seed mir: code-generating macro (drop-9999, drop-8080)" { golden seed-010; }
@test "seed mir: compile-time computation (filter)" { golden seed-011; }
@test "seed mir: check-len" { golden seed-013; }
@test "seed mir: XDP context access" { golden seed-028; }

@test "each peephole alone: peepholes.diff" {
	./peephole-diffs >"$TMP/all.diff"
	diff -u peepholes.diff "$TMP/all.diff"
}

@test "every peephole has an example that it changes" {
	local names p
	names=$(wh-emit --help | sed -n '/^Peepholes/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
	[ -n "$names" ]
	for p in $names; do
		[[ " $(./peephole-diffs --list) " == *" $p:"* ]] || { echo "no example for $p"; return 1; }
	done
	./peephole-diffs | awk '/^===/ { if (name && !changed) { print name " changes nothing"; bad = 1 }
		name = $2; changed = 0; next } /^@@/ { changed = 1 }
		END { if (!changed) { print name " changes nothing"; bad = 1 } exit bad }'
}

@test "--peephole with an unknown name is a usage error" {
	run wh-emit --peephole=mov,nosuch isel.mir
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown peephole 'nosuch'"* ]]
}

# kernel_runs NAME [VARIANTS]: build NAME.mir with and without peepholes
# (VARIANTS: "raw full", the default, or "full"), check they load, then do
# the test runs of NAME.runs on each.
kernel_runs() {
	local name=$1 variants=${2:-raw full} v prog hex want got maps dumps=()
	for v in $variants; do
		if [ $v = raw ]; then wh-emit --no-peephole "$name.mir"; else wh-emit "$name.mir"; fi \
			>"$TMP/$v.s"
		wh-elf "$TMP/$v.s" -o "$TMP/$v.o"
		wh-load check "$TMP/$v.o" >/dev/null
	done
	maps=$(awk '/^\.map/ { print $2 }' "$TMP/full.s")
	for v in $maps; do dumps+=(--dump "$v"); done
	while IFS=$'\t' read -r prog hex want; do
		for v in $variants; do
			got=$(wh-load -j test "$TMP/$v.o" "$prog" --hex "$hex" "${dumps[@]}" |
				sed 's/,"duration_ns":[0-9]*//')
			if [ "$got" != "$want" ]; then
				echo "$name $v $prog $hex: got $got, want $want"
				return 1
			fi
		done
	done <"$name.runs"
}

@test "kernel: instruction selection computes the right values" { require_kernel; kernel_runs isel; }
@test "kernel: jumps (the raw asm keeps @unused, which the verifier refuses)" {
	require_kernel
	kernel_runs jumps full
}
@test "kernel: moves" { require_kernel; kernel_runs moves; }
@test "kernel: stack address folding" { require_kernel; kernel_runs stackaddr; }
@test "kernel: tail merge" { require_kernel; kernel_runs tailmerge; }
@test "kernel: return-value hoisting" { require_kernel; kernel_runs select; }
@test "kernel: early returns" { require_kernel; kernel_runs early; }
@test "kernel: raw instructions" { require_kernel; kernel_runs raw; }
@test "kernel: a 0 divisor and wide shift amounts compute what BPF defines" {
	require_kernel
	kernel_runs refused
}
@test "kernel: seed count-packets" { require_kernel; kernel_runs seed-002; }
@test "kernel: seed protocol dispatch" { require_kernel; kernel_runs seed-009; }
@test "kernel: seed drop-9999, drop-8080" { require_kernel; kernel_runs seed-010; }
@test "kernel: seed filter" { require_kernel; kernel_runs seed-011; }
@test "kernel: seed check-len" { require_kernel; kernel_runs seed-013; }
@test "kernel: seed XDP context access" { require_kernel; kernel_runs seed-028; }

# Packets for the seed programs: Ethernet + IPv4 + TCP to ports 80, 443,
# 8080, 9999 (SYN), TCP 9999 SYN-ACK, UDP to 53, ARP, and 30 bytes of a
# TCP packet.
SEED_PACKETS="
ffffffffffff00000000000108004500002800004000400600000a0000010a0000023039005000000001000000005002200000000000
ffffffffffff00000000000108004500002800004000400600000a0000010a000002303901bb00000001000000005002200000000000
ffffffffffff00000000000108004500002800004000400600000a0000010a00000230391f9000000001000000005002200000000000
ffffffffffff00000000000108004500002800004000400600000a0000010a0000023039270f00000001000000005002200000000000
ffffffffffff00000000000108004500002800004000400600000a0000010a0000023039270f00000001000000005012200000000000
ffffffffffff00000000000108004500002400004000401100000a0000010a00000230390035000800000000000000000000
ffffffffffff000000000001080600000000000000000000000000000000000000000000000000000000
ffffffffffff00000000000108004500002800004000400600000a000001"

@test "kernel: every seed program that compiles loads with and without peepholes and runs the same" {
	require_kernel
	local S="$ROOT/tests/seeds" f n v prog type hex a b loaded=0
	cd "$S/programs"
	for f in [0-9][0-9][0-9]-*.lisp; do
		n=${f%.lisp}
		if ! (set -o pipefail; wh-read "$f" | WH_TRACEFS="$S/kernel/tracefs" \
			WH_VMLINUX="$S/kernel/vmlinux.btf" WH_ARCH=x86_64 wh-expand 2>/dev/null |
			wh-lower | wh-opt | wh-ra >"$TMP/$n.mir" 2>"$TMP/err"); then
			echo "# $n does not reach wh-emit: $(head -1 "$TMP/err")" >&3
			continue
		fi
		wh-emit --no-peephole "$TMP/$n.mir" >"$TMP/raw.s"
		wh-emit "$TMP/$n.mir" >"$TMP/full.s"
		for v in raw full; do
			wh-elf "$TMP/$v.s" -o "$TMP/$v.o"
			wh-load check "$TMP/$v.o" >/dev/null || { echo "$n ($v) does not load"; return 1; }
		done
		loaded=$((loaded + 1))
		while read -r prog type; do
			case $type in type=xdp|type=tc|type=cgroup-skb) ;; *) continue ;; esac
			for hex in $SEED_PACKETS; do
				a=$(wh-load -j test "$TMP/raw.o" "$prog" --hex "$hex" 2>&1 | sed 's/,"duration_ns":[0-9]*//')
				b=$(wh-load -j test "$TMP/full.o" "$prog" --hex "$hex" 2>&1 | sed 's/,"duration_ns":[0-9]*//')
				[ "${a//raw.o/}" = "${b//full.o/}" ] || { echo "$n $prog $hex: $a without peepholes, $b with"; return 1; }
			done
		done < <(awk '/^\.prog/ { print $2, $3 }' "$TMP/full.s")
	done
	[ "$loaded" -gt 0 ]
}

@test "bad mir: an address that is a constant is one error line, exit 1" {
	printf '#!mir\n.prog p type=xdp section="xdp"\n.stack 0\n@entry\n\tstore u32 5, 0, 1\n\tret 0\n' >"$TMP/c.mir"
	run wh-emit "$TMP/c.mir"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: the address of a load or store must be in a register, not 5" ]]
	[ "${#lines[@]}" -eq 1 ]
}

@test "a jump back to the entry block gets a label" {
	printf '#!mir\n.prog p type=xdp section="xdp"\n.stack 0\n@entry\n\tr1 = add r1, 1\n\tbr eq r1, 2, @entry, @b\n@b\n\tret 0\n' >"$TMP/l.mir"
	run wh-emit "$TMP/l.mir"
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "L1:" ]
	[[ "$output" == *"if r1 == 2 goto L1"* ]]
}

@test "every register live: a 64-bit constant borrows one through a stack slot below the frame" {
	{
		printf '#!mir\n.prog p type=xdp section="xdp"\n.stack 8\n@entry\n'
		for r in 0 2 3 4 5 6 7 8 9; do printf '\tr%s = copy %s\n' $r $r; done
		printf '\tr1 = add r1, 4294967296\n'
		for r in 0 2 3 4 5 6 7 8 9; do printf '\tr1 = add r1, r%s\n' $r; done
		printf '\tret r1\n'
	} >"$TMP/s.mir"
	run wh-emit "$TMP/s.mir"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'*(u64 *)(r10 - 16) = r2\n\tr2 = 4294967296 ll\n\tr1 += r2\n\tr2 = *(u64 *)(r10 - 16)'* ]]
}

@test "kernel: random programs (random-mir) compute the same with and without peepholes" {
	require_kernel
	require_tool python3
	local seed v hex a b loaded=0
	for seed in $(seq 1 12) 1000 1001; do
		if [ "$seed" -ge 1000 ]; then ./random-mir "$seed" 60; else ./random-mir "$seed"; fi >"$TMP/r.mir"
		# the reference keeps every instruction the selection made, but
		# for unreachable code, which the verifier refuses
		wh-emit --peephole=dead "$TMP/r.mir" >"$TMP/ref.s"
		wh-emit "$TMP/r.mir" >"$TMP/all.s"
		for v in ref all; do wh-elf "$TMP/$v.s" -o "$TMP/$v.o"; done
		wh-load check "$TMP/ref.o" >/dev/null 2>&1 || continue
		wh-load check "$TMP/all.o" >/dev/null || { echo "seed $seed: refused with the peepholes"; return 1; }
		loaded=$((loaded + 1))
		for hex in $(python3 -c "import random; r = random.Random($seed)
for _ in range(3): print(bytes(r.randrange(256) for _ in range(64)).hex())"); do
			a=$(wh-load -j test "$TMP/ref.o" fuzz --hex "$hex" --dump out | sed 's/,"duration_ns":[0-9]*//')
			b=$(wh-load -j test "$TMP/all.o" fuzz --hex "$hex" --dump out | sed 's/,"duration_ns":[0-9]*//')
			[ "$a" = "$b" ] || { echo "seed $seed, packet $hex: $a without, $b with the peepholes"; return 1; }
		done
	done
	[ "$loaded" -ge 10 ]
}

rule_why() {
	case $1 in
	divzero) echo "divides by the immediate 0" ;;
	shift) echo "shifts by an immediate of the operation's width or more" ;;
	esac
}

@test "--check: asm the verifier refuses whatever the program, one rule each" {
	local rule insn n=0
	while IFS='|' read -r rule insn; do
		printf '#!asm\n.prog p type=xdp section="xdp"\n\t%s\n\tr0 = 0\n\texit\n' "$insn" >"$TMP/c.s"
		run wh-emit --check "$TMP/c.s"
		[ "$status" -eq 1 ] || { echo "$insn: status $status"; return 1; }
		[ "$output" = "$TMP/c.s:3:2: error: \`$insn\` $(rule_why "$rule") (rule $rule): the verifier refuses it" ] ||
			{ echo "$insn: $output"; return 1; }
		n=$((n + 1))
	done <<'EOF'
divzero|r1 /= 0
divzero|w1 %= 0
shift|r1 <<= 64
shift|w1 >>= 32
shift|r1 s>>= -1
EOF
	[ "$n" -eq 5 ]
}

@test "--check: what wh-emit writes passes, and so do the limits of each rule" {
	run wh-emit --check "$ROOT/tests/golden/count-xdp.s"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	printf '#!asm\n.prog p type=xdp section="xdp"\n\tr1 /= 1\n\tw1 <<= 31\n\tr1 s>>= 63\n\tr0 = 0\n\texit\n' >"$TMP/ok.s"
	run wh-emit --check "$TMP/ok.s"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}
