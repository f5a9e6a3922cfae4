/* Twin of tests/programs/and-or-values.lisp: or gives its first non-zero
 * operand (GNU a ?: b), and gives 0 or its last operand, not 1 or 0. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 14);

SEC("xdp")
int and_or_values(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 24 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__u64 b = *(__u64 *)(data + 8);
	__u64 c = *(__u64 *)(data + 16);

	map_set(&out, 0, a ?: b ?: c);
	map_set(&out, 1, a && b ? c : 0);
	map_set(&out, 2, a ?: b);
	map_set(&out, 3, a ? b : 0);
	map_set(&out, 4, !a);
	map_set(&out, 5, !!b);
	map_set(&out, 6, a);
	map_set(&out, 7, c ? 9 : 0);
	map_set(&out, 8, (a ? b : 0) ?: c);
	map_set(&out, 9, (a ?: b) ? (b ?: c) : 0);
	map_set(&out, 10, a == b ? 1 : c);
	map_set(&out, 11, c > a ? c : 0);
	map_set(&out, 12, 0);
	map_set(&out, 13, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
