/* Twin of tests/programs/map-array.lisp: getmap, setf, incf and decf on
 * an :array map, with constant and runtime keys. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} arr SEC(".maps");

OUT_MAP(out, 4);

SEC("xdp")
int map_array(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u32 k = *(__u8 *)data;

	array_add(&arr, 0, 1);
	array_add(&arr, 1, 5);
	array_add(&arr, 2, -1);
	array_add(&arr, k, 100);
	map_set(&out, 0, map_get(&arr, 1));
	map_set(&out, 1, map_get(&arr, 9));
	map_set(&out, 2, map_get(&arr, k));
	map_set(&out, 3, map_get(&arr, 0) + 1000);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
