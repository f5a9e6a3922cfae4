/* Twin of tests/programs/dotimes-return.lisp: return 10 + the index of
 * the first zero byte among the first 8, else 99. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int dotimes_return(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	void *ptr = data;

	for (__u64 i = 0; i < 8; i++)
		if (*(__u8 *)(ptr + i) == 0)
			return 10 + i;
	return 99;
}

char LICENSE[] SEC("license") = "GPL";
