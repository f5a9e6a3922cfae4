/* Twin of tests/programs/macro-compile-time.lisp: what the macros expand
 * to: a weighted sum (3 5 7), clamps, a byte sum, constants. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 9);

static __always_inline __u64 clamp(__u64 x, __u64 lo, __u64 hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

SEC("xdp")
int macro_compile_time(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 16 > data_end)
		return XDP_PASS;
	{
		__u64 a = *(__u8 *)data, b = *(__u8 *)(data + 1),
		      c = *(__u8 *)(data + 2);

		map_set(&out, 0, 3 * a + 5 * b + 7 * c);
	}
	map_set(&out, 4, (__u64)*(__u8 *)data + *(__u8 *)(data + 1) +
			 *(__u8 *)(data + 2) + *(__u8 *)(data + 3));
	{
		__u64 a = *(__u8 *)data, b = *(__u8 *)(data + 1);

		map_set(&out, 1, clamp(a * 100, 0, 255));
		map_set(&out, 2, clamp(b * 100, 0, 255));
		map_set(&out, 3, clamp(a - 3, 1, 9));
		map_set(&out, 5, 144);
		map_set(&out, 6, 1 | 4 | 16);
		map_set(&out, 7, a + 10);
		map_set(&out, 8, a + b);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
