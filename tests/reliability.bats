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

# loads_mended FILE SED: FILE (of tests/reliability) changed by the sed
# expression SED loads (see loads).
loads_mended() {
	sed "$2" "$REL/$1" > "$TMP/mended.lisp"
	loads "$TMP/mended.lisp"
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
	# loop's sums wrap as + does (-2^63 twice is 0), and stepping past the
	# largest (or below the smallest) integer ends a for clause: 0 + 0 + 3 + 3
	run whistler compile --emit=core "$REL/mutant-loop-sum-overflow.lisp"
	[ "$status" -eq 0 ] && [[ $output == *"(return 6)"* ]] || { echo "$output"; return 1; }
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

# kernel_refuses FILE WORDS (FILE in tests/reliability, or a path): built without wh-opt's checks, the object is
# refused by the kernel's verifier with WORDS in its log (so the compile-time
# refusal of FILE is what the kernel would do).
kernel_refuses() {
	local f=$1
	[[ $f == /* ]] || f=$REL/$1
	WH_OPT="wh-opt --no-refuse" run whistler compile "$f" -o "$TMP/k.o"
	[ "$status" -eq 0 ] || { echo "$1: $output"; return 1; }
	run wh-load check -j "$TMP/k.o"
	[ "$status" -eq 1 ] || { echo "$1: the kernel loaded it: $output"; return 1; }
	[[ $output == *"$2"* ]] || { echo "$1: not '$2': $output"; return 1; }
}

@test "reliability: mutants the kernel refused for a reason the compiler knew are refused at the form" {
	refused verifier-pkt-move-huge.lisp 2:3 \
		"moves a pointer by 4294967295 bytes; the kernel refuses pointer offsets of 2^29"
	refused verifier-helper-size-negative.lisp 5:5 \
		"probe-read-kernel is given -1 bytes; the kernel refuses a size below 0 or of 2^29"
	refused verifier-helper-size-past-record.lisp 5:5 \
		"probe-read-kernel is given 17 bytes at byte 4 of the 20-byte ring-buffer record reserved at 4:3, which holds 16 bytes from there"
	refused verifier-number-address-loop.lisp 3:14 \
		"reads memory at an address computed from numbers only (or from pointers by neg, a byte swap or a difference of two, which leave a number), not from a pointer"
	refused verifier-ringbuf-unreleased.lisp 3:12 \
		"the ring-buffer record reserved here is never submitted or discarded"
	refused verifier-ctx-misaligned.lisp 2:10 \
		"ctx: a 4-byte access at byte 7 of bpf_sock_addr is not aligned to its size"
	refused verifier-stack-misaligned.lisp 9:28 \
		"reads 4 bytes at byte 2 of the 24-byte stack object made at 6:14, not aligned to 4"
	refused verifier-pointer-cast.lisp 4:26 "cuts a pointer (pkt) to 1 byte, a mask the kernel refuses"
	refused verifier-asm-unset-register.lisp 2:3 "asm: reads r0, which holds nothing here"
	refused verifier-ringbuf-record-2p32.lisp 4:5 \
		"writes bytes 0..7 of the 0-byte ring-buffer record reserved at 3:3 (4294967296 bytes asked, which the kernel takes modulo 2^32)"
	refused verifier-packet-signed-check.lisp 5:5 \
		"reads packet bytes 20..20, but the only bounds check, at 3:11, is a signed comparison"
	refused verifier-pointer-move-unbounded.lisp 5:15 \
		"moves a pointer by the value made at 4:21 (what map-update-elem returns), of which the kernel knows no bounds"
	refused verifier-helper-result-address.lisp 3:24 \
		"reads memory at an address computed from numbers only (or from pointers by neg, a byte swap or a difference of two, which leave a number), not from a pointer"
	refused verifier-map-value-number.lisp 5:5 \
		"map-update-elem takes a pointer to the value (map st), and is given a number, 26"
	refused verifier-ringbuf-discard-number.lisp 6:7 \
		"ringbuf-discard takes the record ringbuf-reserve gave as its argument 1, and is given a number, 7"
	refused verifier-ret-phi.lisp 1:1 \
		':cgroup-skb programs in section "cgroup_skb/ingress" return 0 or 1; this returns 2 on some path'
	refused verifier-ret-map-value.lisp 2:1 \
		"this returns the 8-byte value read at 3:3, which may be any number of 8 bytes (no comparison bounds it)"
	refused verifier-pkt-moved-failed-side.lisp 7:11 \
		"reads packet bytes 0..0 past the pointer moved at 5:14 where the bounds check at 6:11 failed"
	refused verifier-pkt-moved-check-negative.lisp 8:11 \
		"reads packet bytes 0..0 past the pointer moved at 5:14 by a value that varies, and its bounds checks prove only 0 bytes past it (the longest is at 6:11"
}

@test "kernel: reliability: the kernel refuses those mutants too, and takes them mended" {
	require_kernel
	kernel_refuses verifier-pkt-move-huge.lisp "math between pkt pointer and 4294967295 is not allowed"
	kernel_refuses verifier-helper-size-negative.lisp "R2 min value is negative"
	kernel_refuses verifier-helper-size-past-record.lisp "invalid access to memory, mem_size=20 off=4 size=17"
	kernel_refuses verifier-number-address-loop.lisp "invalid mem access 'scalar'"
	kernel_refuses verifier-ringbuf-unreleased.lisp "Unreleased reference"
	kernel_refuses verifier-ret-phi.lisp "R0 has smin=2 smax=2 should have been in [0, 1]"
	kernel_refuses verifier-ret-map-value.lisp "R0 has unknown scalar value should have been in [0, 1]"
	kernel_refuses verifier-stack-misaligned.lisp "misaligned stack access"
	sed 's/s 2))/s 4))/' "$REL/verifier-stack-misaligned.lisp" > "$TMP/m7.lisp"
	loads "$TMP/m7.lisp"
	kernel_refuses verifier-pointer-cast.lisp "bitwise operator &= on pointer prohibited"
	sed 's/(u8 /(u32 /' "$REL/verifier-pointer-cast.lisp" > "$TMP/m8.lisp"
	loads "$TMP/m8.lisp"
	kernel_refuses verifier-asm-unset-register.lisp "R0 !read_ok"
	sed 's/#x04 0 0 0 5/#xb4 0 0 0 5/' "$REL/verifier-asm-unset-register.lisp" > "$TMP/m9.lisp"
	loads "$TMP/m9.lisp"
	kernel_refuses verifier-ringbuf-record-2p32.lisp "invalid access to memory, mem_size=0 off=0 size=8"
	sed 's/4294967296/4294967304/' "$REL/verifier-ringbuf-record-2p32.lisp" > "$TMP/m10.lisp"
	loads "$TMP/m10.lisp"
	kernel_refuses verifier-packet-signed-check.lisp "invalid access to packet, off=20 size=1"
	sed 's/(s> /(> /' "$REL/verifier-packet-signed-check.lisp" > "$TMP/m11.lisp"
	loads "$TMP/m11.lisp"
	kernel_refuses verifier-pointer-move-unbounded.lisp \
		"math between pkt pointer and register with unbounded min value is not allowed"
	sed 's/(r (setf (getmap out 0) 1))/(r (logand (setf (getmap out 0) 1) 7))/' \
		"$REL/verifier-pointer-move-unbounded.lisp" > "$TMP/m12.lisp"
	loads "$TMP/m12.lisp"
	kernel_refuses verifier-helper-result-address.lisp "invalid mem access 'scalar'"
	kernel_refuses verifier-ringbuf-discard-number.lisp "R1 type=scalar expected=ringbuf_mem"
	sed 's/(ringbuf-discard 7 0)//' "$REL/verifier-ringbuf-discard-number.lisp" > "$TMP/m-discard.lisp"
	loads "$TMP/m-discard.lisp"
	kernel_refuses verifier-map-value-number.lisp "R3 type=scalar expected=fp"
	sed 's/ 26 / (make-stats) /' "$REL/verifier-map-value-number.lisp" > "$TMP/m13.lisp"
	loads "$TMP/m13.lisp"
	sed 's/ 2))/ 1))/' "$REL/verifier-ret-phi.lisp" > "$TMP/m5.lisp"
	loads "$TMP/m5.lisp"
	sed 's/(getmap m 0)/(let ((v (getmap m 0))) (if (> v 1) 0 v))/' "$REL/verifier-ret-map-value.lisp" > "$TMP/m6.lisp"
	loads "$TMP/m6.lisp"
	sed 's/4294967295/65535/' "$REL/verifier-pkt-move-huge.lisp" > "$TMP/m1.lisp"
	loads "$TMP/m1.lisp"
	sed 's/ 17 / 16 /' "$REL/verifier-helper-size-past-record.lisp" > "$TMP/m2.lisp"
	loads "$TMP/m2.lisp"
	sed 's/ -1 / 0 /' "$REL/verifier-helper-size-negative.lisp" > "$TMP/m3.lisp"
	loads "$TMP/m3.lisp"
	sed 's/(store u64 r 0 7)/(store u64 r 0 7) (ringbuf-discard r 0)/' \
		"$REL/verifier-ringbuf-unreleased.lisp" > "$TMP/m4.lisp"
	loads "$TMP/m4.lisp"
	kernel_refuses verifier-pkt-moved-check-negative.lisp "invalid access to packet, off=0 size=1"
	sed 's/(- p 1)/(+ p 1)/' "$REL/verifier-pkt-moved-check-negative.lisp" > "$TMP/m14.lisp"
	loads "$TMP/m14.lisp"
	kernel_refuses verifier-pkt-moved-failed-side.lisp "invalid access to packet, off=0 size=1"
	sed 's/(> (+ p 1) end)/(<= (+ p 1) end)/' "$REL/verifier-pkt-moved-failed-side.lisp" > "$TMP/m15.lisp"
	loads "$TMP/m15.lisp"
}

@test "reliability: accesses through a pointer moved by a loop's counter or an unbounded index are refused past the bytes they may reach" {
	refused verifier-loop-counter-packet.lisp 7:16 \
		"reads packet bytes 16..16 on turn 17 of the loop at 6:5 (its counter is 16 there), and no bounds check covers more than 16 bytes (the longest is at 5:3)"
	refused verifier-loop-counter-map-value.lisp 8:9 \
		"writes bytes 64..67 on turn 17 of the loop at 7:7 (its counter is 16 there), and that is past the end of a value of map slots (64 bytes)"
	refused verifier-stack-index-unbounded.lisp 10:13 \
		"writes bytes 0..3 past the pointer moved at 10:13 by a value that may be 1020, so up to byte 1023 of the object, past the 512-byte stack"
	refused verifier-map-value-index.lisp 8:17 \
		"reads bytes 0..0 past the pointer moved at 8:26 by a value that may be 255, so up to byte 255 of the object, past the end of a value of map counts (64 bytes)"
}

@test "kernel: reliability: the kernel refuses those loop and index accesses too, and takes them mended" {
	require_kernel
	kernel_refuses verifier-loop-counter-packet.lisp "invalid access to packet, off=16 size=1"
	loads_mended verifier-loop-counter-packet.lisp 's/(dotimes (i 40)/(dotimes (i 16)/'
	kernel_refuses verifier-loop-counter-map-value.lisp "invalid access to map value, value_size=64 off=64 size=4"
	loads_mended verifier-loop-counter-map-value.lisp 's/(dotimes (i 20)/(dotimes (i 16)/'
	kernel_refuses verifier-stack-index-unbounded.lisp "invalid variable-offset write to stack"
	loads_mended verifier-stack-index-unbounded.lisp 's/(i (load u8 data 0))/(i (logand (load u8 data 0) 7))/'
	kernel_refuses verifier-map-value-index.lisp "max value is outside of the allowed memory range"
	loads_mended verifier-map-value-index.lisp 's/(+ v (load u8 data 0))/(+ v (logand (load u8 data 0) 63))/'
	# the boundary: 16 turns load (above), 17 are refused
	sed 's/(dotimes (i 40)/(dotimes (i 17)/' "$REL/verifier-loop-counter-packet.lisp" > "$TMP/l5.lisp"
	run whistler compile "$TMP/l5.lisp" -o "$TMP/l5.o"
	[ "$status" -eq 1 ] || { echo "17 turns were not refused: $output"; return 1; }
}

@test "reliability: a packet access that a run with a failed bounds check still reaches is refused" {
	refused verifier-pkt-check-as-value.lisp 10:25 \
		"reads packet bytes 47..47 on a run where the packet is 38 bytes long, which the kernel follows (it refuses an access past the packet's end on any path): the bounds check at 7:29 (of 54 bytes) fails on that run, but its result is used only as a value"
	refused verifier-pkt-check-around.lisp 10:19 \
		"reads packet bytes 50..50 on a run where the packet is 14 bytes long, which the kernel follows (it refuses an access past the packet's end on any path): the bounds check at 8:11 (of 54 bytes) fails on that run, and a path from its failing side still leads to this access"
}

@test "kernel: reliability: the kernel refuses those runs too, and takes them mended" {
	require_kernel
	kernel_refuses verifier-pkt-check-as-value.lisp "invalid access to packet, off=47 size=1"
	loads_mended verifier-pkt-check-as-value.lisp 's/(s< (= proto 6)/(and (= proto 6)/'
	kernel_refuses verifier-pkt-check-around.lisp "invalid access to packet, off=50 size=1"
	loads_mended verifier-pkt-check-around.lisp 's/(if (and short/(if (or short/'
	loads "$REL/pkt-check-value-valid.lisp"
}

@test "reliability: what the seed-19 mutation run found the kernel refusing is refused at the form" {
	refused verifier-address-neg.lisp 7:11 \
		"writes memory at an address computed from numbers only (or from pointers by neg, a byte swap or a difference of two, which leave a number)"
	refused verifier-address-pointer-difference.lisp 5:5 \
		"reads memory at an address computed from numbers only (or from pointers by neg, a byte swap or a difference of two, which leave a number)"
	refused verifier-helper-size-unbounded.lisp 8:5 \
		"probe-read-kernel is given a size made from the value made at 6:15 (what get-current-task returns), of which the kernel knows no bounds"
	refused verifier-asm-endless-ja.lisp 4:3 "asm: this ja jumps to itself (offset -1), an endless loop"
	refused verifier-pkt-move-shift-mask.lisp 8:36 \
		"reads packet bytes 0..0 past the pointer moved at 6:14 by a value the kernel takes to reach 2147483647 (it does not bound a shift by a register, only a mask after it)"
	# the kernel's limit: a mask of 65535 plus the byte checked passes it
	sed 's/#x7fffffff/#xffff/' "$REL/verifier-pkt-move-shift-mask.lisp" > "$TMP/s5.lisp"
	run whistler compile "$TMP/s5.lisp" -o "$TMP/s5.o"
	[ "$status" -eq 1 ] && [[ $output == *"bound the value to at most 65534 first"* ]] ||
		{ echo "a mask of 65535: $output"; return 1; }
}

@test "kernel: reliability: the kernel refuses the seed-19 classes too, and takes them mended" {
	require_kernel
	kernel_refuses verifier-address-neg.lisp "invalid mem access 'scalar'"
	loads_mended verifier-address-neg.lisp 's/(pair-b (- p))/(pair-b p)/'
	kernel_refuses verifier-address-pointer-difference.lisp "invalid mem access 'scalar'"
	loads_mended verifier-address-pointer-difference.lisp 's/(- (+ data 20) (+ data 20) 6)/(+ data 20)/'
	kernel_refuses verifier-helper-size-unbounded.lisp "R2 min value is negative"
	loads_mended verifier-helper-size-unbounded.lisp 's/b (+ task 16) task)/b 16 (+ task 16))/'
	kernel_refuses verifier-asm-endless-ja.lisp "unreachable insn"
	loads_mended verifier-asm-endless-ja.lisp 's/(asm #x05 0 0 -1 0)/(asm #x05 0 0 0 0)/'
	kernel_refuses verifier-pkt-move-shift-mask.lisp "invalid access to packet, off=0 size=1"
	sed 's/#x7fffffff/#xffff/' "$REL/verifier-pkt-move-shift-mask.lisp" > "$TMP/s5.lisp"
	kernel_refuses "$TMP/s5.lisp" "invalid access to packet, off=0 size=1"
	sed 's/#x7fffffff/#xfffe/' "$REL/verifier-pkt-move-shift-mask.lisp" > "$TMP/s6.lisp"
	loads "$TMP/s6.lisp"
}

@test "reliability: what the seed-23 mutation run found the kernel refusing is refused at the form" {
	refused verifier-ctx-raw-store-readonly.lisp 4:9 \
		"ctx: bytes 12..15 of xdp_md are its field 'ingress-ifindex', which :xdp programs may only read; the kernel refuses the store"
	refused verifier-pkt-check-too-far-around.lisp 5:14 \
		"reads packet bytes 12..13, but the bounds check at 4:3, of 65536 bytes, proves nothing"
	# (the kernel takes a minute to refuse the --no-refuse build of this one,
	# "BPF program is too large. Processed 1000001 insn": not run here)
	refused verifier-loop-too-long.lisp 7:5 \
		"this loop runs more than 1000000 turns (its counter goes from 0 by 1)"
	sed 's/(dotimes (i 1000001)/(dotimes (i 100)/' "$REL/verifier-loop-too-long.lisp" > "$TMP/t1.lisp"
	run whistler compile "$TMP/t1.lisp" -o "$TMP/t1.o"
	[ "$status" -eq 0 ] || { echo "100 turns: $output"; return 1; }
}

@test "kernel: reliability: the kernel refuses the seed-23 classes too, and takes them mended" {
	require_kernel
	# the raw store, written as asm (which the compiler passes through)
	run whistler compile "$REL/verifier-ctx-raw-store-asm.lisp" -o "$TMP/a.o"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	run wh-load check -j "$TMP/a.o"
	[ "$status" -eq 1 ] && [[ $output == *"invalid bpf_context access off=12 size=4"* ]] ||
		{ echo "$output"; return 1; }
	kernel_refuses verifier-pkt-check-too-far-around.lisp "invalid access to packet, off=12 size=2"
	loads_mended verifier-pkt-check-too-far-around.lisp 's/:min-len 65536/:min-len 14/'
	sed 's/(dotimes (i 1000001)/(dotimes (i 100)/' "$REL/verifier-loop-too-long.lisp" > "$TMP/t3.lisp"
	loads "$TMP/t3.lisp"
}

@test "reliability: what the seed-29 mutation run found the kernel refusing is refused at the form" {
	refused verifier-loop-too-long-branchy.lisp 8:7 \
		"this loop runs more than 1000000 turns (its counter goes from 0 by 1)"
	refused asm-load-mode.lisp 5:3 "asm: a load or store must have the mode mem (0x60 in the opcode)"
	refused verifier-asm-number-address.lisp 5:3 \
		"asm: reads memory through r0, which holds a number here, not a pointer: the kernel refuses it"
}

@test "kernel: reliability: the kernel refuses the seed-29 classes too, and takes them mended" {
	require_kernel
	kernel_refuses verifier-asm-number-address.lisp "R0 invalid mem access 'scalar'"
	loads_mended verifier-asm-number-address.lisp 's/(asm #x61 0 0 37 0)/(asm #x61 0 1 0 0)/'
	sed 's/(dotimes (i 2000000)/(dotimes (i 200)/' "$REL/verifier-loop-too-long-branchy.lisp" > "$TMP/u2.lisp"
	loads "$TMP/u2.lisp"
}

@test "kernel: reliability: a pointer moved by a modulo then a 32-bit shift is masked for the kernel, which loads it" {
	require_kernel
	loads "$REL/verifier-mod-shift-bound.lisp"
}

@test "kernel: reliability: the kernel refuses a context access not aligned to its size" {
	require_kernel
	# raw loads (asm: wh-expand's check does not see them) of 2 bytes at
	# byte 1 and 4 at byte 2, refused; 4 at byte 0, taken
	local t acc want
	for t in xdp socket-filter kprobe tc cgroup-skb cgroup-sock cgroup-sock-addr sk-skb; do
		for acc in "#x69 0 1 1 0:1" "#x61 0 1 2 0:1" "#x61 0 1 0 0:0"; do
			want=${acc##*:}
			printf '(defprog p (:type :%s)\n (asm %s)\n (asm #xb7 0 0 0 1)\n (asm #x95 0 0 0 0))\n' \
				"$t" "${acc%:*}" > "$TMP/c.lisp"
			whistler compile "$TMP/c.lisp" -o "$TMP/c.o"
			run wh-load check "$TMP/c.o"
			[ "$status" -eq "$want" ] || { echo ":$t (asm ${acc%:*}): $output"; return 1; }
		done
	done
}

# The map types as whistler and bpftool spell them, with sizes each takes
# and the flags each needs.
MAP_KINDS="hash:hash:4:8:0 array:array:4:8:0 prog-array:prog_array:4:4:0
percpu-hash:percpu_hash:4:8:0 percpu-array:percpu_array:4:8:0
lru-hash:lru_hash:4:8:0 lpm-trie:lpm_trie:8:4:1 ringbuf:ringbuf:0:0:0"

@test "reliability: :map-flags a map type does not take are refused at the defmap" {
	refused map-lpm-trie-flags.lisp 1:1 \
		":map-flags 65535 has bits a :lpm-trie map does not take (0xfe62); it takes BPF_F_NO_PREALLOC"
}

@test "kernel: reliability: the defmap takes exactly the :map-flags the kernel takes" {
	require_kernel
	local pin=/sys/fs/bpf/wh-test-flags-$$ kind ours theirs k v base flags kv n
	local tried=0
	for kind in $MAP_KINDS; do
		IFS=: read -r ours theirs k v base <<<"$kind"
		n=16 kv="key $k value $v"
		[ "$ours" = ringbuf ] && n=4096 kv=""
		# each bit alone, and the pairs of access flags and of the LRU flags
		for flags in $(for b in $(seq 0 31); do echo $((base | (1 << b))); done) \
			     $((base | 8 | 16)) $((base | 128 | 256)) $((base | 2 | 4)) $((base | 8 | 128)); do
			printf '(defmap m :type :%s :key-size %s :value-size %s :max-entries %s :map-flags %s)\n' \
				"$ours" "$k" "$v" "$n" "$flags" > "$TMP/f.lisp"
			[ "$ours" = ringbuf ] && printf '(defmap m :type :ringbuf :max-entries 4096 :map-flags %s)\n' \
				"$flags" > "$TMP/f.lisp"
			local kernel=refused compiler=refused
			if bpftool map create "$pin" type "$theirs" $kv entries "$n" name m flags "$flags" 2>/dev/null; then
				kernel=created
				rm -f "$pin"
			fi
			whistler compile "$TMP/f.lisp" -o "$TMP/f.o" 2>/dev/null && compiler=created
			[ "$kernel" = "$compiler" ] || {
				echo ":$ours :map-flags $flags: the kernel $kernel it, whistler $compiler it"
				return 1
			}
			tried=$((tried + 1))
		done
	done
	[ "$tried" -eq 288 ]
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
