/* Twin of tests/programs/memory-order.lisp: memory operations whose order
 * matters (overlapping stores, loads across a helper call). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct cell {
	__u64 v;
	__u64 w;
};

OUT_MAP(out, 6);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct cell);
	__uint(max_entries, 2);
} m SEC(".maps");

OUT_MAP(arr, 1);

SEC("xdp")
int memory_order(struct xdp_md *ctx)
{
	void *data, *data_end;
	__u64 *p;

	{
		struct cell s = {};
		void *sp = &s;
		__u64 before;

		*(__u32 *)sp = 0x11223344;
		*(__u8 *)(sp + 1) = 0xaa;
		map_set(&out, 0, *(__u32 *)sp);
		before = *(__u32 *)sp;
		*(__u16 *)(sp + 2) = 0xbeef;
		map_set(&out, 1, (*(__u32 *)sp - before) + before);
		__builtin_memset(sp, 0, 8);
		map_set(&out, 4, *(__u64 *)sp);
	}
	{
		struct cell c = {};
		__u32 k0 = 0, k1 = 1;

		c.v = 1;
		bpf_map_update_elem(&m, &k0, &c, BPF_ANY);
		c.v = 2;
		bpf_map_update_elem(&m, &k1, &c, BPF_ANY);
	}
	{
		__u32 k = 0;

		p = bpf_map_lookup_elem(&arr, &k);
		if (p) {
			*p = 5;
			map_set(&arr, 0, 9);
			map_set(&out, 3, *p);
		}
	}
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 16 > data_end)
		return XDP_PASS;
	{
		struct cell tmp = {};
		__u64 a = *(__u32 *)data;

		tmp.v = a;
		map_set(&out, 5, a + *(__u32 *)data);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
