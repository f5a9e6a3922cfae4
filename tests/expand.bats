#!/usr/bin/env bats
# wh-expand: the whole language down to core. Golden core for programs
# that use every kind of form, and one exact error (with position and
# macro-expansion notes) per compile error the manual names.
load helper
bats_require_minimum_version 1.5.0

setup() { setup_tmp; }
teardown() { teardown_tmp; }

golden() {          # golden NAME: tests/expand/NAME.lisp expands to NAME.core
	cd "$ROOT/tests/expand"
	run bash -c "wh-read $1.lisp | WH_ARCH=x86_64 wh-expand 2>/dev/null"   # stdout: warnings are tested elsewhere
	[ "$status" -eq 0 ]
	diff -u "$1.core" <(printf '%s\n' "$output")
}

@test "golden: packet parsing, structs, ringbuf and maps (the manual's SYN logger)" {
	golden ringbuf-syn
}

@test "golden: tail calls, struct keys, unions, stack-addr, when-let, case, dotimes, memset, asm" {
	golden forms
}

@test "golden: kprobe with pt-regs, fill-process-info, do-user-array/ptrs, TC and parse-*" {
	golden kprobe-tc
}

expand_src() {      # expand_src 'SOURCE' [ENV...]: wh-read | wh-expand
	printf '%s\n' "$1" >"$TMP/p.lisp"
	run bash -c "wh-read '$TMP/p.lisp' | wh-expand"
}

core_of() {         # core_of 'SOURCE': the program body, positions dropped
	expand_src "$1"
	[ "$status" -eq 0 ]
	output=$(printf '%s\n' "$output" | tail -1 | sed 's/@[0-9]*:[0-9]*//g')
}

@test "constant folding: arithmetic, defconstant, sizeof, byte swaps of constants" {
	core_of '(defconstant +a+ (* 256 1024))
(defstruct s (x u8) (y u32))
(defprog p () (+ +a+ (sizeof s) (ntohs #x1234) (<< 1 4) (- 3)))'
	# 262144 + 8 + #x3412 + 16 - 3
	[[ "$output" == *'"xdp" 275495)' ]]
}

@test "identities fold away but keep side effects" {
	core_of '(defprog p () (+ (* (ktime-get-ns) 1) 0))'
	[[ "$output" == *'(call ktime-get-ns))' ]]
}

@test "let: types from the inference table and declare" {
	core_of '(defprog p (:type :kprobe)
  (let ((a (load u32 (pt-regs-parm1) 0))
        (b u16 (ktime-get-ns))
        (c (get-prandom-u32))
        (d (ktime-get-ns)))
    (declare (type u8 d))
    (+ a b c d)))'
	[[ "$output" == *'(let ((a u32 (load u32 (ctx-load u64 112) 0)) (b u16 (cast u16 (call ktime-get-ns))) (c u32 (call get-prandom-u32)) (d u8 (cast u8 (call ktime-get-ns))))'* ]]
}

@test "parallel let sees the outer binding; let* the inner one" {
	core_of '(defprog p () (let ((a 1)) (let ((a 2) (b (+ a 1))) b)))'
	[[ "$output" == *'(let ((a#1 2) (b#2 (+ a 1))) (let ((a a#1) (b b#2)) b))'* ]]
	core_of '(defprog p () (let* ((a 1) (b (+ a 1))) b))'
	[[ "$output" == *'(let ((a 1) (b (+ a 1))) b)'* ]]
}

@test "struct layout: natural alignment, padding, tail padding, arrays" {
	expand_src '(defstruct sample (flags u8) (id u32) (value u64))
(defstruct my-event (pid u32) (comm (array u8 16)) (data (array u8 64)))
(defstruct tail (a u64) (b u8))'
	[ "$status" -eq 0 ]
	output=$(printf '%s\n' "$output" | sed 's/@[0-9]*:[0-9]*//g')
	[[ "$output" == *'(struct sample :size 16 :align 8 (flags u8 0) (id u32 4) (value u64 8))'* ]]
	[[ "$output" == *'(struct my_event :size 84 :align 4 (pid u32 0) (comm u8 4 16) (data u8 20 64))'* ]]
	[[ "$output" == *'(struct tail :size 16 :align 8 (a u64 0) (b u8 8))'* ]]
}

@test "struct accessors: get, set, -ptr, runtime array index, make- zeroes" {
	core_of '(defstruct ev (a u16) (b (array u32 4)))
(defprog p () (let ((e (make-ev)) (i 2)) (setf (ev-a e) 7 (ev-b e i) 9) (+ (ev-b e 1) (ev-b-ptr e))))'
	[[ "$output" == *'(store u64 obj#1 0 0) (store u64 obj#1 8 0) (store u32 obj#1 16 0)'* ]]
	[[ "$output" == *'(store u16 e 0 7) (store u32 (+ e (* i 4)) 4 9)'* ]]
	[[ "$output" == *'(+ (load u32 e 8) (+ e 4))'* ]]
}

@test "defmacro with backquote and compile-time computation (the manual's blocked-port-p)" {
	core_of '(defconstant +blocked-ports+ (quote (80 443)))
(defmacro blocked-port-p (port)
  `(or ,@(mapcar (lambda (p) `(= ,port ,p)) +blocked-ports+)))
(defprog p () (let ((x 1)) (blocked-port-p x)))'
	[[ "$output" == *'(or (= x 80) (= x 443))'* ]]
}

@test "a macro can generate whole programs" {
	expand_src '(defmacro define-port-checker (name port action)
  `(defprog ,name (:type :xdp :section "xdp")
     (with-tcp (data data-end tcp)
       (when (= (tcp-dst-port tcp) ,port) (return ,action)))
     XDP_PASS))
(define-port-checker drop-9999 9999 XDP_DROP)
(define-port-checker drop-8080 8080 XDP_DROP)'
	[ "$status" -eq 0 ]
	[[ "$output" == *'(prog drop_9999 '* ]]
	[[ "$output" == *'(prog drop_8080 '* ]]
}

@test "ctx: named fields per program type, arrays, setf, the legacy form" {
	core_of '(defprog p (:type :cgroup-sock-addr)
  (setf (ctx user-ip4) 1 (ctx user-port) (htons 8080))
  (+ (ctx user-ip6 2) (ctx u32 4)))'
	[[ "$output" == *'(ctx-store u32 4 1) (ctx-store u32 24 36895)'* ]]
	[[ "$output" == *'(+ (ctx-load u32 16) (ctx-load u32 4))'* ]]
}

@test "the section decides the program type: :type :xdp with a tc/ section is TC" {
	expand_src '(defprog p (:type :xdp :section "tc/block_4444") TC_ACT_OK)'
	[ "$status" -eq 0 ]
	[[ "$output" == *'(prog p :type tc :section "tc/block_4444" 0)'* ]]
}

@test "pt-regs: aarch64 offsets, and a clear error elsewhere" {
	printf '(defprog p (:type :kprobe) (pt-regs-parm2))\n' >"$TMP/k.lisp"
	run bash -c "wh-read '$TMP/k.lisp' | WH_ARCH=aarch64 wh-expand"
	[[ "$output" == *'(ctx-load u64 8))' ]]
	run bash -c "wh-read '$TMP/k.lisp' | WH_ARCH=riscv64 wh-expand"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/k.lisp:1:28: error: pt-regs accessors support x86_64 and aarch64, not riscv64 (set WH_ARCH to cross-compile)" ]
	[ "${lines[1]}" = "$TMP/k.lisp:1:28: note: in expansion of macro 'pt-regs-parm2'" ]
}

@test "compile-to-elf names the default output of whistler compile" {
	printf '(defprog p () 2)\n(compile-to-elf "%s/named.bpf.o")\n' "$TMP" >"$TMP/n.lisp"
	run whistler compile "$TMP/n.lisp"
	[ "$status" -eq 0 ]
	[ -s "$TMP/named.bpf.o" ]
	[ ! -e "$TMP/n.bpf.o" ]
	run whistler compile "$TMP/n.lisp" -o "$TMP/given.o"
	[ -s "$TMP/given.o" ]
}

@test "in-package, package prefixes and reader conditionals of the seeds are accepted" {
	core_of '(in-package #:whistler)
(whistler:defstruct s (a u32))
(defprog p () (sizeof s))'
	[[ "$output" == *'"xdp" 4)' ]]
}

# ---- one error per kind, with its position ----

expect_error() {    # expect_error 'SOURCE' 'MESSAGE' [NOTE...]
	expand_src "$1"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:$2" ]
	local i=1
	shift 2
	for note in "$@"; do
		[ "${lines[$i]}" = "$TMP/p.lisp:$note" ]
		i=$((i + 1))
	done
	[ "${#lines[@]}" -eq "$i" ]
}

@test "division and modulo by constant zero fold as BPF computes them, effects kept" {
	# notes/semantics.md: x / 0 = 0, x mod 0 = x; 0 + 7
	core_of '(defprog p () (+ (/ 7 0) (mod 7 (- 2 2))))'
	[[ "$output" == *'"xdp" 7)' ]]
	# (/ call 0) keeps the call; (mod x 0) is x; (/ x 0) and (* 0 call) are 0
	core_of '(defprog p () (let ((x (ktime-get-ns))) (+ (/ (ktime-get-ns) 0) (mod x 0) (/ x 0) (* 0 (ktime-get-ns)))))'
	[[ "$output" == *'(+ (+ (progn (call ktime-get-ns) 0) x) (progn (call ktime-get-ns) 0))'* ]]
}

@test "shift amounts are taken modulo 64, as the kernel does for a register; ash shifts out" {
	# 1 << 64 = 1, 1 << 65 = 2; x >> 64 = x; -1 and 127 are 63 modulo 64;
	# (ash 1 64) and (ash x -70) shift every bit out: 0; (ash 3 63) = 2^63
	core_of '(defprog p () (let ((x (ktime-get-ns))) (+ (<< 1 64) (<< 1 65) (>> x 64) (<< x -1) (>>> x 127) (ash 1 64) (ash x -70) (ash 3 63))))'
	[[ "$output" == *'(+ (+ (+ (+ 3 x) (<< x 63)) (>>> x 63)) -9223372036854775808)'* ]]
}

@test "error: dotimes bound not constant, or negative" {
	expect_error '(defprog p () (let ((n 3)) (dotimes (i n) 0)))' \
		"1:28: error: dotimes: the bound must be a compile-time constant, not n"
	expect_error '(defprog p () (dotimes (i -1) 0))' \
		"1:15: error: dotimes: the bound must not be negative (-1)"
}

@test "error: tail-call on a map that is not a prog-array" {
	expect_error '(defmap m :type :array :key-size 4 :value-size 4 :max-entries 1)
(defprog p () (tail-call m 0))' "2:15: error: tail-call needs a :prog-array map; m is a :array map"
}

@test "error: wrong helper argument count" {
	expect_error '(defprog p () (ktime-get-ns 1))' "1:15: error: helper ktime-get-ns takes 0 arguments, got 1"
}

@test "error: unknown form, unknown variable" {
	expect_error '(defprog p ()
  (frobnicate 1))' "2:3: error: unknown form 'frobnicate'"
	expect_error '(defprog p () (+ y 1))' "1:15: error: unknown variable 'y'"
}

@test "error: non-constant memset and memcpy sizes" {
	expect_error '(defprog p () (let ((n 4) (b (stack-alloc 8))) (memset b 0 0 n)))' \
		"1:48: error: the memset size must be a compile-time constant, and n is not one"
	expect_error '(defprog p () (let ((n 4) (b (stack-alloc 8))) (memcpy b 0 b 4 n)))' \
		"1:48: error: the memcpy size must be a compile-time constant, and n is not one"
}

@test "error: ctx field unknown for the program type" {
	expect_error '(defprog p (:type :xdp) (ctx user-ip4))' \
		"1:25: error: ctx: :xdp programs (xdp_md) have no field 'user-ip4'; known fields: data, data-end, data-meta, ingress-ifindex, rx-queue-index, egress-ifindex"
	expect_error '(defprog p (:type :xdp) (setf (ctx data) 1))' \
		"1:31: error: ctx: field 'data' of xdp_md is read-only"
}

@test "error: from a user macro, with the expansion chain as notes" {
	expect_error '(defmacro m (x) (if (> x 3) (error "m: ~d is too big" x) x))
(defprog p () (m 5))' "2:15: error: m: 5 is too big" "2:15: note: in expansion of macro 'm'"
	expect_error '(defmacro inner (x) `(frob ,x))
(defmacro outer (y) `(progn (inner ,y)))
(defprog p ()
  (outer 1))' "4:3: error: unknown form 'frob'" "4:3: note: in expansion of macro 'inner'" \
		"4:3: note: in expansion of macro 'outer'"
}

@test "error: inside a prelude macro, reported at the user's call" {
	expect_error '(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defprog p ()
  (with-ringbuf (e m 8)
    0))' "3:3: error: ringbuf-reserve needs a :ringbuf map; m is a :hash map" \
		"3:3: note: in expansion of macro 'with-ringbuf'"
}

@test "error: defmap argument checks" {
	expect_error '(defmap m :type :hash :max-entries 4)' \
		"1:1: error: defmap m: :key-size and :value-size are required for :hash maps"
	expect_error '(defmap m :type :ringbuf :max-entries 1000)' \
		"1:1: error: defmap m: a ring buffer's :max-entries is its size in bytes: a power of two, at least a page (4096), not 1000"
	expect_error '(defmap m :type :ringbuf :max-entries 1024)' \
		"1:1: error: defmap m: a ring buffer's :max-entries is its size in bytes: a power of two, at least a page (4096), not 1024"
	expect_error '(defmap m :type :array :key-size 4 :value-size 4)' \
		"1:1: error: defmap m: :max-entries is required"
	expect_error '(defmap m :type :bogus :max-entries 4)' "1:1: error: defmap m: unknown map type :bogus"
}

@test "error: defmap sizes the kernel would refuse, before anything is built from them" {
	expect_error '(defmap m :type :array :key-size 1 :value-size 8 :max-entries 1)' \
		"1:1: error: defmap m: the key of a :array map is 4 bytes, not 1"
	expect_error '(defmap m :type :percpu-array :key-size 8 :value-size 8 :max-entries 1)' \
		"1:1: error: defmap m: the key of a :percpu-array map is 4 bytes, not 8"
	expect_error '(defmap m :type :prog-array :key-size 4 :value-size 8 :max-entries 1)' \
		"1:1: error: defmap m: the value of a :prog-array map is 4 bytes, not 8"
	expect_error '(defmap m :type :hash :key-size 513 :value-size 8 :max-entries 1)' \
		"1:1: error: defmap m: the key of a :hash map is 1 to 512 bytes, not 513"
	expect_error '(defmap m :type :lpm-trie :key-size 4 :value-size 8 :max-entries 1 :map-flags 1)' \
		"1:1: error: defmap m: the key of a :lpm-trie map is 5 to 260 bytes, not 4"
	expect_error '(defmap m :type :lpm-trie :key-size 8 :value-size 8 :max-entries 1)' \
		"1:1: error: defmap m: a :lpm-trie map needs :map-flags 1 (BPF_F_NO_PREALLOC)"
	expect_error '(defmap m :type :percpu-hash :key-size 4 :value-size 40000 :max-entries 1)' \
		"1:1: error: defmap m: the value of a :percpu-hash map is 1 to 32768 bytes, not 40000"
	expect_error '(defmap m :type :array :key-size 4 :value-size 100000000 :max-entries 1)
(defprog p () (setf (getmap m 0) 1) 0)' \
		"1:1: error: defmap m: the value of a :array map is 1 to 4194304 bytes, not 100000000"
	expect_error '(defmap m :type :array :key-size 4 :value-size 4096 :max-entries 1048577)' \
		"1:1: error: defmap m: an :array map of 1048577 entries of 4096 bytes passes the kernel's 4 GiB limit"
	expect_error '(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 4294967296)' \
		"1:1: error: defmap m: :max-entries must be 1 to 4294967295, not 4294967296"
}

@test "error: map and program names must be symbols the object can carry" {
	expect_error '(defmap a.b :type :array :key-size 4 :value-size 8 :max-entries 1)' \
		"1:1: error: map name a.b cannot be a symbol in the object: '.' cannot be part of a C identifier"
	expect_error '(defprog |a b| () 0)' \
		"1:1: error: program name a b cannot be a symbol in the object: a space cannot be part of a C identifier"
	expect_error '(defprog |x"y| () 0)' \
		"1:1: error: program name x\"y cannot be a symbol in the object: '\"' cannot be part of a C identifier"
	expect_error '(defprog prög () 0)' \
		"1:1: error: program name prög cannot be a symbol in the object: a C identifier holds only ASCII letters, digits, '-' and '_'"
	expect_error '(defprog 1abc () 0)' \
		"1:1: error: program name 1abc cannot be a symbol in the object: a C identifier cannot start with a digit"
	local long
	long=$(printf 'n%.0s' $(seq 512))
	expect_error "(defprog $long () 0)" \
		"1:1: error: program name $(printf 'n%.0s' $(seq 61))... cannot be a symbol in the object: it has 512 characters, and BTF carries at most 511"
}

@test "a 511-character program name, the longest BTF carries, compiles and loads" {
	require_kernel
	local long
	long=$(printf 'n%.0s' $(seq 511))
	printf '(defprog %s (:type :xdp :section "xdp") XDP_PASS)\n' "$long" >"$TMP/long.lisp"
	run whistler compile "$TMP/long.lisp" -o "$TMP/long.o"
	[ "$status" -eq 0 ]
	run wh-load check "$TMP/long.o"
	[ "$status" -eq 0 ]
}

@test "error: a second program or map of the same name, at the second, with a note at the first" {
	expect_error '(defprog p () 0)
(defprog p () 1)' "2:1: error: program p is defined twice" "1:1: note: the program p is defined here"
	expect_error '(defmap p :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog p () 0)' "2:1: error: program p has the same symbol in the object as the map p; rename one of them" \
		"1:1: note: the map p is defined here"
	expect_error '(defmap a-b :type :array :key-size 4 :value-size 8 :max-entries 1)
(defmap a_b :type :array :key-size 4 :value-size 8 :max-entries 1)' \
		"2:1: error: map a_b has the same symbol in the object (a_b) as the map a-b; rename one of them" \
		"1:1: note: the map a-b is defined here"
}

@test "error: a :type the section contradicts; the manual's :xdp with tc/ stays a TC program" {
	expect_error '(defprog p (:type :xdp :section "kprobe/do_sys_open") 0)' \
		'1:1: error: defprog p: :type :xdp contradicts section "kprobe/do_sys_open", which makes a :kprobe program; drop :type or make them agree'
	expect_error '(defprog p (:type :tracepoint :section "xdp") 0)' \
		'1:1: error: defprog p: :type :tracepoint contradicts section "xdp", which makes a :xdp program; drop :type or make them agree'
	core_of '(defprog p (:type :xdp :section "tc/my_filter") 0)'
	[[ "$output" == *'(prog p :type tc :section "tc/my_filter" 0)'* ]]
	core_of '(defprog p (:type :kprobe :section "uprobe/bin:f") 0)'
	[[ "$output" == *'(prog p :type kprobe :section "uprobe/bin:f" 0)'* ]]
	core_of '(defprog p (:section "kprobe/f") 0)'
	[[ "$output" == *'(prog p :type kprobe :section "kprobe/f" 0)'* ]]
}

@test "error: memset and memcpy offsets a pointer cannot move by (no overflow on the way)" {
	expect_error '(defstruct small (bytes (array u8 16)))
(defprog p () (let ((a (make-small))) (memset a 9223372036854775807 0 11)) 0)' \
		"2:39: error: memset: offset 9223372036854775807 is out of range (a pointer moves by at most 2^31 bytes)"
	expect_error '(defstruct small (bytes (array u8 16)))
(defprog p () (let ((a (make-small)) (c (make-small))) (memcpy c 0 a -9223372036854775807 11)) 0)' \
		"2:56: error: memcpy: offset -9223372036854775807 is out of range (a pointer moves by at most 2^31 bytes)"
}

@test "error: defprog with an unknown type or option" {
	expect_error '(defprog p (:type :nope) 0)' "1:12: error: defprog p: unknown program type :nope"
	expect_error '(defprog p (:tpye :xdp) 0)' "1:12: error: defprog: unknown option :tpye"
}

@test "error: kernel struct pointers of the wrong type" {
	[ -r /sys/kernel/btf/vmlinux ] || skip "no readable /sys/kernel/btf/vmlinux"
	expand_src '(import-kernel-struct task-struct pid mm)
(import-kernel-struct mm-struct exe-file)
(defprog p (:type :kprobe)
  (let* ((task (get-current-task))
         (mm (task-struct-mm task)))
    (task-struct-pid mm)))'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:6:5: error: task-struct-pid expects a pointer to task-struct, but mm points to mm-struct; use (as-task-struct mm) if that is intended" ]
}

@test "error: a macro that expands into itself stops, with a short chain of notes" {
	expand_src '(defmacro m (n) (list (quote m) (+ n 1)))
(defprog p () (m 0))'
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$TMP/p.lisp:2:15: error: macro expansions nested more than 1000 deep (does 'm' expand into itself?)" ]
	[ "${lines[9]}" = "$TMP/p.lisp:2:15: note: ... 984 more expansions ..." ]
	[ "${#lines[@]}" -eq 18 ]
}

@test "let: (var type) zero-initializes; inference reads the form as written" {
	core_of '(defprog p ()
  (let ((z u32) (n (ntohs #x1234)) (u (+ (load u16 (xdp-data) 0) 0)) (d (ctx data)) (q (ctx ingress-ifindex)))
    (setf n (+ n #x10000) u (+ u #x10000))
    (+ z n u d q)))'
	[[ "$output" == *'(let ((z u32 0) (n u16 13330) (u (load u16 (ctx-load u32 0) 0)) (d (ctx-load u32 0)) (q u32 (ctx-load u32 12)))'* ]]
	[[ "$output" == *'(set n (cast u16 (+ n 65536))) (set u (+ u 65536))'* ]]
}

@test "ctx-load with a signed type (the manual's tracepoint field types) sign-extends" {
	core_of '(defprog p (:type :tracepoint :section "tracepoint/sched/sched_process_fork")
  (+ (ctx-load i8 8) (ctx-load i16 10) (ctx-load i32 12) (ctx-load i64 16) (ctx-load u32 20)))'
	[[ "$output" == *'(>>> (<< (ctx-load u8 8) 56) 56)'* ]]
	[[ "$output" == *'(>>> (<< (ctx-load u16 10) 48) 48)'* ]]
	[[ "$output" == *'(>>> (<< (ctx-load u32 12) 32) 32)'* ]]
	[[ "$output" == *' (ctx-load u64 16))'* ]]
	[[ "$output" == *' (ctx-load u32 20))'* ]]
	expand_src '(defprog p (:type :tracepoint :section "tracepoint/a/b") (ctx-load s32 0))'
	[ "$status" -eq 1 ]
	[[ "$output" == *'p.lisp:1:'*'error: ctx-load: expected a type u8, u16, u32 or u64, got s32'* ]]
}

# ---- the compile-time Lisp in a compile ----

@test "top-level output goes to stderr; stdout carries only the core" {
	# SBCL prints the same text for the Lisp part of the file (sbcl --script)
	run --separate-stderr bash -c "wh-read '$ROOT/tests/programs/ct-toplevel-output.lisp' | wh-expand"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "#!core \"$ROOT/tests/programs/ct-toplevel-output.lisp\"" ]
	[[ "$output" != *compiling* ]]
	[ "$stderr" = $'compiling: maps\n\n(COUNT 1) \nno newline then one\ncompiling: programs\n1 programs\ncompiling: done' ]
	cd "$TMP"
	run --separate-stderr whistler compile "$ROOT/tests/programs/ct-toplevel-output.lisp" -o out.o
	[ "$status" -eq 0 ]
	[ -s out.o ]
	[[ "$stderr" == 'compiling: maps'*'compiling: done' ]]
	# *error-output* is stderr too, and a string stream keeps its text
	expand_src '(format *error-output* "e~a~%" 1)
(format t "~a~%" (with-output-to-string (s) (princ "kept" s)))
(defprog p () 0)'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "e1" ]
	[ "${lines[1]}" = "kept" ]
	[ "${lines[2]}" = "#!core \"$TMP/p.lisp\"" ]
}

@test "stack-addr written by a macro in the let body; refused outside a let, located" {
	core_of '(defmacro addr-of (v) `(stack-addr ,v))
(defprog p () (let ((x u16 5)) (setf x (+ x 1)) (load u8 (addr-of x) 0)))'
	# x lives in a slot: its init and the setf before the macro are stores
	[[ "$output" == *'(let ((x#'*' (stack-alloc 8))) (store u16 x#'*' 0 5) (progn (store u16 x#'*' 0 (cast u16 (+ (load u16 x#'*' 0) 1))) (load u8 x#'*' 0)))'* ]]
	expect_error '(defmacro addr-of (v) `(stack-addr ,v))
(defprog p () (let ((x 5)) x) (addr-of x))' "2:31: error: stack-addr needs a variable bound by let, not x" \
		"2:31: note: in expansion of macro 'addr-of'"
	expect_error '(defprog p () (dotimes (i 2) (stack-addr i)))' \
		"1:30: error: stack-addr of i: only a variable bound by let or let* lives on the stack, and i is a loop counter"
	expect_error '(defprog p () (let ((x 1) (y (stack-addr x))) y))' \
		"1:30: error: stack-addr needs a variable bound by let, not x"
}

@test "#. sees the definitions before it; *read-eval* nil refuses it where it is" {
	core_of '(defun twice (x) (* 2 x))
(defconstant +k+ 5)
(defprog p () (+ #.(twice +k+) #.(length #(1 2 3))))'
	[[ "$output" == *'"xdp" 13)' ]]
	# a definition after the #. is not there yet (SBCL: undefined function)
	expect_error '(defprog p () #.(later))
(defun later () 1)' "1:17: error: undefined function later"
	expect_error '(setf *read-eval* nil)
(defprog p ()
  #.(+ 1 2))' "3:3: error: #. read-time evaluation is off (*read-eval* is nil)"
	expect_error '(defprog p () (+ 1 #(1 2)))' "1:20: error: a vector is not a value in a BPF program"
	expect_error '(defprog p () (+ 1 #.(make-hash-table)))' \
		"1:20: error: a hash table is not a value in a BPF program"
}
