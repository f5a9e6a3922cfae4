#!asm
.kstruct task_struct size=32
.kmember policy offset=16 u64
.kmember start_time offset=24 u32
.prog p type=tracepoint section="tracepoint/syscalls/sys_enter_getpid"
	.loc 0:0
	call 158
	r6 = r0
	.core byte_off task_struct policy
	r1 = *(u64 *)(r6 + 16)
	*(u64 *)(r10 - 8) = r1
	r7 = r6
	.core byte_off task_struct start_time
	r1 = *(u32 *)(r7 + 24)
	*(u64 *)(r10 - 16) = r1
	.core byte_off task_struct start_time
	r6 += 24
	r1 = *(u32 *)(r6 + 0)
	*(u64 *)(r10 - 16) = r1
	*(u64 *)(r10 - 8) = r6
	.core byte_off task_struct policy
	r2 = 16
	r2 += r0
	r1 = *(u64 *)(r2 + 0)
	*(u64 *)(r10 - 16) = r1
	*(u64 *)(r10 - 8) = r2
	r7 += 8
	.core byte_off task_struct policy
	r1 = *(u64 *)(r7 + 16)
	*(u64 *)(r10 - 16) = r1
	r0 = 0
	exit
