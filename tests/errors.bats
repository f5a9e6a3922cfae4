#!/usr/bin/env bats
# One clear error per kind of bad input, with its position, and the exit
# statuses every phase shares: 0 success, 1 bad input, 2 bad usage.
load helper

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

compile_src() {     # compile_src 'SOURCE' -> run whistler on it
	printf '%s\n' "$1" >"$TMP/p.lisp"
	run whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
}

@test "unknown form: message and position" {
	compile_src '(defprog p (:type :xdp)
  (frobnicate 1))'
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:2:3: error: unknown form 'frobnicate'" ]
	[ ! -e "$TMP/p.o" ]
}

@test "unknown variable" {
	compile_src '(defprog p () (+ x 1))'
	[ "$status" -eq 1 ]
	[[ "$output" == "$TMP/p.lisp:1:15: error: unknown variable 'x'" ]]
}

@test "unbalanced parentheses: a list never closed" {
	compile_src '(defprog p ()
  (+ 1 2)'
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:1:1: error: unbalanced parentheses: this list is never closed" ]
}

@test "unbalanced parentheses: an extra close" {
	compile_src '(defprog p () 2))'
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:1:17: error: unbalanced parentheses: unexpected ')'" ]
}

@test "end of input inside a string" {
	compile_src '(defprog p (:section "xdp) 2)'
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:1:22: error: end of input inside a string" ]
}

@test "unknown map type and missing :max-entries" {
	compile_src '(defmap m :type :tree :max-entries 1 :key-size 4 :value-size 4)'
	[ "$status" -eq 1 ]
	[[ "$output" == *":1:1: error: defmap m: unknown map type :tree" ]]
	compile_src '(defmap m :type :array :key-size 4 :value-size 4)'
	[ "$status" -eq 1 ]
	[[ "$output" == *":1:1: error: defmap m: :max-entries is required" ]]
}

@test "a scalar stored to a map value larger than the stack is refused before any code" {
	# found by bench/mutate: a 1,000,000-byte value used to expand into
	# 125,000 zeroing stores (40 MB of core) before wh-lower refused it
	compile_src '(defmap big :type :array :key-size 4 :value-size 1000000 :max-entries 1)
(defprog p (:type :xdp) (setf (getmap big 0) 1) 0)'
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/p.lisp:2:31: error: map big has a 1000000-byte value, more than the 512-byte stack holds; pass a pointer to it" ]
	compile_src '(defmap big :type :array :key-size 4 :value-size 256 :max-entries 1)
(defprog p (:type :xdp) (setf (getmap big 0) 1) 0)'
	[ "$status" -eq 0 ]
}

@test "wrong helper argument count" {
	compile_src '(defprog p () (ktime-get-ns 1))'
	[ "$status" -eq 1 ]
	[[ "$output" == *":1:15: error: helper ktime-get-ns takes 0 arguments, got 1" ]]
}

@test "each phase rejects another format with one line" {
	G=tests/golden/count-xdp
	for pair in "wh-expand:$G.core" "wh-lower:$G.sx" "wh-opt:$G.mir" \
		    "wh-ra:$G.core" "wh-emit:$G.ssa"; do
		prog=${pair%%:*} file=${pair#*:}
		run "$prog" "$file"
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[[ "$output" == *":1:1: error: expected #!"*" input, got #!"* ]]
	done
}

@test "malformed ssa: unknown instruction, undefined block, bad register" {
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\t%%0 = frob 1\n' >"$TMP/a.ssa"
	run wh-opt "$TMP/a.ssa"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/a.ssa:4:7: error: unknown instruction 'frob'" ]
	printf '#!ssa\n.prog p type=xdp section="xdp"\n@entry\n\tjmp @nowhere\n' >"$TMP/b.ssa"
	run wh-opt "$TMP/b.ssa"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: undefined block @nowhere in .prog p" ]]
	printf '#!mir\n.prog p type=xdp section="xdp"\n.stack 0\n@entry\n\tr11 = copy 1\n\tret r0\n' >"$TMP/c.mir"
	run wh-emit "$TMP/c.mir"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/c.mir:5:2: error: no register r11 (r0-r10)" ]
}

@test "random bytes into every phase: one error, no crash" {
	head -c 4096 /dev/urandom >"$TMP/junk"
	for prog in wh-read wh-expand wh-lower wh-opt wh-ra wh-emit wh-elf; do
		run "$prog" "$TMP/junk"
		[ "$status" -eq 1 ]
	done
}

@test "truncated input: the Hello stages cut in half" {
	G=tests/golden/count-xdp
	for pair in "wh-expand:$G.sx" "wh-lower:$G.core" "wh-opt:$G.ssa" \
		    "wh-ra:$G.opt.ssa" "wh-emit:$G.mir"; do
		prog=${pair%%:*} file=${pair#*:}
		size=$(wc -c <"$file")
		head -c $((size / 2)) "$file" >"$TMP/half"
		run "$prog" "$TMP/half"
		[ "$status" -eq 1 ]
	done
}

@test "every program has --help (exit 0) and rejects unknown options (exit 2)" {
	for prog in wh-read wh-expand wh-lower wh-opt wh-ra wh-emit wh-elf wh-load; do
		run "$prog" --help
		[ "$status" -eq 0 ]
		[[ "${output,,}" == *"usage: $prog"* ]]
		run "$prog" --no-such-option
		[ "$status" -eq 2 ]
	done
}

@test "a failed run leaves no output file" {
	G=tests/golden/count-xdp
	run wh-lower "$G.sx" -o "$TMP/out.ssa"
	[ "$status" -eq 1 ]
	[ ! -e "$TMP/out.ssa" ]
	run wh-expand "$G.sx" -o "$TMP/out.core"
	[ "$status" -eq 0 ]
	[ -s "$TMP/out.core" ]
	[[ "$(ls "$TMP")" != *tmp* ]]
}

@test "a file with no programs compiles to an empty object, with a warning" {
	: >"$TMP/empty.lisp"
	run whistler compile "$TMP/empty.lisp" -o "$TMP/empty.o"
	[ "$status" -eq 0 ]
	[ "$output" = "<stdin>: warning: $TMP/empty.lisp has no programs (defprog): the object holds none" ]
	[ -s "$TMP/empty.o" ]
}
