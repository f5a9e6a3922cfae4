/* multi.c: several programs and map kinds in one object: two programs in
 * one hand-written section (xdp/tcp, which only the loose section lookup
 * knows), a TC program, a hash map with struct keys and values, a per-CPU
 * array, and map_flags. */
#include "mini_bpf.h"

struct flow {
	__u32 saddr, daddr;
	__u16 sport, dport;
	__u32 proto;
};

struct stats {
	__u64 packets, bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow);
	__type(value, struct stats);
	__uint(max_entries, 64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 4);
} per_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u32);
	__uint(max_entries, 16);
} by_len SEC(".maps");

SEC("xdp/tcp")
int xdp_flows(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct flow f = {.saddr = 0x0a000001, .daddr = 0x0a000002,
			 .sport = 1234, .dport = 80, .proto = 6};
	struct stats init = {1, (__u64)(end - data)};
	struct stats *s = bpf_map_lookup_elem(&flows, &f);
	if (s) {
		__sync_fetch_and_add(&s->packets, 1);
		__sync_fetch_and_add(&s->bytes, (__u64)(end - data));
	} else {
		bpf_map_update_elem(&flows, &f, &init, BPF_ANY);
	}
	return XDP_PASS;
}

SEC("xdp/tcp")
int xdp_drop_short(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&per_cpu, &key);
	if (v)
		*v += 1;
	return end - data < 60 ? XDP_DROP : XDP_PASS;
}

SEC("tc")
int tc_len(struct __sk_buff *skb)
{
	__u16 len = (__u16)skb->len;
	__u32 one = 1, *n = bpf_map_lookup_elem(&by_len, &len);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&by_len, &len, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
