/* Twin of tests/programs/if-when-unless.lisp: their values, 0 when a
 * branch is missing or skipped. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 8);

SEC("xdp")
int if_when_unless(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u8 a = *(__u8 *)data;

	map_set(&out, 0, a > 3 ? 10 : 20);
	map_set(&out, 1, a < 3 ? 10 : 0);
	map_set(&out, 2, a > 3 ? 30 : 0);
	map_set(&out, 3, a < 3 ? 30 : 0);
	map_set(&out, 4, !(a > 3) ? 40 : 0);
	map_set(&out, 5, !(a < 3) ? 40 : 0);
	map_set(&out, 6, a ? 7 : 8);
	map_set(&out, 7, 100 + (a < 3 ? 1 : 0));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
