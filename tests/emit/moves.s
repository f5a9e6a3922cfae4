#!asm
.license "GPL"
.map out type=array key_size=4 value_size=8 max_entries=1 flags=0
.prog moves type=xdp section="xdp"
	.loc 0:0
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	r0 = 0
	if r4 > r3 goto L2
	r7 = *(u8 *)(r2 + 0)
	r5 = *(u8 *)(r2 + 1)
	w8 = w5
	r8 += r7
	*(u32 *)(r10 - 4) = 0
	r1 = out ll
	r2 = r10
	r2 += -4
	call 1
	if r0 != 0 goto L1
	exit
L1:
	*(u32 *)(r0 + 0) = r8
	r0 = r8
	r0 &= 255
L2:
	exit
