/* Twin of tests/programs/pointer-offsets.lisp: constant pointer
 * arithmetic that folds into load offsets. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 6);

SEC("xdp")
int pointer_offsets(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 32 > data_end)
		return XDP_PASS;
	void *p = data + 16;

	map_set(&out, 0, *(__u8 *)((data + 10) + 4));
	map_set(&out, 1, *(__u8 *)((data + 20) - 6 + 1));
	map_set(&out, 2, *(__u16 *)((data + 3) + 5));
	map_set(&out, 3, *(__u32 *)((7 + data) + 1));
	map_set(&out, 4, *(__u8 *)(p + 15));
	map_set(&out, 5, *(__u8 *)((data + 2 * 3) + (1 + 1)));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
