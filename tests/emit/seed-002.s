#!asm
.file "002-whistler--count-packets.lisp"
.license "GPL"
.map pkt_count type=array key_size=4 value_size=8 max_entries=1 flags=0 @2:1
.prog count_packets type=xdp section="xdp" @4:1
	.loc 5:1
	*(u32 *)(r10 - 4) = 0
	r1 = pkt_count ll
	r2 = r10
	r2 += -4
	call 1
	if r0 == 0 goto L1
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
L1:
	.loc 4:1
	r0 = 2
	exit
