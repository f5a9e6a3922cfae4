#!/usr/bin/env bats
# wh-lower: the whole core language to ssa. Golden ssa for small programs
# using each form (tests/lower/NAME.core -> NAME.ssa; the .core files are
# what wh-expand made of NAME.lisp), one clear error per kind of bad core,
# and the behaviour in the kernel, end to end from NAME.lisp: bounded
# loops, raw asm, tail-call fall-through, check-len, typed let, conditions.
#
# After changing wh-lower, for each changed golden: run
#   wh-lower tests/lower/NAME.core >tests/lower/NAME.ssa
# and review the diff like code.
load helper

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

L=tests/lower
K=tests/seeds/kernel

golden() {
	run wh-lower "$L/$1.core"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	diff -u "$L/$1.ssa" <(echo "$output")
}

# lower_body BODY: lower a program whose body is BODY (core text), with a
# prog-array map jt and a hash map h declared; output and status in run's.
lower_body() {
	{
		echo '#!core "t.lisp"'
		echo '(license "GPL")'
		echo '(map jt :type prog-array :key-size 4 :value-size 4 :max-entries 4 :map-flags 0)'
		echo '(map h :type hash :key-size 4 :value-size 4 :max-entries 4 :map-flags 0)'
		echo "@5:1(prog p :type xdp :section \"xdp\" @5:20$1)"
	} >"$TMP/t.core"
	run wh-lower "$TMP/t.core"
}

# expect_error BODY MESSAGE: lowering BODY fails with exactly that line.
expect_error() {
	lower_body "$1"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[ "$output" = "t.lisp:5:20: error: $2" ] || { echo "got: $output"; return 1; }
}

# Zero bytes as hex: the smallest packet a test run takes is 14 bytes.
zeros() { printf '%0*d' $(($1 * 2)) 0; }

compile() {
	whistler compile "$L/$1.lisp" -o "$TMP/$1.o"
}

# retval OBJ PROG HEX: prints the program's return value on that packet.
retval() {
	local out
	out=$(wh-load test "$TMP/$1.o" "$2" --hex "$3") || { echo "$out"; return 1; }
	echo "${out%%$'\n'*}" | sed 's/^retval: //'
}

# expect_ret OBJ PROG HEX N
expect_ret() {
	local got
	got=$(retval "$1" "$2" "$3")
	[ "$got" = "$4" ] || { echo "$2 on $3: got '$got', expected $4"; return 1; }
}

# ---- goldens ----

@test "golden: loop (dotimes): counter phi, add 1, br ult against the count" {
	golden loop
}

@test "golden: asm passes one raw instruction; a raw exit ends the block" {
	golden asm
}

@test "golden: tail-call is helper 12 with no result; code continues after it" {
	golden tail-call
}

@test "golden: check-len compares data + K with data-end, never end - data" {
	golden check-len
}

@test "golden: typed let bindings lower to the expander's casts (zext)" {
	golden typed-let
}

@test "golden: comparisons in tests are branches, and/or/not give their values" {
	golden cond
}

@test "the Hello program's ssa golden is unchanged" {
	run wh-lower tests/golden/count-xdp.core
	[ "$status" -eq 0 ]
	diff -u tests/golden/count-xdp.ssa <(echo "$output")
}

@test "no 0/1 value is materialized for a comparison used as a test" {
	! grep -l ' = cmp ' "$L"/{loop,asm,tail-call,check-len,typed-let}.ssa
	# cond.ssa has cmp only in cond_values, where the values are used
	! sed -n '/cond_branches/,/cond_values/p' "$L/cond.ssa" | grep ' = cmp '
}

@test "check-len: no sub of packet pointers is left where the length is only compared" {
	run wh-lower "$L/check-len.core"
	[ "$status" -eq 0 ]
	# the length bound to a variable in len_bound stays (wh-opt deletes it)
	[ "$(echo "$output" | grep -c ' = sub ')" -eq 1 ]
	echo "$output" | sed -n '/len_bound/,/len_swapped/p' | grep -q ' = sub '
	run sh -c "wh-lower $L/check-len.core | wh-opt"
	[ "$status" -eq 0 ]
	! echo "$output" | grep -q ' = sub '
}

# ---- the ssa text of asm ----

@test "ssa asm: printed in hex, read in hex or decimal, round-trips" {
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 183 0 0 0 7\n\tasm 0x95 0 0 0 0\n' >"$TMP/a.ssa"
	run wh-ra --reprint "$TMP/a.ssa"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tasm 0xb7 0 0 0 7\n\tasm 0x95 0 0 0 0' ]]
	echo "$output" >"$TMP/b.ssa"
	diff -u "$TMP/b.ssa" <(wh-ra --reprint "$TMP/b.ssa")
}

@test "ssa asm: a raw exit ends its block; raw jumps and bad fields are refused" {
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0x95 0 0 0 0\n\tret 0\n' >"$TMP/a.ssa"
	run wh-ra --reprint "$TMP/a.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/a.ssa:5:1: error: instruction after the end of block @entry" ]
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0x05 0 0 1 0\n\tret 0\n' >"$TMP/b.ssa"
	run wh-ra --reprint "$TMP/b.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/b.ssa:4:6: error: asm: raw jumps are not supported: their offsets would not survive code layout" ]
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0xb7 12 0 0 7\n\tret 0\n' >"$TMP/c.ssa"
	run wh-ra --reprint "$TMP/c.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/c.ssa:4:6: error: asm: registers must be 0-10" ]
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0xb7 0 0 0\n\tret 0\n' >"$TMP/d.ssa"
	run wh-ra --reprint "$TMP/d.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/d.ssa:4:16: error: expected an immediate (an integer)" ]
}

# ---- errors: one per kind of bad core ----

@test "error: loop count that is not a constant, or negative; loop variable not a name" {
	expect_error '(let ((n 3)) (loop i n 0))' "a loop count must be an integer constant, got n"
	expect_error '(loop i -1 0)' "loop count -1 is negative"
	expect_error '(loop 3 2 0)' "expected a variable name, got 3"
	expect_error '(loop i 2)' "core form loop takes 3 operands, got 2"
}

@test "error: asm with a jump, ld_imm64, a bpf-to-bpf call, bad fields, a variable" {
	expect_error '(asm 5 0 0 2 0)' "asm: raw jumps are not supported: their offsets would not survive code layout"
	expect_error '(asm 24 1 0 0 7)' "asm: ld_imm64 takes two instruction slots; write the constant as a value"
	expect_error '(asm 133 0 1 0 7)' "asm: a bpf-to-bpf call needs a target the asm form cannot name"
	expect_error '(asm 32 0 0 0 0)' "asm: legacy packet loads (class ld) are not supported; use load"
	expect_error '(asm 183 11 0 0 7)' "asm: registers must be 0-10"
	expect_error '(asm 183 0 0 40000 7)' "asm: the offset must fit 16 bits (signed)"
	expect_error '(asm 183 0 0 0 4294967296)' "asm: the immediate must fit 32 bits"
	expect_error '(asm 256 0 0 0 0)' "asm: the opcode must be 0-255"
	expect_error '(let ((x 1)) (asm 183 x 0 0 7))' "an asm destination register must be an integer constant, got x"
}

@test "error: helper arity, unknown helper, tail-call on a map that is not a prog-array" {
	expect_error '(call ktime-get-ns 1)' "helper ktime-get-ns takes 0 arguments, got 1"
	expect_error '(call map-lookup-elem (map-ref h))' "helper map-lookup-elem takes 2 arguments, got 1"
	expect_error '(call frob)' "unknown helper 'frob'"
	expect_error '(call tail-call (ctx-ptr) (map-ref h) 1)' "tail-call needs a prog-array map; h is a hash map"
	expect_error '(call)' "core form call takes 1 to 6 operands, got 0"
}

@test "error: typed let with an unknown width, unknown variable, ctx-ptr with operands" {
	expect_error '(let ((x u7 1)) x)' "expected a width u8, u16, u32 or u64, got u7"
	expect_error '(let ((x u8 1 2)) x)' "core let: a binding is (NAME INIT) or (NAME WIDTH INIT)"
	expect_error '(set x 1)' "unknown variable 'x'"
	expect_error '(ctx-ptr 1)' "core form ctx-ptr takes 0 operands, got 1"
	expect_error '(frob 1)' "unknown core form 'frob'"
}

@test "the forms lower where they are legal" {
	lower_body '(loop i 0 (set i 9))'
	[ "$status" -eq 0 ]
	lower_body '(progn (asm 149 0 0 0 0) 5)'
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tasm 0x95 0 0 0 0' ]]
	[[ "$output" != *"ret"* ]]
	lower_body '(let ((x u8 200) (y u16 (ctx-load u32 0)) (z u32 (ctx-ptr))) (+ x y))'
	[ "$status" -eq 0 ]
	lower_body '(call tail-call (ctx-ptr) (map-ref jt) 1)'
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tcall tail-call %0, %1, 1\n'* ]]
	[[ "$output" == *$'\tret 0' ]]
}

# ---- every program of the repository lowers ----

@test "every seed program and tests/expand program lowers, and its ssa verifies" {
	local f bad=0
	for f in tests/seeds/programs/*.lisp tests/expand/*.lisp; do
		if ! wh-read "$f" | WH_TRACEFS="$K/tracefs" WH_VMLINUX="$K/vmlinux.btf" \
			WH_ARCH=x86_64 wh-expand 2>/dev/null | wh-lower >"$TMP/out.ssa"; then
			echo "$f: does not lower" >&2; bad=1; continue
		fi
		wh-opt -O0 --verify "$TMP/out.ssa" >/dev/null || { echo "$f: bad ssa" >&2; bad=1; }
	done
	[ "$bad" -eq 0 ]
}

# ---- the kernel ----

@test "kernel: dotimes sums 0..9, returns early, and never runs for 0" {
	require_kernel
	compile loop
	expect_ret loop loop_sum "$(zeros 14)" 45
	expect_ret loop loop_early "$(zeros 14)" 103
	expect_ret loop loop_never "$(zeros 14)" 7
}

@test "kernel: nested dotimes (sum of i*j, i<4, j<5) is 60" {
	require_kernel
	compile loop
	expect_ret loop loop_nested "$(zeros 14)" 60
}

@test "kernel: a raw r0 = 7 then a raw exit returns 7; a raw helper call runs" {
	require_kernel
	compile asm
	expect_ret asm asm_r0 "$(zeros 14)" 7
	expect_ret asm asm_call "$(zeros 14)" 2
}

@test "kernel: tail-call into an empty prog-array slot falls through" {
	require_kernel
	compile tail-call
	expect_ret tail-call tail_fall "$(zeros 14)" 42
	expect_ret tail-call tail_ctx "$(zeros 14)" 43
}

@test "kernel: check-len shapes load, and the verifier learns the bounds from them" {
	require_kernel
	compile check-len
	run wh-load check "$TMP/check-len.o"
	[ "$status" -eq 0 ]
	expect_ret check-len len_direct "$(zeros 14)" 1
	expect_ret check-len len_direct "$(zeros 19)" 1
	expect_ret check-len len_direct "$(zeros 20)" 2
	expect_ret check-len len_bound "$(zeros 14)" 255
	expect_ret check-len len_bound "$(zeros 14)ab" 171
	expect_ret check-len len_swapped "$(zeros 14)ab" 0
	expect_ret check-len len_swapped "$(zeros 14)abcd" 205
	expect_ret check-len len_offset "$(zeros 14)12" 0
	expect_ret check-len len_offset "$(zeros 14)1234" 13330
	expect_ret check-len len_tc "$(zeros 20)" 2
	expect_ret check-len len_tc "$(zeros 20)ef" 239
}

# The kernel refuses test runs of XDP programs on less than 14 bytes of
# packet (an Ethernet header; also with the rest given as metadata), so
# the seed's XDP_DROP for a 10-byte packet cannot be run; len_direct above
# shows the same code dropping short packets with a limit of 20.
@test "kernel: seed 013 check-len loads, and passes 14- and 60-byte packets" {
	require_kernel
	local seed=tests/seeds/programs/013-packet-context--check-len.lisp
	whistler compile "$seed" -o "$TMP/seed.o"
	run wh-load check "$TMP/seed.o"
	[ "$status" -eq 0 ]
	expect_ret seed check_len "$(zeros 14)" 2
	expect_ret seed check_len "$(zeros 60)" 2
	run whistler compile "$seed" --emit=ssa
	[ "$status" -eq 0 ]
	[[ "$output" != *" = sub "* ]]
	[[ "$output" == *"br ugt "* ]]
}

@test "kernel: typed let truncates to its width" {
	require_kernel
	compile typed-let
	expect_ret typed-let typed_u8 "64000000$(zeros 10)" 44
	expect_ret typed-let typed_u16_setf "01020000$(zeros 10)" 518
	expect_ret typed-let typed_u32 "00000000$(zeros 10)" 15
	expect_ret typed-let typed_u32 "20000000$(zeros 10)" 0
}

@test "kernel: comparisons as branches; the values of and, or, not" {
	require_kernel
	compile cond
	local ab
	for ab in 0107:1 0007:2 0503:2 0165:1 0132:2; do
		expect_ret cond cond_branches "${ab%:*}$(zeros 12)" "${ab#*:}"
	done
	# 1000 * (or (= a 9) b) + 100 * (and a b) + 10 * (not (< a b)) + (< a b)
	for ab in 0903:1310 0205:5501 0000:10; do
		expect_ret cond cond_values "${ab%:*}$(zeros 12)" "${ab#*:}"
	done
}
