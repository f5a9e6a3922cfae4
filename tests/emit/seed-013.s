#!asm
.file "013-packet-context--check-len.lisp"
.license "GPL"
.prog check_len type=xdp section="xdp" @2:1
	.loc 3:13
	r2 = *(u32 *)(r1 + 0)
	.loc 4:11
	r1 = *(u32 *)(r1 + 4)
	.loc 5:8
	r1 -= r2
	.loc 5:1
	r0 = 1
	.loc 5:5
	if r1 < 14 goto L1
	.loc 5:1
	r0 = 2
L1:
	.loc 2:1
	exit
