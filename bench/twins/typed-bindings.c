/* Twin of tests/programs/typed-bindings.lisp: typed variables hold the
 * low bits of what they are given; arithmetic on them is 64-bit. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 12);

SEC("xdp")
int typed_bindings(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 w = *(__u64 *)data;
	{
		__u8 a = w;
		__u16 b = w;
		__u32 c = w;
		__u64 d = w;

		map_set(&out, 0, a);
		map_set(&out, 1, b);
		map_set(&out, 2, c);
		map_set(&out, 3, d);
		map_set(&out, 5, (__u64)a + a);
		map_set(&out, 6, (__u64)c * 16);
		a = a + 0x80;
		b = b + 0x9000;
		map_set(&out, 7, a);
		map_set(&out, 8, b);
	}
	{
		__u16 p = w, q = w;

		map_set(&out, 9, p);
		map_set(&out, 10, (__u64)p + q);
	}
	{
		__u32 p2 = w;

		p2 = p2 - 0x55667789;
		map_set(&out, 11, p2);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
