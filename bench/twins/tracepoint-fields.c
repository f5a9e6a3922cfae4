/* Twin of tests/programs/tracepoint-fields.lisp: sched_process_fork's
 * record fields (parent_pid at 12, child_pid at 20, both pid_t, from the
 * format file), and a fork time map keyed by the upper half of pid_tgid. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 1024);
} ppid_map SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1024);
} fork_times SEC(".maps");

SEC("tracepoint/sched/sched_process_fork")
int trace_fork(void *ctx)
{
	__u32 child = *(__s32 *)(ctx + 20);
	__u32 parent = *(__s32 *)(ctx + 12);

	bpf_map_update_elem(&ppid_map, &child, &parent, BPF_ANY);
	return 0;
}

SEC("tracepoint/sched/sched_process_fork")
int trace_fork_time(void *ctx)
{
	__u64 tgid = bpf_get_current_pid_tgid();
	__u32 pid = tgid >> 32;
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&fork_times, &pid, &ts, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
