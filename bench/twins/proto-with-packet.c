/* Twin of tests/programs/proto-with-packet.lisp: three with-packet forms,
 * each reading data and data-end again; a failed one passes the frame. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include "twin.h"

OUT_MAP(out, 3);

SEC("xdp")
int proto_with_packet(struct xdp_md *ctx)
{
	{
		void *d = (void *)(long)ctx->data;
		void *e = (void *)(long)ctx->data_end;

		if (d > e)
			return XDP_PASS;
		map_set(&out, 0, 7);
	}
	{
		void *d = (void *)(long)ctx->data;
		void *e = (void *)(long)ctx->data_end;

		if (d + 14 > e)
			return XDP_PASS;
		map_set(&out, 1, bpf_ntohs(((struct eth_hdr *)d)->proto));
	}
	{
		void *data = (void *)(long)ctx->data;
		void *data_end = (void *)(long)ctx->data_end;

		if (data + 20 > data_end)
			return XDP_PASS;
		map_set(&out, 2, 1);
		return 1 + 5;
	}
}

char LICENSE[] SEC("license") = "GPL";
