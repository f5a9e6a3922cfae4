#!asm
.license "GPL"
.map out type=array key_size=4 value_size=16 max_entries=1 flags=0
.prog stackaddr type=xdp section="xdp"
	.loc 0:0
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	r0 = 0
	if r4 > r3 goto L1
	r6 = *(u8 *)(r2 + 0)
	r6 += 1
	r2 = r10
	*(u64 *)(r10 - 16) = r6
	*(u64 *)(r10 - 8) = 0
	r2 += -20
	*(u32 *)(r10 - 20) = 0
	r1 = out ll
	r3 = r10
	r3 += -16
	r4 = 0
	call 2
	r0 = *(u64 *)(r10 - 16)
L1:
	exit
