/* Twin of tests/programs/map-small-sizes.lisp: keys and values narrower
 * than 8 bytes, stored and read at the map's sizes. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u32);
	__uint(max_entries, 4);
} k16 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u8);
	__type(value, __u16);
	__uint(max_entries, 4);
} k8 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u8);
	__uint(max_entries, 4);
} v1 SEC(".maps");

OUT_MAP(out, 4);

SEC("xdp")
int map_small_sizes(struct xdp_md *ctx)
{
	{
		__u16 k = (__u16)0x12345;
		__u32 v = 0x7bccdd11;

		bpf_map_update_elem(&k16, &k, &v, BPF_ANY);
	}
	{
		__u8 k = (__u8)0x1ff;
		__u16 v = (__u16)0x12345;

		bpf_map_update_elem(&k8, &k, &v, BPF_ANY);
	}
	{
		__u32 k = 3;
		__u8 v = (__u8)0x1fe;

		bpf_map_update_elem(&v1, &k, &v, BPF_ANY);
	}
	{
		__u16 k = 7;
		__u32 *p = bpf_map_lookup_elem(&k16, &k);

		if (p) {
			__sync_fetch_and_add(p, 5);
		} else {
			__u32 init = 5;

			bpf_map_update_elem(&k16, &k, &init, BPF_NOEXIST);
		}
	}
	{
		__u16 k = 0x2345;
		__u32 *p = bpf_map_lookup_elem(&k16, &k);

		map_set(&out, 0, p ? *p : 0);
	}
	{
		__u8 k = 0xff;
		__u16 *p = bpf_map_lookup_elem(&k8, &k);

		map_set(&out, 1, p ? *p : 0);
	}
	{
		__u32 k = 3;
		__u8 *p = bpf_map_lookup_elem(&v1, &k);

		map_set(&out, 2, p ? *p : 0);
	}
	{
		__u16 k = (__u16)0x10007;
		__u32 *p = bpf_map_lookup_elem(&k16, &k);

		map_set(&out, 3, p ? *p : 0);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
