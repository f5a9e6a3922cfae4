/* Twin of tests/programs/helpers-misc.lisp: helper calls and checks of
 * what they return; bit i of the return value for check i. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

SEC("xdp")
int helpers_misc(struct xdp_md *ctx)
{
	__u64 t1 = bpf_ktime_get_ns();
	__u64 t2 = bpf_ktime_get_ns();
	__u64 r = bpf_get_prandom_u32();
	__u64 cpu = bpf_get_smp_processor_id();
	__u64 c = bpf_ktime_get_coarse_ns();

	return (t2 >= t1 ? 1 : 0) | (r >> 32 == 0 ? 2 : 0) |
	       (cpu < 4096 ? 4 : 0) | (c != 0 ? 8 : 0);
}

char LICENSE[] SEC("license") = "GPL";
