/* bad_read.c: reads the packet without a bounds check; the verifier must
 * refuse it. */
#include "mini_bpf.h"

SEC("xdp")
int bad_read(struct xdp_md *ctx)
{
	unsigned char *data = (unsigned char *)(long)ctx->data;
	return data[12] == 0x08 ? XDP_PASS : XDP_DROP;
}

char LICENSE[] SEC("license") = "GPL";
