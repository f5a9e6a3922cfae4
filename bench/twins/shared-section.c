/* Twin of tests/programs/shared-section.lisp: four programs in two
 * sections, each counting its runs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} hits SEC(".maps");

SEC("xdp")
int first(struct xdp_md *ctx)
{
	array_add(&hits, 0, 1);
	return XDP_DROP;
}

SEC("xdp")
int second(struct xdp_md *ctx)
{
	array_add(&hits, 1, 1);
	return XDP_TX;
}

SEC("tc")
int third(struct __sk_buff *skb)
{
	array_add(&hits, 2, 1);
	return 2;	/* TC_ACT_SHOT */
}

SEC("tc")
int fourth(struct __sk_buff *skb)
{
	array_add(&hits, 3, 1);
	return 0;	/* TC_ACT_OK */
}

char LICENSE[] SEC("license") = "GPL";
