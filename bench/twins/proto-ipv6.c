/* Twin of tests/programs/proto-ipv6.lisp: the IPv6 accessors, addresses
 * as little-endian u64 halves. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include "twin.h"

OUT_MAP(out, 9);

SEC("xdp")
int proto_ipv6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 54 > data_end)
		return XDP_PASS;
	struct ipv6hdr *ip6 = data + 14;

	if (eth->proto != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	map_set(&out, 0, bpf_ntohs(eth->proto));
	map_set(&out, 1, bpf_ntohl(*(__be32 *)ip6));
	map_set(&out, 2, bpf_ntohs(ip6->payload_len));
	map_set(&out, 3, ip6->nexthdr);
	map_set(&out, 4, ip6->hop_limit);
	map_set(&out, 5, *(__u64 *)((void *)ip6 + 8));
	map_set(&out, 6, *(__u64 *)((void *)ip6 + 16));
	map_set(&out, 7, *(__u64 *)((void *)ip6 + 24));
	map_set(&out, 8, *(__u64 *)((void *)ip6 + 32));
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
