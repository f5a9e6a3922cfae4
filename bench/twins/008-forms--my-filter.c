/* Twin of tests/seeds/programs/008-forms--my-filter.lisp:
 * drop IPv4 frames at least 34 bytes long, pass the rest. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include "twin.h"

SEC("xdp")
int my_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 34 > data_end)
		return XDP_PASS;
	if (eth->proto == bpf_htons(ETH_P_IP))
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
