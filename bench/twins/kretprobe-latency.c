/* Twin of tests/programs/kretprobe-latency.lisp: a kprobe records the time
 * and the open flags under the pid_tgid, a kretprobe reads them and the
 * return value back and counts calls, errors and nanoseconds per process
 * and flag class. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "twin.h"
#include <asm/ptrace.h>
#include <bpf/bpf_tracing.h>

struct start_info {
	__u64 ts;
	__u64 flags;
};

struct call_stats {
	__u64 calls;
	__u64 errors;
	__u64 nsecs;
	__u64 max_nsecs;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, struct start_info);
	__uint(max_entries, 10240);
} starts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, struct call_stats);
	__uint(max_entries, 1024);
} stats SEC(".maps");

SEC("kprobe/do_sys_openat2")
int open_entry(struct pt_regs *ctx)
{
	struct start_info info;
	void *how = (void *)PT_REGS_PARM3(ctx);
	__u64 id;

	__builtin_memset(&info, 0, sizeof(info));
	info.ts = bpf_ktime_get_ns();
	bpf_probe_read_kernel(&info.flags, 8, how);
	id = bpf_get_current_pid_tgid();
	bpf_map_update_elem(&starts, &id, &info, BPF_ANY);
	return 0;
}

SEC("kretprobe/do_sys_openat2")
int open_exit(struct pt_regs *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct start_info *info = bpf_map_lookup_elem(&starts, &id);

	if (!info)
		return 0;
	long ret = PT_REGS_RC(ctx);
	__u64 delta = bpf_ktime_get_ns() - info->ts;
	__u64 flags = info->flags;
	__u64 key = (id & 0xffffffff00000000ull) | (flags & 3) | ((flags & 0x40) ? 4 : 0);
	struct call_stats *st = bpf_map_lookup_elem(&stats, &key);

	if (st) {
		__sync_fetch_and_add(&st->calls, 1);
		if (ret < 0)
			__sync_fetch_and_add(&st->errors, 1);
		__sync_fetch_and_add(&st->nsecs, delta);
		if (delta > st->max_nsecs)
			st->max_nsecs = delta;
	} else {
		struct call_stats new;

		__builtin_memset(&new, 0, sizeof(new));
		new.calls = 1;
		new.errors = ret < 0;
		new.nsecs = delta;
		new.max_nsecs = delta;
		bpf_map_update_elem(&stats, &key, &new, BPF_ANY);
	}
	bpf_map_delete_elem(&starts, &id);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
