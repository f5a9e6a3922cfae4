/* Twin of tests/seeds/programs/009-example-protocol-dispatch--xdp-dispatch.lisp:
 * count IPv4 frames, then tail-call the handler for their protocol. */
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

char LICENSE[] SEC("license") = "GPL";
