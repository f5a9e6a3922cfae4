/* Twin of tests/seeds/programs/022-section-name--my-tc-filter.lisp:
 * a TC program (:type :xdp, tc/ section) that lets everything through. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

SEC("tc/my_filter")
int my_tc_filter(struct __sk_buff *ctx)
{
	return 0 /* TC_ACT_OK */;
}

char LICENSE[] SEC("license") = "GPL";
