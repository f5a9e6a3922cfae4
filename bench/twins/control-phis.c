/* Twin of tests/programs/control-phis.lisp: values that meet after
 * branches. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 6);

SEC("xdp")
int control_phis(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 a, b, x, y, p, q;
	__u8 c;

	if (data + 24 > data_end)
		return XDP_PASS;
	a = *(__u64 *)data;
	b = *(__u64 *)(data + 8);
	c = *(__u8 *)(data + 16);
	if (c == 1)
		x = a;
	else
		x = b;
	map_set(&out, 0, x);
	map_set(&out, 1, c == 1 ? (a > b ? a : b) : (a > b ? b : a));
	y = a;
	if (c == 2)
		y = y + b;
	if (c != 3)
		y = y * 2;
	map_set(&out, 2, y);
	map_set(&out, 3, c == 1 ? a : c == 2 ? b : a + b);
	p = a;
	q = b;
	if (c != 4) {
		__u64 p2 = q, q2 = p;

		p = p2;
		q = q2;
	}
	map_set(&out, 4, p);
	map_set(&out, 5, q);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
