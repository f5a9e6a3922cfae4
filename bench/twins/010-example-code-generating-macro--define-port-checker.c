/* Twin of tests/seeds/programs/010-example-code-generating-macro--define-port-checker.lisp:
 * the two programs the macro generates: drop TCP to port 9999, to 8080. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include "twin.h"
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>

SEC("xdp")
int drop_9999(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = data + sizeof(*eth) + sizeof(*ip);

	/* with-tcp: the whole TCP header, IPv4, protocol TCP, else pass */
	if (data + 54 > data_end)
		return XDP_PASS;
	if (eth->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	if (bpf_ntohs(tcp->dest) == 9999)
		return XDP_DROP;
	return XDP_PASS;
}

SEC("xdp")
int drop_8080(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct tcphdr *tcp = data + sizeof(*eth) + sizeof(*ip);

	/* with-tcp: the whole TCP header, IPv4, protocol TCP, else pass */
	if (data + 54 > data_end)
		return XDP_PASS;
	if (eth->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	if (bpf_ntohs(tcp->dest) == 8080)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
