/* Twin of tests/programs/cmp-const.lisp: comparisons with constants that
 * fit a 32-bit immediate, as the tests of if. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int cmp_const(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__s64 s = a;

	return (s < 0 ? 1 : 0) | (a < 10 ? 2 : 0) | (s > -2 ? 4 : 0) |
	       (a >= 0x7fffffff ? 8 : 0) | (s <= 0x7fffffff ? 16 : 0) |
	       (a == (__u64)-1 ? 32 : 0) | (a != 0 ? 64 : 0) |
	       (a <= 255 ? 128 : 0) | (s >= -1 ? 256 : 0) |
	       (a < (__u64)-1 ? 512 : 0) | (a > 5 ? 1024 : 0) |
	       (s < -2147483648LL ? 2048 : 0);
}

char LICENSE[] SEC("license") = "GPL";
