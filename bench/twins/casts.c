/* Twin of tests/programs/casts.lisp: (cast W x) keeps the low W bits;
 * arithmetic on the results stays 64-bit. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 12);

SEC("xdp")
int casts(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 x = *(__u64 *)data;

	map_set(&out, 0, (__u8)x);
	map_set(&out, 1, (__u16)x);
	map_set(&out, 2, (__u32)x);
	map_set(&out, 3, (__u64)x);
	map_set(&out, 4, (__u8)x);
	map_set(&out, 5, (__u16)x);
	map_set(&out, 6, (__u32)x);
	map_set(&out, 7, (__u64)x);
	map_set(&out, 8, (__u64)(__u8)x + (__u8)x);
	map_set(&out, 9, (__u16)(__u32)x);
	map_set(&out, 10, (__u32)(0 - x));
	map_set(&out, 11, (__u32)(x + 0x7fffffff));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
