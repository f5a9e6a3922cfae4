/* Twin of tests/programs/ctx-xdp.lisp: xdp_md fields by name and by
 * offset; the first byte behind a bounds check. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 5);

SEC("xdp")
int ctx_xdp(struct xdp_md *ctx)
{
	void *data, *data_end;

	map_set(&out, 0, ctx->ingress_ifindex);
	map_set(&out, 1, ctx->rx_queue_index);
	map_set(&out, 2, (__u64)ctx->data_end - (__u64)ctx->data);
	map_set(&out, 3, *(__u32 *)((void *)ctx + 12));
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + 1 > data_end)
		return XDP_ABORTED;
	map_set(&out, 4, *(__u8 *)data);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
