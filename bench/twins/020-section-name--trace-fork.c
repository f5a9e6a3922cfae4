/* Twin of tests/seeds/programs/020-section-name--trace-fork.lisp:
 * an empty tracepoint program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tracepoint/sched/sched_process_fork")
int trace_fork(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
