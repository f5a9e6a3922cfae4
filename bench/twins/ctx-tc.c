/* Twin of tests/programs/ctx-tc.lisp: __sk_buff fields in a TC program,
 * mark and cb written and read back. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 9);

SEC("tc")
int ctx_tc(struct __sk_buff *skb)
{
	map_set(&out, 0, skb->len);
	map_set(&out, 1, skb->protocol);
	map_set(&out, 2, bpf_ntohs((__u16)skb->protocol));
	map_set(&out, 3, skb->pkt_type);
	map_set(&out, 4, skb->ifindex);
	map_set(&out, 5, (__u64)skb->data_end - (__u64)skb->data);
	skb->mark = 7;
	map_set(&out, 6, skb->mark);
	skb->cb[2] = 99;
	map_set(&out, 7, skb->cb[2]);
	map_set(&out, 8, (__u64)skb->data_end - (__u64)skb->data);
	return 2;	/* TC_ACT_SHOT */
}

char LICENSE[] SEC("license") = "GPL";
