/* netlink.c: the rtnetlink requests wh-load needs for networking hooks:
 * XDP on a link (IFLA_XDP), the clsact qdisc, and direct-action cls_bpf
 * filters. One socket per request; kernel error messages (extended ack)
 * become the wl_error text. */
#include "attach_int.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

enum { NL_BUF = 4096, RECV_BUF = 32768 };

typedef struct {
	union {
		struct nlmsghdr h;
		char buf[NL_BUF];
	} u;
} NlMsg;

/* What the reply handler sees: every message that is not an ack. */
typedef int (*NlReply)(struct nlmsghdr *h, void *ctx);

static void *nl_tail(NlMsg *m)
{
	return m->u.buf + NLMSG_ALIGN(m->u.h.nlmsg_len);
}

static void *nl_start(NlMsg *m, uint16_t type, uint16_t flags, size_t hdrlen)
{
	memset(m, 0, sizeof *m);
	m->u.h.nlmsg_len = NLMSG_LENGTH(hdrlen);
	m->u.h.nlmsg_type = type;
	m->u.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	m->u.h.nlmsg_seq = 1;
	return NLMSG_DATA(&m->u.h);
}

static struct rtattr *nl_attr(NlMsg *m, uint16_t type, const void *data,
			      size_t len)
{
	struct rtattr *a = nl_tail(m);
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->u.h.nlmsg_len = NLMSG_ALIGN(m->u.h.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void nl_u32(NlMsg *m, uint16_t type, uint32_t v)
{
	nl_attr(m, type, &v, sizeof v);
}

static void nl_str(NlMsg *m, uint16_t type, const char *s)
{
	nl_attr(m, type, s, strlen(s) + 1);
}

static struct rtattr *nl_nest(NlMsg *m, uint16_t type)
{
	return nl_attr(m, type | NLA_F_NESTED, NULL, 0);
}

static void nl_nest_end(NlMsg *m, struct rtattr *a)
{
	a->rta_len = (unsigned short)((char *)nl_tail(m) - (char *)a);
}

/* The text of an extended ack, if the kernel sent one. */
static const char *ext_ack_msg(struct nlmsghdr *h)
{
	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	struct nlmsgerr *e = NLMSG_DATA(h);
	size_t off = sizeof *e;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (NLMSG_LENGTH(off) > h->nlmsg_len)
		return NULL;
	int len = (int)(h->nlmsg_len - NLMSG_LENGTH(off));
	for (struct rtattr *a = (struct rtattr *)((char *)e + off); RTA_OK(a, len);
	     a = RTA_NEXT(a, len))
		if (a->rta_type == NLMSGERR_ATTR_MSG && RTA_PAYLOAD(a) > 1 &&
		    ((char *)RTA_DATA(a))[RTA_PAYLOAD(a) - 1] == 0)
			return RTA_DATA(a);
	return NULL;
}

/* Send m, read until the ack (or the end of a dump). Returns 0, or -1
 * with errno set and, for a kernel refusal, the extended ack text in
 * *why (static storage) when there is one. */
static int nl_talk(NlMsg *m, NlReply fn, void *ctx, const char **why)
{
	static char msgbuf[256];
	*why = NULL;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -1;
	int one = 1, rc = -1, err = 0;
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	if (sendto(fd, m, m->u.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) < 0) {
		err = errno;
		goto out;
	}
	static char buf[RECV_BUF] __attribute__((aligned(8)));
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof buf, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto out;
		}
		unsigned len = (unsigned)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				rc = 0;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				if (e->error == 0) {
					rc = 0;
					goto out;
				}
				err = -e->error;
				const char *t = ext_ack_msg(h);
				if (t) {
					snprintf(msgbuf, sizeof msgbuf, "%s", t);
					*why = msgbuf;
				}
				goto out;
			}
			if (fn && fn(h, ctx) < 0) {
				err = errno ? errno : EPROTO;
				goto out;
			}
		}
	}
out:
	close(fd);
	if (rc < 0)
		errno = err;
	return rc;
}

static int nl_fail(const char *what, const char *why)
{
	int e = errno;
	return wl_fail("%s: %s%s%s", what, strerror(e), why ? ": " : "",
		       why ? why : "");
}

int wl_nl_xdp_set(int ifindex, int fd, int expected_fd, uint32_t flags)
{
	NlMsg m;
	struct ifinfomsg *ifi = nl_start(&m, RTM_SETLINK, 0, sizeof *ifi);
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	struct rtattr *x = nl_nest(&m, IFLA_XDP);
	nl_u32(&m, IFLA_XDP_FD, (uint32_t)fd);
	if (expected_fd >= 0) {
		nl_u32(&m, IFLA_XDP_EXPECTED_FD, (uint32_t)expected_fd);
		flags |= XDP_FLAGS_REPLACE;
	}
	if (flags)
		nl_u32(&m, IFLA_XDP_FLAGS, flags);
	nl_nest_end(&m, x);
	const char *why;
	if (nl_talk(&m, NULL, NULL, &why) < 0)
		return nl_fail(fd >= 0 ? "netlink XDP attach" : "netlink XDP detach", why);
	return 0;
}

static struct tcmsg *tc_start(NlMsg *m, uint16_t type, uint16_t flags,
			      int ifindex)
{
	struct tcmsg *t = nl_start(m, type, flags, sizeof *t);
	t->tcm_family = AF_UNSPEC;
	t->tcm_ifindex = ifindex;
	return t;
}

static int clsact(int ifindex, uint16_t type, uint16_t flags)
{
	NlMsg m;
	struct tcmsg *t = tc_start(&m, type, flags, ifindex);
	t->tcm_handle = TC_H_MAKE(TC_H_CLSACT, 0);
	t->tcm_parent = TC_H_CLSACT;
	nl_str(&m, TCA_KIND, "clsact");
	const char *why;
	int rc = nl_talk(&m, NULL, NULL, &why);
	if (rc < 0 && !(type == RTM_NEWQDISC && errno == EEXIST))
		return nl_fail(type == RTM_NEWQDISC ? "adding clsact qdisc"
			       : "removing clsact qdisc", why);
	return rc;
}

int wl_nl_clsact_add(int ifindex, int *created)
{
	*created = 0;
	if (clsact(ifindex, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL) == 0) {
		*created = 1;
		return 0;
	}
	return errno == EEXIST ? 0 : -1;
}

int wl_nl_clsact_del(int ifindex)
{
	return clsact(ifindex, RTM_DELQDISC, 0);
}

typedef struct {
	uint32_t prio, handle;
	int found;
} Echo;

static int on_echo(struct nlmsghdr *h, void *ctx)
{
	Echo *e = ctx;
	if (h->nlmsg_type != RTM_NEWTFILTER)
		return 0;
	struct tcmsg *t = NLMSG_DATA(h);
	e->prio = TC_H_MAJ(t->tcm_info) >> 16;
	e->handle = t->tcm_handle;
	e->found = 1;
	return 0;
}

int wl_nl_tc_filter_add(int ifindex, uint32_t parent, int prog_fd,
			const char *name, uint32_t *prio, uint32_t *handle)
{
	NlMsg m;
	struct tcmsg *t = tc_start(&m, RTM_NEWTFILTER,
				   NLM_F_CREATE | NLM_F_EXCL | NLM_F_ECHO, ifindex);
	t->tcm_parent = parent;
	t->tcm_handle = 1;
	/* priority 0: the kernel picks a free one; we learn it from the echo */
	t->tcm_info = TC_H_MAKE(0, htons(ETH_P_ALL));
	nl_str(&m, TCA_KIND, "bpf");
	struct rtattr *o = nl_nest(&m, TCA_OPTIONS);
	nl_u32(&m, TCA_BPF_FD, (uint32_t)prog_fd);
	nl_str(&m, TCA_BPF_NAME, name);
	nl_u32(&m, TCA_BPF_FLAGS, TCA_BPF_FLAG_ACT_DIRECT);
	nl_nest_end(&m, o);
	Echo e = {0};
	const char *why;
	if (nl_talk(&m, on_echo, &e, &why) < 0)
		return nl_fail("adding tc filter", why);
	if (!e.found) {
		/* The filter is there but we cannot name it to remove it. */
		return wl_fail("adding tc filter: the kernel did not echo it");
	}
	*prio = e.prio;
	*handle = e.handle;
	return 0;
}

int wl_nl_tc_filter_del(int ifindex, uint32_t parent, uint32_t prio,
			uint32_t handle)
{
	NlMsg m;
	struct tcmsg *t = tc_start(&m, RTM_DELTFILTER, 0, ifindex);
	t->tcm_parent = parent;
	t->tcm_handle = handle;
	t->tcm_info = TC_H_MAKE(prio << 16, htons(ETH_P_ALL));
	nl_str(&m, TCA_KIND, "bpf");
	const char *why;
	if (nl_talk(&m, NULL, NULL, &why) < 0)
		return nl_fail("removing tc filter", why);
	return 0;
}

static int on_count(struct nlmsghdr *h, void *ctx)
{
	if (h->nlmsg_type == RTM_NEWTFILTER)
		++*(int *)ctx;
	return 0;
}

int wl_nl_tc_filter_count(int ifindex, uint32_t parent)
{
	NlMsg m;
	struct tcmsg *t = tc_start(&m, RTM_GETTFILTER, NLM_F_DUMP, ifindex);
	t->tcm_parent = parent;
	int n = 0;
	const char *why;
	if (nl_talk(&m, on_count, &n, &why) < 0) {
		nl_fail("listing tc filters", why);
		return -1;
	}
	return n;
}
