/* Twin of tests/seeds/programs/023-example-block-outbound-traffic-to--block-4444.lisp:
 * a TC program (:type :xdp, tc/ section): drop TCP to port 4444. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include "twin.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>

SEC("tc/block_4444")
int block_4444(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct eth_hdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = data + sizeof(*eth) + sizeof(*ip);

	/* with-tc-tcp: the whole TCP header, IPv4, protocol TCP, else OK */
	if (data + 54 > data_end)
		return TC_ACT_OK;
	if (eth->proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (ip->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	if (bpf_ntohs(tcp->dest) == 4444)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
