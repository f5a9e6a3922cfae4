/* Twin of tests/programs/type-inference-const.lisp: (ntohs K) is u16,
 * (ntohl K) u32, (cast u8 K) u8, constant or not. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 3);

SEC("xdp")
int type_inference_const(struct xdp_md *ctx)
{
	__u16 n = bpf_ntohs(0x1234);
	__u32 l = bpf_ntohl(0x12345678);
	__u8 c = (__u8)0x1ff;

	n = n + 0x10000;
	l = l + 0x100000000ULL;
	c = c + 1;
	map_set(&out, 0, n);
	map_set(&out, 1, l);
	map_set(&out, 2, c);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
