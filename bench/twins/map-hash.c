/* Twin of tests/programs/map-hash.lisp: incf/decf create a missing key
 * holding the delta; setf, remmap, getmap on a :hash map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 8);
} h SEC(".maps");

OUT_MAP(out, 4);

SEC("xdp")
int map_hash(struct xdp_md *ctx)
{
	__u32 k2 = 2;

	hash_add(&h, 7, 1);
	hash_add(&h, 8, 10);
	hash_add(&h, 9, -2);
	map_set(&h, 1, 42);
	map_set(&h, 2, 43);
	bpf_map_delete_elem(&h, &k2);
	map_set(&out, 0, map_get(&h, 3));
	map_set(&out, 1, map_get(&h, 1));
	map_set(&out, 2, map_get(&h, 2));
	map_set(&out, 3, map_get(&h, 7));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
