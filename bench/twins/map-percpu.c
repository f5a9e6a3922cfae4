/* Twin of tests/programs/map-percpu.lisp: incf/decf on per-CPU maps
 * (an atomic add, as on the shared maps). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} pa SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} ph SEC(".maps");

OUT_MAP(out, 1);

SEC("xdp")
int map_percpu(struct xdp_md *ctx)
{
	array_add(&pa, 0, 1);
	array_add(&pa, 1, 3);
	array_add(&pa, 2, -1);
	hash_add(&ph, 42, 1);
	hash_add(&ph, 43, 2);
	map_set(&out, 0, map_get(&pa, 1));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
