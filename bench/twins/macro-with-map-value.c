/* Twin of tests/programs/macro-with-map-value.lisp: run a body with a map
 * value's address when the key is present. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} counters SEC(".maps");

SEC("xdp")
int my_prog(struct xdp_md *ctx)
{
	__u32 k0 = 0, k8 = 8;
	__u64 *p;

	p = bpf_map_lookup_elem(&counters, &k0);
	if (p)
		__sync_fetch_and_add(p, 1);
	p = bpf_map_lookup_elem(&counters, &k8);
	if (p)
		map_set(&counters, 1, 99);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
