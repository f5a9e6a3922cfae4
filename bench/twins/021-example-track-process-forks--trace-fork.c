/* Twin of tests/seeds/programs/021-example-track-process-forks--trace-fork.lisp:
 * one ring-buffer event per fork with the parent's and the child's pid,
 * read from the tracepoint record (sched_process_fork's format:
 * parent_pid at 12, child_pid at 20, both pid_t). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct fork_event {
	__u32 parent_pid;
	__u32 child_pid;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_fork")
int trace_fork(void *ctx)
{
	struct fork_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (e) {
		e->parent_pid = *(__s32 *)(ctx + 12);
		e->child_pid = *(__s32 *)(ctx + 20);
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
