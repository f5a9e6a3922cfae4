/* Twin of tests/programs/when-let-if-let.lisp: when-let skips its later
 * initializers after a zero one; if-let picks then or else. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4);
} vals SEC(".maps");

OUT_MAP(out, 4);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} count SEC(".maps");

static __always_inline __u64 *lookup(__u32 key)
{
	return bpf_map_lookup_elem(&vals, &key);
}

SEC("xdp")
int when_let_if_let(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 *p, *q, r;

	if (data + 16 > end)
		return XDP_PASS;
	if (*(__u8 *)data)
		map_set(&vals, 1, 10);
	if (*(__u8 *)(data + 1))
		map_set(&vals, 2, 20);

	r = 0;
	p = lookup(1);
	if (p) {
		array_add(&count, 0, 1);
		q = lookup(2);
		if (q)
			r = *p + *q;
	}
	map_set(&out, 0, r);
	p = lookup(1);
	map_set(&out, 1, p ? *p : 77);
	p = lookup(2);
	map_set(&out, 2, p ? *p : 0);
	p = lookup(1);
	map_set(&out, 3, p ? 5 : 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
