/* Twin of tests/programs/packet-loads.lisp: packet loads of every width,
 * aligned and not, zero-extended. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 9);

SEC("xdp")
int packet_loads(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 32 > end)
		return XDP_PASS;
	map_set(&out, 0, *(__u8 *)data);
	map_set(&out, 1, *(__u16 *)(data + 3));
	map_set(&out, 2, *(__u32 *)(data + 4));
	map_set(&out, 3, *(__u64 *)(data + 8));
	map_set(&out, 4, *(__u64 *)(data + 21));
	map_set(&out, 5, *(__u8 *)(data + 1));
	map_set(&out, 6, *(__u16 *)data);
	map_set(&out, 7, *(__u32 *)(data + 8));
	map_set(&out, 8, *(__u8 *)data);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
