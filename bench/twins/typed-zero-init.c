/* Twin of tests/programs/typed-zero-init.lisp: (var type) starts at 0. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 3);

SEC("xdp")
int typed_zero_init(struct xdp_md *ctx)
{
	__u32 z = 0;
	__u8 y = 0;

	map_set(&out, 0, z);
	z = z - 1;
	map_set(&out, 1, z);
	map_set(&out, 2, (__u64)y + 300);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
