/* Twin of tests/programs/setq-t-nil.lisp: setq assigns; t is 1, nil 0. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 6);

SEC("xdp")
int setq_t_nil(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 16 > data_end)
		return XDP_PASS;
	__u64 a = *(__u8 *)data;
	__u64 x = 0;

	x = a + 1;
	map_set(&out, 0, x);
	map_set(&out, 1, 1);
	map_set(&out, 2, 0);
	map_set(&out, 3, 0 ? 5 : 6);
	map_set(&out, 4, (a ? 1 : 0) ? 7 : 8);
	map_set(&out, 5, 0 ?: a);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
