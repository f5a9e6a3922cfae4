#!asm
.license "GPL"
.prog select type=xdp section="xdp"
	.loc 0:0
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	if r4 > r3 goto L1
	r0 = 2
	exit
L1:
	r0 = 1
	exit
