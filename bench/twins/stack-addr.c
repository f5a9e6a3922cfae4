/* Twin of tests/programs/stack-addr.lisp: variables on the stack passed
 * by address as key and value. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} m SEC(".maps");

OUT_MAP(out, 2);

SEC("xdp")
int stack_addr_forms(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u32 key = 3;
	__u64 val = *(__u64 *)data;
	__u64 *p;

	bpf_map_update_elem(&m, &key, &val, BPF_ANY);
	p = bpf_map_lookup_elem(&m, &key);
	if (p)
		map_set(&out, 0, *p);
	map_set(&out, 1, (__u64)key + 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
