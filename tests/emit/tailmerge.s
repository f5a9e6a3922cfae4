#!asm
.license "GPL"
.map out type=array key_size=4 value_size=8 max_entries=1 flags=0
.prog tailmerge type=xdp section="xdp"
	.loc 0:0
	r6 = *(u32 *)(r1 + 0)
	r2 = *(u32 *)(r1 + 4)
	r3 = r6
	r3 += 16
	if r3 > r2 goto L3
	r7 = *(u8 *)(r6 + 0)
	if r7 == 1 goto L2
	*(u32 *)(r10 - 4) = 0
	r1 = out ll
	r2 = r10
	r2 += -4
	call 1
	if r0 == 0 goto L3
	if r7 != 2 goto L1
	r1 = 7
	*(u64 *)(r0 + 0) = r1
	goto L2
L1:
	r8 = *(u8 *)(r6 + 1)
	if r8 != 5 goto L3
	r1 = 9
	*(u64 *)(r0 + 0) = r1
L2:
	r0 = 1
	exit
L3:
	r0 = 2
	exit
