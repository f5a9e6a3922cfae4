/* Twin of tests/programs/spill-pointers.lisp: packet pointers, map value
 * pointers and the context live across helper calls. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 3);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} count SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 5);
} vals SEC(".maps");

static __always_inline __u64 *val(__u32 k)
{
	return bpf_map_lookup_elem(&vals, &k);
}

SEC("xdp")
int spill_pointers(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 *a, *b, *c, *d, *e;

	if (data + 48 > data_end)
		return XDP_PASS;
	{
		__u64 *p0 = data + 0, *p1 = data + 8, *p2 = data + 16;
		__u64 *p3 = data + 24, *p4 = data + 32, *p5 = data + 40;

		array_add(&count, 0, 1);
		array_add(&count, 0, 1);
		array_add(&count, 0, 1);
		map_set(&out, 0, *p0 + *p1 + *p2 + *p3 + *p4 + *p5);
	}
	if ((a = val(0)) && (b = val(1)) && (c = val(2)) && (d = val(3)) &&
	    (e = val(4))) {
		map_set(&out, 1, 7);
		map_set(&out, 2, 7);
		__sync_fetch_and_add(a, 1);
		__sync_fetch_and_add(b, 2);
		__sync_fetch_and_add(c, 3);
		__sync_fetch_and_add(d, 4);
		__sync_fetch_and_add(e, 5);
	}
	map_set(&out, 1, ctx->rx_queue_index);
	map_set(&out, 2, (__u64)ctx->data_end - (__u64)ctx->data);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
