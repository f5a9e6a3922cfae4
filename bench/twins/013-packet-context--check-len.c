/* Twin of tests/seeds/programs/013-packet-context--check-len.lisp:
 * drop frames shorter than 14 bytes. The Lisp says (< (- data-end data)
 * 14); the verifier forbids arithmetic on the packet-end pointer, so C
 * writes the pointer comparison the compiler must rewrite it into. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp")
int check_len(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_DROP;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
