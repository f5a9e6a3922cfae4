/* Twin of tests/programs/asm.lisp: raw instructions: a call of helper 5
 * (ktime_get_ns), which clobbers r0-r5, and a jump to the next
 * instruction. */
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
int asm_forms(struct xdp_md *ctx)
{
	void *data, *end;
	__u8 b;

	asm volatile("call 5" ::: "r0", "r1", "r2", "r3", "r4", "r5", "memory");
	array_add(&count, 0, 1);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 16 > end)
		return XDP_PASS;
	b = *(__u8 *)data;
	asm volatile("goto +0");
	return b + 1;
}

char LICENSE[] SEC("license") = "GPL";
