/* Twin of tests/seeds/programs/016-uprobes--trace-malloc.lisp:
 * an empty uprobe. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("uprobe//lib64/libc.so.6")
int trace_malloc(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
