/* Twin of tests/seeds/programs/031-approach-2-standalone-elf-bpf--count-egress.lisp:
 * count egress packets of a cgroup, let them all through. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} pkt_count SEC(".maps");

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *skb)
{
	array_add(&pkt_count, 0, 1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
