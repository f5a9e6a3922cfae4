#!/usr/bin/env bats
# ra.bats: register allocation (wh-ra). Golden mir for small cases that
# pin a decision (spills around calls, a loop, rematerialization, a phi
# swap with no free register, pointers spilled before their null checks);
# the shapes the verifier needs of spill code; errors; and, in the
# kernel, what the allocated programs compute — hand-written ssa, Lisp
# programs with register pressure, seed program 001, and random programs
# (tests/ra/gen.py) checked against the generator's own evaluation.
load helper

R=tests/ra

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

# compile_ssa NAME: tests/ra/NAME.ssa through wh-ra, wh-emit and wh-elf.
compile_ssa() {
	wh-ra "$R/$1.ssa" | wh-emit | wh-elf -o "$TMP/$1.o"
}

# packet V...: the u64 values V little-endian, in hex.
packet() {
	python3 -c 'import struct, sys
v = [int(x, 0) for x in sys.argv[1:]]
print(struct.pack("<%dQ" % len(v), *v).hex())' "$@"
}

# ---- golden mir ----

@test "golden: six values across two calls, the two used last are spilled" {
	run wh-ra "$R/spill-call.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/spill-call.mir" <(echo "$output")
}

@test "golden: a loop with a call keeps its phis in r6-r9 with no copies" {
	run wh-ra "$R/loop.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/loop.mir" <(echo "$output")
}

@test "golden: constants, stack and map addresses are rebuilt, not spilled" {
	run wh-ra "$R/remat.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/remat.mir" <(echo "$output")
	# the 64-bit constant, the stack object and both maps are rebuilt
	# where they are used (only a packet word goes through the stack); the
	# address 8 bytes into the object is built as one
	[[ "$output" == *"r1 = copy 81985529216486895"* ]]
	[[ "$output" == *"r1 = frame -8"* ]]
	[[ "$output" == *"r1 = mapref out2"* ]]
}

@test "golden: a stack address rebuilt for three calls is held in a free r6-r9, not for two" {
	run wh-ra "$R/holdframe.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/holdframe.mir" <(echo "$output")
	hold=$(echo "$output" | sed -n '/^\.prog hold/,/^\.prog twice/p')
	twice=$(echo "$output" | sed -n '/^\.prog twice/,$p')
	# hold: key and value built once at the entry, copied for each call
	[ "$(echo "$hold" | grep -c 'frame -4')" -eq 1 ]
	[ "$(echo "$hold" | grep -c 'frame -16')" -eq 1 ]
	[ "$(echo "$hold" | grep -c 'r2 = copy r9')" -eq 3 ]
	# twice: two rebuilds cost what holding would, so they stay
	[ "$(echo "$twice" | grep -c 'r2 = frame -4')" -eq 2 ]
	run ! grep -q 'r[6-9] = frame' <(echo "$twice")
}

@test "golden: a phi swap with every register taken parks a value in the frame" {
	run wh-ra "$R/swap.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/swap.mir" <(echo "$output")
}

@test "golden: pointers spilled before their null checks, reloaded after" {
	run wh-ra "$R/ptr-spill.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/ptr-spill.mir" <(echo "$output")
}

@test "the mir of every golden parses back canonically (wh-emit --reprint)" {
	for f in "$R"/*.mir; do
		diff -u "$f" <(wh-emit --reprint "$f")
	done
}

# ---- the shapes of spill code ----

# Every access to the frame below the stack objects is a u64 at an
# 8-aligned offset; frames fit 512 bytes.
check_spill_shape() {
	local mir=$1
	awk '
	/^\.stack / { if ($2 > 512 || $2 % 8) { print "bad frame " $2; bad = 1 } }
	/(load|store) u[0-9]+ r10, -/ {
		match($0, /(load|store) u[0-9]+ r10, -[0-9]+/)
		split(substr($0, RSTART, RLENGTH), f, /[ ,]+/)
		off = -f[4]
		if (f[2] == "u64" && off % 8) { print "unaligned: " $0; bad = 1 }
	}
	END { exit bad }' "$mir"
}

@test "spill slots are u64 at 8-aligned offsets, and frames fit 512 bytes" {
	for f in "$R"/*.mir; do
		check_spill_shape "$f"
	done
	for seed in 1 2 3 4 5 6 7 8; do
		python3 "$R/gen.py" $seed "$TMP/g.ssa" >/dev/null
		wh-ra "$TMP/g.ssa" >"$TMP/g.mir"
		check_spill_shape "$TMP/g.mir"
		grep -q 'store u64 r10' "$TMP/g.mir"   # these programs do spill
	done
}

@test "golden: liveness follows the CFG, not the block order" {
	# %5 is last used in @late, which runs before @call but is laid out
	# after it: %5 never lives across the call, so the four values that
	# do take r6-r9 and nothing is spilled
	run wh-ra "$R/layout.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/layout.mir" <(echo "$output")
	[[ "$output" == *".stack 0"* ]]
	[[ "$output" != *r10* ]]
}

# ---- errors ----

# The offsets of the u32 stores to the frame in program PROG of a mir file.
key_offsets() {
	awk -v prog="$1" '/^\.prog / { on = $2 == prog } on && /store u32 r10, -/ { print $4 }' "$2" |
		tr -d ,
}

@test "golden: stack objects share the frame when not live at once, not otherwise" {
	run wh-ra "$R/share.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/share.mir" <(echo "$output")
	echo "$output" >"$TMP/share.mir"
	# two keys, each dead after its lookup: one place
	[ "$(key_offsets share "$TMP/share.mir" | sort -u | wc -l)" -eq 1 ]
	[[ "$output" == *".stack 8"* ]]
	# the first key's address is stored in an object and loaded back for
	# the last lookup: it stays live, the second key goes elsewhere
	[ "$(key_offsets escape "$TMP/share.mir" | sort -u | wc -l)" -eq 2 ]
	# a phi of two keys' addresses is used after a third key is made
	[ "$(key_offsets join "$TMP/share.mir" | sort -u | wc -l)" -eq 3 ]
}

@test "kernel: the programs sharing frame space pass the verifier" {
	require_kernel
	compile_ssa share
	run wh-load check "$TMP/share.o"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(grep -c 'processed' <<<"$output")" -eq 3 ]
}

@test "a frame over 512 bytes is an error naming what is live at once" {
	cat >"$TMP/big.lisp" <<'LISP'
(defstruct kbig (a (array u8 256)))
(defstruct vbig (a (array u8 264)))
(defmap big :type :hash :key-size 256 :value-size 264 :max-entries 4)
(defprog too-big (:type :xdp :section "xdp" :license "GPL")
  (let ((k (make-kbig))
        (v (make-vbig)))
    (setf (getmap big k) v))
  XDP_PASS)
LISP
	run whistler compile "$TMP/big.lisp" -o "$TMP/big.o"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 3 ]
	[[ "${lines[0]}" == "$TMP/big.lisp:6:12: error: too_big: the stack frame needs 520 bytes; the BPF stack holds 512"* ]]
	[ "${lines[1]}" = "$TMP/big.lisp:5:12: note: a 256-byte stack object made here is live there" ]
	[ "${lines[2]}" = "$TMP/big.lisp:6:12: note: a 264-byte stack object made here is live there" ]
	[ ! -e "$TMP/big.o" ]
	# two 300-byte objects one after the other fit in 512 bytes
	cat >"$TMP/big.lisp" <<'LISP'
(defstruct v300 (a (array u8 300)))
(defmap a :type :array :key-size 4 :value-size 300 :max-entries 1)
(defmap b :type :array :key-size 4 :value-size 300 :max-entries 1)
(defprog two (:type :xdp :section "xdp" :license "GPL")
  (let ((v (make-v300))) (setf (getmap a 0) v))
  (let ((w (make-v300))) (setf (getmap b 0) w))
  XDP_PASS)
LISP
	run whistler compile "$TMP/big.lisp" -o "$TMP/big.o"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "a value used where it may be undefined is an error" {
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\t%%0 = param\n\tbr eq %%0, 0, @a, @b\n@a\n\t%%1 = copy 5\n\tjmp @b\n@b\n\tret %%1\n' >"$TMP/u.ssa"
	run wh-ra "$TMP/u.ssa"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: p: %1 is used on a path where it is not defined"* ]]
}

# ---- in the kernel ----

@test "kernel: spill-call computes (a+b+3c-d)^e+f with two values spilled" {
	require_kernel
	compile_ssa spill-call
	run wh-load test "$TMP/spill-call.o" spill_call --hex "$(packet 1 2 3 4 5 6)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"retval: 2"* ]]
	# ((1+2) + 3*3 - 4) ^ 5 + 6 = (8 ^ 5) + 6 = 13 + 6
	[[ "$output" == *"out[0] = 19"* ]]
	run wh-load test "$TMP/spill-call.o" spill_call \
	    --hex "$(packet 0xffffffffffffffff 2 0x100 7 0xff00 0x8000000000000000)" --dump out
	echo "$output"
	# (-1 + 2) + 0x300 - 7 = 0x2fa; 0x2fa ^ 0xff00 = 0xfdfa = 65018; + 2^63
	[[ "$output" == *"out[0] = 9223372036854840826"* ]]
}

@test "kernel: the layout program returns (a + b + c + d) & 3 for an even e" {
	require_kernel
	compile_ssa layout
	run wh-load test "$TMP/layout.o" layout --hex "$(packet 1 2 3 5 4)"
	echo "$output"
	[[ "$output" == *"retval: 3"* ]]
	run wh-load test "$TMP/layout.o" layout --hex "$(packet 1 2 3 5 7)"
	[[ "$output" == *"retval: 1"* ]]
}

@test "kernel: a loop across a helper call adds b ten times to a" {
	require_kernel
	compile_ssa loop
	run wh-load test "$TMP/loop.o" loop --hex "$(packet 5 7)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"out[0] = 75"* ]]
}

@test "kernel: rematerialized constant, stack object and phi of map addresses" {
	require_kernel
	compile_ssa remat
	C=81985529216486895      # 0x0123456789abcdef
	run wh-load test "$TMP/remat.o" remat_const --hex "$(packet 1 2 3 4 5)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	# s = 15 goes to the object's second word; the first gets s ^ C;
	# out[0] = (s ^ C) - s = (C - 15) - 15, since C ends in 0xf
	[[ "$output" == *"out[0] = $((C - 30))"* ]]
	run wh-load test "$TMP/remat.o" remat_const --hex "$(packet 2 2 3 4 5)" --dump out
	# s = 16: s ^ C = C + 16 (bit 4 of C is clear), so out[0] = C
	[[ "$output" == *"out[0] = $C"* ]]
	# the first word's low bit picks the map: odd -> out2, even -> out
	run wh-load test "$TMP/remat.o" remat_map --hex "$(packet 1 2 3 4 5)" --dump out --dump out2
	echo "$output"
	[[ "$output" == *"out[1] = 0"* ]]
	[[ "$output" == *"out2[1] = 15"* ]]
	run wh-load test "$TMP/remat.o" remat_map --hex "$(packet 2 2 3 4 5)" --dump out --dump out2
	echo "$output"
	[[ "$output" == *"out[1] = 16"* ]]
	[[ "$output" == *"out2[1] = 0"* ]]
}

@test "kernel: the held key and value addresses update three entries" {
	require_kernel
	compile_ssa holdframe
	run wh-load test "$TMP/holdframe.o" hold --hex "$(packet 40 0)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"out[0] = 40"* ]]
	[[ "$output" == *"out[1] = 41"* ]]
	[[ "$output" == *"out[2] = 42"* ]]
}

@test "kernel: Fibonacci phi swap through the frame, with seven values kept" {
	require_kernel
	compile_ssa swap
	run wh-load test "$TMP/swap.o" swap --hex "$(packet 1 2 3 4 5 6 7 0 1)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	# b after 9 steps from (0, 1) is 55: 55 * 1000 + (1 + ... + 7)
	[[ "$output" == *"out[0] = 55028"* ]]
	run wh-load test "$TMP/swap.o" swap --hex "$(packet 0 0 0 0 0 0 100 3 4)" --dump out
	echo "$output"
	# (3, 4): 4 7 11 18 29 47 76 123 199 322 -> b in the last step is 322
	[[ "$output" == *"out[0] = 322100"* ]]
}

@test "kernel: ctx, packet, map-value and ringbuf pointers survive spills" {
	require_kernel
	compile_ssa ptr-spill
	run wh-load check "$TMP/ptr-spill.o"
	echo "$output"
	[ "$status" -eq 0 ]
	run wh-load test "$TMP/ptr-spill.o" ptr_spill --hex "$(packet 1 2 3 4 5 6)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	# six packet words plus rx_queue_index (0 in a test run)
	[[ "$output" == *"out[1] = 21"* ]]
}

@test "kernel: eight values across three map updates and two helper calls (Lisp)" {
	require_kernel
	whistler compile "$R/pressure.lisp" -o "$TMP/p.o"
	whistler compile --emit=mir "$R/pressure.lisp" >"$TMP/p.mir"
	grep -q 'store u64 r10' "$TMP/p.mir"     # it does spill
	run wh-load test "$TMP/p.o" pressure --hex "$(packet 1 2 3 4 5 6 7 8)" --dump out
	echo "$output"
	[ "$status" -eq 0 ]
	# sum 36 -> retval 36 & 3 = 0; (1+3+5+7) - (2+4+6+8) = -4;
	# 1 ^ 4 ^ 9 ^ 16 ^ 25 ^ 36 ^ 49 ^ 64 = 80
	[[ "$output" == *"retval: 0"* ]]
	[[ "$output" == *"out[0] = 36"* ]]
	[[ "$output" == *"out[1] = 18446744073709551612"* ]]
	[[ "$output" == *"out[2] = 80"* ]]
	run wh-load test "$TMP/p.o" pressure \
	    --hex "$(packet 0x100 0x1000 7 0xffffffffffffffff 1 0 3 0x8000000000000000)" --dump out
	echo "$output"
	# sum = 0x100 + 0x1000 + 7 - 1 + 1 + 0 + 3 + 2^63 = 2^63 + 0x110a
	[[ "$output" == *"retval: 2"* ]]
	[[ "$output" == *"out[0] = 9223372036854780170"* ]]
	# (0x100 + 7 + 1 + 3) - (0x1000 - 1 + 0 + 2^63) = 267 - 4095 - 2^63
	# = 2^63 - 3828 (mod 2^64)
	[[ "$output" == *"out[1] = 9223372036854771980"* ]]
	# 0x100 ^ 0x2000 ^ 21 ^ -4 ^ 5 ^ 0 ^ 21 ^ 0 (8 * 2^63 wraps to 0)
	# = -4 ^ 5 ^ 0x2100 = 0xffff...fff9 ^ 0x2100 = 2^64 - 0x2107
	[[ "$output" == *"out[2] = 18446744073709543161"* ]]
}

@test "kernel: the verifier knows the map keys: lookups in an array cannot fail" {
	require_kernel
	whistler compile "$R/array-keys.lisp" -o "$TMP/k.o"
	whistler compile --emit=asm "$R/array-keys.lisp" >"$TMP/k.s"
	# the keys 1 and k at multiples of 8, the key 0 where it falls
	grep -q '^	\*(u32 \*)(r10 - 8) = 1$' "$TMP/k.s"
	run wh-load -d check "$TMP/k.o"
	[ "$status" -eq 0 ]
	# after each lookup's call, the verifier's r0: never map_value_or_null
	local r0
	r0=$(echo "$output" | awk '/^[0-9]+: \(85\) call bpf_map_lookup_elem/ { want = 1 }
		want && /R0=/ { sub(/.*R0=/, ""); sub(/[( ].*/, ""); print; want = 0 }')
	echo "$r0"
	[ "$(echo "$r0" | grep -c '^map_value$')" -ge 3 ]
	run grep -c '^map_value_or_null$' <<<"$r0"
	[ "$output" = 0 ]
	run wh-load test "$TMP/k.o" array_keys --hex "$(printf %028d 0)" --dump counts
	echo "$output"
	# counts: 1 -> 1 + 10, 0 -> 10 + 100, 2 -> 10
	[[ "$output" == *"counts[0] = 110"* ]]
	[[ "$output" == *"counts[1] = 11"* ]]
	[[ "$output" == *"counts[2] = 10"* ]]
}

# Ethernet + IPv4 (20 bytes, protocol at 9) + TCP (20 bytes, flags at 13)
ETH=ffffffffffff0000000000010800
ETH_ARP=ffffffffffff0000000000010806
IP_TCP=4500002800004000400600000a0000010a000002
IP_UDP=4500002800004000401100000a0000010a000002
TCP_HEAD=04d200500000000100000000
TCP_TAIL=200000000000

@test "kernel: seed 001 loads and logs one ringbuf event per TCP SYN" {
	require_kernel
	F=tests/seeds/programs/001-tracepoint-with-ring-buffer-bpf--event-logger.lisp
	whistler compile "$F" -o "$TMP/e.o"
	run wh-load check "$TMP/e.o"
	echo "$output"
	[ "$status" -eq 0 ]
	syn=$ETH$IP_TCP${TCP_HEAD}5002$TCP_TAIL
	run wh-load test "$TMP/e.o" event_logger --hex "$syn" --dump rb_stats
	echo "$output"
	[[ "$output" == *"retval: 2"* ]]
	[[ "$output" == *"rb_stats[0] = 1"* ]]
	run wh-load test "$TMP/e.o" event_logger --hex "$syn" --repeat 5 --dump rb_stats
	[[ "$output" == *"rb_stats[0] = 5"* ]]
	# SYN-ACK, ACK, UDP with the SYN bit where TCP's would be, ARP, and a
	# SYN cut short of its TCP header: no event
	for pkt in $ETH$IP_TCP${TCP_HEAD}5012$TCP_TAIL \
		   $ETH$IP_TCP${TCP_HEAD}5010$TCP_TAIL \
		   $ETH$IP_UDP${TCP_HEAD}5002$TCP_TAIL \
		   $ETH_ARP$IP_TCP${TCP_HEAD}5002$TCP_TAIL \
		   $ETH$IP_TCP${TCP_HEAD}5002; do
		run wh-load test "$TMP/e.o" event_logger --hex "$pkt" --dump rb_stats
		echo "$pkt: $output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"retval: 2"* ]]
		[[ "$output" == *"rb_stats[0] = 0"* ]]
	done
}

@test "kernel: every seed and tests/expand program compiles and passes the verifier" {
	require_kernel
	export WH_TRACEFS="$ROOT/tests/seeds/kernel/tracefs"
	n=0
	for f in tests/seeds/programs/*.lisp tests/expand/*.lisp; do
		whistler compile "$f" -o "$TMP/s.o" || { echo "compile: $f"; return 1; }
		wh-load check "$TMP/s.o" >/dev/null || { echo "verifier: $f"; return 1; }
		n=$((n + 1))
	done
	echo "$n programs"
	[ "$n" -ge 34 ]
}

@test "kernel: random programs (tests/ra/gen.py) compute what the generator did" {
	require_kernel
	for seed in $(seq 1 30); do
		out=$(python3 "$R/gen.py" $seed "$TMP/f.ssa")
		hex=$(sed -n 1p <<<"$out")
		want=$(sed -n 2p <<<"$out" | tr ';' '\n')
		wh-ra "$TMP/f.ssa" | wh-emit | wh-elf -o "$TMP/f.o"
		got=$(wh-load test "$TMP/f.o" fuzz --hex "$hex" --dump out)
		grep -q '^retval: 2$' <<<"$got" || { echo "seed $seed: $got"; return 1; }
		diff -u <(echo "$want") <(grep '^out' <<<"$got") || { echo "seed $seed"; return 1; }
	done
}

@test "golden: a join block laid out before a predecessor still gets that edge's phi copies" {
	# @b7 jumps back to @b6, which comes first: its copy of 0 into the
	# second phi's register must not be lost (it was, when the join was
	# rewritten before its later predecessor)
	run wh-ra "$R/join-first.ssa"
	[ "$status" -eq 0 ]
	diff -u "$R/join-first.mir" <(echo "$output")
	[[ "$(echo "$output" | sed -n '/^@b7/,$p')" == *"= copy 0"* ]]
}
