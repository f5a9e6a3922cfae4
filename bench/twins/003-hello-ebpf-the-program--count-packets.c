/* Twin of tests/seeds/programs/003-hello-ebpf-the-program--count-packets.lisp:
 * count every packet in a one-entry array. */
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

SEC("xdp")
int count_packets(struct xdp_md *ctx)
{
	array_add(&pkt_count, 0, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
