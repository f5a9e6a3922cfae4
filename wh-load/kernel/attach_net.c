/* attach_net.c: XDP and TC on a network interface: BPF links (XDP links,
 * tcx) where the kernel has them, netlink (IFLA_XDP; clsact + cls_bpf)
 * otherwise or when asked for. Undoing removes only what was added. */
#include "attach_int.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/pkt_sched.h>

/* XDP mode flags and TC directions, by kind. */
static const struct {
	AttachKind kind;
	uint32_t xdp_flags;
	uint32_t tcx_type;
	uint32_t tc_parent_min;
} net_kinds[] = {
	{ATT_XDP, 0, 0, 0},
	{ATT_XDPDRV, XDP_FLAGS_DRV_MODE, 0, 0},
	{ATT_XDPGENERIC, XDP_FLAGS_SKB_MODE, 0, 0},
	{ATT_XDPOFFLOAD, XDP_FLAGS_HW_MODE, 0, 0},
	{ATT_TC_INGRESS, 0, WH_BPF_TCX_INGRESS, TC_H_MIN_INGRESS},
	{ATT_TC_EGRESS, 0, WH_BPF_TCX_EGRESS, TC_H_MIN_EGRESS},
};

static int net_row(AttachKind k)
{
	for (size_t i = 0; i < sizeof net_kinds / sizeof *net_kinds; i++)
		if (net_kinds[i].kind == k)
			return (int)i;
	return -1;
}

/* "veth0" or "3" -> ifindex; 0 with wl_error when there is no such. */
static int ifindex_of(WlLink *l, const char *name)
{
	char *end;
	unsigned long n = strtoul(name, &end, 10);
	if (*name && !*end && n > 0 && n < 1u << 31) {
		char buf[IF_NAMESIZE];
		if (!if_indextoname((unsigned)n, buf))
			return wl_fail("no network interface with index %lu", n), 0;
		l->target = arena_strdup(l->arena, buf);
		return (int)n;
	}
	unsigned idx = if_nametoindex(name);
	if (!idx)
		return wl_fail("no network interface '%s'", name), 0;
	l->target = arena_strdup(l->arena, name);
	return (int)idx;
}

static int keep_prog_fd(WlLink *l, int prog_fd)
{
	l->prog_fd = fcntl(prog_fd, F_DUPFD_CLOEXEC, 3);
	return l->prog_fd < 0 ? wl_fail("dup: %s", strerror(errno)) : 0;
}

int wl_attach_xdp(WlLink *l, int prog_fd, const char *ifname,
		  const WlAttachSpec *s)
{
	int r = net_row(l->kind);
	if (!(l->ifindex = ifindex_of(l, ifname)))
		return -1;
	uint32_t mode = net_kinds[r].xdp_flags;
	if (!s->legacy) {
		l->fd = wl_link_create(prog_fd, l->ifindex, BPF_XDP, mode, 0);
		if (l->fd >= 0) {
			l->how = HOW_BPF_LINK;
			return 0;
		}
		/* On EINVAL netlink is tried too: old kernels have no XDP
		 * links, and for a real refusal netlink says why. */
		if (!wl_link_unsupported(errno))
			return wl_fail("XDP on %s: %s", l->target, strerror(errno));
	}
	if (keep_prog_fd(l, prog_fd) < 0)
		return -1;
	/* UPDATE_IF_NOEXIST: never replace someone else's program */
	if (wl_nl_xdp_set(l->ifindex, prog_fd, -1,
			  mode | XDP_FLAGS_UPDATE_IF_NOEXIST) < 0) {
		if (mode == XDP_FLAGS_HW_MODE) {
			char why[512];
			snprintf(why, sizeof why, "%s", wl_error());
			return wl_fail("%s (offload needs a NIC that runs XDP "
				       "itself; %s may not)", why, l->target);
		}
		return -1;
	}
	l->xdp_flags = mode;
	l->how = HOW_NL_XDP;
	return 0;
}

int wl_detach_nl_xdp(WlLink *l)
{
	return wl_nl_xdp_set(l->ifindex, -1, l->prog_fd, l->xdp_flags);
}

int wl_attach_tc(WlLink *l, int prog_fd, const char *ifname,
		 const WlAttachSpec *s)
{
	int r = net_row(l->kind);
	if (!(l->ifindex = ifindex_of(l, ifname)))
		return -1;
	if (!s->legacy) {
		l->fd = wl_link_create(prog_fd, l->ifindex, net_kinds[r].tcx_type, 0, 0);
		if (l->fd >= 0) {
			l->how = HOW_BPF_LINK;
			return 0;
		}
		if (!wl_link_unsupported(errno))
			return wl_fail("tcx on %s: %s", l->target, strerror(errno));
	}
	if (wl_nl_clsact_add(l->ifindex, &l->tc_qdisc_ours) < 0)
		return -1;
	l->tc_parent = TC_H_MAKE(TC_H_CLSACT, net_kinds[r].tc_parent_min);
	l->how = HOW_TC_FILTER;         /* from here, undo removes the qdisc */
	if (wl_nl_tc_filter_add(l->ifindex, l->tc_parent, prog_fd, l->prog,
				&l->tc_prio, &l->tc_handle) < 0) {
		l->tc_handle = 0;
		return -1;
	}
	return 0;
}

int wl_detach_tc_filter(WlLink *l)
{
	int rc = 0;
	if (l->tc_handle &&
	    wl_nl_tc_filter_del(l->ifindex, l->tc_parent, l->tc_prio, l->tc_handle) < 0)
		rc = -1;
	if (!l->tc_qdisc_ours)
		return rc;
	/* Our qdisc goes when nothing else uses it. */
	int in = wl_nl_tc_filter_count(l->ifindex,
				       TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS));
	int out = wl_nl_tc_filter_count(l->ifindex,
					TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS));
	if (in == 0 && out == 0 && wl_nl_clsact_del(l->ifindex) < 0 &&
	    errno != ENOENT && errno != EINVAL)
		rc = -1;
	return rc < 0 || in < 0 || out < 0 ? -1 : 0;
}
