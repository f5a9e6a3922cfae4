/* Twin of tests/programs/atomic-add.lisp: locked adds of 64 and 32 bits
 * through map value pointers. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 16);
	__uint(max_entries, 1);
} two SEC(".maps");

SEC("xdp")
int atomic_add_forms(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 d = *(__u64 *)data;
	__u32 k1 = 0, k2 = 0;
	__u64 *p;
	void *q;

	p = bpf_map_lookup_elem(&cnt, &k1);
	if (p)
		__sync_fetch_and_add(p, d);
	q = bpf_map_lookup_elem(&two, &k2);
	if (q) {
		__sync_fetch_and_add((__u64 *)q, 3);
		__sync_fetch_and_add((__u32 *)(q + 8), (__u32)d);
		__sync_fetch_and_add((__u32 *)(q + 12), (__u32)-1);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
