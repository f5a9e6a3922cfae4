#!asm
.file "010-example-code-generating-macro--define-port-checker.lisp"
.license "GPL"
.prog drop_9999 type=xdp section="xdp" @9:1
	.loc 9:1
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
	r1 = *(u16 *)(r2 + 36)
	r1 = be16 r1
	r0 = 1
	if r1 == 9999 goto L2
L1:
	r0 = 2
L2:
	exit
.prog drop_8080 type=xdp section="xdp" @10:1
	.loc 9:1
	r2 = *(u32 *)(r1 + 0)
	r1 = *(u32 *)(r1 + 4)
	.loc 10:1
	r3 = r2
	r3 += 54
	if r3 > r1 goto L1
	r1 = *(u16 *)(r2 + 12)
	r1 = be16 r1
	if r1 != 2048 goto L1
	r1 = *(u8 *)(r2 + 23)
	if r1 != 6 goto L1
	r1 = *(u16 *)(r2 + 36)
	r1 = be16 r1
	r0 = 1
	if r1 == 8080 goto L2
L1:
	r0 = 2
L2:
	exit
