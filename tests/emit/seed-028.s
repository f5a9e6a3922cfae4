#!asm
.file "028-xdp-context-access--my-xdp.lisp"
.license "GPL"
.prog my_xdp type=xdp section="xdp" @2:1
	.loc 3:1
	r2 = *(u32 *)(r1 + 0)
	r1 = *(u32 *)(r1 + 4)
	r3 = r2
	r3 += 54
	if r3 > r1 goto L1
	r1 = *(u16 *)(r2 + 12)
	r1 = be16 r1
	if r1 != 2048 goto L1
	r1 = *(u8 *)(r2 + 23)
	if r1 != 6 goto L1
	.loc 6:10
	r1 = *(u16 *)(r2 + 36)
	r1 = be16 r1
	.loc 7:1
	r0 = 1
	.loc 6:7
	if r1 == 80 goto L2
L1:
	.loc 2:1
	r0 = 2
L2:
	exit
