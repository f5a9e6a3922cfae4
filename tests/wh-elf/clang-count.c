/* clang-count.c: a clang-built object for wh-elf --disasm tests. No system
 * headers: the libbpf conventions are spelled out. */
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) __typeof__(val) *name

typedef unsigned int __u32;
typedef unsigned long long __u64;

struct xdp_md {
	__u32 data, data_end, data_meta, ingress_ifindex, rx_queue_index, egress_ifindex;
};

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;

struct {
	__uint(type, 2);                /* BPF_MAP_TYPE_ARRAY */
	__uint(key_size, 4);
	__uint(value_size, 8);
	__uint(max_entries, 1);
} pkt_count SEC(".maps");

struct {
	__uint(type, 1);                /* BPF_MAP_TYPE_HASH */
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 128);
	__uint(map_flags, 1);
} by_len SEC(".maps");

SEC("xdp") int count_packets(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u64 *v = bpf_map_lookup_elem(&pkt_count, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	k = ctx->data_end - ctx->data;
	v = bpf_map_lookup_elem(&by_len, &k);
	if (v && k > 60)
		__sync_fetch_and_add(v, 1);
	return 2;
}

SEC("xdp") int drop_all(struct xdp_md *ctx)
{
	return ctx->data_end - ctx->data > 1500 ? 1 : 2;
}

char LICENSE[] SEC("license") = "GPL";
