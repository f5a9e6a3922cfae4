#!asm
.file "all-insns.lisp"
.license "Dual BSD/GPL"
.map counts type=hash key_size=4 value_size=8 max_entries=1024 flags=1
.map events type=ringbuf key_size=0 value_size=0 max_entries=4096 flags=0
.map per_cpu type=percpu-array key_size=4 value_size=16 max_entries=2 flags=0
.prog alu type=socket-filter section="socket"
	.loc 1:1
	r0 = 0
	r1 = -1
	r2 = r1
	w3 = 7
	w4 = w3
	w5 = -2147483648
	r6 = 2147483647
	r1 += 1
	r1 -= 2
	r1 *= 3
	r1 /= 4
	r1 %= 5
	r1 &= 6
	r1 |= 7
	r1 ^= 8
	r1 <<= 9
	r1 >>= 10
	r1 s>>= 11
	r1 += r2
	r1 -= r2
	r1 *= r2
	r1 /= r2
	r1 %= r2
	r1 &= r2
	r1 |= r2
	r1 ^= r2
	r1 <<= r2
	r1 >>= r2
	r1 s>>= r2
	.loc 2:5
	w1 += 1
	w1 -= -2
	w1 *= 3
	w1 /= 4
	w1 %= 5
	w1 &= 6
	w1 |= 7
	w1 ^= 8
	w1 <<= 9
	w1 >>= 10
	w1 s>>= 11
	w1 += w2
	w1 -= w2
	w1 *= w2
	w1 /= w2
	w1 %= w2
	w1 &= w2
	w1 |= w2
	w1 ^= w2
	w1 <<= w2
	w1 >>= w2
	w1 s>>= w2
	r7 = -r7
	w8 = -w8
	r1 = be16 r1
	r1 = be32 r1
	r1 = be64 r1
	r1 = le16 r1
	r1 = le32 r1
	r1 = le64 r1
	.loc 3:1023
	r9 = 0 ll
	r9 = -1 ll
	r9 = 81985529216486895 ll
	r9 = -9223372036854775808 ll
	r1 = counts ll
	r2 = events ll
	r3 = per_cpu ll
	exit
.prog mem type=kprobe section="kprobe/do_sys_open"
	.loc 10:2
	r0 = *(u8 *)(r1 + 0)
	r0 = *(u16 *)(r1 + 2)
	r0 = *(u32 *)(r1 - 4)
	r0 = *(u64 *)(r10 - 32768)
	*(u8 *)(r10 - 1) = r0
	*(u16 *)(r10 - 2) = r0
	*(u32 *)(r10 - 4) = r0
	*(u64 *)(r10 + 32767) = r0
	*(u8 *)(r10 - 1) = -1
	*(u16 *)(r10 - 2) = 65535
	*(u32 *)(r10 - 4) = -2147483648
	*(u64 *)(r10 - 8) = 2147483647
	lock *(u32 *)(r10 - 8) += r1
	lock *(u64 *)(r10 - 8) += r1
	call 1
	call 130
	exit
.prog jumps type=xdp section="xdp"
L0:
	.loc 20:1
	goto L1
L1:
	if r1 == r2 goto L0
	if r1 != r2 goto L0
	if r1 > r2 goto L0
	if r1 >= r2 goto L0
	if r1 < r2 goto L0
	if r1 <= r2 goto L0
	if r1 s> r2 goto L0
	if r1 s>= r2 goto L0
	if r1 s< r2 goto L0
	if r1 s<= r2 goto L0
	if r1 & r2 goto L0
	.loc 21:1
	if r1 == 0 goto L2
	if r1 != -1 goto L2
	if r1 > 2 goto L2
	if r1 >= 3 goto L2
	if r1 < 4 goto L2
	if r1 <= 5 goto L2
	if r1 s> -6 goto L2
	if r1 s>= 7 goto L2
	if r1 s< 8 goto L2
	if r1 s<= 9 goto L2
	if r1 & 10 goto L2
	if w1 == w2 goto L2
	if w1 s< -1 goto L2
	if w1 & 255 goto L2
L2:
	r0 = 2
	exit
.prog second type=xdp section="xdp"
	.loc 30:7
	r0 = 1
	goto L0
L0:
	exit
