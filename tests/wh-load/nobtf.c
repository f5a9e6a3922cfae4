/* nobtf.c: a program with no maps, compiled without -g: no .BTF, so the
 * loader must load it without BTF. Returns XDP_TX (3). */
#include "mini_bpf.h"

SEC("xdp")
int xdp_tx(struct xdp_md *ctx)
{
	return XDP_TX;
}

char LICENSE[] SEC("license") = "GPL";
