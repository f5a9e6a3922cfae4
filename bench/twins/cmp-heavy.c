/* Twin of tests/programs/cmp-heavy.lisp: fifty comparisons of unknown
 * values as 0/1, summed into five map slots. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include "twin.h"

OUT_MAP(sums, 5);

#define S(x) ((__s64)(x))

SEC("xdp")
int cmp_heavy(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 32 > end)
		return XDP_PASS;
	__u64 a = *(__u64 *)data, b = *(__u64 *)(data + 8);
	__u64 c = *(__u32 *)(data + 16), d = *(__u32 *)(data + 20);
	__u64 e = *(__u16 *)(data + 24), f = *(__u16 *)(data + 26);
	__u64 g = *(__u8 *)(data + 28), h = *(__u8 *)(data + 29);

	array_add(&sums, 0, (__u64)(a < b) + (b < a) + (a <= c) + (c > d) + (d >= c) +
		  (e < f) + (g > h) + (e <= g) + (f > h) + (a >= h));
	array_add(&sums, 1, (__u64)(S(a) < S(b)) + (S(a) > S(b)) + (S(b) <= S(c)) +
		  (S(a) >= S(d)) + (S(c) < S(d)) + (S(e) > S(f)) + (S(g) < S(h)) +
		  (S(a) >= S(e)) + (S(b) <= S(h)) + (S(d) > S(a)));
	array_add(&sums, 2, (__u64)(a == b) + (a != c) + (c == d) + (e != f) + (g == h) +
		  (a != b) + (e == g) + (d != h) + (a == 0) + (c != 0));
	array_add(&sums, 3, (__u64)(a < 100) + (b > 1000) + (S(a) < 0) + (S(b) >= -1) +
		  (c <= 65535) + (d > 0x7fffffff) + (e < 256) + (f >= 512) + (S(g) > -1) +
		  (h <= 127));
	array_add(&sums, 4, (__u64)!a + !(c < d) + (a < b && c < d) + (S(a) < S(b) || e == f) +
		  (g != h && S(a) > S(c)) + (a == b || e < f) + !(c == d) + (b < a && g >= h) +
		  (S(b) >= S(a) || d > c) + !g);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
