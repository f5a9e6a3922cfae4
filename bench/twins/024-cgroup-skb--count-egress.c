/* Twin of tests/seeds/programs/024-cgroup-skb--count-egress.lisp:
 * a cgroup_skb program that allows everything. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("cgroup_skb/egress")
int count_egress(struct __sk_buff *ctx)
{
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
