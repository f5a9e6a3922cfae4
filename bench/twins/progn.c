/* Twin of tests/programs/progn.lisp: progn and multi-place setf give the
 * last value. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 5);

SEC("xdp")
int progn_forms(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u8 *)data;
	__u64 x = 0, y = 0, z = 0, v;

	x = 1;
	x = x + a;
	map_set(&out, 0, x * 2);
	map_set(&out, 1, x);
	y = 3;
	v = z = y + 4;
	map_set(&out, 2, y);
	map_set(&out, 3, z);
	map_set(&out, 4, v);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
