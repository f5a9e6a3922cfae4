/* Twin of tests/programs/kprobe-args.lisp: a kprobe filling a ring-buffer
 * event from helpers and its six arguments, and a kretprobe recording the
 * return value by tgid. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"
#include <asm/ptrace.h>
#include <bpf/bpf_tracing.h>

struct exec_event {
	__u32 pid;
	__u32 uid;
	__u64 ts;
	__u64 args[6];
	__u8 comm[16];
	__u8 path[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u64);
	__uint(max_entries, 64);
} ret_codes SEC(".maps");

SEC("kprobe/do_sys_openat2")
int trace_args(struct pt_regs *ctx)
{
	struct exec_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (e) {
		e->pid = (__u32)bpf_get_current_pid_tgid();
		e->uid = (__u32)bpf_get_current_uid_gid();
		e->ts = bpf_ktime_get_ns();
		bpf_get_current_comm(e->comm, 16);
		e->args[0] = PT_REGS_PARM1(ctx);
		e->args[1] = PT_REGS_PARM2(ctx);
		e->args[2] = PT_REGS_PARM3(ctx);
		e->args[3] = PT_REGS_PARM4(ctx);
		e->args[4] = PT_REGS_PARM5(ctx);
		e->args[5] = ctx->r9;	/* the sixth argument */
		bpf_probe_read_user_str(e->path, 64, (void *)PT_REGS_PARM2(ctx));
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int trace_ret(struct pt_regs *ctx)
{
	__u64 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 ret = PT_REGS_RC(ctx);

	bpf_map_update_elem(&ret_codes, &tgid, &ret, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
