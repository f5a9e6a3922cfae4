/* Twin of tests/programs/dotimes-sum.lisp: loops with constant bounds,
 * nested, empty, and one with a map update in its body. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

OUT_MAP(out, 5);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 5);
} count SEC(".maps");

SEC("xdp")
int dotimes_sum(struct xdp_md *ctx)
{
	__u64 s = 0, sq = 0, iters = 0, prod = 0, never = 7;

	for (__u64 i = 0; i < 10; i++) {
		s = s + i;
		sq = sq + i * i;
	}
	for (__u64 i = 0; i < 3; i++)
		for (__u64 j = 0; j < 4; j++) {
			iters++;
			prod = prod + i * j;
		}
	for (__u64 i = 0; i < 0; i++)
		never = 0;
	map_set(&out, 0, s);
	map_set(&out, 1, sq);
	map_set(&out, 2, iters);
	map_set(&out, 3, prod);
	map_set(&out, 4, never);
	for (__u64 k = 0; k < 4; k++)
		array_add(&count, k, 1);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
