/* Twin of tests/programs/tail-call-fallthrough.lisp: tail calls to empty
 * prog-array slots fall through to the next statement. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 4);
} jt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 2);
} count SEC(".maps");

SEC("xdp")
int tail_call_fallthrough(struct xdp_md *ctx)
{
	void *data, *end;
	__u32 k;

	bpf_tail_call(ctx, &jt, 0);
	array_add(&count, 0, 1);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 16 > end)
		return XDP_PASS;
	k = *(__u8 *)data;
	bpf_tail_call(ctx, &jt, k);
	array_add(&count, 1, 1);
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
