#!asm
.license "GPL"
.prog early type=xdp section="xdp"
	.loc 0:0
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	r0 = 2
	if r4 > r3 goto L1
	r1 = *(u8 *)(r2 + 0)
	r0 = 10
	if r1 == 0 goto L1
	r1 = *(u8 *)(r2 + 1)
	r0 = 99
	if r1 != 0 goto L1
	r0 = 11
L1:
	exit
