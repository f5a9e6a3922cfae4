/* Twin of tests/seeds/programs/030-xdp-tail-call-dispatch-bpf--xdp-dispatch.lisp:
 * count IPv4 frames and tail-call the handler for their protocol; the
 * TCP and UDP handlers count what reaches them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 256);
} jt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} proto_stats SEC(".maps");

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	__u32 proto;

	if (data + 34 > data_end)
		return XDP_PASS;
	if (eth->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	proto = ip->protocol;
	array_add(&proto_stats, 0, 1);
	/* falls through to XDP_PASS when no handler is loaded */
	bpf_tail_call(ctx, &jt, proto);
	return XDP_PASS;
}

SEC("xdp/tcp")
int tcp_handler(struct xdp_md *ctx)
{
	array_add(&proto_stats, 1, 1);
	return XDP_PASS;
}

SEC("xdp/udp")
int udp_handler(struct xdp_md *ctx)
{
	array_add(&proto_stats, 2, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
