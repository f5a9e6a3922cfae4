/* Twin of tests/programs/arith-add-sub.lisp: + and - on 64-bit values. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 8);

SEC("xdp")
int arith_add_sub(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 24 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__u64 b = *(__u64 *)(data + 8);
	__u64 c = *(__u64 *)(data + 16);

	map_set(&out, 0, a + b);
	map_set(&out, 1, a - b);
	map_set(&out, 2, b - a);
	map_set(&out, 3, a + b + c);
	map_set(&out, 4, -a);
	map_set(&out, 5, a + 1);
	map_set(&out, 6, c - 1);
	map_set(&out, 7, 0 - c);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
