/* Twin of tests/programs/type-inference.lisp: the types the manual's
 * inference table gives, which assignments then truncate to. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 9);

SEC("xdp")
int type_inference(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	{
		__u16 x = *(__u16 *)data;

		map_set(&out, 7, (__u64)x + 1);
		x = x + 0xcbee;
		map_set(&out, 0, x);
	}
	{
		__u16 n = bpf_ntohs(*(__u16 *)data);

		n = n + 0x10000;
		map_set(&out, 1, n);
	}
	{
		__u32 l = bpf_ntohl(*(__u32 *)data);

		l = (__u64)l << 32;
		map_set(&out, 2, l);
	}
	{
		__u8 c = *(__u8 *)(data + 4);

		map_set(&out, 8, (__u64)c + c);
		c = c + 1;
		map_set(&out, 3, c);
	}
	{
		__u32 r = bpf_get_prandom_u32();

		r = (__u64)r << 32;
		map_set(&out, 4, r);
	}
	{
		__u32 p = bpf_get_smp_processor_id();

		p = (__u64)p << 32;
		map_set(&out, 5, p);
	}
	{
		__u64 u = *(__u16 *)data | *(__u8 *)(data + 5);

		u = u + 0x10000;
		map_set(&out, 6, u);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
