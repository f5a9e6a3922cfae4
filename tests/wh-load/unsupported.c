/* unsupported.c: what wh-load refuses for now, one feature per -D:
 * GLOBAL_DATA (a global variable, relocated against .data) and
 * SUBPROG (a bpf-to-bpf call to a function in .text). */
#include "mini_bpf.h"

#ifdef GLOBAL_DATA
volatile __u32 seen = 1;

SEC("xdp")
int uses_global(struct xdp_md *ctx)
{
	seen++;
	return XDP_PASS;
}
#endif

#ifdef SUBPROG
static __attribute__((noinline)) int verdict(__u32 len)
{
	return len > 100 ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int calls_sub(struct xdp_md *ctx)
{
	return verdict(ctx->data_end - ctx->data);
}
#endif

char LICENSE[] SEC("license") = "GPL";
