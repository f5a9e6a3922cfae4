/* Twin of tests/programs/map-lpm-trie.lisp: insert two prefixes, look up
 * the packet's IPv4 destination as a /32. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"
#include <linux/if_ether.h>
#include <linux/ip.h>

struct lpm_key {
	__u32 prefixlen;
	__u32 addr;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_key);
	__type(value, __u32);
	__uint(max_entries, 16);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} routes SEC(".maps");

SEC("xdp")
int map_lpm_trie(struct xdp_md *ctx)
{
	void *data, *data_end;
	__u32 *p;

	{
		struct lpm_key k = {};
		__u32 v = 1;

		k.prefixlen = 8;
		k.addr = bpf_htonl(0x0a000000);
		bpf_map_update_elem(&routes, &k, &v, BPF_ANY);
		k.prefixlen = 16;
		k.addr = bpf_htonl(0x0a010000);
		v = 2;
		bpf_map_update_elem(&routes, &k, &v, BPF_ANY);
	}
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 34 > data_end)
		return XDP_PASS;
	if (((struct eth_hdr *)data)->proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	{
		struct lpm_key k = {};

		k.prefixlen = 32;
		k.addr = ((struct iphdr *)(data + 14))->daddr;
		p = bpf_map_lookup_elem(&routes, &k);
		return p ? *p : 0;
	}
}

char LICENSE[] SEC("license") = "GPL";
