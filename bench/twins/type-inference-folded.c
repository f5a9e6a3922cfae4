/* Twin of tests/programs/type-inference-folded.lisp: (+ (load u16 ..) 0)
 * is u64, so the variable keeps all 64 bits. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 1);

SEC("xdp")
int type_inference_folded(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 u = (__u64)*(__u16 *)data + 0;

	u = u + 0x10000;
	map_set(&out, 0, u);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
