#!/usr/bin/env bats
# Programs the kernel verifier refuses for a reason the compiler knows are
# refused at compile time, at the Lisp form, in Lisp terms (wh-opt/refuse.c).
# Each case is checked three ways: the error and its position; with
# `wh-opt --no-refuse` the kernel refuses the object too (so the check
# never refuses what the kernel would take); and a variant just inside the
# limit compiles and loads.
load helper

setup() { setup_tmp; }
teardown() { teardown_tmp; }

# refused 'SOURCE' 'LINE:COL: error: MESSAGE': compile fails with exactly
# that line; built without the check, the verifier refuses the object.
refused() {
	printf '%s\n' "$1" >"$TMP/r.lisp"
	rm -f "$TMP/r.o"
	run whistler compile "$TMP/r.lisp" -o "$TMP/r.o"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/r.lisp:$2" ]
	[ ! -e "$TMP/r.o" ]
	[ -z "${2##*error: ctx:*}" ] && return   # wh-expand's own check: no bypass
	if [ "$(id -u)" = 0 ] && bpftool prog show >/dev/null 2>&1; then
		WH_OPT="wh-opt --no-refuse" whistler compile "$TMP/r.lisp" -o "$TMP/r.o"
		run wh-load check "$TMP/r.o"
		[ "$status" -eq 1 ]
		[[ "$output" == *"the verifier rejected it"* ]]
	fi
}

# accepted 'SOURCE': compiles, and the verifier takes it.
accepted() {
	printf '%s\n' "$1" >"$TMP/a.lisp"
	run whistler compile "$TMP/a.lisp" -o "$TMP/a.o"
	echo "$output"
	[ "$status" -eq 0 ]
	run wh-load check "$TMP/a.o"
	echo "$output"
	[ "$status" -eq 0 ]
}

@test "refuse: a cgroup program's return value outside what its section allows" {
	require_kernel
	refused '(defprog p (:type :cgroup-skb :section "cgroup_skb/ingress") (return -1))' \
		'1:62: error: p: :cgroup-skb programs in section "cgroup_skb/ingress" return 0 or 1; this returns -1, which the kernel refuses'
	refused '(defprog q (:type :cgroup-sock-addr :section "cgroup/recvmsg4") 0)' \
		'1:1: error: q: :cgroup-sock-addr programs in section "cgroup/recvmsg4" return 1; this returns 0, which the kernel refuses'
	refused '(defprog p (:type :cgroup-skb :section "cgroup_skb/egress") 4)' \
		'1:1: error: p: :cgroup-skb programs in section "cgroup_skb/egress" return 0 to 3; this returns 4, which the kernel refuses'
	accepted '(defprog p (:type :cgroup-skb :section "cgroup_skb/egress") 3)'
	accepted '(defprog p (:type :xdp :section "xdp") -1)'
}

@test "refuse: a load or store through an address that is a number" {
	require_kernel
	refused '(defprog p (:type :xdp) (load u8 4096 0))' \
		'1:25: error: p: reads memory at address 4096, a number and not a pointer: programs reach memory only through the pointers the kernel gives them (packet, map value, stack, context); kernel or user memory is read with probe-read-kernel or probe-read-user'
	refused '(defprog p (:type :xdp) (let ((x 4000)) (store u32 (+ x 96) 0 7)) 0)' \
		'1:41: error: p: writes memory at address 4096, a number and not a pointer: programs reach memory only through the pointers the kernel gives them (packet, map value, stack, context); kernel or user memory is read with probe-read-kernel or probe-read-user'
	refused '(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defprog p (:type :xdp)
  (let ((v (getmap m 1)))
    (if v (load u64 v 8) 0)))' \
		'4:11: error: p: reads memory through a value read from a map value at 3:12, which the kernel sees as a number, not a pointer (getmap on a map whose value is at most 8 bytes gives the value, not its address)'
}

@test "refuse: an access outside its stack object, map value or ring-buffer record" {
	require_kernel
	refused '(defstruct small (bytes (array u8 16)))
(defprog p (:type :xdp)
  (let ((b (make-small))) (load u64 b -512)))' \
		'3:27: error: p: reads bytes -512..-505 of the 16-byte stack object made at 3:12, outside it'
	refused '(defstruct small (bytes (array u8 16)))
(defprog p (:type :xdp)
  (let ((b (make-small))) (memset b 8 0 16) (load u8 b 0)))' \
		'3:27: error: p: writes bytes 16..23 of the 16-byte stack object made at 3:12, outside it'
	accepted '(defstruct small (bytes (array u8 16)))
(defprog p (:type :xdp)
  (let ((b (make-small))) (memset b 8 0 8) (load u8 b 15)))'
	refused '(defmap m :type :hash :key-size 4 :value-size 16 :max-entries 4)
(defprog p (:type :xdp)
  (let ((v (getmap m 1)))
    (if v (load u64 v 12) 0)))' \
		'4:11: error: p: reads bytes 12..19 of a value of map m (16 bytes), outside it'
	accepted '(defmap m :type :hash :key-size 4 :value-size 16 :max-entries 4)
(defprog p (:type :xdp)
  (let ((v (getmap m 1)))
    (if v (load u64 v 8) 0)))'
	refused '(defmap events :type :ringbuf :max-entries 4096)
(defprog p (:type :xdp)
  (let ((r (ringbuf-reserve events 16 0)))
    (when r (store u64 r 16 1) (ringbuf-submit r 0)))
  0)' \
		'4:13: error: p: writes bytes 16..23 of the 16-byte ring-buffer record reserved at 3:12, outside it'
}

@test "refuse: a packet read past every bounds check, naming the :min-len that covers it" {
	require_kernel
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 8)
    (load u64 data 100)))' \
		'3:5: error: p: reads packet bytes 100..107, but no bounds check covers more than 8 bytes (the longest is at 2:3): check at least 108 bytes (with-packet :min-len 108)'
	refused '(defprog p (:type :xdp)
  (let ((data (xdp-data))) (load u32 data 0)))' \
		'2:28: error: p: reads packet bytes 0..3 with no bounds check in the program: the kernel lets a program read the packet only as far as it compared with its end (with-packet :min-len 4)'
	accepted '(defprog p (:type :xdp)
  (with-packet (data end :min-len 8)
    (+ (load u32 data 4) (load u32 (+ data 2) 2))))'
	accepted '(defprog p (:type :tc :section "tc")
  (with-tc-packet (data end :min-len 108)
    (load u64 data 100)))'
}

@test "refuse: a packet read past a pointer moved by a varying value, past every check of that pointer" {
	require_kernel
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 2)
    (let ((q (+ data (logand (load u8 data 0) 7))))
      (load u8 q 0))))' \
		'4:7: error: p: reads packet bytes 0..0 past the pointer moved at 3:14 by a value that varies, and no bounds check of that pointer follows: the kernel forgets the checks of the packet'"'"'s start for a pointer moved so, and learns its bytes only from a check of that pointer: compare (+ it 1) with the end before the access'
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 2)
    (let ((q (+ data (logand (load u8 data 0) 7))))
      (if (> (+ q 2) end) 0 (load u16 q 1)))))' \
		'4:29: error: p: reads packet bytes 1..2 past the pointer moved at 3:14 by a value that varies, and its bounds checks prove only 2 bytes past it (the longest is at 4:11): the kernel forgets the checks of the packet'"'"'s start for a pointer moved so, and learns its bytes only from a check of that pointer: compare (+ it 3) with the end before the access'
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 2)
    (let ((q (+ data (logand (load u8 data 0) 7))))
      (if (> (- q 1) end) 0 (load u8 q 0)))))' \
		'4:29: error: p: reads packet bytes 0..0 past the pointer moved at 3:14 by a value that varies, and its bounds checks prove only 0 bytes past it (the longest is at 4:11; a check of the pointer moved back proves none): the kernel forgets the checks of the packet'"'"'s start for a pointer moved so, and learns its bytes only from a check of that pointer: compare (+ it 1) with the end before the access'
	accepted '(defprog p (:type :xdp)
  (with-packet (data end :min-len 2)
    (let ((q (+ data (logand (load u8 data 0) 7))))
      (if (> (+ q 3) end) 0 (load u16 q 1)))))'
	accepted '(defprog p (:type :xdp)
  (with-packet (data end :min-len 2)
    (let ((q (+ data (logand (load u8 data 0) 7))))
      (if (< (+ q 2) end) (load u16 q 1) 0))))'
}

@test "refuse: a packet read only where its bounds check failed, or before the packet through a moved pointer" {
	require_kernel
	refused '(defprog p (:type :xdp)
  (let ((data (xdp-data)) (end (xdp-data-end)))
    (if (> (+ data 8) end)
        (load u8 data 0)
        0)))' \
		'4:9: error: p: reads packet bytes 0..0 where the bounds check at 3:9 failed (the packet is shorter than it asked), and no other check covers them: the kernel lets a program read the packet only on the side of a check where it is long enough'
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (let ((q (+ data (logand (load u8 data 1) 1))))
      (if (> (+ q 1) end) (load u8 q 0) 0))))' \
		'4:27: error: p: reads packet bytes 0..0 past the pointer moved at 3:14 where the bounds check at 4:11 failed (the packet is shorter than it asked), and no other check covers them: the kernel lets a program read the packet only on the side of a check where it is long enough'
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (let ((q (+ data (logand (load u8 data 1) 1))))
      (if (> (+ q 1) end) 0 (load u8 q -2)))))' \
		'4:29: error: p: reads packet bytes -2..-2 past the pointer moved at 3:14 by a value that varies, from byte 0 of the packet, so before the packet'"'"'s start: the kernel lets a program read the packet only from its data pointer on'
	accepted '(defprog p (:type :xdp)
  (let ((data (xdp-data)) (end (xdp-data-end)))
    (if (> (+ data 8) end)
        0
        (load u8 data 7))))'
	accepted '(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (let ((q (+ data 4 (logand (load u8 data 1) 1))))
      (if (> (+ q 1) end) 0 (load u8 q -3)))))'
}

@test "refuse: arithmetic the kernel refuses on a pointer, once optimization shows it is one" {
	require_kernel
	refused '(defprog p (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when-let ((tcp (parse-tcp data data-end)))
      (logand tcp data))))' \
		'4:7: error: p: computes (logand ...) on a pkt pointer: an operation on two pointers, which the kernel refuses; a pointer takes only + and - of a number (subtract the pointer it is relative to first: an offset is a number)'
	accepted '(defprog p (:type :xdp)
  (let ((data (xdp-data)) (data-end (xdp-data-end)))
    (when-let ((tcp (parse-tcp data data-end)))
      (- tcp data))))'
}

@test "refuse: the mutants of the last run: a move past 65535, a map value used as an address or a move (getmap gives 0 on a miss), raw asm past a forward jump" {
	require_kernel
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (let ((q (+ data (mod 100000 (load u8 data 0)))))
      (if (> (+ q 1) end) XDP_PASS (load u8 q 0)))))' \
		'4:36: error: p: reads packet bytes 0..0 past the pointer moved at 3:14 by a value that may be 100000, past 65535: the kernel learns nothing from a bounds check of a pointer that may be moved that far: bound the value first (logand, or compare it)'
	accepted '(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (let ((q (+ data (mod 1000 (load u8 data 0)))))
      (if (> (+ q 1) end) XDP_PASS (load u8 q 0)))))'
	refused '(defmap out :type :array :key-size 4 :value-size 8 :max-entries 1)
(defprog p (:type :xdp)
  (load u16 (getmap out 0) 0))' \
		'3:3: error: p: reads memory at an address computed from numbers only (or from pointers by neg, a byte swap or a difference of two, which leave a number), not from a pointer: programs reach memory only through the pointers the kernel gives them (packet, map value, stack, context); kernel or user memory is read with probe-read-kernel or probe-read-user'
	refused '(defprog p (:type :xdp)
  (asm #xb7 0 0 0 7)
  (asm #x15 0 0 1 0)
  (asm #x15 5 0 0 7)
  XDP_DROP)' \
		'4:3: error: p: asm: reads r5, which holds nothing here: a program starts with r1 (the context) and r10 (the frame) only, and the kernel refuses a read of any other register before it is set'
	refused '(defmap out :type :array :key-size 4 :value-size 8 :max-entries 6)
(defprog p (:type :xdp)
  (with-packet (data end :min-len 16)
    (load u8 data (getmap out 5))))' \
		'4:5: error: p: moves a pointer by the value made at 4:19 (8 bytes read from memory), of which the kernel knows no bounds, and refuses the move: compare it with a limit first, or mask it (logand)'
	accepted '(defprog p (:type :xdp)
  (asm #xb7 0 0 0 7)
  (asm #xb7 5 0 0 1)
  (asm #x15 0 0 1 0)
  (asm #x15 5 0 0 7)
  XDP_DROP)'
}

@test "refuse: a pointer moved by 2^29 bytes or more" {
	require_kernel
	refused '(defprog p (:type :xdp)
  (with-packet (data end :min-len 8)
    (let ((q (+ data 1000000000))) (if (> q end) 1 2))))' \
		'3:14: error: p: moves a pointer by 1000000000 bytes; the kernel refuses pointer offsets of 2^29 (536870912) bytes or more'
}

@test "refuse: a map key or value from a stack object smaller than the map's" {
	require_kernel
	refused '(defmap m :type :hash :key-size 8 :value-size 8 :max-entries 4)
(defprog p (:type :xdp)
  (let ((k (stack-alloc 4)))
    (store u32 k 0 1)
    (map-update-elem m k k 0))
  2)' \
		'5:5: error: p: map-update-elem reads a key of 8 bytes (map m) through its key argument, but that is the 4-byte stack object made at 3:12'
	refused '(defmap m :type :hash :key-size 4 :value-size 16 :max-entries 4)
(defstruct pair (a u64) (b u64))
(defprog p (:type :xdp)
  (let ((k (make-pair)))
    (map-update-elem m k (+ k 8) 0))
  2)' \
		'5:5: error: p: map-update-elem reads a value of 16 bytes (map m) through its value argument, but that is byte 8 of the 16-byte stack object made at 4:12, 8 bytes from there'
	accepted '(defmap m :type :hash :key-size 4 :value-size 8 :max-entries 4)
(defstruct pair (a u64) (b u64))
(defprog p (:type :xdp)
  (let ((k (make-pair)))
    (map-update-elem m k (+ k 8) 0)
    (if (map-lookup-elem m (+ k 12)) 1 2)))'
}

@test "refuse: a pointer stored into fewer than 8 bytes of the stack, cast or not" {
	require_kernel
	refused '(defstruct holder (p u32) (q u32))
(defmap m :type :hash :key-type holder :value-type holder :max-entries 4)
(defprog p (:type :xdp)
  (let ((h (make-holder)))
    (setf (holder-p h) (u64 (xdp-data)))
    (map-update-elem m h h 0))
  2)' \
		'5:11: error: p: stores a pointer into 4 bytes of the 8-byte stack object made at 4:12; the kernel keeps pointers on the stack only as whole 8-byte slots: give the field the type u64'
	accepted '(defstruct holder (p u64))
(defmap m :type :hash :key-type holder :value-type holder :max-entries 4)
(defprog p (:type :xdp)
  (let ((h (make-holder)))
    (setf (holder-p h) (u64 (xdp-data)))
    (map-update-elem m h h 0))
  2)'
}

@test "refuse: a ctx offset outside the context struct (wh-expand)" {
	refused '(defprog p (:type :xdp) (ctx u32 256))' \
		"1:25: error: ctx: bytes 256..259 are outside xdp_md, the context of :xdp programs (24 bytes); the kernel refuses the access"
	# a tracepoint record is as long as its format says
	printf '(defprog p (:type :tracepoint :section "tracepoint/a/b") (ctx u32 256))\n' >"$TMP/t.lisp"
	run whistler compile "$TMP/t.lisp" -o "$TMP/t.o"
	[ "$status" -eq 0 ]
}

@test "refuse: a packet access before the packet's start" {
	require_kernel
	refused '(defprog p (:type :xdp) (with-packet (data end :min-len 8) (load u8 data -1)))' \
		"1:60: error: p: reads packet bytes -1..-1, before the packet's start: the kernel lets a program read the packet only from its data pointer on"
	accepted '(defprog p (:type :xdp) (with-packet (data end :min-len 8) (load u8 data 0)))'
}

@test "refuse: a GPL-only helper under a license the kernel does not count as GPL-compatible" {
	require_kernel
	refused '(defprog p (:type :tracepoint :section "tracepoint/syscalls/sys_enter_getpid" :license "MIT") (get-current-task) 0)' \
		'1:95: error: p: get-current-task is a GPL-only helper and the license is "MIT", which the kernel does not count as GPL-compatible: give (defprog NAME (... :license "GPL") ...)'
	accepted '(defprog p (:type :tracepoint :section "tracepoint/syscalls/sys_enter_getpid" :license "Dual BSD/GPL") (get-current-task) 0)'
	accepted '(defprog p (:type :tracepoint :section "tracepoint/syscalls/sys_enter_getpid" :license "MIT") (ktime-get-ns) 0)'
}

@test "refuse: a raw context load or store past the context struct (what pt-regs-parm1 gives in an XDP program)" {
	refused '(defprog p (:type :xdp) (ctx-load u64 112))' \
		"1:25: error: ctx: bytes 112..119 are outside xdp_md, the context of :xdp programs (24 bytes); the kernel refuses the access"
	refused '(defprog p (:type :xdp) (ctx-store u32 24 1) 2)' \
		"1:25: error: ctx: bytes 24..27 are outside xdp_md, the context of :xdp programs (24 bytes); the kernel refuses the access"
}
