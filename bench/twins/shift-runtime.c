/* Twin of tests/programs/shift-runtime.lisp: 64-bit shifts by a runtime
 * amount, also of a u32 variable. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 6);

SEC("xdp")
int shift_runtime(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 x = *(__u64 *)data;
	__u32 y = *(__u32 *)data;
	__u64 n = *(__u64 *)(data + 8);

	map_set(&out, 0, x << n);
	map_set(&out, 1, x >> n);
	map_set(&out, 2, (__s64)x >> n);
	map_set(&out, 3, (__u64)y << n);
	map_set(&out, 4, (__u64)y >> n);
	map_set(&out, 5, (__s64)(__u64)y >> n);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
