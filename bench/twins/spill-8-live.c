/* Twin of tests/programs/spill-8-live.lisp: eight packet words live
 * across three helper calls. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 3);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} count SEC(".maps");

SEC("xdp")
int spill_8_live(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 *w = data;

	if (data + 64 > data_end)
		return XDP_PASS;
	__u64 v0 = w[0], v1 = w[1], v2 = w[2], v3 = w[3];
	__u64 v4 = w[4], v5 = w[5], v6 = w[6], v7 = w[7];

	array_add(&count, 0, 1);
	array_add(&count, 1, 1);
	array_add(&count, 2, 1);
	map_set(&out, 0, v0 + 3 * v1 + (v2 ^ v3) + (v4 - v5) + v6 * v7);
	map_set(&out, 1, v0 ^ v1 ^ v2 ^ v3 ^ v4 ^ v5 ^ v6 ^ v7);
	map_set(&out, 2, v7 - v0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
