/* Twin of tests/programs/proto-parse.lisp: the expression parsers give a
 * header's address or 0; the return value counts those that succeeded. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include "twin.h"

OUT_MAP(out, 6);

static __always_inline void *parse_eth(void *data, void *data_end)
{
	return data + 14 > data_end ? 0 : data;
}

static __always_inline void *parse_ipv4(void *data, void *data_end)
{
	if (data + 34 > data_end)
		return 0;
	return ((struct eth_hdr *)data)->proto == bpf_htons(ETH_P_IP) ? data + 14 : 0;
}

static __always_inline void *parse_l4(void *data, void *data_end, __u8 proto, int len)
{
	if (data + 34 + len > data_end)
		return 0;
	if (((struct eth_hdr *)data)->proto == bpf_htons(ETH_P_IP) &&
	    ((struct iphdr *)(data + 14))->protocol == proto)
		return data + 34;
	return 0;
}

SEC("xdp")
int proto_parse(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	__u64 n = 0;
	void *ip, *tcp, *udp;

	if (parse_eth(data, data_end)) {
		map_set(&out, 0, 1);
		n++;
	}
	ip = parse_ipv4(data, data_end);
	if (ip) {
		map_set(&out, 1, ip - data);
		n++;
	}
	tcp = parse_l4(data, data_end, IPPROTO_TCP, 20);
	if (tcp) {
		map_set(&out, 2, tcp - data);
		map_set(&out, 3, bpf_ntohs(*(__be16 *)(tcp + 2)));
		n++;
	}
	udp = parse_l4(data, data_end, IPPROTO_UDP, 8);
	if (udp) {
		map_set(&out, 4, udp - data);
		map_set(&out, 5, bpf_ntohs(*(__be16 *)(udp + 2)));
		n++;
	}
	return n;
}

char LICENSE[] SEC("license") = "GPL";
