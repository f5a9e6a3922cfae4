#!asm
.license "GPL"
.kstruct task_struct size=3264
.kmember pid offset=1264 i32
.kmember tgid offset=1268 i32
.prog core type=kprobe section="kprobe/f"
	.loc 0:0
	call 35
	r6 = r0
	r3 = r6
	.core byte_off task_struct pid
	r3 += 1264
	r1 = r10
	r1 += -8
	r2 = 4
	call 113
	.core byte_off task_struct tgid
	r4 = 1268
	r3 = r6
	r3 += r4
	r3 += r4
	r1 = r10
	r1 += -8
	r2 = 4
	call 113
	r0 = 0
	exit
