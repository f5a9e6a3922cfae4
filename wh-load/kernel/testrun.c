/* testrun.c: BPF_PROG_TEST_RUN of a loaded program on packet data. */
#include "wl.h"
#include "wl_sys.h"
#include <errno.h>
#include <string.h>

enum { ETH_HEADER = 14, OUT_SLACK = 4096 };

/* Program types the kernel runs on a packet that starts with an Ethernet
 * header (bpf_prog_test_run_xdp / _skb refuse less than ETH_HLEN). */
static const int packet_types[] = {
	BPF_PROG_TYPE_XDP, BPF_PROG_TYPE_SCHED_CLS, BPF_PROG_TYPE_SCHED_ACT,
	BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_CGROUP_SKB,
	BPF_PROG_TYPE_LWT_IN, BPF_PROG_TYPE_LWT_OUT, BPF_PROG_TYPE_LWT_XMIT,
};

static int needs_ethernet(int type)
{
	for (size_t i = 0; i < sizeof packet_types / sizeof *packet_types; i++)
		if (packet_types[i] == type)
			return 1;
	return 0;
}

int wl_prog_test_run(WlObject *o, const WlProg *p, const WlTestIn *in,
		     WlTestOut *out)
{
	memset(out, 0, sizeof *out);
	if (p->fd < 0)
		return wl_fail("program %s is not loaded", p->name);
	if (needs_ethernet(p->sec->prog_type) && in->data_len < ETH_HEADER)
		return wl_fail("program %s: packet data is %u bytes; test runs of %s "
			       "programs need at least %d (an Ethernet header)",
			       p->name, in->data_len, p->section, ETH_HEADER);
	if (in->data_len > UINT32_MAX - OUT_SLACK)
		return wl_fail("packet data too large");
	uint32_t cap = in->data_len + OUT_SLACK;
	void *buf = arena_alloc(o->arena, cap);
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.test.prog_fd = (uint32_t)p->fd;
	attr.test.data_in = wl_ptr(in->data);
	attr.test.data_size_in = in->data_len;
	attr.test.data_out = wl_ptr(buf);
	attr.test.data_size_out = cap;
	attr.test.repeat = in->repeat;
	if (wl_bpf(BPF_PROG_TEST_RUN, &attr, sizeof attr) != 0) {
		int err = errno;
		if (err == 524 || err == EOPNOTSUPP)
			return wl_fail("program %s: the kernel cannot test-run programs "
				       "of section %s", p->name, p->section);
		return wl_fail("program %s: test run failed: %s", p->name,
			       wl_strerror(err));
	}
	out->retval = attr.test.retval;
	out->duration_ns = attr.test.duration;
	out->data_out = buf;
	out->data_out_len = attr.test.data_size_out < cap ? attr.test.data_size_out : cap;
	return 0;
}
