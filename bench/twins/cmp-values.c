/* Twin of tests/programs/cmp-values.lisp: comparisons as values, 1 or 0. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 10);

SEC("xdp")
int cmp_values(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__u64 b = *(__u64 *)(data + 8);

	map_set(&out, 0, a == b);
	map_set(&out, 1, a != b);
	map_set(&out, 2, a < b);
	map_set(&out, 3, a <= b);
	map_set(&out, 4, a > b);
	map_set(&out, 5, a >= b);
	map_set(&out, 6, (__s64)a < (__s64)b);
	map_set(&out, 7, (__s64)a <= (__s64)b);
	map_set(&out, 8, (__s64)a > (__s64)b);
	map_set(&out, 9, (__s64)a >= (__s64)b);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
