/* Twin of tests/programs/shift-const.lisp: <<, >> and >>> (arithmetic)
 * by 0, 31, 32 and 63. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 12);

SEC("xdp")
int shift_const(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 x = *(__u64 *)data;
	__s64 s = x;

	map_set(&out, 0, x << 0);
	map_set(&out, 1, x >> 0);
	map_set(&out, 2, s >> 0);
	map_set(&out, 3, x << 31);
	map_set(&out, 4, x >> 31);
	map_set(&out, 5, s >> 31);
	map_set(&out, 6, x << 32);
	map_set(&out, 7, x >> 32);
	map_set(&out, 8, s >> 32);
	map_set(&out, 9, x << 63);
	map_set(&out, 10, x >> 63);
	map_set(&out, 11, s >> 63);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
