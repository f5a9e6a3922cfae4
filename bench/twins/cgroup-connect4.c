/* Twin of tests/programs/cgroup-connect4.lisp: connect4 rewrites the
 * destination and remembers the original by socket cookie; connect6
 * rewrites the last word of an all-zero-first-word address. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u64);
	__type(value, __u32);
	__uint(max_entries, 1024);
} original_ip SEC(".maps");

SEC("cgroup/connect4")
int redirect_connect4(struct bpf_sock_addr *ctx)
{
	__u32 ip = ctx->user_ip4;
	__u32 port = ctx->user_port;
	__u64 cookie = bpf_get_socket_cookie(ctx);

	if (port == bpf_htons(80)) {
		bpf_map_update_elem(&original_ip, &cookie, &ip, BPF_ANY);
		ctx->user_ip4 = 0x0100007f;	/* 127.0.0.1, network order */
		ctx->user_port = bpf_htons(8080);
	}
	if (ctx->user_ip4 == 0)
		ctx->user_ip4 = 0x0100007f;
	return 1;
}

SEC("cgroup/connect6")
int redirect_connect6(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip6[0] == 0)
		ctx->user_ip6[3] = bpf_htonl(1);
	return 1;
}

char LICENSE[] SEC("license") = "GPL";
