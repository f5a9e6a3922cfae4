/* Twin of tests/programs/proto-defheader.lisp: a user header after
 * Ethernet, net-order fields swapped to host order. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

/* (defheader my-proto (magic :offset 0 :type u32)
 *                     (kind :offset 4 :type u16 :net-order t)
 *                     (seq :offset 6 :type u32 :net-order t)
 *                     (flags :offset 10 :type u8)
 *                     (raw16 :offset 12 :type u16)) */
#define MY_PROTO_MAGIC(h) (*(__u32 *)((h) + 0))
#define MY_PROTO_KIND(h) bpf_ntohs(*(__be16 *)((h) + 4))
#define MY_PROTO_SEQ(h) bpf_ntohl(*(__be32 *)((h) + 6))
#define MY_PROTO_FLAGS(h) (*(__u8 *)((h) + 10))
#define MY_PROTO_RAW16(h) (*(__u16 *)((h) + 12))

OUT_MAP(out, 5);

SEC("xdp")
int proto_defheader(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 28 > data_end)
		return XDP_PASS;
	void *h = data + 14;

	map_set(&out, 0, MY_PROTO_MAGIC(h));
	map_set(&out, 1, MY_PROTO_KIND(h));
	map_set(&out, 2, MY_PROTO_SEQ(h));
	map_set(&out, 3, MY_PROTO_FLAGS(h));
	map_set(&out, 4, MY_PROTO_RAW16(h));
	return MY_PROTO_KIND(h) == 0x0102 ? XDP_DROP : XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
