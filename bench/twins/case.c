/* Twin of tests/programs/case.lisp: case on the packet's first byte. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 2);

SEC("xdp")
int case_forms(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u8 p = *(__u8 *)data;

	map_set(&out, 0, p == 1 || p == 2 || p == 3 ? 10 : 20);
	map_set(&out, 1, p == 6 ? 100 : p == 99 ? 200 : 0);
	switch (p) {
	case 6:
		return 1;
	case 17:
		return 2;
	case 41:
	case 47:
		return 3;
	case 0:
		return 4;
	default:
		return 5;
	}
}

char LICENSE[] SEC("license") = "GPL";
