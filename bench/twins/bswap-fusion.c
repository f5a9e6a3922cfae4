/* Twin of tests/programs/bswap-fusion.lisp: comparisons of byte-swapped
 * values; bit i of the return value for test i. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int bswap_fusion(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 20 > data_end)
		return XDP_PASS;
	__u32 w = *(__u32 *)(data + 12);
	__u16 t = *(__u16 *)(data + 12);
	__u32 l = *(__u32 *)(data + 14);

	return (bpf_ntohs((__u16)w) == 0x0800 ? 1 : 0) |
	       (bpf_ntohs(t) == 0x0800 ? 2 : 0) |
	       (bpf_ntohs(t) < 0x0100 ? 4 : 0) |
	       (bpf_ntohs(t) > 0x00ff ? 8 : 0) |
	       (bpf_ntohl(l) == 0x01020304 ? 16 : 0) |
	       (bpf_ntohs((__u16)w) != 0x0806 ? 32 : 0) |
	       (bpf_ntohl(l) < 0x01000000 ? 64 : 0) |
	       (t == 8 ? 128 : 0) |
	       ((__s64)bpf_ntohs(t) < 0 ? 256 : 0) |
	       (bpf_ntohs((__u16)((__u64)w + 0x10000)) == 0x0800 ? 512 : 0);
}

char LICENSE[] SEC("license") = "GPL";
