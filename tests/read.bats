#!/usr/bin/env bats
# wh-read: the Common Lisp syntax users write, item by item, with the exact
# sx it prints, and one error line (FILE:LINE:COL, exit 1) for each kind of
# bad input. The whole-program golden is in pipeline.bats; errors through the
# driver are in errors.bats.
load helper

setup() { setup_tmp; }
teardown() { teardown_tmp; }

read_src() {    # read_src SOURCE -> run wh-read on it, named t.lisp
	printf '%s' "$1" >"$TMP/t.lisp"
	run wh-read --name t.lisp "$TMP/t.lisp"
	echo "$output"
}

read_ok() {     # read_ok SOURCE FORMS: the sx after the header line
	read_src "$1"
	[ "$status" -eq 0 ]
	[ "$output" = "#!sx \"t.lisp\""$'\n'"$2" ]
}

read_err() {    # read_err SOURCE 'LINE:COL: error: MESSAGE'
	read_src "$1"
	[ "$status" -eq 1 ]
	[ "$output" = "t.lisp:$2" ]
}

@test "comments: ; to end of line, #| |# nested, at end of file" {
	read_ok '; line comment
(a ; trailing comment
 b) ; comment at end of file, no newline' '@2:1(a b)'
	read_ok '#| block
   #| nested |# still inside |# (x #|inline|# y) #||# z' \
		$'@2:33(x y)\n@2:55z'
}

@test "integers: decimal, sign, trailing dot, #x #b #o in either case" {
	read_ok '(0 42 -7 +5 -0 12. #x1F #X1f #xff #b101 #B11 #o17 #O7 #x-10)' \
		'@1:1(0 42 -7 5 0 12 31 31 255 5 3 15 7 -16)'
}

@test "integers: the 64-bit limits; above 2^63-1 keeps the two's complement bits" {
	read_ok '(9223372036854775807 -9223372036854775808 18446744073709551615
#xffffffffffffffff #x8000000000000000 #x-8000000000000000)' \
		'@1:1(9223372036854775807 -9223372036854775808 -1 -1 -9223372036854775808 -9223372036854775808)'
}

@test "integers out of range: one error at the number" {
	read_err '(a
  18446744073709551616)' "2:3: error: integer '18446744073709551616' does not fit in 64 bits"
	read_err '(b -9223372036854775809)' \
		"1:4: error: integer '-9223372036854775809' does not fit in 64 bits"
	read_err '-18446744073709551615' \
		"1:1: error: integer '-18446744073709551615' does not fit in 64 bits"
	read_err '#x10000000000000000' \
		"1:1: error: integer '#x10000000000000000' does not fit in 64 bits"
	read_err '#x-8000000000000001' \
		"1:1: error: integer '#x-8000000000000001' does not fit in 64 bits"
}

@test "floats and ratios are errors; 1+ 1- and other digit-led tokens are symbols" {
	read_ok '(1+ 1- + - -> a.b x. -. +.)' '@1:1(1+ 1- + - -> a.b x. -. +.)'
	read_err '(f 1.5)' "1:4: error: '1.5' is not a number Whistler supports (integers only)"
	read_err '.5' "1:1: error: '.5' is not a number Whistler supports (integers only)"
	read_err '1e3' "1:1: error: '1e3' is not a number Whistler supports (integers only)"
	read_err '-2.0d0' "1:1: error: '-2.0d0' is not a number Whistler supports (integers only)"
	read_err '(g 1/2)' "1:4: error: '1/2' is not a number Whistler supports (integers only)"
}

@test "strings: backslash quotes the next character (CL), newlines stay" {
	# CL has no \n escape: "\n" is the one-character string "n".
	read_ok '("" "plain" "q\"uote" "back\\slash" "\n" "tab	in")' \
		'@1:1("" "plain" "q\"uote" "back\\slash" "n" "tab	in")'
	read_ok '("two
lines" after) x' $'@1:1("two\nlines" after)\n@2:15x'
}

@test "characters: single, named in any case, delimiters" {
	read_ok '(#\a #\A #\Space #\space #\SPACE #\Newline #\Linefeed #\Tab #\Return #\Nul #\Rubout #\( #\) #\; #\" #\\ #\| #\#)' \
		'@1:1(#\a #\A #\Space #\Space #\Space #\Newline #\Newline #\Tab #\Return #\Nul #\Rubout #\( #\) #\; #\" #\\ #\| #\#)'
	read_err '(x #\NoSuchName)' "1:4: error: unknown character name '#\\NoSuchName'"
	read_err '#\' "1:1: error: end of input after '#\\'"
}

@test "symbols: lowercased; |bars| and \\ keep case; packages, keywords, #:" {
	read_ok '(whistler:defstruct bpf:map cl-user::foo #:name :keyword :KeyWord FooBar |Mixed| |two words| a\Bc x|Y|z whistler:|Odd|)' \
		'@1:1(whistler:defstruct bpf:map cl-user::foo #:name :keyword :keyword foobar |Mixed| |two words| |aBc| |xYz| |whistler:Odd|)'
}

@test "inside |bars| a backslash quotes the next character" {
	read_ok '(|a\|b| |c\\d| |e\f|)' '@1:1(|a\|b| |c\\d| ef)'
}

@test "symbols spelled like numbers, top-level atoms: printed so they read back" {
	# A top-level atom that starts with a digit is kept apart from its
	# position: "@4:16" would be position 4:16.
	read_ok '(|1.5| |12| |-5| |...| |.| 1+ |a\|b|)
x
-5
6
1+' $'@1:1(|1.5| |12| |-5| |...| |.| 1+ |a\\|b|)\n@2:1x\n@3:1-5\n@4:1 6\n@5:1 1+'
	wh-read "$TMP/t.lisp" >"$TMP/t.sx"
	wh-expand --reprint "$TMP/t.sx" >"$TMP/t2.sx"
	cmp "$TMP/t.sx" "$TMP/t2.sx"
}

@test "quote, backquote, unquote, unquote-splicing, #' with positions" {
	read_ok "('a \`(a ,b ,@c) #'f #'(lambda (x) x))" \
		'@1:1(@1:2(quote a) @1:5(quasiquote @1:6(a @1:9(unquote b) @1:12(unquote-splicing c))) @1:17(function f) @1:21(function @1:23(lambda @1:31(x) x)))'
}

@test "#. and #( ) are spelled out as (%read-eval X) and (%vector ...), which reprint as they are" {
	read_ok '(a #.(+ 1 2) #(1 b "c" #(d)) #() #.x)' \
		'@1:1(a @1:4(%read-eval @1:6(+ 1 2)) @1:14(%vector 1 b "c" @1:24(%vector d)) @1:30(%vector) @1:34(%read-eval x))'
	printf '%s\n' "$output" >"$TMP/t.sx"
	wh-expand --reprint "$TMP/t.sx" >"$TMP/t2.sx"
	cmp "$TMP/t.sx" "$TMP/t2.sx"
	read_err '(#(a . b))' "1:2: error: a dotted list after '#' is not a vector"
	read_err '(x #.)' "1:4: error: %read-eval (#.) with nothing after it"
	read_err '#(1 2' "1:1: error: unbalanced parentheses: this list is never closed"
}

@test "dotted and empty lists" {
	read_ok "(x '(1 . 2) '(a . (b c)) () ( ))" \
		'@1:1(x @1:4(quote @1:5(1 . 2)) @1:13(quote @1:14(a b c)) @1:26() @1:29())'
}

@test "unbalanced parentheses: the innermost open list; an extra close" {
	read_err '(defprog p ()
  (let ((x 1)
    x)' "2:3: error: unbalanced parentheses: this list is never closed"
	read_err '(a)
  (b))' "2:6: error: unbalanced parentheses: unexpected ')'"
	read_err ')' "1:1: error: unbalanced parentheses: unexpected ')'"
}

@test "bad # syntax: unknown dispatch, #x without digits, bad digits" {
	read_err '#y' "1:1: error: unsupported reader syntax '#y'"
	read_err '(#x)' "1:2: error: no digits after '#x'"
	read_err '#x' "1:1: error: no digits after '#x'"
	read_err '#xg1' "1:1: error: bad digits in '#xg1'"
	read_err '#b102' "1:1: error: bad digits in '#b102'"
	read_err '#o9' "1:1: error: bad digits in '#o9'"
	read_err '(a #' "1:4: error: end of input after '#'"
	read_err '(#:)' "1:2: error: '#:' with no symbol name after it"
	read_err '#:123' "1:1: error: bad uninterned symbol"
}

@test "a lone dot and malformed dotted lists" {
	read_err '.' "1:1: error: unexpected '.'"
	read_err 'a . b' "1:3: error: unexpected '.'"
	read_err '( . a)' "1:3: error: unexpected '.'"
	read_err '(x ... y)' "1:4: error: unexpected '...'"
	read_err '(a .)' "1:4: error: nothing after '.' in a dotted list"
	read_err '(a . b c)' "1:4: error: more than one datum after '.' in a dotted list"
}

@test "end of input inside a string, a #| |# comment, |...|, after \\" {
	read_err '(a "unterminated
string)' "1:4: error: end of input inside a string"
	read_err '(x) #| outer #| inner |# never closed' \
		"1:5: error: unterminated '#|' comment"
	read_err '(x |unterminated' "1:4: error: end of input inside |...|"
	read_err 'x\' "1:1: error: end of input after '\\'"
}

@test "a reader prefix with nothing after it" {
	read_err "'" "1:1: error: quote (') with nothing after it"
	read_err '(a `)' "1:4: error: quasiquote (\`) with nothing after it"
	read_err '(a ,' "1:4: error: unquote (,) with nothing after it"
	read_err ',@' "1:1: error: unquote-splicing (,@) with nothing after it"
	read_err "(#')" "1:2: error: function (#') with nothing after it"
}

@test "a control character: not a text file" {
	read_err $'(a b)\n(c \001)' \
		"2:4: error: control character 0x01 in source (not a text file?)"
}

@test "lists nested deeper than 1000 levels are refused before any phase recurses on them" {
	python3 -c "print('(defprog p () ' + '(+ 1 '*1000 + '1' + ')'*1000 + ')')" >"$TMP/deep.lisp" ||
		skip "python3 not installed"
	run wh-read "$TMP/deep.lisp"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/deep.lisp:1:5010: error: lists nested more than 1000 deep" ]
	python3 -c "print('(defprog p () ' + '(+ 1 '*998 + '1' + ')'*998 + ')')" >"$TMP/ok.lisp"
	run whistler compile "$TMP/ok.lisp" -o "$TMP/ok.o"
	[ "$status" -eq 0 ]
}

@test "a UTF-8 byte-order mark at the start is skipped; columns count from after it" {
	read_ok $'\xef\xbb\xbf(a b)' '@1:1(a b)'
	read_err $'\xef\xbb\xbf(a\n b)) x' "2:4: error: unbalanced parentheses: unexpected ')'"
}

@test "positions of 10^9 and more are refused as they are read, never wrapped" {
	printf '#!sx "x.lisp"\n@1000000000:1000000000 5\n' >"$TMP/ok.sx"
	run wh-expand --reprint "$TMP/ok.sx"
	[ "$status" -eq 0 ]
	local n
	# 10^20 wraps a 64-bit long to a value below 10^9 when multiplied unchecked
	for n in 1000000001 99999999999999999999 18446744073709551617; do
		printf '#!sx "x.lisp"\n@%s:1(defprog p (:type :xdp) 2)\n' "$n" >"$TMP/bad.sx"
		run wh-expand "$TMP/bad.sx"
		[ "$status" -eq 1 ]
		[ "$output" = "$TMP/bad.sx:2:1: error: position out of range" ]
		printf '#!core "x.lisp"\n@1:%s(license "GPL")\n' "$n" >"$TMP/bad.core"
		run wh-lower "$TMP/bad.core"
		[ "$status" -eq 1 ]
		[ "$output" = "$TMP/bad.core:2:1: error: position out of range" ]
	done
}
