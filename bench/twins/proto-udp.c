/* Twin of tests/programs/proto-udp.lisp: with-udp and the UDP accessors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include "twin.h"

OUT_MAP(out, 4);

SEC("xdp")
int proto_udp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 42 > data_end)
		return XDP_PASS;
	struct iphdr *ip = data + 14;
	struct udphdr *udp = data + 34;

	if (eth->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	map_set(&out, 0, bpf_ntohs(udp->source));
	map_set(&out, 1, bpf_ntohs(udp->dest));
	map_set(&out, 2, bpf_ntohs(udp->len));
	map_set(&out, 3, bpf_ntohs(udp->check));
	return bpf_ntohs(udp->dest) == 53 ? XDP_DROP : XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
