/* Twin of tests/programs/cmp-const-wide.lisp: comparisons with constants
 * that do not fit a sign-extended 32-bit immediate. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int cmp_const_wide(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;

	return (a > 0xffffffffULL ? 1 : 0) | (a == 0x80000000ULL ? 2 : 0) |
	       (a < 0x100000000ULL ? 4 : 0) |
	       ((__s64)a > 0x80000000LL ? 8 : 0) |
	       (a == 0x123456789abcdef0ULL ? 16 : 0) |
	       (a != 0xffffffffULL ? 32 : 0);
}

char LICENSE[] SEC("license") = "GPL";
