/* Twin of tests/programs/runq-latency.lisp: sched_wakeup records the
 * wake-up time by pid (pid at 24 in its record); sched_switch restarts
 * the clock of a still runnable prev task (prev_pid at 24, prev_state at
 * 32) and counts the waited microseconds of next (next_pid at 56) in a
 * log2 histogram. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 10240);
} start SEC(".maps");

OUT_MAP(hist, 26);

SEC("tracepoint/sched/sched_wakeup")
int handle_wakeup(void *ctx)
{
	__u32 pid = *(__s32 *)(ctx + 24);
	__u64 ts = bpf_ktime_get_ns();

	bpf_map_update_elem(&start, &pid, &ts, BPF_ANY);
	return 0;
}

SEC("tracepoint/sched/sched_switch")
int handle_switch(void *ctx)
{
	__u64 now = bpf_ktime_get_ns();

	if (*(__s64 *)(ctx + 32) == 0) {
		__u32 prev = *(__s32 *)(ctx + 24);

		bpf_map_update_elem(&start, &prev, &now, BPF_ANY);
	}
	__u32 pid = *(__s32 *)(ctx + 56);
	__u64 ts = map_get(&start, pid);

	if (ts != 0) {
		__u64 delta = (now - ts) / 1000;
		__u32 slot = 0;

		for (int i = 0; i < 25; i++) {
			if (delta > 1) {
				delta >>= 1;
				slot++;
			}
		}
		array_add(&hist, slot, 1);
		bpf_map_delete_elem(&start, &pid);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
