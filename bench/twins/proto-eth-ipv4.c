/* Twin of tests/programs/proto-eth-ipv4.lisp: with-ipv4 and the Ethernet
 * and IPv4 accessors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include "twin.h"

OUT_MAP(out, 12);

SEC("xdp")
int proto_eth_ipv4(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 34 > data_end)
		return XDP_PASS;
	struct iphdr *ip = data + 14;

	if (eth->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	map_set(&out, 0, bpf_ntohs(eth->proto));
	map_set(&out, 1, *(__u32 *)eth->dst);
	map_set(&out, 2, *(__u16 *)(eth->dst + 4));
	map_set(&out, 3, *(__u32 *)eth->src);
	map_set(&out, 4, *(__u16 *)(eth->src + 4));
	map_set(&out, 5, *(__u8 *)ip);	/* version and ihl */
	map_set(&out, 6, ip->tos);
	map_set(&out, 7, bpf_ntohs(ip->tot_len));
	map_set(&out, 8, ip->ttl);
	map_set(&out, 9, ip->protocol);
	map_set(&out, 10, ip->saddr);
	map_set(&out, 11, ip->daddr);
	return XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
