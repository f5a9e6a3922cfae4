#!asm
.license "GPL"
.map out type=array key_size=4 value_size=8 max_entries=1 flags=0
.prog moves type=xdp section="xdp"
	.loc 0:0
	r6 = r1
	r1 = r6
	r2 = *(u32 *)(r1 + 0)
	r3 = *(u32 *)(r1 + 4)
	r4 = r2
	r4 += 16
	if r4 <= r3 goto L1
	r0 = 0
	exit
L1:
	r4 = r2
	r7 = *(u8 *)(r4 + 0)
	r5 = *(u8 *)(r4 + 1)
	r8 = 99
	w8 = w5
	r8 += r7
	*(u32 *)(r10 - 4) = 0
	r1 = out ll
	r2 = r10
	r2 += -4
	call 1
	if r0 != 0 goto L2
	r0 = 0
	exit
L2:
	r9 = r8
	w9 = w9
	*(u32 *)(r0 + 0) = r9
	r3 = r8
	r3 &= 255
	r0 = r3
	exit
