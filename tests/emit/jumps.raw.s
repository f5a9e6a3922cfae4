#!asm
.license "GPL"
.prog jumps type=xdp section="xdp"
	.loc 0:0
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	if r4 <= r3 goto L1
	r0 = 0
	exit
L1:
	r5 = *(u8 *)(r2 + 0)
	if r5 != 0 goto L2
	goto L6
L2:
	if r5 > 10 goto L3
	goto L5
L3:
	goto L4
L4:
	r0 = 3
	exit
	r0 = 9
	exit
L5:
	goto L7
L6:
	r0 = 1
	exit
L7:
	r0 = 2
	exit
