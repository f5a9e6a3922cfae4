/* Twin of tests/programs/byte-order.lisp: ntohs/htons swap the low 16
 * bits, ntohl/htonl the low 32, ntohll/htonll all 64. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 12);

SEC("xdp")
int byte_order(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 x = *(__u64 *)data;

	map_set(&out, 0, bpf_ntohs((__u16)x));
	map_set(&out, 1, bpf_htons((__u16)x));
	map_set(&out, 2, bpf_ntohl((__u32)x));
	map_set(&out, 3, bpf_htonl((__u32)x));
	map_set(&out, 4, bpf_be64_to_cpu(x));
	map_set(&out, 5, bpf_cpu_to_be64(x));
	map_set(&out, 6, (__u64)bpf_ntohs((__u16)x) + 1);
	map_set(&out, 7, bpf_ntohs(bpf_ntohs((__u16)x)));
	map_set(&out, 8, bpf_ntohl(*(__u32 *)(data + 8)));
	map_set(&out, 9, bpf_ntohs(*(__u16 *)(data + 8)));
	map_set(&out, 10, *(__u16 *)(data + 8));
	map_set(&out, 11, bpf_be64_to_cpu(x) >> 56);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
