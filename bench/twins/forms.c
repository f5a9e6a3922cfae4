/* Twin of tests/expand/forms.lisp: the expander's kitchen sink, as the
 * expanded program runs it: a dispatch that tail-calls, map forms on a
 * struct key and on scalar keys, lookups whose results go unused, a
 * union buffer written and never read, and a dotimes that returns 3 at
 * i = 3, so that the forms after it are never reached (they are written
 * here all the same). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 256);
} jt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} proto_stats SEC(".maps");

struct key16 {
	__u64 a;
	__u64 b;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct key16);
	__type(value, __u64);
	__uint(max_entries, 10);
} h SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u32);
	__uint(max_entries, 10);
} small SEC(".maps");

union packet_buf {
	struct {
		__u32 a;
		__u8 b;
	} ip_hdr;
	struct {
		__u64 x;
		__u8 y[16];
	} udp_hdr;
};

static __always_inline __u32 *small_lookup(__u32 key)
{
	return bpf_map_lookup_elem(&small, &key);
}

SEC("xdp")
int xdp_dispatch(struct xdp_md *ctx)
{
	{
		void *data = (void *)(long)ctx->data;
		void *data_end = (void *)(long)ctx->data_end;
		__u32 proto;

		if (data + 34 > data_end)
			return XDP_PASS;
		proto = ((struct iphdr *)(data + 14))->protocol;
		array_add(&proto_stats, 0, 1);
		bpf_tail_call(ctx, &jt, proto);
	}
	{
		struct key16 k = {};
		__u64 *v;
		__u32 key = 3, value = 7;

		k.a = 1;
		v = bpf_map_lookup_elem(&h, &k);
		if (v) {
			__sync_fetch_and_add(v, 5);
		} else {
			__u64 init = 5;

			bpf_map_update_elem(&h, &k, &init, BPF_NOEXIST);
		}
		bpf_map_update_elem(&small, &key, &value, BPF_ANY);
		bpf_map_delete_elem(&small, &key);
	}
	small_lookup(0);
	{
		__u32 *p = small_lookup(1);

		if (p && small_lookup(2))
			__sync_fetch_and_add(p, 1);
	}
	{
		__u32 *p = small_lookup(1);

		if (p)
			(void)*p;
	}
	{
		union packet_buf b = {};

		b.udp_hdr.y[3] = 9;
		(void)b.udp_hdr.y[2];
		__builtin_memset(&b, 0xff, 24);
		__builtin_memcpy((void *)&b + 8, &b, 6);
	}
	for (__u64 i = 0; i < 8; i++)
		if (i == 3)
			return i;
	{
		__u64 c = 1 + 2;

		(void)(c == 6 ? 1 : c == 41 || c == 47 ? 2 : 3);
	}
	{
		void *data = (void *)(long)ctx->data;
		void *data_end = (void *)(long)ctx->data_end;
		struct tcphdr *tcp = data + 34;

		if (data + 54 > data_end)
			return XDP_PASS;
		if (((struct eth_hdr *)data)->proto != bpf_htons(ETH_P_IP))
			return XDP_PASS;
		if (((struct iphdr *)(data + 14))->protocol != IPPROTO_TCP)
			return XDP_PASS;
		switch (bpf_ntohs(tcp->dest)) {
		case 80: case 443: case 8080: case 9999:
			return XDP_DROP;
		}
	}
	asm volatile("call 5" ::: "r0", "r1", "r2", "r3", "r4", "r5", "memory");
	return sizeof(union packet_buf);
}

char LICENSE[] SEC("license") = "GPL";
