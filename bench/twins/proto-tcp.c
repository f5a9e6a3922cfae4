/* Twin of tests/programs/proto-tcp.lisp: with-tcp and the TCP accessors. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include "twin.h"

OUT_MAP(out, 7);

SEC("xdp")
int proto_tcp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 54 > data_end)
		return XDP_PASS;
	struct iphdr *ip = data + 14;
	struct tcphdr *tcp = data + 34;

	if (eth->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	map_set(&out, 0, bpf_ntohs(tcp->source));
	map_set(&out, 1, bpf_ntohs(tcp->dest));
	map_set(&out, 2, bpf_ntohl(tcp->seq));
	map_set(&out, 3, bpf_ntohl(tcp->ack_seq));
	map_set(&out, 4, *((__u8 *)tcp + 12));	/* data-off */
	map_set(&out, 5, *((__u8 *)tcp + 13));	/* flags */
	map_set(&out, 6, bpf_ntohs(tcp->window));
	return bpf_ntohs(tcp->dest) == 80 ? XDP_DROP : XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
