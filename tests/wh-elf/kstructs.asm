#!asm
.struct pair size=8 align=4
.member a u32 offset=0
.member b u32 offset=4
.kstruct plain size=8
.kmember a offset=0 u32
.kmember b offset=4 u32
.kunion either size=8
.kmember x offset=0 u64
.kmember y offset=0 i16
.kstruct task_struct size=200
.kmember pid offset=16 i32
.kmember inner offset=24 struct plain
.kmember parent offset=32 *struct task_struct
.kmember data offset=40 *void
.kmember pp offset=48 **u8
.kmember anon offset=56 struct 16
.kmember au offset=72 union 8
.kmember state offset=80 enum 4 task_state
.kmember e2 offset=84 enum 1
.kmember comm offset=88 [16]u8
.kmember grid offset=104 [2][3]u16
.kmember big offset=128 u128
.kmember u offset=144 union either
.prog p type=kprobe section="kprobe/foo"
	.loc 0:0
	.core byte_off task_struct pid
	r1 = 16
	.core byte_sz task_struct pid
	r2 = 4
	.core field_exists task_struct comm
	r3 = 1
	.core signed task_struct pid
	r4 = 1
	.core lshift_u64 plain b
	r5 = 32
	.core rshift_u64 plain b
	r5 >>= 32
	.core byte_off plain b
	r0 = *(u32 *)(r1 + 4)
	.core byte_sz either y
	w0 = 2
	.core byte_off task_struct comm
	r0 = 88 ll
	exit
