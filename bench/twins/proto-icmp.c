/* Twin of tests/programs/proto-icmp.lisp: the ICMP accessors after a
 * fixed 20-byte IPv4 header. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include "twin.h"

OUT_MAP(out, 4);

SEC("xdp")
int proto_icmp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 42 > data_end)
		return XDP_PASS;
	struct iphdr *ip = data + 14;
	void *icmp = data + 34;

	if (eth->proto != bpf_htons(ETH_P_IP) || ip->protocol != IPPROTO_ICMP)
		return XDP_PASS;
	map_set(&out, 0, *(__u8 *)icmp);
	map_set(&out, 1, *(__u8 *)(icmp + 1));
	map_set(&out, 2, bpf_ntohs(*(__be16 *)(icmp + 2)));
	map_set(&out, 3, *(__u32 *)(icmp + 4));
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
