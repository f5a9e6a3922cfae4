/* Twin of tests/programs/map-lru-hash.lisp: the map forms on an
 * :lru-hash map. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} lru SEC(".maps");

OUT_MAP(out, 2);

SEC("xdp")
int map_lru_hash(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 k = *(__u8 *)data;
	__u32 k101 = 101;

	hash_add(&lru, k, 1);
	hash_add(&lru, k + 1, 2);
	map_set(&lru, 100, 77);
	map_set(&lru, 101, 1);
	bpf_map_delete_elem(&lru, &k101);
	map_set(&out, 0, map_get(&lru, k));
	map_set(&out, 1, map_get(&lru, 101));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
