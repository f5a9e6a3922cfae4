/* Twin of tests/programs/map-struct-value.lisp: 16-byte struct values,
 * through getmap's pointer and the -ptr forms. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct stats);
	__uint(max_entries, 8);
} st SEC(".maps");

OUT_MAP(out, 6);

SEC("xdp")
int map_struct_value(struct xdp_md *ctx)
{
	struct stats *p;

	{
		struct stats s = {};
		__u32 k = 1;

		s.packets = 1;
		s.bytes = 64;
		bpf_map_update_elem(&st, &k, &s, BPF_ANY);
	}
	{
		__u32 k = 1;

		p = bpf_map_lookup_elem(&st, &k);
		if (p) {
			__sync_fetch_and_add(&p->packets, 1);
			__sync_fetch_and_add(&p->bytes, 100);
		}
	}
	{
		__u32 k = 2;
		struct stats v = { .packets = 42 };

		bpf_map_update_elem(&st, &k, &v, BPF_ANY);
	}
	{
		__u32 k = 3;

		map_set(&out, 0, bpf_map_lookup_elem(&st, &k) ? 1 : 0);
	}
	{
		__u32 k = 1;

		p = bpf_map_lookup_elem(&st, &k);
		if (p)
			map_set(&out, 1, p->bytes);
	}
	{
		__u32 key = 5;
		struct stats v = {};

		v.packets = 7;
		v.bytes = 9;
		map_set(&out, 3, bpf_map_update_elem(&st, &key, &v, BPF_NOEXIST));
		map_set(&out, 4, bpf_map_update_elem(&st, &key, &v, BPF_NOEXIST));
		p = bpf_map_lookup_elem(&st, &key);
		if (p)
			map_set(&out, 2, p->packets);
	}
	{
		__u32 key6 = 6;
		struct stats v = {};

		bpf_map_update_elem(&st, &key6, &v, BPF_ANY);
		map_set(&out, 5, bpf_map_delete_elem(&st, &key6));
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
