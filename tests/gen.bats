#!/usr/bin/env bats
# whistler compile --gen: the shared headers (C, Go, Rust, Python, Lisp)
# for a program's defstructs and defconstants, and their layout checked in
# each language against the layout wh-expand computed (its core output).
load helper
source "$BATS_TEST_DIRNAME/gen/checks.sh"

setup() {
	setup_tmp
	cp "$ROOT/tests/gen/layout.lisp" "$TMP/foo.lisp"
	cd "$TMP"
}
teardown() { teardown_tmp; }

# A toolchain CI does not install (Rust): run the check when it is here,
# else skip and say so plainly, also under WH_REQUIRE_KERNEL=1.
optional_toolchain() {
	command -v "$1" >/dev/null 2>&1 && return 0
	skip "$1 not installed: $2"
}

# The layout wh-expand computed, as layout.awk lines.
layout() {
	whistler compile --emit=core foo.lisp | awk -f "$ROOT/tests/gen/layout.awk"
}

@test "gen: --gen all writes one file per language beside the object" {
	mkdir out
	run whistler compile foo.lisp -o out/foo.bpf.o --gen all
	[ "$status" -eq 0 ]
	for f in foo.bpf.o foo.h foo_types.go foo_types.rs foo_types.py foo_types.lisp; do
		[ -s "out/$f" ]
	done
	[ "$(ls out | wc -l)" -eq 6 ]
}

@test "gen: several languages after one --gen, --gen repeated, comma lists" {
	run whistler compile foo.lisp --gen c go --gen python
	[ "$status" -eq 0 ]
	[ -s foo.bpf.o ] && [ -s foo.h ] && [ -s foo_types.go ] && [ -s foo_types.py ]
	[ ! -e foo_types.rs ] && [ ! -e foo_types.lisp ]
	run whistler compile --gen=rust,lisp foo.lisp -o bar.bpf.o
	[ "$status" -eq 0 ]
	[ -s bar_types.rs ] && [ -s bar_types.lisp ] && [ ! -e bar.h ]
}

@test "gen: with --gen-prefix '' the C header matches the manual's example and every layout (gcc)" {
	whistler compile foo.lisp --gen c --gen-prefix ''
	grep -q '^#include <stdint.h>$' foo.h
	grep -q '^#define EVENT_TYPE_TCP 1$' foo.h
	grep -q '^#define MINUS_ONE -1$' foo.h
	grep -q '^#define BIG_MASK 281474976710655LL$' foo.h
	# the manual's conn_event, field for field
	diff -u <(printf 'struct conn_event {\n\tuint32_t src_addr;\n\tuint32_t dst_addr;\n\tuint16_t port;\n\tuint8_t comm[16];\n};\n') \
		<(sed -n '/^struct conn_event {/,/^};/p' foo.h)
	# embedded structs and unions are members of their own type
	sed -n '/^struct outer {/,/^};/p' foo.h | grep -q $'^\tstruct sample inner;$'
	sed -n '/^struct nested_twice {/,/^};/p' foo.h | grep -q $'^\tunion either any;$'
	layout >layout.txt
	[ "$(grep -c '^struct' layout.txt)" -eq 7 ]
	c_checks foo.h <layout.txt >check.c
	gcc -std=c11 -Wall -Wextra -Werror -fsyntax-only check.c
	printf '#include "foo.h"\n#if EVENT_TYPE_UDP != 2 || MAX_ENTRIES != 262144\n#error constants\n#endif\n' >const.c
	gcc -std=c11 -fsyntax-only const.c
}

@test "gen: padding is explicit where natural alignment would differ" {
	whistler compile foo.lisp --gen c go --gen-prefix=
	# the embedded struct is its type, aligned as C aligns it: no padding
	[[ "$(sed -n '/^struct outer {/,/^};/p' foo.h)" != *_pad* ]]
	# Go spells every gap, tail padding included
	sed -n '/^type Sample struct/,/^}/p' foo_types.go | grep -Eq '_ +\[3\]byte'
	sed -n '/^type TailPad struct/,/^}/p' foo_types.go | grep -Eq '_ +\[7\]byte'
	sed -n '/^type Outer struct/,/^}/p' foo_types.go | grep -Eq '^	Inner +Sample$'
	sed -n '/^type Outer struct/,/^}/p' foo_types.go | grep -Eq '_ +\[7\]byte'
	sed -n '/^type NestedTwice struct/,/^}/p' foo_types.go | grep -Eq '^	Any +Either$'
}

@test "gen: Python ctypes sizes and offsets match (python3)" {
	require_tool python3
	whistler compile foo.lisp --gen python --gen-prefix ''
	grep -q '^class ConnEvent(ctypes.LittleEndianStructure):$' foo_types.py
	grep -q '^        ("inner", Sample),$' foo_types.py
	grep -q '^EVENT_TYPE_TCP = 1$' foo_types.py
	layout | py_checks foo_types >check.py
	run python3 check.py
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "gen: Go sizes and offsets match (go)" {
	require_tool go
	whistler compile foo.lisp --gen go --gen-prefix ''
	grep -q '^package foo$' foo_types.go
	grep -q 'EVENT_TYPE_TCP = 1' foo_types.go
	mkdir -p gocheck/foo
	cp foo_types.go gocheck/foo/
	printf 'module check\n\ngo 1.18\n' >gocheck/go.mod
	layout | go_checks foo foo_types.go >gocheck/main.go
	cd gocheck
	gofmt -l . | { ! grep .; }
	# go needs a cache and a GOPATH: under HOME when there is one
	local home=${HOME:-$TMP}
	run env GOCACHE="${GOCACHE:-$home/.cache/go-build}" GOPATH="${GOPATH:-$home/go}" \
		GOFLAGS=-mod=mod GOTOOLCHAIN=local go run .
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[-1]}" = ok ]
}

@test "gen: Rust #[repr(C)] sizes and offsets match (rustc, optional)" {
	optional_toolchain rustc "CI installs no Rust toolchain; the Rust layout is checked where rustc is present"
	whistler compile foo.lisp --gen rust --gen-prefix ''
	grep -q '^#\[derive(Clone, Copy, Debug, Default)\]$' foo_types.rs
	grep -q '^pub const EVENT_TYPE_TCP: i64 = 1;$' foo_types.rs
	grep -q '^unsafe impl aya::Pod for ConnEvent {}$' foo_types.rs
	# lints allowed item by item: no inner attribute, so include! works
	[[ "$(cat foo_types.rs)" != *'#!['* ]]
	grep -q '^    pub inner: Sample,$' foo_types.rs
	# a union inside: neither Debug nor Default derives, Default by hand
	sed -n '/^pub struct NestedTwice/{x;p;};h' foo_types.rs | grep -q '^#\[derive(Clone, Copy)\]$'
	grep -q '^impl Default for NestedTwice {$' foo_types.rs
	layout | rust_checks foo_types.rs >main.rs
	run rustc --edition 2021 -D warnings -o check main.rs
	echo "$output"
	[ "$status" -eq 0 ]
	run ./check
	[ "$output" = ok ]
}

@test "gen: the Lisp file has defstruct and NAME-from-bytes/NAME-to-bytes" {
	whistler compile foo.lisp --gen lisp
	grep -q '^(defconstant +event-type-tcp+ 1)$' foo_types.lisp
	grep -q '^(defstruct conn-event$' foo_types.lisp
	grep -q '^(defun conn-event-from-bytes (bytes &optional (start 0))$' foo_types.lisp
	grep -q '^(defun conn-event-to-bytes (object)$' foo_types.lisp
	grep -q ':comm (whistler-get-array bytes (+ start 10) 1 16)' foo_types.lisp
	grep -q ':inner (sample-from-bytes bytes (+ start 8))' foo_types.lisp
	grep -q '(replace bytes (sample-to-bytes (outer-inner object)) :start1 8)' foo_types.lisp
	grep -q '^(defconstant +either-size+ 32)$' foo_types.lisp
}

@test "gen: wh-expand --gen reads sx or core and names the guard after -o" {
	mkdir y
	wh-read foo.lisp | wh-expand --gen c -o x.h
	whistler compile --emit=core foo.lisp | wh-expand --gen c -o y/x.h
	diff x.h y/x.h
	grep -q '^#ifndef WHISTLER_X_H$' x.h
}

@test "gen: a program without structs or constants gives empty headers" {
	printf '(defprog p (:type :xdp :license "GPL") XDP_PASS)\n' >plain.lisp
	run whistler compile plain.lisp --gen all
	[ "$status" -eq 0 ]
	printf '#include "plain.h"\n' >inc.c
	gcc -std=c11 -fsyntax-only inc.c
}

@test "gen error: an unknown language is a usage error" {
	run whistler compile foo.lisp --gen klingon
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "whistler: unknown language 'klingon' for --gen (c, go, rust, python, lisp, all)" ]
	[[ ${lines[1]} == Usage:* ]]
	[ ! -e foo.bpf.o ]
}

@test "gen error: --gen without a language" {
	run whistler compile foo.lisp --gen
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == "whistler: option --gen needs a language"* ]]
}

@test "gen error: --gen with --emit" {
	run whistler compile foo.lisp --emit=core --gen c
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == *"does not go with --emit"* ]]
}

@test "gen error: wh-expand --gen with a bad language or bad core" {
	run wh-expand --gen cobol foo.lisp
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == *"unknown language 'cobol'"* ]]
	printf '#!core\n(struct s :size 4 :align 4 (a u12 0))\n' >bad.core
	run wh-expand --gen c bad.core
	[ "$status" -eq 1 ]
	[[ $output == *"bad field width u12"* ]]
	[ "${#lines[@]}" -eq 1 ]
	printf '#!core\n(struct s :size 4 :align 4 (a u32 2))\n' >bad.core
	run wh-expand --gen go bad.core
	[ "$status" -eq 1 ]
	[[ $output == *"field a of s is misplaced"* ]]
}

@test "gen error: a compile error writes no header" {
	printf '(defstruct s (a u12))\n' >bad.lisp
	run whistler compile bad.lisp --gen c
	[ "$status" -eq 1 ]
	[[ $output == *"bad.lisp:1:"*"error"* ]]
	[ ! -e bad.h ] && [ ! -e bad.bpf.o ]
}

@test "gen: the Lisp codec round-trips through NAME-to-bytes and NAME-from-bytes (sbcl, optional)" {
	optional_toolchain sbcl "CI installs no Common Lisp; the Lisp codec runs where sbcl is present"
	whistler compile foo.lisp --gen lisp
	cp foo_types.lisp check.lisp
	cat >>check.lisp <<-'LISP'
	(let* ((s (make-sample :flags 7 :id #x12345678 :value #x1122334455667788))
	       (b (sample-to-bytes s)))
	  (assert (= (length b) +sample-size+))
	  (assert (equalp (coerce b 'list)
	                  '(7 0 0 0 #x78 #x56 #x34 #x12 #x88 #x77 #x66 #x55 #x44 #x33 #x22 #x11)))
	  (assert (equalp s (sample-from-bytes b)))
	  (let* ((o (make-outer :tag 1 :inner s :type 2 :match 3))
	         (ob (outer-to-bytes o)))
	    (assert (= (length ob) +outer-size+))
	    (assert (equalp (subseq ob 8 24) b))
	    (assert (= (aref ob 24) 2))
	    (assert (equalp o (outer-from-bytes ob)))))
	(let* ((w (make-wide-arrays :kind 1 :ports (make-array 3 :element-type '(unsigned-byte 16)
	                                                        :initial-contents '(80 443 8080))))
	       (b (wide-arrays-to-bytes w)))
	  (assert (= (aref b 2) 80))
	  (assert (equalp (wide-arrays-ports (wide-arrays-from-bytes b)) #(80 443 8080)))
	  (assert (equalp (wide-arrays-ports (wide-arrays-from-bytes (concatenate '(vector (unsigned-byte 8)) #(0 0 0) b) 3))
	                  #(80 443 8080))))
	(format t "ok~%")
	LISP
	run sbcl --script check.lisp
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "gen: wh-expand --gen LANG,LANG --base BASE writes every file from one run" {
	wh-read foo.lisp | wh-expand --gen c,python --gen lisp --base out-x
	[ -s out-x.h ] && [ -s out-x_types.py ] && [ -s out-x_types.lisp ]
	grep -q '^#ifndef WHISTLER_OUT_X_H$' out-x.h
}

@test "gen error: wh-expand --gen with two languages and no --base" {
	run wh-expand --gen c,go foo.lisp
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == *"--gen with several languages needs --base BASE"* ]]
}

@test "gen: (compile-to-elf NAME) names the object and so the headers" {
	printf '(compile-to-elf "named.bpf.o")\n(defconstant +one+ 1)\n(defprog p (:type :xdp :license "GPL") XDP_PASS)\n' >ctoe.lisp
	run whistler compile ctoe.lisp --gen c
	[ "$status" -eq 0 ]
	[ -s named.bpf.o ] && grep -q '^#define NAMED_ONE 1$' named.h
	[ ! -e ctoe.h ]
}

# A program that defines constants libbpf and <sys/socket.h> also define.
clash_program() {
	cat >clash.lisp <<-'LISP'
	(defconstant +bpf-any+ 0)
	(defconstant +af-inet+ 2)
	(defstruct bpf-map (fd u32))
	(defstruct sockaddr (family u16) (port u16))
	(defprog p (:type :xdp :license "GPL") XDP_PASS)
	LISP
}

@test "gen: names carry the object's namespace in C, Go, Python and Rust; Lisp keeps its own" {
	clash_program
	whistler compile clash.lisp -o my-prog.bpf.o --gen all
	grep -q '^#define MY_PROG_BPF_ANY 0$' my-prog.h
	grep -q '^struct my_prog_sockaddr {$' my-prog.h
	grep -q '^#ifndef WHISTLER_MY_PROG_H$' my-prog.h
	grep -q '^	MY_PROG_AF_INET = 2$' my-prog_types.go
	grep -q '^type MyProgSockaddr struct {$' my-prog_types.go
	grep -q '^MY_PROG_AF_INET = 2$' my-prog_types.py
	grep -q '^class MyProgBpfMap(ctypes.LittleEndianStructure):$' my-prog_types.py
	grep -q '^pub const MY_PROG_BPF_ANY: i64 = 0;$' my-prog_types.rs
	grep -q '^pub struct MyProgSockaddr {$' my-prog_types.rs
	grep -q '^(defconstant +bpf-any+ 0)$' my-prog_types.lisp
	# --gen-prefix names another namespace
	whistler compile clash.lisp -o my-prog.bpf.o --gen c --gen-prefix wh
	grep -q '^#define WH_BPF_ANY 0$' my-prog.h
	grep -q '^struct wh_bpf_map {$' my-prog.h
	run whistler compile clash.lisp --gen-prefix wh
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == "whistler: --gen-prefix needs --gen LANG" ]]
}

@test "gen: the C header compiles with -Wall -Werror before and after <bpf/libbpf.h> and <sys/socket.h>" {
	require_file /usr/include/bpf/libbpf.h libbpf-dev
	clash_program
	whistler compile clash.lisp --gen c
	local order
	for order in before after; do
		{
			[ "$order" = after ] || echo '#include "clash.h"'
			printf '#include <sys/socket.h>\n#include <bpf/libbpf.h>\n#include <bpf/bpf.h>\n'
			[ "$order" = before ] || echo '#include "clash.h"'
			echo '#include "clash.h"'
			printf 'int main(void) {\n'
			printf '\tstruct clash_sockaddr s = {CLASH_AF_INET, 80};\n'
			printf '\treturn s.family + CLASH_BPF_ANY + BPF_ANY + AF_INET - 4;\n}\n'
		} >use-$order.c
		run gcc -std=c11 -Wall -Wextra -Werror -c use-$order.c -o use-$order.o
		echo "$output"
		[ "$status" -eq 0 ]
	done
	# and the bare names would not: the namespace is what makes it work
	whistler compile clash.lisp --gen c --gen-prefix ''
	printf '#include "clash.h"\n#include <bpf/libbpf.h>\n' >bare.c
	run gcc -std=c11 -Wall -Werror -c bare.c -o bare.o
	[ "$status" -ne 0 ]
}

@test "gen: the Rust file works as a module and through include! (rustc, optional)" {
	optional_toolchain rustc "CI installs no Rust toolchain; the Rust file is compiled where rustc is present"
	clash_program
	whistler compile clash.lisp --gen rust
	printf 'mod clash_types;\nfn main() { let s = clash_types::ClashSockaddr { family: 2, port: 80 }; assert_eq!(s.family as i64, clash_types::CLASH_AF_INET); }\n' >as_mod.rs
	run rustc --edition 2021 -D warnings as_mod.rs -o as_mod
	echo "$output"
	[ "$status" -eq 0 ]
	printf 'include!("clash_types.rs");\nfn main() { let s = ClashSockaddr { family: 2, port: 80 }; assert_eq!(s.port, 80); assert_eq!(CLASH_BPF_ANY, 0); }\n' >as_include.rs
	run rustc --edition 2021 -D warnings as_include.rs -o as_include
	echo "$output"
	[ "$status" -eq 0 ]
}
