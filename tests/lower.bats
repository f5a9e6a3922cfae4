#!/usr/bin/env bats
# wh-lower: the whole core language to typed ssa. Golden ssa for small
# programs using each form (tests/lower/NAME.core -> NAME.ssa; the .core
# files are what wh-expand made of NAME.lisp), the types of values and the
# checks they allow (shared/irtype.c), raw jumps inside runs of asm, one
# clear error per kind of bad core, and the behaviour in the kernel, end
# to end from NAME.lisp: bounded loops, raw asm, tail-call fall-through,
# check-len, typed let, conditions; defstruct/defunion declarations as
# .struct/.union directives, through every phase into the object's BTF.
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

# expect_error BODY MESSAGE [LINE:COL]: lowering BODY fails with exactly
# that line, at LINE:COL (default 5:20, the body's own position).
expect_error() {
	lower_body "$1"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[ "$output" = "t.lisp:${3:-5:20}: error: $2" ] || { echo "got: $output"; return 1; }
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

@test "golden: asm passes raw instructions; a raw exit ends the block; raw jumps in a run" {
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

@test "golden: types of ctx, packet, map, slot, ringbuf values, widths, phis" {
	golden types
}

@test "golden: defstruct/defunion become .struct/.union directives with .member lines" {
	golden structs
}

@test "struct directives pass wh-opt and wh-ra unchanged and reach wh-emit's asm" {
	wh-lower "$L/structs.core" >"$TMP/s.ssa"
	wh-opt "$TMP/s.ssa" >"$TMP/s.opt"
	wh-ra "$TMP/s.opt" >"$TMP/s.mir"
	wh-emit "$TMP/s.mir" >"$TMP/s.asm"
	sed -n '/^\.struct flow_key/,/^\.prog/p' "$TMP/s.ssa" >"$TMP/want"
	[ "$(wc -l <"$TMP/want")" -eq 14 ]   # 3 declarations, 10 members, .prog
	for f in s.opt s.mir s.asm; do
		diff -u "$TMP/want" <(sed -n '/^\.struct flow_key/,/^\.prog/p' "$TMP/$f")
	done
	# the printer is canonical: reprinting the mir gives the same bytes
	wh-emit --reprint "$TMP/s.mir" | cmp - "$TMP/s.mir"
}

# bad_ssa LINES MESSAGE: an ssa unit with LINES before its program is
# refused by wh-opt with MESSAGE.
bad_ssa() {
	printf '#!ssa\n%s\n.prog p type=xdp section="xdp"\n@entry\n\tret 2\n' "$1" >"$TMP/b.ssa"
	run wh-opt "$TMP/b.ssa"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[[ "$output" == *"error: $2"* ]] || { echo "got: $output"; return 1; }
}

@test "ssa struct directives: what the parser refuses" {
	bad_ssa '.member a u8 offset=0' "'.member' outside a .struct or .union"
	bad_ssa $'.struct s size=4 align=4\n.member a u16 offset=3' \
		"member 'a' ends at byte 5, past the end of 's' (size 4)"
	bad_ssa $'.struct s size=4 align=4\n.member a t offset=0' \
		"unknown member type 't'"
	bad_ssa $'.struct s size=4 align=3' 'bad alignment 3'
	bad_ssa $'.struct s size=4 align=4\n.struct s size=4 align=4' \
		"duplicate struct or union 's'"
	bad_ssa $'.struct s size=4 align=4\n.member a-b u8 offset=0' \
		"expected a member name (a C identifier), got 'a-b'"
	bad_ssa $'.struct s size=4 align=4\n.member a u8 offset=0\n.member a u8 offset=1' \
		"duplicate member 'a' in 's'"
	bad_ssa $'.struct s size=4 align=4\n.member a u8 offset=0 count=0' \
		"member 'a': count=0"
}

# decl_error FORMAT PROGRAM LINE: PROGRAM refuses a unit of FORMAT whose
# second line is LINE; prints the error without the file name.
decl_error() {
	printf '#!%s\n%s\n' "$1" "$3" > "$TMP/d.$1"
	run "$2" "$TMP/d.$1"
	[ "$status" -eq 1 ] || { echo "$2: status $status: $output"; return 1; }
	echo "${output#"$TMP/d.$1:"}"
}

@test "declarations: one tokenizer for asm, ssa and mir, the same errors" {
	local line a s m n=0
	while IFS= read -r line; do
		a=$(decl_error asm wh-elf "$line")
		s=$(decl_error ssa wh-opt "$line")
		m=$(decl_error mir wh-emit "$line")
		echo "$line: asm '$a' ssa '$s' mir '$m'"
		[[ "$a" == 2:*": error: "* ]]
		[ "$a" = "$s" ] && [ "$a" = "$m" ]
		n=$((n + 1))
	done <<-'EOF'
	.map m type=array key_size=4 max_entries=1 flags=0
	.map m type=arrays key_size=4 value_size=4 max_entries=1 flags=0
	.map m-1 type=array key_size=4 value_size=4 max_entries=1 flags=0
	.map m type=array key_size=4 value_size=4 max_entries=4294967296 flags=0
	.map m type=array key_size=4 value_size=4 max_entries=1 flags=0 @3
	.prog p type=xdp section=xdp
	.prog p type=xdq section="xdp"
	.struct s size=4 align=3
	.member a u8 offset=0
	.file "a" "b"
	EOF
	[ "$n" -eq 10 ]
}

# bad_core DECLS MESSAGE: lowering a unit with DECLS fails with MESSAGE.
bad_core() {
	printf '#!core "t.lisp"\n%s\n' "$1" >"$TMP/t.core"
	run wh-lower "$TMP/t.core"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[ "$output" = "t.lisp:$2" ] || { echo "got: $output"; return 1; }
}

@test "core structs: fields spelled alike in C, a union of an unknown struct, bad sizes" {
	bad_core '@3:1(struct s :size 8 :align 4 (a-b u32 0) (a_b u32 4))' \
		"3:1: error: core struct s: two members are spelled 'a_b' in C"
	bad_core '@4:1(union u :size 8 :align 4 nope)' \
		"4:1: error: core union u: no struct 'nope' declared before it"
	bad_core '@5:1(struct s :size 4 :align 4 (a u64 0))' \
		"5:1: error: core struct s: member 'a' ends past its size 4"
	bad_core '@6:1(struct s :size 4 :align 3 (a u8 0))' \
		"6:1: error: core struct s: alignment 3 is not 1, 2, 4 or 8"
	bad_core '@7:1(struct s :size 4 :align 4 (a t 0))' \
		"7:1: error: core struct: field 'a' has type 't', neither u8, u16, u32, u64 nor a struct declared before"
	bad_core $'(struct t :size 4 :align 4 (a u32 0))\n@8:1(struct s :size 8 :align 4 (b t 0 2))' \
		"8:1: error: core struct: field 'b' of struct type 't' has a count"
	bad_core $'(struct t :size 4 :align 4 (a u32 0))\n@9:1(struct s :size 4 :align 2 (b u16 0) (c t 2))' \
		"9:1: error: core struct s: member 'c' ends past its size 4"
}

@test "core structs: an embedded struct by name, or (older core) as its bytes" {
	printf '#!core "t.lisp"\n%s\n%s\n%s\n' '(struct in-ner :size 8 :align 4 (a u32 0))' \
		'(struct o :size 16 :align 4 (k u8 0) (i in-ner 4) (j u8 12 4))' \
		'(prog p :type xdp :section "xdp" 2)' >"$TMP/t.core"
	run wh-lower "$TMP/t.core"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ $output == *$'.struct o size=16 align=4\n.member k u8 offset=0\n.member i in_ner offset=4\n.member j u8 offset=12 count=4\n'* ]]
}

@test "structs reach the object's BTF: members, offsets, arrays, nested structs, the union" {
	require_tool bpftool
	compile structs
	bpftool btf dump file "$TMP/structs.o" >"$TMP/btf"
	python3 - "$TMP/btf" <<-'EOF'
		import re, sys
		types, cur = {}, None
		for line in open(sys.argv[1]):
		    m = re.match(r"\[(\d+)\] (\w+) '([^']*)'(.*)", line)
		    if m:
		        cur = {"kind": m[2], "name": m[3], "rest": m[4], "members": []}
		        types[int(m[1])] = cur
		    elif cur is not None:
		        m = re.match(r"\t'(\w+)' type_id=(\d+) bits_offset=(\d+)", line)
		        if m:
		            cur["members"].append((m[1], int(m[2]), int(m[3])))
		def size(t):
		    t = types[t]
		    if t["kind"] == "ARRAY":
		        el, n = re.search(r"type_id=(\d+) .*nr_elems=(\d+)", t["rest"]).groups()
		        return size(int(el)) * int(n)
		    return int(re.search(r"size=(\d+)", t["rest"]).group(1))
		def struct(kind, name):
		    [t] = [t for t in types.values() if t["kind"] == kind and t["name"] == name]
		    return int(re.search(r"size=(\d+)", t["rest"]).group(1)), \
		        [(n, off // 8, size(ty)) for n, ty, off in t["members"]]
		assert struct("STRUCT", "flow_key") == (8, [("saddr", 0, 4), ("sport", 4, 2), ("ok", 6, 1)])
		assert struct("STRUCT", "flow_event") == (40, [("kind", 0, 1), ("key", 4, 8),
		    ("ports", 12, 4), ("bytes", 16, 8), ("comm", 24, 16)]), struct("STRUCT", "flow_event")
		assert struct("UNION", "any_event") == (40, [("flow_key", 0, 8), ("flow_event", 0, 40)])
		# the embedded struct is a member of its STRUCT type, not bytes
		[ev] = [t for t in types.values() if t["kind"] == "STRUCT" and t["name"] == "flow_event"]
		key = types[[ty for n, ty, off in ev["members"] if n == "key"][0]]
		assert (key["kind"], key["name"]) == ("STRUCT", "flow_key"), key
	EOF
	# libbpf takes the object, BTF and all
	if [ "$(id -u)" = 0 ] && bpftool prog show >/dev/null 2>&1; then
		run wh-load check "$TMP/structs.o"
		[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	fi
}

@test "kernel: an embedded struct's event decodes as a nested record (wh-load --events)" {
	require_kernel
	compile structs
	run wh-load test "$TMP/structs.o" structs --hex "$(zeros 14)" --events events=flow_event
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[[ ${lines[2]} == 'events: {kind=1 key={saddr=16909060 sport=80 ok=1} ports=['*'] bytes=1500 comm='* ]] ||
		{ echo "$output"; return 1; }
}

@test "the Hello program's ssa golden is unchanged" {
	run wh-lower tests/golden/count-xdp.core
	[ "$status" -eq 0 ]
	diff -u tests/golden/count-xdp.ssa <(echo "$output")
}

@test "no 0/1 value is materialized for a comparison used as a test" {
	run ! grep -l ' = cmp ' "$L"/{loop,asm,tail-call,check-len,typed-let}.ssa
	# cond.ssa has cmp only in cond_values, where the values are used
	[[ "$(sed -n '/cond_branches/,/cond_values/p' "$L/cond.ssa")" != *" = cmp "* ]]
}

@test "check-len: no sub of packet pointers is left where the length is only compared" {
	run wh-lower "$L/check-len.core"
	[ "$status" -eq 0 ]
	# the length bound to a variable in len_bound stays (wh-opt deletes it)
	[ "$(echo "$output" | grep -c ' = sub ')" -eq 1 ]
	echo "$output" | sed -n '/len_bound/,/len_swapped/p' | grep -q ' = sub '
	run sh -c "wh-lower $L/check-len.core | wh-opt"
	[ "$status" -eq 0 ]
	[[ "$output" != *" = sub "* ]]
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

@test "ssa asm: a raw exit ends its block; raw jumps leave no run; bad fields are refused" {
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0x95 0 0 0 0\n\tret 0\n' >"$TMP/a.ssa"
	run wh-ra --reprint "$TMP/a.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/a.ssa:5:1: error: instruction after the end of block @entry" ]
	# a goto +1 past the end of its run (onto nothing of the run) is
	# refused by the verifier every phase runs; goto +0 is the next code
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\t.loc 3:4\n\tasm 0x05 0 0 1 0\n\tret 0\n' >"$TMP/b.ssa"
	run wh-ra "$TMP/b.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/b.ssa:3:4: error: p: asm in @entry: a raw jump must land inside its run of consecutive asm instructions or just after it (a raw exit ends a run)" ]
	sed -i 's/asm 0x05 0 0 1 0/asm 0x05 0 0 0 0/' "$TMP/b.ssa"
	run wh-ra "$TMP/b.ssa"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tasm 0x05 0 0 0 0\n\tr0 = copy 0\n'* ]]
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0xb7 12 0 0 7\n\tret 0\n' >"$TMP/c.ssa"
	run wh-ra --reprint "$TMP/c.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/c.ssa:4:6: error: asm: registers must be 0-10" ]
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tasm 0xb7 0 0 0\n\tret 0\n' >"$TMP/d.ssa"
	run wh-ra --reprint "$TMP/d.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/d.ssa:4:16: error: expected an immediate (an integer)" ]
}

# ---- the types of ssa values ----

# ssa_prog LINE...: an xdp program of one block, with a map m, whose
# instructions are the LINEs (from line 6 of $TMP/t.ssa).
ssa_prog() {
	{
		printf '#!ssa\n.map m type=hash key_size=4 value_size=4 max_entries=1 flags=0\n'
		printf '.prog p type=xdp section="xdp"\n@entry\n\t.loc 7:3\n'
		printf '\t%s\n' "$@"
	} >"$TMP/t.ssa"
}

# expect_types WANT: wh-opt -O0 prints $TMP/t.ssa with these definitions
# (the %N:TYPE of each, in order).
expect_types() {
	run wh-opt -O0 "$TMP/t.ssa"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	got=$(echo "$output" | grep -o '%[0-9]*:[a-z0-9_]*' | tr '\n' ' ')
	[ "$got" = "$1 " ] || { echo "got: $got"; return 1; }
}

@test "types: widths from loads, zext, bswap, neg, cmp and .w operations" {
	ssa_prog '%0 = param' '%1 = load u8 %0, 0' '%2 = add.w %1, %1' '%3 = sub.w %1, 1' \
		'%4 = and.w %3, 15' '%5 = mul.w %3, %3' '%6 = shr %3, 24' '%7 = zext u16 %1' \
		'%8 = zext u8 %3' '%9 = bswap u32 %1' '%10 = neg %1' '%11 = cmp ult %1, 3' \
		'%12 = or %10, %11' '%13 = shl %1, 4' '%14 = sar %10, 2' '%15 = copy -129' 'ret %1'
	expect_types '%0:ctx %1:u8 %2:u16 %3:u32 %4:u8 %5:u32 %6:u8 %7:u8 %8:u8 %9:u32 %10:i16 %11:u1 %12:i16 %13:u16 %14:i16 %15:i16'
}

# opt_error WANT LINE...: wh-opt -O0 fails on the program of LINEs with
# "$TMP/t.ssa:WANT".
opt_error() {
	local want=$1
	shift
	ssa_prog "$@"
	run wh-opt -O0 "$TMP/t.ssa"
	[ "$status" -eq 1 ] || { echo "status $status: $output"; return 1; }
	[ "$output" = "$TMP/t.ssa:$want" ] || { echo "got: $output"; return 1; }
}

# refused LINE... MESSAGE: the ssa of LINEs fails the type checks with
# MESSAGE, reported at the .loc (7:3).
refused() {
	opt_error "7:3: error: p: ${!#}" "${@:1:$#-1}"
}

@test "types: written types are read and checked against the inference" {
	ssa_prog '%0 = param' '%1 = load u8 %0, 0' 'ret %1'
	run wh-opt -O0 "$TMP/t.ssa"
	[ "$status" -eq 0 ]
	echo "$output" >"$TMP/typed.ssa"
	grep -q '%1:u8 = load u8 %0, 0' "$TMP/typed.ssa"
	# the typed text reads back to the same bytes
	diff -u "$TMP/typed.ssa" <(wh-opt -O0 "$TMP/typed.ssa")
	opt_error "7:4: error: %1 is written as u16 but its definition makes it u8" \
		'%0:ctx = param' '%1:u16 = load u8 %0, 0' 'ret %1'
	opt_error "7:4: error: %1 is written as pkt but its definition makes it pkt_end" \
		'%0:ctx = param' '%1:pkt = load u32 %0, 4' 'ret 0'
	opt_error "6:4: error: %0 is written as u64 but its definition makes it ctx" \
		'%0:u64 = param' 'ret 0'
	opt_error "6:4: error: unknown type 'u7'" '%0:u7 = param' 'ret 0'
	printf '#!mir\n.prog p type=xdp section="xdp"\n.stack 0\n@entry\n\tr0:u8 = copy 1\n\tret r0\n' >"$TMP/t.mir"
	run wh-emit "$TMP/t.mir"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/t.mir:5:4: error: a type on a register in mir input" ]
}

@test "types: the verifier refuses the pointer arithmetic the kernel forbids" {
	P=('%0 = param' '%1 = load u32 %0, 0' '%2 = load u32 %0, 4')
	refused "${P[@]}" '%3 = add %2, 1' 'ret 0' \
		"arithmetic on the packet-end pointer, which the kernel verifier refuses: %3 = add %2, 1"
	refused "${P[@]}" '%3 = add.w %1, 4' 'ret 0' \
		"32-bit arithmetic on a pointer, which the kernel verifier refuses: %3 = add.w %1, 4"
	refused "${P[@]}" '%3 = and %1, 255' 'ret 0' \
		"an operation other than add or sub on a pointer, which the kernel verifier refuses: %3 = and %1, 255"
	refused "${P[@]}" '%3 = add %1, %0' 'ret 0' \
		"an operation on two pointers, which the kernel verifier refuses: %3 = add %1, %0"
	refused "${P[@]}" '%3 = sub 14, %1' 'ret 0' \
		"a pointer subtracted from a scalar, which the kernel verifier refuses: %3 = sub 14, %1"
	refused '%0 = param' '%1 = mapref m' '%2 = add %1, 8' 'ret 0' \
		"arithmetic on a map pointer, which the kernel verifier refuses: %2 = add %1, 8"
}

@test "types: the verifier refuses memory access the kernel forbids" {
	refused '%0 = param' '%1 = mapref m' '%2 = load u32 %1, 0' 'ret 0' \
		"memory access through a pointer that allows none, which the kernel verifier refuses: %2 = load u32 %1, 0"
	refused '%0 = param' '%1 = load u32 %0, 4' 'store u8 %1, 0, 1' 'ret 0' \
		"memory access through a pointer that allows none, which the kernel verifier refuses: store u8 %1, 0, 1"
	refused '%0 = param' '%1 = load u32 %0, 0' '%2 = copy 1' 'atomic_add u32 %1, 0, %2' 'ret 0' \
		"an atomic operation on context or packet memory, which the kernel verifier refuses: atomic_add u32 %1, 0, %2"
	refused '%0 = param' '%1 = add %0, 4' '%2 = load u32 %1, 0' 'ret 0' \
		"a dereference of a moved context pointer, which the kernel verifier refuses: %2 = load u32 %1, 0"
}

@test "types: what the kernel allows on pointers passes the checks" {
	ssa_prog '%0 = param' '%1 = load u32 %0, 0' '%2 = load u32 %0, 4' '%3 = sub %2, %1' \
		'%4 = add %1, %3' '%5 = sub %4, 2' '%6 = add 6, %5' '%7 = mapref m' '%8 = add %7, 0' \
		'%9 = copy %0' '%10 = load u32 %9, 8' '%11 = slot 8' 'store u64 %11, 0, %1' \
		'%12 = cmp ugt %6, %2' '%13 = add %0, 16' 'ret %12'
	expect_types '%0:ctx %1:pkt %2:pkt_end %3:u64 %4:pkt %5:pkt %6:pkt %7:map %8:map %9:ctx %10:pkt_meta %11:stack %12:u1 %13:ctx'
}

# ---- errors: one per kind of bad core ----

@test "error: loop count that is not a constant, or negative; loop variable not a name" {
	expect_error '(let ((n 3)) (loop i n 0))' "a loop count must be an integer constant, got n"
	expect_error '(loop i -1 0)' "loop count -1 is negative"
	expect_error '(loop 3 2 0)' "expected a variable name, got 3"
	expect_error '(loop i 2)' "core form loop takes 3 operands, got 2"
}

@test "error: asm with ld_imm64, a bpf-to-bpf call, bad fields, a variable" {
	expect_error '(asm 24 1 0 0 7)' "asm: ld_imm64 takes two instruction slots; write the constant as a value"
	expect_error '(asm 133 0 1 0 7)' "asm: a bpf-to-bpf call needs a target the asm form cannot name"
	expect_error '(asm 32 0 0 0 0)' "asm: legacy packet loads (class ld) are not supported; use load"
	expect_error '(asm 183 11 0 0 7)' "asm: registers must be 0-10"
	expect_error '(asm 183 0 0 40000 7)' "asm: the offset must fit 16 bits (signed)"
	expect_error '(asm 183 0 0 0 4294967296)' "asm: the immediate must fit 32 bits"
	expect_error '(asm 256 0 0 0 0)' "asm: the opcode must be 0-255"
	expect_error '(let ((x 1)) (asm 183 x 0 0 7))' "an asm destination register must be an integer constant, got x"
}

@test "error: asm the verifier refuses whatever the program (shared/bpf_refused.c)" {
	local R="asm: the verifier refuses an instruction that"
	expect_error '(asm 55 1 0 0 0)' "$R divides by the immediate 0"             # r1 /= 0
	expect_error '(asm 148 1 0 0 0)' "$R divides by the immediate 0"            # w1 %= 0
	expect_error '(asm 103 1 0 0 64)' "$R shifts by an immediate of the operation's width or more"
	expect_error '(asm 100 1 0 0 32)' "$R shifts by an immediate of the operation's width or more"
	expect_error '(asm 183 10 0 0 1)' "$R writes r10, the read-only frame pointer"
	expect_error '(asm 121 10 1 0 0)' "$R writes r10, the read-only frame pointer"
	expect_error '(asm 203 1 2 0 0)' "$R is an atomic operation on 1 or 2 bytes"
	expect_error '(asm 220 1 0 0 8)' "$R is a byte swap of a width other than 16, 32 or 64"
}

J="asm: a raw jump must land inside its run of consecutive asm instructions or just after it (a raw exit ends a run)"

@test "error: a raw jump whose target leaves its run, at the jump's position" {
	# past the end of the run and the code after it
	expect_error '(asm 5 0 0 1 0)' "$J"
	# before the start of the run
	expect_error '(progn @6:3(asm 183 0 0 0 1) @7:3(asm 21 0 0 -3 0) 0)' "$J" 7:3
	# over a raw exit, which ends the run (and its block)
	expect_error '(progn @6:3(asm 21 0 0 1 0) @7:3(asm 149 0 0 0 0) @8:3(asm 183 0 0 0 1))' "$J" 6:3
	# into compiled code beyond the first instruction after the run
	expect_error '(progn @6:3(asm 5 0 0 1 0) (call ktime-get-ns) 0)' "$J" 6:3
	# after a run that a raw exit ends: nothing follows in the block
	expect_error '(progn @6:3(asm 183 0 0 0 1) @7:3(asm 5 0 0 1 0) @8:3(asm 149 0 0 0 0))' "$J" 7:3
}

@test "error: raw jumps the asm text cannot write" {
	expect_error '(asm 5 1 0 0 0)' "asm: a raw goto is opcode 0x05 with registers and immediate 0"
	expect_error '(asm 6 0 0 0 1)' "asm: a raw goto is opcode 0x05 with registers and immediate 0"
	expect_error '(asm 229 0 0 0 0)' "asm: unknown jump opcode"
	expect_error '(asm 29 0 1 0 5)' "asm: a raw comparison with a register has immediate 0, one with an immediate has source register 0"
	expect_error '(asm 21 0 1 0 5)' "asm: a raw comparison with a register has immediate 0, one with an immediate has source register 0"
}

@test "raw jumps inside their run, or just after it, lower" {
	lower_body '(progn (asm 183 0 0 0 1) (asm 21 0 0 1 0) (asm 183 0 0 0 2) (asm 5 0 0 -3 0) 0)'
	[ "$status" -eq 0 ]
	lower_body '(progn (asm 94 0 2 0 0) 7)'
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\tasm 0x5e 0 2 0 0\n\t.loc 5:1\n\tret 7'* ]]
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

@test "kernel: a run with a raw call under register pressure stays whole" {
	require_kernel
	cat >"$TMP/run.lisp" <<'EOF'
(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (let ((a (load u8 data 0)) (b (load u8 data 1)) (c (load u8 data 2))
          (d (load u8 data 3)) (e (load u8 data 4)) (f (load u8 data 5)))
      (asm #xb7 0 0 0 1)
      (asm #x15 0 0 1 0)
      (asm #x85 0 0 0 5)
      (asm #x05 0 0 0 0)
      (return (+ a b c d e f))))
  0)
EOF
	whistler compile --emit=asm "$TMP/run.lisp" >"$TMP/run.s"
	# the four raw instructions one after the other (labels and .loc between)
	run sh -c "grep -v -e '^raw[0-9]*:' -e '.loc' '$TMP/run.s' | grep -A3 '^	r0 = 1$'"
	[ "$output" = $'\tr0 = 1\n\tif r0 == 0 goto raw1\n\tcall 5\n\tgoto raw2' ]
	whistler compile "$TMP/run.lisp" -o "$TMP/run.o"
	expect_ret run p "0102030405060000000000000000000000" 21
}

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

@test "kernel: a raw r0 = 7 then a raw exit returns 7; a raw helper call runs; raw jumps" {
	require_kernel
	compile asm
	expect_ret asm asm_r0 "$(zeros 14)" 7
	expect_ret asm asm_call "$(zeros 14)" 2
	expect_ret asm asm_jump "$(zeros 14)" 5
	expect_ret asm asm_jump_end "$(zeros 14)" 1
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
