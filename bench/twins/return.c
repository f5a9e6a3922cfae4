/* Twin of tests/programs/return.lisp: return from any depth; nothing
 * after a taken return runs. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} count SEC(".maps");

SEC("xdp")
int return_forms(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u8 *)data;
	__u64 b = a + 1;

	if (b == 2)
		return 7;	/* the incf after it never runs */
	if (a == 2)
		return 0;
	if (a == 3)
		return a + 40;
	array_add(&count, 0, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
