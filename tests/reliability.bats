#!/usr/bin/env bats
# reliability.bats: every input of tests/reliability/ (see its README) gets
# its expected outcome: a located error with the words that say why, or an
# object the kernel loads.
load helper

REL="$BATS_TEST_DIRNAME/reliability"

setup() { setup_tmp; }
teardown() { teardown_tmp; }

# refused FILE LINE:COL WORDS: the compile fails with one located error
# line that contains WORDS, and leaves no object.
refused() {
	local f=$REL/$1
	run whistler compile "$f" -o "$TMP/out.o"
	[ "$status" -eq 1 ] || { echo "$1: status $status: $output"; return 1; }
	[[ $output == "$f:$2: error: "*"$3"* ]] || { echo "$1: got: $output"; return 1; }
	[ ! -e "$TMP/out.o" ] || { echo "$1: an object was left"; return 1; }
}

# loads FILE: compiles, and the kernel's verifier accepts every program.
loads() {
	run whistler compile "$1" -o "$TMP/out.o"
	[ "$status" -eq 0 ] || { echo "$1: $output"; return 1; }
	run wh-load check "$TMP/out.o"
	[ "$status" -eq 0 ] || { echo "$1: $output"; return 1; }
}

@test "reliability: names the object cannot carry are refused at the defprog or defmap" {
	refused prog-name-dot.lisp 1:1 "'.' cannot be part of a C identifier"
	refused map-name-dot.lisp 1:1 "'.' cannot be part of a C identifier"
	refused prog-name-odd-chars.lisp 1:1 "a space cannot be part of"
	refused prog-name-unicode.lisp 1:1 "cannot be a symbol in the object"
	refused prog-name-long.lisp 1:1 "cannot be"
}

@test "reliability: duplicates are located at the second definition" {
	refused dup-prog-unlocated.lisp 2:1 "program p is defined twice"
	refused map-and-prog-same-name.lisp 2:1 "program p has the same symbol in the object as the map p"
}

@test "reliability: maps the kernel cannot create are refused at the defmap" {
	refused map-array-key-size-1.lisp 1:1 "the key of a :array map is 4 bytes, not 1"
	refused map-max-entries-2p30-btf-overflow.lisp 1:1 \
		"a :hash map has at most 134217728 entries, not 1073741824"
	refused wh-expand-big-map-value-setf.lisp 1:1 "the value of a :array map is 1 to 4194304 bytes, not 100000000"
}

@test "reliability: offsets that would overflow are refused, not wrapped" {
	refused wh-expand-memcpy-offset-overflow.lisp 5:15 "memcpy: offset 9223372036854775807 is out of range"
	refused wh-expand-memset-offset-overflow.lisp 4:15 "memset: offset 9223372036854775807 is out of range"
	run wh-expand "$REL/sexp-read-pos-overflow.sx"
	[ "$status" -eq 1 ]
	[[ $output == "$REL/sexp-read-pos-overflow.sx:2:1: error: position out of range" ]]
	run wh-lower "$REL/sexp-read-pos-overflow.core"
	[ "$status" -eq 1 ]
	[[ $output == "$REL/sexp-read-pos-overflow.core:2:1: error: position out of range" ]]
}

@test "reliability: what the verifier would refuse for a known reason is refused at the form" {
	refused verifier-ctx-oob.lisp 3:22 "bytes 256..259 are outside xdp_md"
	refused verifier-memset-oob.lisp 5:5 "writes bytes 0..7 of the 4-byte stack object made at 4:12, outside it"
	refused verifier-stack-read-oob.lisp 5:24 "reads bytes -512..-505 of the 8-byte stack object made at 4:12, outside it"
	refused verifier-packet-oob-const-offset.lisp 4:26 "reads packet bytes 100..107, but no bounds check covers more than"
	refused verifier-minlen.lisp 4:24 "the bounds check at 3:3, of 100000 bytes, proves nothing"
	refused verifier-ret.lisp 1:1 "return 0 to 3; this returns -1"
	refused verifier-scalar-ptr.lisp 3:22 "reads memory at address 4096, a number and not a pointer"
}

@test "kernel: reliability: a division or shift by a propagated constant compiles to code the kernel loads" {
	require_kernel
	loads "$REL/verifier-div-by-propagated-zero.lisp"
	loads "$REL/verifier-shift-by-propagated-64.lisp"
}

@test "kernel: reliability: a bounds check of 65535 bytes still loads (the kernel's limit)" {
	require_kernel
	sed 's/100000/65535/' "$REL/verifier-minlen.lisp" > "$TMP/ml.lisp"
	loads "$TMP/ml.lisp"
}

# The sanitizer build's shadow memory does not fit under ulimit -v.
require_plain_build() {
	if grep -q __asan_init "$WH_BIN/wh-opt"; then
		skip "the address sanitizer's shadow memory does not fit under ulimit -v"
	fi
}

@test "kernel: reliability: 400 helper calls compile within 1 GB of address space and load" {
	require_kernel
	require_plain_build
	{
		echo '(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)'
		echo '(defprog p (:type :xdp :section "xdp")'
		echo '  (let ((acc 0))'
		for i in $(seq 0 399); do
			echo "    (when (> (get-prandom-u32) $i) (setf acc (+ acc (ktime-get-ns))))"
		done
		echo '    (setf (getmap out 0) acc))'
		echo '  XDP_PASS)'
	} > "$TMP/h400.lisp"
	run bash -c "ulimit -v 1000000; whistler compile '$TMP/h400.lisp' -o '$TMP/h400.o'"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	run wh-load check "$TMP/h400.o"
	[ "$status" -eq 0 ]
}

@test "kernel: reliability: 10,000 map updates compile within 2 GB of address space and load" {
	require_kernel
	require_plain_build
	{
		echo '(defmap m :type :array :key-size 4 :value-size 8 :max-entries 4)'
		echo '(defprog p (:type :xdp :section "xdp")'
		for i in $(seq 0 9999); do echo "  (incf (getmap m $((i % 4))))"; done
		echo '  XDP_PASS)'
	} > "$TMP/f10k.lisp"
	run bash -c "ulimit -v 2000000; whistler compile '$TMP/f10k.lisp' -o '$TMP/f10k.o'"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	run wh-load check "$TMP/f10k.o"
	[ "$status" -eq 0 ]
}

@test "reliability: mutants the mutation tester found: an atom a macro built is located, an address past 2^63 does not overflow" {
	refused mutant-macro-atom-unlocated.lisp 6:60 "xdp_pass is a compile-time value, not an integer a program can use"
	refused mutant-address-overflow.lisp 2:101 "reads memory at address -9223372036854775797, a number and not a pointer"
}

@test "reliability: the hostile objects give wh-elf --disasm one clean error or a listing" {
	for o in wh-elf-disasm-uaf-btf-gnuhash.o wh-elf-disasm-uaf-fuzzer-artifact.o \
		 wh-load-btf-dump-absurd-map.o; do
		[ -s "$REL/$o" ] || { echo "$o: missing"; return 1; }
		run wh-elf --disasm "$REL/$o"
		[ "$status" -le 1 ] || { echo "$o: status $status"; return 1; }
		[[ $output != *"cannot read"* && $output != *"No such file"* ]]
		[[ $output != *"Segmentation"* && $output != *"AddressSanitizer"* ]]
	done
}
