/* Twin of tests/programs/map-update-flags.lisp: map-update, map-delete
 * and map-lookup give what the helpers return. */
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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} a SEC(".maps");

OUT_MAP(out, 13);

static __always_inline long update(void *map, __u32 key, __u64 val, __u64 flags)
{
	return bpf_map_update_elem(map, &key, &val, flags);
}

static __always_inline long delete(void *map, __u32 key)
{
	return bpf_map_delete_elem(map, &key);
}

static __always_inline void *lookup(void *map, __u32 key)
{
	return bpf_map_lookup_elem(map, &key);
}

SEC("xdp")
int map_update_flags(struct xdp_md *ctx)
{
	__u64 *p;

	map_set(&out, 0, update(&h, 1, 10, BPF_NOEXIST));
	map_set(&out, 1, update(&h, 1, 11, BPF_NOEXIST));
	map_set(&out, 2, update(&h, 2, 20, BPF_EXIST));
	map_set(&out, 3, update(&h, 1, 12, BPF_EXIST));
	map_set(&out, 4, update(&h, 3, 30, BPF_ANY));
	map_set(&out, 5, delete(&h, 3));
	map_set(&out, 6, delete(&h, 3));
	map_set(&out, 7, update(&h, 4, 40, 0));
	map_set(&out, 8, update(&a, 0, 5, BPF_NOEXIST));
	map_set(&out, 9, delete(&a, 0));
	map_set(&out, 10, update(&a, 9, 5, BPF_ANY));
	p = lookup(&h, 1);
	if (p)
		map_set(&out, 11, *p);
	map_set(&out, 12, lookup(&h, 2) ? 1 : 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
