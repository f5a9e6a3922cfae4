/* Twin of tests/programs/const-64bit.lisp: 64-bit constants stored, and
 * as ALU operands. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 16);

SEC("xdp")
int const_64bit(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data;

	map_set(&out, 0, 0x123456789abcdef0ULL);
	map_set(&out, 1, -1);
	map_set(&out, 2, 0x80000000ULL);
	map_set(&out, 3, 0xffffffffULL);
	map_set(&out, 4, 0x7fffffff);
	map_set(&out, 5, -2147483648LL);
	map_set(&out, 6, 0x100000000ULL);
	map_set(&out, 7, a + 0x80000000ULL);
	map_set(&out, 8, a & 0xffffffffULL);
	map_set(&out, 9, a | 0x80000000ULL);
	map_set(&out, 10, a & 0xffffffff00000000ULL);
	map_set(&out, 11, a - 0x80000000ULL);
	map_set(&out, 12, a ^ 0xffffffffULL);
	map_set(&out, 13, a * 0x100000001ULL);
	map_set(&out, 14, a + 0x123456789abcdef0ULL);
	map_set(&out, 15, a + -2147483648LL);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
