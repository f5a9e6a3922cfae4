/* Twin of tests/programs/proto-constants.lisp: the protocol constants
 * and return codes, stored in order. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 29);

SEC("xdp")
int proto_constants(struct xdp_md *ctx)
{
	map_set(&out, 0, 0x0800);
	map_set(&out, 1, 0x86dd);
	map_set(&out, 2, 0x0806);
	map_set(&out, 3, 0x8100);
	map_set(&out, 4, 14);
	map_set(&out, 5, 20);
	map_set(&out, 6, 40);
	map_set(&out, 7, 20);
	map_set(&out, 8, 8);
	map_set(&out, 9, 8);
	map_set(&out, 10, 1);
	map_set(&out, 11, 6);
	map_set(&out, 12, 17);
	map_set(&out, 13, 0x01);
	map_set(&out, 14, 0x02);
	map_set(&out, 15, 0x04);
	map_set(&out, 16, 0x08);
	map_set(&out, 17, 0x10);
	map_set(&out, 18, 0x20);
	map_set(&out, 19, XDP_ABORTED);
	map_set(&out, 20, XDP_DROP);
	map_set(&out, 21, XDP_PASS);
	map_set(&out, 22, XDP_TX);
	map_set(&out, 23, XDP_REDIRECT);
	map_set(&out, 24, 0);	/* TC_ACT_OK */
	map_set(&out, 25, 2);	/* TC_ACT_SHOT */
	map_set(&out, 26, BPF_ANY);
	map_set(&out, 27, BPF_NOEXIST);
	map_set(&out, 28, BPF_EXIST);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
