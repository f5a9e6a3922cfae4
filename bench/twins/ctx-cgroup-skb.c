/* Twin of tests/programs/ctx-cgroup-skb.lisp: __sk_buff fields of a
 * cgroup_skb program; drop TCP to port 80. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 6);

SEC("cgroup_skb/egress")
int ctx_cgroup_skb(struct __sk_buff *skb)
{
	void *data, *data_end;

	map_set(&out, 0, skb->len);
	map_set(&out, 1, skb->family);
	map_set(&out, 2, skb->remote_ip4);
	map_set(&out, 3, skb->local_ip4);
	map_set(&out, 4, (__u64)skb->data_end - (__u64)skb->data);
	map_set(&out, 5, skb->protocol);
	data = (void *)(long)skb->data;
	data_end = (void *)(long)skb->data_end;
	if (data + 24 > data_end)
		return 1;
	return bpf_ntohs(*(__be16 *)(data + 22)) == 80 ? 0 : 1;
}

char LICENSE[] SEC("license") = "GPL";
