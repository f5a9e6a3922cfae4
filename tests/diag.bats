#!/usr/bin/env bats
# Diagnostics as a user reads them: the position of the very atom at
# fault, its source line with a caret under it, the name as written, and
# a "did you mean" when a known name is close.
load helper

setup() { setup_tmp; cd "$ROOT"; export WH_CARET=1; }
teardown() { teardown_tmp; }

compile_src() {     # compile_src 'SOURCE' -> run whistler on it
	printf '%s\n' "$1" >"$TMP/p.lisp"
	run whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
}

# expect_error 'SOURCE' 'LINE:COL: error: ...' ['CARET LINE']: exit 1 with
# that message first, and that caret line under the source line if given.
expect_error() {
	compile_src "$1"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:$2" ]
	if [ -n "${3:-}" ]; then
		[ "${lines[2]}" = "$3" ]
	fi
}

@test "caret: the source line, ^ at the column and ~ under the atom" {
	compile_src '(defprog p (:type :xdp)
  (+ 1 (* 2 zork)))'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:2:13: error: unknown variable 'zork'" ]
	[ "${lines[1]}" = "    2 |   (+ 1 (* 2 zork)))" ]
	[ "${lines[2]}" = "      |             ^~~~" ]
	[ ! -e "$TMP/p.o" ]
}

@test "caret: ~ under a whole list up to its closing paren" {
	compile_src '(defprog p (:type :xdp)
  (frobnicate 1 2) 0)'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:2:3: error: unknown form 'frobnicate'" ]
	[ "${lines[1]}" = "    2 |   (frobnicate 1 2) 0)" ]
	[ "${lines[2]}" = "      |   ^~~~~~~~~~~~~~~~" ]
}

@test "caret: a tab before the column is kept so that the caret lines up" {
	printf '(defprog p (:type :xdp)\n\t(+ 1 zork))\n' >"$TMP/p.lisp"
	run whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:2:7: error: unknown variable 'zork'" ]
	[ "${lines[2]}" = "$(printf '      | \t     ^~~~')" ]
}

@test "caret: WH_CARET=0 leaves the two lines out" {
	printf '(defprog p () zork)\n' >"$TMP/p.lisp"
	WH_CARET=0 run whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:1:15: error: unknown variable 'zork'" ]
}

@test "caret: no caret line when the source cannot be read" {
	printf '(defprog p () zork)\n' >"$TMP/p.lisp"
	wh-read "$TMP/p.lisp" >"$TMP/p.sx"
	rm "$TMP/p.lisp"
	run wh-expand "$TMP/p.sx"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:1:15: error: unknown variable 'zork'" ]
}

# ---- did you mean ----

@test "did you mean: XDP_PAS at 5:3, as written, is XDP_PASS" {
	compile_src '(defmap pkt-count :type :array
  :key-size 4 :value-size 8 :max-entries 1)
(defprog count-packets (:type :xdp :license "GPL")
  (incf (getmap pkt-count 0))
  XDP_PAS)'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:5:3: error: unknown variable 'XDP_PAS'; did you mean 'XDP_PASS'?" ]
	[ "${lines[1]}" = "    5 |   XDP_PAS)" ]
	[ "${lines[2]}" = "      |   ^~~~~~~" ]
	[ "${#lines[@]}" -eq 3 ]
	[ ! -e "$TMP/p.o" ]
}

@test "did you mean: :arary at its own column is :array" {
	compile_src '(defmap pkt-count :key-size 4 :value-size 8
  :max-entries 1 :type :arary)'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:2:24: error: defmap pkt-count: unknown map type :arary; did you mean ':array'?" ]
	[ "${lines[1]}" = "    2 |   :max-entries 1 :type :arary)" ]
	[ "${lines[2]}" = "      |                        ^~~~~~" ]
}

@test "did you mean: a local variable in scope" {
	expect_error '(defprog p (:type :xdp)
  (let ((count 1)) (+ cuont 1)))' \
		"2:23: error: unknown variable 'cuont'; did you mean 'count'?" \
		"      |                       ^~~~~"
}

@test "did you mean: nothing when no name is near" {
	expect_error '(defprog p (:type :xdp) zzzzqqq)' "1:25: error: unknown variable 'zzzzqqq'"
}

@test "did you mean: a form, a helper, a macro" {
	expect_error '(defprog p (:type :xdp) (ktime-get-sn))' \
		"1:25: error: unknown form 'ktime-get-sn'; did you mean 'ktime-get-ns'?" \
		"      |                         ^~~~~~~~~~~~~~"
	expect_error '(defprog p (:type :xdp) (unles 1 2))' \
		"1:25: error: unknown form 'unles'; did you mean 'unless'?"
	expect_error '(defprog p (:type :xdp) (stor u32 0 0 1))' \
		"1:25: error: unknown form 'stor'; did you mean 'store'?"
}

@test "did you mean: a program type and a defprog option" {
	expect_error '(defprog p (:type :xpd) 0)' \
		"1:19: error: defprog p: unknown program type :xpd; did you mean ':xdp'?" \
		"      |                   ^~~~"
	expect_error '(defprog p (:type :xdp :licence "GPL") 0)' \
		"1:24: error: defprog: unknown option :licence; did you mean ':license'?" \
		"      |                        ^~~~~~~~"
}

@test "did you mean: a map name" {
	expect_error '(defmap counts :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog p (:type :xdp) (getmap cuonts 0))' \
		"2:33: error: getmap: unknown map 'cuonts'; did you mean 'counts'?" \
		"      |                                 ^~~~~~"
}

@test "did you mean: a defmap option" {
	expect_error '(defmap m :type :hash :key-size 4 :value-sise 8 :max-entries 1)' \
		"1:35: error: defmap: unknown option :value-sise; did you mean ':value-size'?"
}

@test "did you mean: a struct field accessor and a ctx field" {
	expect_error '(defstruct hdr (src u32) (dst u32))
(defprog p (:type :xdp) (let ((h (make-hdr))) (hdr-scr h)))' \
		"2:47: error: unknown form 'hdr-scr'; did you mean 'hdr-src'?"
	compile_src '(defprog p (:type :xdp) (ctx data-ned))'
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == *"have no field 'data-ned'; did you mean 'data-end'?" ]]
}

@test "did you mean: kernel struct and tracepoint fields" {
	K="$BATS_TEST_DIRNAME/kernel-types"
	printf '(import-kernel-struct sample nxet)\n' >"$TMP/p.lisp"
	wh-read "$TMP/p.lisp" >"$TMP/p.sx"
	run env WH_VMLINUX="$K/sample.btf" wh-expand "$TMP/p.sx" -o "$TMP/out.core"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:1:30: error: import-kernel-struct: sample has no field 'nxet'; did you mean 'next'?" ]
	printf '(deftracepoint sched/sched-process-fork parent-ppid)\n' >"$TMP/p.lisp"
	wh-read "$TMP/p.lisp" >"$TMP/p.sx"
	run env WH_TRACEFS="$K/tracefs" wh-expand "$TMP/p.sx" -o "$TMP/out.core"
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "$TMP/p.lisp:1:41: error: deftracepoint sched/sched-process-fork: no field 'parent-ppid' in "*"; did you mean 'parent-pid'?" ]]
}

# ---- constants that do not fit where they are stored ----

@test "warning: #x100000001 into a 4-byte map value; the kernel holds 1" {
	compile_src '(defmap vals :type :array :key-size 4 :value-size 4 :max-entries 1)
(defprog p (:type :xdp)
  (setf (getmap vals 0) #x100000001)
  XDP_PASS)'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$TMP/p.lisp:3:25: warning: the constant 4294967297 (#x100000001) does not fit in a u32 store (4 bytes); 1 is stored" ]
	[ "${lines[1]}" = "    3 |   (setf (getmap vals 0) #x100000001)" ]
	[ "${lines[2]}" = "      |                         ^~~~~~~~~~~" ]
	[ "${#lines[@]}" -eq 3 ]
	require_kernel
	run wh-load test "$TMP/p.o" p --hex 000000000000000000000000000000 --dump vals
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"retval: 2"* ]]
	[[ "$output" == *"vals[0] = 1"* ]]
}

@test "warning: into a u8 struct field, a typed let and a setf of it" {
	compile_src '(defstruct hdr (flags u8) (id u32))
(defprog p (:type :xdp)
  (let ((h (make-hdr))
        (n u16 70000))
    (setf (hdr-flags h) 256)
    (setf n 65536)
    (+ n (hdr-flags h))))'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "$TMP/p.lisp:4:16: warning: the constant 70000 (#x11170) does not fit in the u16 variable n (2 bytes); 4464 is stored" ]
	[ "${lines[3]}" = "$TMP/p.lisp:5:25: warning: the constant 256 (#x100) does not fit in the u8 field hdr-flags (1 byte); 0 is stored" ]
	[ "${lines[6]}" = "$TMP/p.lisp:6:13: warning: the constant 65536 (#x10000) does not fit in the u16 variable n (2 bytes); 0 is stored" ]
	[ "${#lines[@]}" -eq 9 ]
}

@test "warning: none for constants that fit, as unsigned or as signed" {
	compile_src '(defstruct hdr (flags u8) (id u32))
(defprog p (:type :xdp)
  (let ((h (make-hdr))
        (n u16 65535)
        (m u32 -1))
    (setf (hdr-flags h) 255 (hdr-id h) #xffffffff)
    (setf (hdr-flags h) -128 n -32768)
    (store u8 h 0 -1)
    (+ n m (hdr-flags h))))'
	[ "$status" -eq 0 ]
	[ "$output" = "" ]
}

@test "caret: wh-read shows the line of source read from standard input" {
	run wh-read <<<'(defprog p ()
  (+ 1 2)))'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "<stdin>:2:11: error: unbalanced parentheses: unexpected ')'" ]
	[ "${lines[1]}" = "    2 |   (+ 1 2)))" ]
	[ "${lines[2]}" = "      |           ^" ]
}
