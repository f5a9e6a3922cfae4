/* Twin of tests/seeds/programs/007-multiple-programs-full-example--trace-sched.lisp:
 * one ring-buffer event per exec: the pid (the low 32 bits of
 * pid_tgid, as the u32 field stores it) and a timestamp. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct event {
	__u32 pid;
	__u64 ts;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

SEC("tracepoint/sched/sched_process_exec")
int trace_sched(void *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (e) {
		e->pid = bpf_get_current_pid_tgid();
		e->ts = bpf_ktime_get_ns();
		bpf_ringbuf_submit(e, 0);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
