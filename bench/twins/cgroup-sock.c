/* Twin of tests/programs/cgroup-sock.lisp: count sockets by family, set
 * mark and priority, deny raw sockets. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} by_family SEC(".maps");

SEC("cgroup/sock_create")
int sock_create(struct bpf_sock *ctx)
{
	hash_add(&by_family, ctx->family, 1);
	ctx->mark = 42;
	ctx->priority = 3;
	return ctx->type == 3 ? 0 : 1;	/* SOCK_RAW */
}

SEC("cgroup/sock_release")
int sock_release(struct bpf_sock *ctx)
{
	hash_add(&by_family, ctx->family, -1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
