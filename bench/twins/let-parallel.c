/* Twin of tests/programs/let-parallel.lisp: let binds in parallel, let*
 * in sequence. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 9);

SEC("xdp")
int let_parallel(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 a = *(__u8 *)data;

	{	/* (let ((a 1) (b (+ a 1)))) */
		__u64 b = a + 1, a1 = 1;

		map_set(&out, 0, a1);
		map_set(&out, 1, b);
	}
	{	/* (let* ((a 1) (b (+ a 1)))) */
		__u64 a1 = 1, b = a1 + 1;

		map_set(&out, 2, a1);
		map_set(&out, 3, b);
	}
	{
		__u64 x = a, y = a * 2;

		{	/* (let ((x y) (y x))) */
			__u64 x2 = y, y2 = x;

			map_set(&out, 4, x2);
			map_set(&out, 5, y2);
		}
		{	/* (let* ((x y) (y x))) */
			__u64 x2 = y, y2 = x2;

			map_set(&out, 6, x2);
			map_set(&out, 7, y2);
		}
		map_set(&out, 8, x);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
