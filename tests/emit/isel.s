#!asm
.license "GPL"
.map out type=array key_size=4 value_size=256 max_entries=1 flags=0
.prog isel type=xdp section="xdp"
	.loc 0:0
	*(u32 *)(r10 - 4) = 0
	r1 = out ll
	r2 = r10
	r2 += -4
	call 1
	if r0 != 0 goto L1
	exit
L1:
	r6 = r0
	w1 = -1
	*(u64 *)(r6 + 0) = r1
	r1 = 81985529216486895 ll
	*(u64 *)(r6 + 8) = r1
	r2 = r1
	r3 = 4294967296 ll
	r2 += r3
	*(u64 *)(r6 + 16) = r2
	w2 = w1
	*(u64 *)(r6 + 24) = r2
	r2 = r1
	r2 -= -2147483648
	*(u64 *)(r6 + 32) = r2
	r3 = 100
	r3 = -r3
	r3 += 1000
	*(u64 *)(r6 + 40) = r3
	r3 = 3
	r2 = 1
	r2 <<= r3
	*(u64 *)(r6 + 48) = r2
	r3 = 7
	if r3 > 5 goto L2
	r3 = 0
	goto L3
L2:
	r3 = 1
L3:
	*(u64 *)(r6 + 56) = r3
	r4 = 7
	r3 = 1
	r2 = 8589934599 ll
	if r4 != r2 goto L4
	r3 = 0
L4:
	*(u64 *)(r6 + 64) = r3
	r2 = 8589934592 ll
	*(u64 *)(r6 + 72) = r2
	*(u32 *)(r6 + 80) = -1
	*(u16 *)(r6 + 84) = 65534
	*(u8 *)(r6 + 86) = 1
	r4 = 287454020
	r5 = r4
	r5 = be16 r5
	*(u64 *)(r6 + 88) = r5
	r5 = r4
	r5 = be32 r5
	*(u64 *)(r6 + 96) = r5
	r5 = r4
	r5 = be64 r5
	*(u64 *)(r6 + 104) = r5
	r5 = r1
	r5 &= 255
	*(u64 *)(r6 + 112) = r5
	r5 = r1
	r5 &= 65535
	*(u64 *)(r6 + 120) = r5
	w5 = w1
	*(u64 *)(r6 + 128) = r5
	w5 = w1
	w5 += w1
	*(u64 *)(r6 + 136) = r5
	w5 = 0
	w5 -= w4
	*(u64 *)(r6 + 144) = r5
	w5 = w1
	w5 s>>= 4
	*(u64 *)(r6 + 152) = r5
	r5 = r4
	r5 = -r5
	*(u64 *)(r6 + 160) = r5
	r5 = 5
	lock *(u64 *)(r6 + 168) += r5
	lock *(u64 *)(r6 + 168) += r5
	lock *(u32 *)(r6 + 176) += r5
	r2 = 81985529216486895 ll
	r0 = 2
	if r1 != r2 goto L5
	r0 = 1
L5:
	exit
