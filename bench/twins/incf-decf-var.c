/* Twin of tests/programs/incf-decf-var.lisp: incf/decf of a u64
 * variable; the form's value is the new value. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 7);

SEC("xdp")
int incf_decf_var(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 x = *(__u8 *)data;

	map_set(&out, 0, ++x);
	map_set(&out, 1, x += 5);
	map_set(&out, 2, --x);
	map_set(&out, 3, x -= 7);
	map_set(&out, 4, x -= 20);
	map_set(&out, 5, x += 12);
	map_set(&out, 6, x);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
