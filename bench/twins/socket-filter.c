/* Twin of tests/programs/socket-filter.lisp: keep IPv4 packets whole,
 * nothing of the others. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"
#include <linux/if_ether.h>

SEC("socket")
int socket_filter(struct __sk_buff *skb)
{
	return bpf_ntohs((__u16)skb->protocol) == ETH_P_IP ? skb->len : 0;
}

char LICENSE[] SEC("license") = "GPL";
