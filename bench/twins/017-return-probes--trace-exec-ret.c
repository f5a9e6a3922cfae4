/* Twin of tests/seeds/programs/017-return-probes--trace-exec-ret.lisp:
 * an empty kretprobe. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("kretprobe/__x64_sys_execve")
int trace_exec_ret(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
