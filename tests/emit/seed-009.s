#!asm
.file "009-example-protocol-dispatch--xdp-dispatch.lisp"
.license "GPL"
.map jt type=prog-array key_size=4 value_size=4 max_entries=256 flags=0 @3:1
.map proto_stats type=array key_size=4 value_size=8 max_entries=3 flags=0 @5:1
.prog xdp_dispatch type=xdp section="xdp" @8:1
	.loc 8:1
	r6 = r1
	.loc 9:13
	r1 = *(u32 *)(r6 + 0)
	.loc 10:11
	r2 = *(u32 *)(r6 + 4)
	.loc 11:10
	r3 = r1
	r3 += 34
	.loc 11:7
	if r3 > r2 goto L2
	.loc 13:11
	r2 = *(u16 *)(r1 + 12)
	r2 = be16 r2
	.loc 13:7
	if r2 != 2048 goto L2
	.loc 15:14
	r7 = *(u8 *)(r1 + 23)
	.loc 17:1
	*(u32 *)(r10 - 4) = 0
	r1 = proto_stats ll
	r2 = r10
	r2 += -4
	call 1
	if r0 == 0 goto L1
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
L1:
	.loc 20:1
	r1 = r6
	r3 = r7
	r2 = jt ll
	call 12
L2:
	.loc 8:1
	r0 = 2
	exit
