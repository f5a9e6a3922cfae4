/* Twin of tests/seeds/programs/026-cgroup-sock-addr--filter-connect.lisp:
 * allow every IPv4 connect. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("cgroup/connect4")
int filter_connect(struct bpf_sock_addr *ctx)
{
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
