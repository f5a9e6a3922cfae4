/* Twin of tests/programs/byte-order-compare.lisp: byte-swapped packet
 * fields compared with constants, as the tests of if. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int byte_order_compare(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 38 > end)
		return XDP_PASS;
	return (bpf_ntohs(*(__u16 *)(data + 12)) == 0x0800 ? 1 : 0) |
	       (bpf_ntohs(*(__u16 *)(data + 12)) != 0x0806 ? 2 : 0) |
	       (bpf_ntohl(*(__u32 *)(data + 30)) == 0xc0a80709 ? 4 : 0) |
	       (bpf_ntohs(*(__u16 *)(data + 36)) > 1023 ? 8 : 0) |
	       (bpf_ntohs(*(__u16 *)(data + 34)) < 0x0100 ? 16 : 0) |
	       (bpf_ntohl(*(__u32 *)(data + 26)) == 0x0a010203 ? 32 : 0);
}

char LICENSE[] SEC("license") = "GPL";
