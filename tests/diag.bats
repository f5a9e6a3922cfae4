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
