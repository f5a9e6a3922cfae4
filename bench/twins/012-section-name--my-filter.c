/* Twin of tests/seeds/programs/012-section-name--my-filter.lisp:
 * pass every packet. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("xdp/my_filter")
int my_filter(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
