/* Twin of tests/programs/spill-12-live.lisp: twelve packet words live
 * across four helper calls. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 2);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} count SEC(".maps");

SEC("xdp")
int spill_12_live(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 *w = data;

	if (data + 96 > data_end)
		return XDP_PASS;
	__u64 w1 = w[0], w2 = w[1], w3 = w[2], w4 = w[3], w5 = w[4], w6 = w[5];
	__u64 w7 = w[6], w8 = w[7], w9 = w[8], w10 = w[9], w11 = w[10], w12 = w[11];

	array_add(&count, 0, 1);
	array_add(&count, 0, 1);
	array_add(&count, 0, 1);
	__u64 s = 1 * w1 + 2 * w2 + 3 * w3 + 4 * w4 + 5 * w5 + 6 * w6 +
		  7 * w7 + 8 * w8 + 9 * w9 + 10 * w10 + 11 * w11 + 12 * w12;

	array_add(&count, 0, 1);
	map_set(&out, 0, s);
	map_set(&out, 1, (w1 << 0) ^ (w2 << 1) ^ (w3 << 2) ^ (w4 << 3) ^
			 (w5 << 4) ^ (w6 << 5) ^ (w7 << 6) ^ (w8 << 7) ^
			 (w9 << 8) ^ (w10 << 9) ^ (w11 << 10) ^ (w12 << 11));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
