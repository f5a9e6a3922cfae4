#!/usr/bin/env bats
# The compile-time Lisp (shared/lisp*.c) through `wh-expand --eval`: each
# case in lisp-eval/cases.txt is some Lisp forms and the value the last one
# prints (prin1, CL spelling), or the error it must stop with. One test per
# @group; the value cases of a group run in one wh-expand process, each
# error case in its own (an error ends the run). A failing case prints its
# input, the expected and the actual output.
load helper
bats_require_minimum_version 1.5.0

CASES="$BATS_TEST_DIRNAME/lisp-eval/cases.txt"

# Split cases.txt into $BATS_FILE_TMPDIR/cases/GROUP/NNN.lisp (the input)
# and NNN.want (the text after "=> ").
setup_file() {
	awk -v dir="$BATS_FILE_TMPDIR/cases" '
		/^@group / { group = $2; n = 0; buf = ""
			     system("mkdir -p \"" dir "/" group "\""); next }
		group == "" { next }
		/^=> / { f = sprintf("%s/%s/%03d", dir, group, ++n)
			 printf "%s", buf > (f ".lisp"); close(f ".lisp")
			 print substr($0, 4) > (f ".want"); close(f ".want")
			 buf = ""; next }
		buf == "" && /^[ \t]*$/ { next }
		{ buf = buf $0 "\n" }
	' "$CASES"
}

setup() { setup_tmp; }
teardown() { teardown_tmp; }

report() {      # report CASE EXPECTED ACTUAL
	printf -- '--- case %s\n' "${1#"$BATS_FILE_TMPDIR"/cases/}"
	sed 's/^/    /' "$1.lisp"
	printf 'expected: %s\nactual:   %s\n' "$2" "$3"
}

# Run value cases (paths without .lisp) in one process, each wrapped in a
# progn and followed by a marker; print one line per case, the lines of a
# value joined with a literal \n. Exit status: wh-expand's.
run_values() {
	local c b="$TMP/batch.lisp"
	: >"$b"
	for c in "$@"; do
		{ echo "(progn"; cat "$c.lisp"; echo ")"; echo ":wh-case-end"; } >>"$b"
	done
	timeout 60 wh-expand --eval "$b" 2>"$TMP/batch.err" >"$TMP/batch.out" || return
	awk '$0 == ":WH-CASE-END" { print v; v = ""; sep = ""; next }
	     { v = v sep $0; sep = "\\n" }' "$TMP/batch.out"
}

check_values() {    # check_values CASE...: 0 if all print what they should
	local fails=0 i=0 out c
	[ $# -gt 0 ] || return 0
	if out="$(run_values "$@")"; then
		local -a got
		mapfile -t got <<<"$out"
		for c in "$@"; do
			if [ "${got[$i]-<missing>}" != "$(cat "$c.want")" ]; then
				report "$c" "$(cat "$c.want")" "${got[$i]-<missing>}"
				fails=$((fails + 1))
			fi
			i=$((i + 1))
		done
	elif [ $# -gt 1 ]; then
		# some case stopped the run: find which, one by one
		for c in "$@"; do
			check_values "$c" || fails=$((fails + 1))
		done
	else
		report "$1" "$(cat "$1.want")" "$(cat "$TMP/batch.err")"
		fails=1
	fi
	return $((fails > 0))
}

# An error case: exit status 1 and "FILE:LINE:COL: error: ...TEXT..."
check_error() {     # check_error CASE
	local want status=0 f="$TMP/case.lisp"
	want="$(sed 's/^error: //' "$1.want")"
	cp "$1.lisp" "$f"
	timeout 60 wh-expand --eval "$f" >"$TMP/err.out" 2>"$TMP/err.err" || status=$?
	if [ "$status" -ne 1 ] ||
	   ! grep -E "^$f:[0-9]+:[0-9]+: error: " "$TMP/err.err" | grep -qF -- "$want"; then
		report "$1" "$(cat "$1.want") (exit 1)" \
			"exit $status: $(head -c 600 "$TMP/err.err")$(head -c 200 "$TMP/err.out")"
		return 1
	fi
}

check_group() {     # check_group NAME
	local dir="$BATS_FILE_TMPDIR/cases/$1" w fails=0
	local -a vals=() errs=()
	[ -d "$dir" ] || { echo "no group $1 in cases.txt"; return 1; }
	for w in "$dir"/*.want; do
		if grep -q '^error: ' "$w"; then
			errs+=("${w%.want}")
		else
			vals+=("${w%.want}")
		fi
	done
	check_values "${vals[@]}" || fails=1
	for w in "${errs[@]}"; do
		check_error "$w" || fails=1
	done
	return "$fails"
}

@test "cases.txt: at least 170 cases, and every group has a test here" {
	local n
	n="$(grep -c '^=> ' "$CASES")"
	echo "cases: $n"
	[ "$n" -ge 170 ]
	for g in $(awk '/^@group / { print $2 }' "$CASES"); do
		grep -q "check_group $g\$" "$BATS_TEST_FILENAME" || { echo "no test for $g"; return 1; }
	done
}

@test "arithmetic: n-ary, 64-bit wraparound, division, bits, comparison" {
	check_group arithmetic
}

@test "binding: let let* flet labels, closures, globals, funcall apply" {
	check_group binding
}

@test "lambda lists: optional rest key aux, supplied-p, destructuring, arity errors" {
	check_group lambda-lists
}

@test "backquote: unquote, splicing anywhere, dotted tails, nesting" {
	check_group backquote
}

@test "macros: defmacro, macroexpand-1, gensym, recursive macros" {
	check_group macros
}

@test "places: setf on variables car cdr nth getf, push pop incf decf" {
	check_group places
}

@test "lists: construction, access, search, copying" {
	check_group lists
}

@test "sequences: remove find position count map reduce sort sets subseq" {
	check_group sequences
}

@test "strings, symbols and characters" {
	check_group strings-symbols
}

@test "format nil: directives, padding, iteration, case, conditionals" {
	check_group format
}

@test "loop: for forms, accumulation, conditionals, termination, named" {
	check_group loop
}

@test "control: dolist dotimes do, blocks, unwind-protect, case cond and or" {
	check_group control
}

@test "equality: eq eql equal equalp, type predicates" {
	check_group equality
}

@test "printing: prin1 of every kind of value" {
	check_group printing
}

@test "errors: error, unbound, undefined, non-function, runaway recursion and loops" {
	check_group errors
}

@test "multiple values: values, floor ..., multiple-value-bind/list/call/prog1, nth-value" {
	check_group multiple-values
}

@test "sequence keywords: :start :end :key :test :test-not :from-end :count; unknown ones refused" {
	check_group sequence-keywords
}

@test "hash tables: the four tests, gethash's two values, setf, remhash, maphash, iteration" {
	check_group hash-tables
}

@test "bits: logcount, byte, ldb, dpb, mask-field, setf ldb, integer-length" {
	check_group bits
}

@test "read time: #. and *read-eval*, #( ) vector literals" {
	check_group read-time
}

@test "output: streams, with-output-to-string, print functions" {
	check_group output
}

@test "error: message with its FILE:LINE:COL, exit 1, nothing on stdout" {
	cd "$TMP"
	printf '(+ 1 2)\n  (error "bad ~a" 1)\n' >t.lisp
	run --separate-stderr wh-expand --eval t.lisp
	[ "$status" -eq 1 ]
	[ "$stderr" = "t.lisp:2:3: error: bad 1" ]
	[ -z "$output" ]
}

@test "error: raised while expanding a macro points at the macro call" {
	cd "$TMP"
	printf '%s\n' '(defmacro chk (x) (unless (integerp x) (error "chk: ~s" x)) x)' \
		'(list 1' '   (chk foo))' >t.lisp
	run --separate-stderr wh-expand --eval t.lisp
	[ "$status" -eq 1 ]
	[ "$stderr" = "t.lisp:3:4: error: chk: FOO" ]
}

@test "error: a loop that never ends stops at the step limit" {
	cd "$TMP"
	echo '(let ((i 0)) (loop (setq i (+ i 1))))' >t.lisp
	# no wall-clock bound (the suite runs on loaded machines): the step
	# limit must end it, and timeout only catches a hang (exit 124)
	run --separate-stderr timeout 120 wh-expand --eval t.lisp
	echo "$stderr"
	[ "$status" -eq 1 ]
	[[ "$stderr" == "t.lisp:1:"*"does not finish"* ]]
}
