/* Twin of tests/programs/cmp-branch.lisp: comparisons as the tests of
 * if; bit i of the return value is set when comparison i holds. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int cmp_branch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__u64 b = *(__u64 *)(data + 8);
	__s64 sa = a, sb = b;

	return (a == b ? 1 : 0) | (a != b ? 2 : 0) | (a < b ? 4 : 0) |
	       (a <= b ? 8 : 0) | (a > b ? 16 : 0) | (a >= b ? 32 : 0) |
	       (sa < sb ? 64 : 0) | (sa <= sb ? 128 : 0) |
	       (sa > sb ? 256 : 0) | (sa >= sb ? 512 : 0);
}

char LICENSE[] SEC("license") = "GPL";
