#!asm
.file "010-example-code-generating-macro--define-port-checker.lisp"
.license "GPL"
.prog drop_9999 type=xdp section="xdp" @9:1
	.loc 9:1
	r2 = *(u32 *)(r1 + 0)
	r1 = *(u32 *)(r1 + 4)
	r3 = r2
	r3 += 54
	if r3 <= r1 goto L1
	r0 = 2
	exit
L1:
	r1 = *(u16 *)(r2 + 12)
	r1 = be16 r1
	if r1 == 2048 goto L2
	r0 = 2
	exit
L2:
	r1 = r2
	r1 += 14
	r1 = *(u8 *)(r1 + 9)
	if r1 == 6 goto L3
	r0 = 2
	exit
L3:
	r2 += 34
	r1 = *(u16 *)(r2 + 2)
	r1 = be16 r1
	if r1 != 9999 goto L4
	r0 = 1
	exit
L4:
	r0 = 2
	exit
.prog drop_8080 type=xdp section="xdp" @10:1
	.loc 9:1
	r2 = *(u32 *)(r1 + 0)
	r1 = *(u32 *)(r1 + 4)
	.loc 10:1
	r3 = r2
	r3 += 54
	if r3 <= r1 goto L1
	r0 = 2
	exit
L1:
	r1 = *(u16 *)(r2 + 12)
	r1 = be16 r1
	if r1 == 2048 goto L2
	r0 = 2
	exit
L2:
	r1 = r2
	r1 += 14
	r1 = *(u8 *)(r1 + 9)
	if r1 == 6 goto L3
	r0 = 2
	exit
L3:
	r2 += 34
	r1 = *(u16 *)(r2 + 2)
	r1 = be16 r1
	if r1 != 8080 goto L4
	r0 = 1
	exit
L4:
	r0 = 2
	exit
