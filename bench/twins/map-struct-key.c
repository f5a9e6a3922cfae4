/* Twin of tests/programs/map-struct-key.lisp: a :hash map with a 16-byte
 * struct key, padding zeroed (make-flow). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct flow {
	__u32 src;
	__u32 dst;
	__u16 sport;
	__u16 dport;
	__u8 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow);
	__type(value, __u64);
	__uint(max_entries, 16);
} flows SEC(".maps");

OUT_MAP(out, 1);

static __always_inline void flow_add(struct flow *k, __u64 delta)
{
	__u64 *p = bpf_map_lookup_elem(&flows, k);

	if (p) {
		__sync_fetch_and_add(p, delta);
	} else {
		__u64 init = delta;

		bpf_map_update_elem(&flows, k, &init, BPF_NOEXIST);
	}
}

SEC("xdp")
int map_struct_key(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	struct flow k;
	__u64 *p;

	__builtin_memset(&k, 0, sizeof(k));
	k.src = *(__u32 *)data;
	k.dst = *(__u32 *)(data + 4);
	k.sport = *(__u16 *)(data + 8);
	k.dport = *(__u16 *)(data + 10);
	k.proto = *(__u8 *)(data + 12);
	flow_add(&k, 1);
	k.proto = 17;
	flow_add(&k, 2);
	k.proto = 1;
	flow_add(&k, 1);
	bpf_map_delete_elem(&flows, &k);
	k.proto = *(__u8 *)(data + 12);
	p = bpf_map_lookup_elem(&flows, &k);
	map_set(&out, 0, p ? *p : 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
