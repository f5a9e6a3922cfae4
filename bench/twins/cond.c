/* Twin of tests/programs/cond.lisp: the first clause whose test holds. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 2);

SEC("xdp")
int cond_forms(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u8 a = *(__u8 *)data;

	map_set(&out, 0, a == 1 ? 111 : a == 6 ? 66 : 0);
	map_set(&out, 1, a > 5 ? 1 : a > 3 ? 2 : 0);
	if (a == 6)
		return 10;
	if (a == 17)
		return 20;
	if (a > 100)
		return 30;
	return 40;
}

char LICENSE[] SEC("license") = "GPL";
