#!asm
.license "GPL"
.map out type=array key_size=4 value_size=64 max_entries=1 flags=0
.prog refused type=xdp section="xdp"
	.loc 0:0
	*(u32 *)(r10 - 4) = 0
	r1 = out ll
	r2 = r10
	r2 += -4
	call 1
	if r0 != 0 goto L1
	exit
L1:
	r7 = 81985529216486895 ll
	r2 = r7
	r1 = 0
	r2 /= r1
	*(u64 *)(r0 + 0) = r2
	r2 = r7
	r2 %= r1
	*(u64 *)(r0 + 8) = r2
	w2 = w7
	w2 /= w1
	*(u64 *)(r0 + 16) = r2
	w2 = w7
	w2 %= w1
	*(u64 *)(r0 + 24) = r2
	r2 = r7
	r2 <<= 4
	*(u64 *)(r0 + 32) = r2
	*(u64 *)(r0 + 40) = r7
	w2 = w7
	w2 s>>= 4
	*(u64 *)(r0 + 48) = r2
	r2 = r7
	r2 <<= 60
	*(u64 *)(r0 + 56) = r2
	r0 = 2
	exit
