/* Twin of tests/programs/tc-parsers.lisp: the TC parsers; a refused
 * frame returns TC_ACT_OK from the program. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>

OUT_MAP(out, 3);

SEC("tc")
int tc_parsers(struct __sk_buff *skb)
{
	{
		void *d = (void *)(long)skb->data;
		void *e = (void *)(long)skb->data_end;

		if (d + 14 > e)
			return 0;	/* TC_ACT_OK */
		map_set(&out, 0, 1);
	}
	{
		void *d = (void *)(long)skb->data;
		void *e = (void *)(long)skb->data_end;

		if (d + 14 > e)
			return 0;
		map_set(&out, 1, bpf_ntohs(((struct eth_hdr *)d)->proto));
	}
	{
		void *d = (void *)(long)skb->data;
		void *e = (void *)(long)skb->data_end;

		if (d + 34 > e)
			return 0;
		if (((struct eth_hdr *)d)->proto != bpf_htons(ETH_P_IP))
			return 0;
		map_set(&out, 2, ((struct iphdr *)(d + 14))->protocol);
	}
	{
		void *data = (void *)(long)skb->data;
		void *data_end = (void *)(long)skb->data_end;
		struct udphdr *udp = data + 34;

		if (data + 42 > data_end)
			return 0;
		if (((struct eth_hdr *)data)->proto != bpf_htons(ETH_P_IP))
			return 0;
		if (((struct iphdr *)(data + 14))->protocol != IPPROTO_UDP)
			return 0;
		return bpf_ntohs(udp->dest) == 53 ? 2 : 3;	/* SHOT, PIPE */
	}
}

char LICENSE[] SEC("license") = "GPL";
