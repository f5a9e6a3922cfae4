/* Twin of tests/programs/bitwise.lisp: logand, logior, logxor. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 10);

SEC("xdp")
int bitwise(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 24 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;
	__u64 b = *(__u64 *)(data + 8);
	__u64 c = *(__u64 *)(data + 16);

	map_set(&out, 0, a & b);
	map_set(&out, 1, a | b);
	map_set(&out, 2, a ^ b);
	map_set(&out, 3, a & b & c);
	map_set(&out, 4, a | b | c);
	map_set(&out, 5, a ^ b ^ c);
	map_set(&out, 6, a ^ -1);
	map_set(&out, 7, a & 0xff00);
	map_set(&out, 8, (a & b) | c);
	map_set(&out, 9, (a ^ b) & (b | c));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
