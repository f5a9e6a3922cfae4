/* Twin of tests/seeds/programs/018-context-pt-regs--trace-exec.lisp:
 * read execve's first argument from pt_regs (rdi, offset 112 on x86-64)
 * and do nothing with it. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("kprobe/__x64_sys_execve")
int trace_exec(void *ctx)
{
	__u64 filename_ptr = *(__u64 *)(ctx + 112);

	(void)filename_ptr;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
