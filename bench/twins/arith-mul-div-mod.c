/* Twin of tests/programs/arith-mul-div-mod.lisp: *, unsigned / and mod. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 9);

SEC("xdp")
int arith_mul_div_mod(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__u64 b = *(__u64 *)(data + 8);

	map_set(&out, 0, a * b);
	map_set(&out, 1, a * b * 3);
	map_set(&out, 2, a / b);
	map_set(&out, 3, a % b);
	map_set(&out, 4, a / 3);
	map_set(&out, 5, a % 10);
	map_set(&out, 6, a * a);
	map_set(&out, 7, a * -1);
	map_set(&out, 8, 7 * a);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
