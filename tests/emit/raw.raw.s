#!asm
.license "GPL"
.prog raw type=xdp section="xdp"
	.loc 0:0
	r2 = 5
	r1 = r1
	r0 = 7
	r0 = 7
	exit
