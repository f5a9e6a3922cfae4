/* Twin of tests/seeds/programs/006-multiple-programs--handler-a.lisp:
 * two handlers and a dispatcher that tail-calls slot 0 of a prog array,
 * passing the packet when the slot is empty. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 4);
} dispatch SEC(".maps");

SEC("xdp/handler_a")
int handler_a(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp/handler_b")
int handler_b(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* C reserves the name main: the symbol gets it through an asm label. */
int main_prog(struct xdp_md *ctx) __asm__("main");

SEC("xdp")
int main_prog(struct xdp_md *ctx)
{
	bpf_tail_call(ctx, &dispatch, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
