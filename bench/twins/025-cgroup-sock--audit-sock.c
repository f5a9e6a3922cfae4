/* Twin of tests/seeds/programs/025-cgroup-sock--audit-sock.lisp:
 * allow every socket creation. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("cgroup/sock_create")
int audit_sock(struct bpf_sock *ctx)
{
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
