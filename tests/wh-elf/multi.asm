#!asm
.file "multi.lisp"
.license "GPL"
.map counts type=hash key_size=4 value_size=8 max_entries=64 flags=0 @2:1
.map events type=ringbuf key_size=0 value_size=0 max_entries=4096 flags=0 @3:1
.prog pass type=xdp section="xdp" @5:1
	.loc 6:3
	r0 = 2
	exit
.prog drop type=xdp section="xdp" @8:1
	.loc 9:3
	r0 = 1
	exit
.prog count_tc type=tc section="tc" @11:1
	.loc 12:3
	w1 = 7
	*(u32 *)(r10 - 4) = r1
	r2 = r10
	r2 += -4
	r1 = counts ll
	call 1
	if r0 != 0 goto L0
	.loc 13:5
	*(u64 *)(r10 - 16) = 1
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r1 = counts ll
	r4 = 0
	call 2
	goto L1
L0:
	.loc 14:5
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
L1:
	.loc 15:3
	r0 = 0
	exit
.prog on_open type=kprobe section="kprobe/do_sys_openat2" @17:1
	.loc 18:3
	r1 = events ll
	r2 = r10
	r2 += -8
	*(u64 *)(r10 - 8) = 42
	r3 = 8
	r4 = 0
	call 130
	r0 = 0
	exit
