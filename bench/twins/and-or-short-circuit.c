/* Twin of tests/programs/and-or-short-circuit.lisp: and/or stop at the
 * operand that decides; (hit k) counts in count[k] and gives k + 1. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 7);
} count SEC(".maps");

static __always_inline __u64 hit(__u32 k)
{
	array_add(&count, k, 1);
	return k + 1;
}

SEC("xdp")
int and_or_short_circuit(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u8 a = *(__u8 *)data;

	(void)(a && hit(0));
	(void)(a || hit(1));
	(void)(hit(2) && a && hit(3));
	(void)(hit(4) || hit(5));
	(void)(!a && hit(6));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
