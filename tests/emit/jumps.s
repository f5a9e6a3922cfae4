#!asm
.license "GPL"
.prog jumps type=xdp section="xdp"
	.loc 0:0
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	r0 = 0
	if r4 > r3 goto L3
	r5 = *(u8 *)(r2 + 0)
	if r5 == 0 goto L2
	r0 = 2
	if r5 <= 10 goto L1
	r0 = 3
L1:
	exit
L2:
	r0 = 1
L3:
	exit
