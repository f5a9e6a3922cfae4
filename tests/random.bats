#!/usr/bin/env bats
# random.bats: the differential random tester (tests/random/rtest.py).
#
# The oracle is checked against values it did not compute itself, the
# generator for reproducible programs the oracle gives a meaning to, the
# checker for catching a miscompilation, and a fixed slice of seeds must
# pass in the kernel. The slice holds seeds the compiler passes today;
# `bench/random N` shows how other seeds fare, and a seed that fails there
# and passes after a fix can join the slice.
load helper
bats_require_minimum_version 1.5.0

RT="$BATS_TEST_DIRNAME/random/rtest.py"

setup() { setup_tmp; }
teardown() { teardown_tmp; }

# A small program with values worked out by hand: packet byte 0 is 10,
# byte 1 is 2, so results[1] = 10 + 1 = 11 and results[0] = 2 * 3 = 6;
# the program returns 7.
small_program() {
	cat >"$TMP/prog.lisp" <<'EOF'
(defmap results :type :array :key-size 4 :value-size 8 :max-entries 2)
(defconstant +unused+ 5)
(defprog smith (:type :xdp :section "xdp" :license "GPL")
  (with-packet (data data-end :min-len 14)
    (setf (getmap results 1) (+ (load u8 data 0) 1))
    (setf (getmap results 0) (* (load u8 data 1) 3))
    7))
EOF
	cat >"$TMP/spec" <<'EOF'
prog smith
run smith 1 7 0a020000000000000000000000000000
map results 00000000 0600000000000000
map results 01000000 0b00000000000000
EOF
	# an optimizer that miscompiles: every 'ret 7' returns 8
	printf '#!/bin/sh\nwh-opt "$@" | sed "s/^\tret 7$/\tret 8/"\n' >"$TMP/bad-opt"
	chmod +x "$TMP/bad-opt"
}

# check-file PROG SPEC: compiled, verified and run, it matches the spec
check_file_passes() {
	run python3 "$RT" check-file "$1" "$2"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = pass ]
}

@test "the oracle agrees with the sample programs and with tests/programs" {
	require_tool python3
	run python3 "$RT" validate
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"samples ("*"): 22 agree, 0 disagree, 0 not modelled"* ]]
	[[ "$output" == *"tests/programs ("*" 0 disagree"* ]]
}

@test "validate fails when a sample's spec says something else" {
	require_tool python3
	mkdir -p "$TMP/samples/p1"
	cp "$BATS_TEST_DIRNAME"/random-samples/p1024/prog.lisp "$TMP/samples/p1"
	# run 2 of p1024 returns 49152; say 49153
	sed 's/^run smith 1 49152 /run smith 1 49153 /' \
		"$BATS_TEST_DIRNAME"/random-samples/p1024/spec >"$TMP/samples/p1/spec"
	run ! python3 "$RT" validate --samples "$TMP/samples"
	echo "$output"
	[[ "$output" == *"DISAGREE p1: run 2: retval want 49153 got 49152"* ]]
}

@test "a seed and a size always give the same program, other seeds others" {
	require_tool python3
	a=$(python3 "$RT" gen 7 --size 2)
	b=$(python3 "$RT" gen 7 --size 2)
	c=$(python3 "$RT" gen 8 --size 2)
	d=$(python3 "$RT" gen 7 --size 3)
	[ "$a" = "$b" ]
	[ "$a" != "$c" ]
	[ "$a" != "$d" ]
	[[ "$a" == *"(defprog smith (:type :xdp"* ]]
}

@test "the oracle gives every generated program a meaning, at every size" {
	require_tool python3
	for size in 1 4 8; do
		run python3 "$RT" run --oracle-only --count 40 --size "$size" -q
		echo "$output"
		[ "$status" -eq 0 ]
		[[ "$output" =~ pass\ +40\ +100\.0% ]]
	done
}

# Seeds 107443 and 109436 of size 8 had a let* that binds a name twice and
# so loses its declaration, while the generator kept the declared width for
# the variable: they read 8 bytes of a 2-byte variable.
@test "the generator keeps a variable's width when a let* binds a name twice" {
	require_tool python3
	run python3 "$RT" run --oracle-only --size 8 -q 107443 109436
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" =~ pass\ +2\ +100\.0% ]]
}

# A pointer key is read by each helper call (docs/language-notes.md, Maps):
# an incf delta, a setf value or a map-update value that writes into the key
# object changes the key the map sees. From the notes: the incf counts 3 at
# key 7, the setf writes 5 at key 9, the map-update 11 at key 11.
pointer_key_program() {
	mkdir -p "$TMP/samples/pkey"
	cat >"$TMP/samples/pkey/prog.lisp" <<'EOF'
(defstruct kk (a u32))
(defmap kmap :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defprog smith (:type :xdp :section "xdp" :license "GPL")
  (with-packet (data data-end :min-len 14)
    (let ((k (make-kk)))
      (incf (getmap kmap k) (progn (setf (kk-a k) 7) 3))
      (setf (getmap kmap k) (progn (setf (kk-a k) 9) 5))
      (map-update kmap k (store u32 k 0 11) 0)
      2)))
EOF
	cat >"$TMP/samples/pkey/spec" <<'EOF'
prog smith
run smith 1 2 0a020000000000000000000000000000
map kmap 07000000 0300000000000000
map kmap 09000000 0500000000000000
map kmap 0b000000 0b00000000000000
EOF
}

@test "the oracle reads a pointer key's bytes at each helper call" {
	require_tool python3
	pointer_key_program
	run python3 "$RT" validate --samples "$TMP/samples" --programs "$TMP/none"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"samples ("*"): 1 agree, 0 disagree, 0 not modelled"* ]]
}

@test "the kernel reads a pointer key's bytes at each helper call" {
	require_kernel
	require_tool bpftool
	pointer_key_program
	check_file_passes "$TMP/samples/pkey/prog.lisp" "$TMP/samples/pkey/spec"
}

@test "the checker catches a miscompilation and the reducer keeps it" {
	require_kernel
	require_tool bpftool
	small_program
	check_file_passes "$TMP/prog.lisp" "$TMP/spec"
	WH_OPT="$TMP/bad-opt" run ! python3 "$RT" check-file "$TMP/prog.lisp" "$TMP/spec"
	echo "$output"
	[ "$output" = "MISMATCH: run 1: retval want 7 got 8 (-O0 agrees with the oracle)" ]
	WH_OPT="$TMP/bad-opt" run python3 "$RT" reduce-file "$TMP/prog.lisp" "$TMP/spec" \
		--out "$TMP/found"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cat "$TMP/found/kind")" = mismatch ]
	grep -q 'retval want 7 got 8' "$TMP/found/observed"
	# what is left returns 7 and nothing else
	run ! grep -q 'defmap\|defconstant\|getmap' "$TMP/found/prog.lisp"
	grep -q '^run smith 1 7 ' "$TMP/found/spec"
}

# The CI slice (about a minute): seeds 0-159 of size 1, 0-39 of size 3 and
# 0-19 of size 8. When the tester was written (main at 7609e8c) seeds 46
# and 56 of size 1 and most of size 3 and 8 failed; the fixes its findings
# led to made them pass (7858564). bench/random runs any other range.
@test "random programs: the CI slice passes in the kernel" {
	require_kernel
	require_tool bpftool
	local size_count size count
	for size_count in 1:160 3:40 8:20; do
		size=${size_count%:*}
		count=${size_count#*:}
		run python3 "$RT" run --size "$size" --count "$count" -q
		echo "$output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"$count programs of size $size"* ]]
	done
}
