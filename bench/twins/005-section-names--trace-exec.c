/* Twin of tests/seeds/programs/005-section-names--trace-exec.lisp:
 * an empty kprobe. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("kprobe/sys_execve")
int trace_exec(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
