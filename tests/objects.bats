#!/usr/bin/env bats
# objects.bats: independent checks over the object of every program in
# tests/programs/ (compiled once, with `whistler compile`): libbpf loads it
# (bpftool prog loadall), bpftool reads its BTF, readelf and llvm-objdump
# read it without warnings, the disassembly re-assembles to the same bytes,
# clang's BPF assembler encodes that disassembly into the same code, the
# object model reads and writes it back to the same bytes, and wh-elf and
# wh-load make the same of it.
# Programs marked ';; pending:' (see programs.bats) are left out.
load helper

setup_file() {
	if [ -z "${WH_TRACEFS:-}" ]; then
		if [ -d /sys/kernel/tracing/events/sched ]; then
			export WH_TRACEFS=/sys/kernel/tracing
		else
			export WH_TRACEFS="$BATS_TEST_DIRNAME/seeds/kernel/tracefs"
		fi
	fi
	OBJ="$BATS_FILE_TMPDIR/objs"
	mkdir -p "$OBJ"
	cd "$ROOT"      # .file names are relative: wh-elf reads the source lines from here
	local f n
	: > "$OBJ/failed"
	: > "$OBJ/list"
	for f in tests/programs/*.lisp; do
		n=$(basename "$f" .lisp)
		grep -q '^;; pending:' "$f" && continue
		if whistler compile "$f" -o "$OBJ/$n.o" 2> "$OBJ/$n.err"; then
			echo "$n" >> "$OBJ/list"
		else
			echo "$n: $(head -1 "$OBJ/$n.err")" >> "$OBJ/failed"
		fi
	done
}

setup() {
	OBJ="$BATS_FILE_TMPDIR/objs"
	setup_tmp
	PIN=""
}

teardown() {
	if [ -n "$PIN" ]; then
		rm -rf "$PIN"
	fi
	teardown_tmp
}

# The objects, one name a line (without .o).
objects() { cat "$OBJ/list"; }

# each_object CHECK: run `CHECK NAME` for every object; fails when one
# check fails, after running them all (each prints what went wrong).
each_object() {
	local n bad=0
	for n in $(objects); do
		"$1" "$n" || { echo "$n: $1 failed"; bad=1; }
	done
	[ "$bad" -eq 0 ]
}

@test "every program of tests/programs compiles (pending ones excepted)" {
	cat "$OBJ/failed"
	[ ! -s "$OBJ/failed" ]
	[ "$(objects | wc -l)" -ge 100 ]
}

# wh-elf --disasm re-assembles to the same object, byte for byte, and
# `whistler disasm` prints that asm for the program and for its object.
same_after_disasm() {
	wh-elf --disasm "$OBJ/$1.o" -o "$TMP/$1.asm"
	wh-elf "$TMP/$1.asm" -o "$TMP/$1.o"
	cmp "$OBJ/$1.o" "$TMP/$1.o" &&
	whistler disasm "tests/programs/$1.lisp" 2> /dev/null | cmp "$TMP/$1.asm" - &&
	whistler disasm "$OBJ/$1.o" | cmp "$TMP/$1.asm" -
}

@test "disasm: the disassembly re-assembles to the same bytes; whistler disasm prints it" {
	cd "$ROOT"      # where the .file names lead
	each_object same_after_disasm
}

# The object format's round trip: read into the object model and written
# back, the same bytes; the model read from those bytes is a fixed point.
same_after_rewrite() {
	wh-elf --rewrite "$OBJ/$1.o" -o "$TMP/$1.o" && cmp "$OBJ/$1.o" "$TMP/$1.o"
}

@test "object model: every object is read and written back to the same bytes" {
	each_object same_after_rewrite
}

# The disassembler and the loader see the same programs (instructions,
# .BTF.ext records), map references, maps and BTF.
same_description() {
	wh-elf --describe "$OBJ/$1.o" > "$TMP/elf" &&
	wh-load describe "$OBJ/$1.o" > "$TMP/load" &&
	grep -q '^prog ' "$TMP/elf" && diff -u "$TMP/elf" "$TMP/load"
}

@test "object model: wh-elf --describe and wh-load describe agree on every object" {
	each_object same_description
}

# clang assembles the disassembly (in its syntax) to the same code and
# relocations
same_by_clang() {
	local tools="$BATS_TEST_DIRNAME/wh-elf"
	wh-elf --disasm "$OBJ/$1.o" -o "$TMP/$1.asm"
	python3 "$tools/clang-syntax.py" "$TMP/$1.asm" "$TMP/$1.s" 2>> "$TMP/counts"
	clang -target bpf -c "$TMP/$1.s" -o "$TMP/$1.clang.o" &&
	python3 "$tools/elf-code.py" "$OBJ/$1.o" > "$TMP/ours" &&
	python3 "$tools/elf-code.py" "$TMP/$1.clang.o" > "$TMP/clang" &&
	diff -u "$TMP/ours" "$TMP/clang"
}

@test "clang's BPF assembler encodes our disassembly into the same code and relocations" {
	require_tool clang
	each_object same_by_clang
	# most instructions must be clang's own work, not the script's
	awk '{ clang += $1; script += $4 } END { print clang, "by clang,", script, "by the script";
		exit !(clang > 4 * script) }' "$TMP/counts"
}

btf_dumps() {
	bpftool btf dump file "$OBJ/$1.o" > /dev/null &&
	bpftool btf dump file "$OBJ/$1.o" format c > /dev/null
}

@test "bpftool btf dump file reads every object's BTF (raw and as C)" {
	require_tool bpftool
	each_object btf_dumps
}

no_warnings() {
	readelf -a "$OBJ/$1.o" > "$TMP/out" 2> "$TMP/err" &&
	llvm-objdump -d -r "$OBJ/$1.o" >> "$TMP/out" 2>> "$TMP/err" || return 1
	cat "$TMP/err"
	! grep -i -E 'warning|error|corrupt' "$TMP/out" && [ ! -s "$TMP/err" ]
}

@test "readelf -a and llvm-objdump -d read every object without warnings" {
	require_tool readelf
	require_tool llvm-objdump
	each_object no_warnings
}

# The section spelling the compile warning of object $1 gives to bpftool
# ('type X'), empty when whistler did not warn.
warned_type() {
	sed -n "s/.*(or bpftool's 'type \([^']*\)').*/\1/p" "$OBJ/$1.err" | sort -u
}

# bpftool prog loadall pins every program of the object; with the
# section spelling whistler's warning names as 'type' only when it warned,
# and then libbpf indeed refuses the object without it.
loads_with_bpftool() {
	local t
	t=$(warned_type "$1")
	rm -rf "$PIN"
	set -- "$1"
	if [ -n "$t" ]; then
		echo "$1" >> "$TMP/typed"
		if bpftool prog loadall "$OBJ/$1.o" "$PIN" > "$TMP/log" 2>&1; then
			echo "loaded without 'type $t', yet whistler warned"
			return 1
		fi
		rm -rf "$PIN"
		set -- "$1" type "$t"
	fi
	bpftool prog loadall "$OBJ/$1.o" "$PIN" "${@:2}" > "$TMP/log" 2>&1 ||
		{ grep -v '^ *$' "$TMP/log" | tail -5; return 1; }
	[ "$(ls "$PIN" | wc -l)" -eq "$(llvm-readelf -s "$OBJ/$1.o" | grep -c ' FUNC ')" ]
}

@test "kernel: bpftool prog loadall loads every object (type only where whistler warned)" {
	require_kernel
	require_tool bpftool
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	PIN="/sys/fs/bpf/whobj$$"
	each_object loads_with_bpftool
	cat "$TMP/typed"
	[ "$(wc -l < "$TMP/typed")" -ge 4 ]     # the manual's xdp/NAME and tc/NAME sections
}
