/* Twin of tests/expand/ringbuf-syn.lisp:
 * log TCP SYNs (SYN set, ACK clear) of IPv4 frames to a ring buffer and
 * count them.
 *
 * The Lisp tests (= proto tcp) twice: first to return when the TCP header
 * is cut short, then to parse it. Written that way in C, clang -O2 merges
 * the two tests into one value the verifier cannot follow, and the
 * verifier rejects the program (the yardstick of issue 4, item 5). This
 * twin nests the length check inside the one TCP test, which is what a C
 * programmer writes to get past the verifier; it does the same thing. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include "twin.h"

struct conn_event {
	__u32 src_addr;
	__u32 dst_addr;
	__u16 dst_port;
	__u8 proto;
	__u8 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} rb_stats SEC(".maps");

SEC("xdp")
int event_logger(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct eth_hdr *eth = data;

	if (data + 38 > data_end)
		return XDP_PASS;
	if (eth->proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = data + sizeof(*eth);
		__u8 proto = ip->protocol;

		if (proto == IPPROTO_TCP) {
			if (data + 54 > data_end)
				return XDP_PASS;
			struct tcphdr *tcp = (void *)ip + 20;
			__u8 flags = *((__u8 *)tcp + 13); /* tcp-flags */

			if ((flags & 0x02) && !(flags & 0x10)) {
				struct conn_event *ev;

				ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
				if (ev) {
					ev->src_addr = ip->saddr;
					ev->dst_addr = ip->daddr;
					ev->dst_port = bpf_ntohs(tcp->dest);
					ev->proto = proto;
					array_add(&rb_stats, 0, 1);
					bpf_ringbuf_submit(ev, 0);
				}
			}
		}
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
