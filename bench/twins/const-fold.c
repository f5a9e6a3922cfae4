/* Twin of tests/programs/const-fold.lisp: arithmetic on constants only;
 * every comparison holds, so the result is 0x3fffffff. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

#define T(cond, bit) ((cond) ? (bit) : 0)

SEC("xdp")
int const_fold(struct xdp_md *ctx)
{
	const __u64 m1 = -1;

	return T(0xffffffffffffffffULL + 2 == 1, 1) |
	       T(0x100000000ULL * 0x100000000ULL == 0, 2) |
	       T(m1 / 2 == 0x7fffffffffffffffULL, 4) |
	       T(m1 % 10 == 5, 8) |
	       T(m1 >> 63 == 1, 16) |
	       T((__u64)((__s64)m1 >> 63) == 0xffffffffffffffffULL, 32) |
	       T(1ULL << 63 == 0x8000000000000000ULL, 64) |
	       T(-5ULL == 0xfffffffffffffffbULL, 128) |
	       T((m1 & 0xff00) == 0xff00, 256) |
	       T((m1 < 0) == 0, 512) |
	       T(((__s64)m1 < 0) == 1, 1024) |
	       T((__u64)((__s64)0x8000000000000000ULL >> 4) ==
		 0xf800000000000000ULL, 2048) |
	       T((5 ^ 3 ^ 1) == 7, 4096) |
	       T(3ULL - 5 == 0xfffffffffffffffeULL, 8192) |
	       T(3 * 5 * 7 == 0x69, 16384) |
	       T(1 + 2 + 3 + 4 == 0xa, 32768) |
	       T((1 | 2 | 4 | 8) == 0xf, 65536) |
	       T(0x8000000000000000ULL >> 63 == 1, 131072) |
	       T(0xffULL << 56 == 0xff00000000000000ULL, 262144) |
	       T(0xffffffffULL * 0xffffffffULL == 0xfffffffe00000001ULL, 524288) |
	       T((-1LL > -2LL) == 1, 1048576) |
	       T((m1 > (__u64)-2) == 1, 2097152) |
	       T(7 / 2 == 3, 4194304) |
	       T(7 % 2 == 1, 8388608) |
	       T((__u8)0x1ff == 0xff, 16777216) |
	       T(bpf_ntohs(0x1234) == 0x3412, 33554432) |
	       T(bpf_ntohl(0x12345678) == 0x78563412, 67108864) |
	       T(bpf_be64_to_cpu(1ULL) == 0x100000000000000ULL, 134217728) |
	       T((!0) == 1, 268435456) |
	       T((!7) == 0, 536870912);
}

char LICENSE[] SEC("license") = "GPL";
