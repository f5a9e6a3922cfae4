/* Twin of tests/programs/alu-narrowing.lisp: 64-bit arithmetic on
 * operands loaded as u32, u16 and u8. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 15);

SEC("xdp")
int alu_narrowing(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 16 > data_end)
		return XDP_PASS;
	__u64 x = *(__u32 *)data;
	__u64 y = *(__u32 *)(data + 4);
	__u64 h = *(__u16 *)data;
	__u64 b = *(__u8 *)data;

	map_set(&out, 0, x + y);
	map_set(&out, 1, x * y);
	map_set(&out, 2, x << 4);
	map_set(&out, 3, x - y);
	map_set(&out, 4, (x - y) >> 1);
	map_set(&out, 5, -x);
	map_set(&out, 6, x + y > x ? 1 : 0);
	map_set(&out, 7, (__u32)(x + y));
	map_set(&out, 8, (__s64)(x - y) < 0 ? 1 : 0);
	map_set(&out, 9, (x * 2) / 2);
	map_set(&out, 10, (x + 1) % x);
	map_set(&out, 11, h + h);
	map_set(&out, 12, h * h);
	map_set(&out, 13, b << 56);
	map_set(&out, 14, x ^ (y << 32));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
