#!asm
.file "examples/count-xdp.lisp"
.license "GPL"
.map pkt_count type=array key_size=4 value_size=8 max_entries=1 flags=0 @3:1
.prog count_packets type=xdp section="xdp" @6:1
	.loc 7:3
	*(u32 *)(r10 - 8) = 0
	r1 = pkt_count ll
	r2 = r10
	r2 += -8
	call 1
	if r0 == 0 goto L1
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
L1:
	.loc 6:1
	r0 = 2
	exit
