/* Twin of tests/programs/defunion.lisp: a union's members share offset 0
 * (make-pkt-buf zeroes its 16 bytes). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

union pkt_buf {
	struct {
		__u8 ver;
		__u8 proto;
		__u16 len;
		__u32 addr;
	} ip4;
	struct {
		__u64 x;
		__u64 y;
	} pair;
	struct {
		__u8 b;
	} tiny;
};

OUT_MAP(out, 7);

SEC("xdp")
int defunion_members(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	union pkt_buf u;

	__builtin_memset(&u, 0, sizeof(u));
	u.pair.x = *(__u64 *)data;
	map_set(&out, 0, sizeof(union pkt_buf));
	map_set(&out, 1, u.ip4.ver);
	map_set(&out, 2, u.ip4.proto);
	map_set(&out, 3, u.ip4.len);
	map_set(&out, 4, u.ip4.addr);
	map_set(&out, 5, u.tiny.b);
	u.ip4.len = 0xabcd;
	map_set(&out, 6, u.pair.x);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
