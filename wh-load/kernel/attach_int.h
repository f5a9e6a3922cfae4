/* attach_int.h: what the attach*.c, link.c, netlink.c and perf.c files
 * share behind attach.h: the link record, the ways of undoing an
 * attachment, and each mechanism's entry points. */
#ifndef WH_WL_ATTACH_INT_H
#define WH_WL_ATTACH_INT_H
#include <stdint.h>
#include "attach.h"

/* How an attachment was made, hence how it is undone (table in attach.c). */
typedef enum {
	HOW_NONE,
	HOW_BPF_LINK,           /* fd: a BPF link; closing it detaches */
	HOW_PERF_LINK,          /* fd: BPF link on perf event pfd */
	HOW_PERF_IOCTL,         /* pfd with PERF_EVENT_IOC_SET_BPF */
	HOW_RAW_TP,             /* fd from BPF_RAW_TRACEPOINT_OPEN */
	HOW_NL_XDP,             /* IFLA_XDP on ifindex, prog_fd expected */
	HOW_TC_FILTER,          /* cls_bpf filter (+ clsact qdisc we made) */
	HOW_PROG_ATTACH,        /* BPF_PROG_ATTACH on cg_fd */
	HOW_COUNT
} WlHow;

struct WlLink {
	Arena *arena;           /* the link and its strings */
	WlLink *prev, *next;    /* the registry, newest first */
	AttachKind kind;
	WlHow how;
	const char *prog;
	const char *target;
	int fd;                 /* link / raw tracepoint fd, or -1 */
	int pfd;                /* perf event fd, or -1 */
	int prog_fd;            /* a dup of the program fd, or -1 */
	int cg_fd;              /* cgroup directory fd, or -1 */
	uint32_t link_id;
	int ifindex;
	uint32_t xdp_flags;     /* netlink XDP mode flags */
	uint32_t tc_parent, tc_prio, tc_handle;
	int tc_qdisc_ours;      /* we created the clsact qdisc */
	uint32_t attach_type;   /* BPF_PROG_ATTACH */
	const char *pin;        /* bpffs path of a pinned link, or NULL */
};

/* ---- link.c: bpf(2) attachments ---- */
/* BPF_LINK_CREATE; returns the link fd or -1 with errno. */
int wl_link_create(int prog_fd, int target, uint32_t attach_type,
		   uint32_t flags, uint64_t cookie);
uint32_t wl_link_id(int link_fd);       /* 0 when unknown */
/* Whether errno after a failed BPF_LINK_CREATE means "this kernel cannot
 * make such a link" (so the legacy way may work). */
int wl_link_unsupported(int err);
int wl_cgroup_attach(WlLink *l, int prog_fd, const char *dir,
		     uint32_t attach_type, const WlAttachSpec *s);
int wl_raw_tp_attach(WlLink *l, int prog_fd, const char *name);

/* ---- netlink.c: rtnetlink for XDP and TC ---- */
int wl_nl_xdp_set(int ifindex, int fd, int expected_fd, uint32_t flags);
/* *created: 1 if this call made the qdisc, 0 if one was there. */
int wl_nl_clsact_add(int ifindex, int *created);
int wl_nl_clsact_del(int ifindex);
/* A direct-action cls_bpf filter at a priority the kernel chooses. */
int wl_nl_tc_filter_add(int ifindex, uint32_t parent, int prog_fd,
			const char *name, uint32_t *prio, uint32_t *handle);
int wl_nl_tc_filter_del(int ifindex, uint32_t parent, uint32_t prio,
			uint32_t handle);
/* Number of filters on parent (-1 on failure). */
int wl_nl_tc_filter_count(int ifindex, uint32_t parent);

/* ---- attach_net.c: XDP and TC ---- */
int wl_attach_xdp(WlLink *l, int prog_fd, const char *ifname,
		  const WlAttachSpec *s);
int wl_attach_tc(WlLink *l, int prog_fd, const char *ifname,
		 const WlAttachSpec *s);
int wl_detach_nl_xdp(WlLink *l);
int wl_detach_tc_filter(WlLink *l);

/* ---- perf.c: perf events for probes and tracepoints ---- */
/* kprobe/uprobe PMU event: name is the function (kprobe) or path
 * (uprobe); returns the perf fd or -1 with wl_error. */
int wl_perf_probe_open(int uprobe, int retprobe, const char *name,
		       uint64_t offset, int pid);
int wl_perf_tracepoint_open(const char *category, const char *name);
/* Attach prog_fd to the perf event pfd (a link, or the ioctls); on
 * success the link owns pfd. On failure pfd is closed. */
int wl_perf_attach(WlLink *l, int prog_fd, int pfd, const WlAttachSpec *s);

/* ---- attach_probe.c: target strings for probes and tracepoints ---- */
int wl_attach_kprobe(WlLink *l, int prog_fd, const char *target,
		     int retprobe, const WlAttachSpec *s);
int wl_attach_uprobe(WlLink *l, int prog_fd, const char *target,
		     const char *sec_arg, int retprobe, const WlAttachSpec *s);
int wl_attach_tracepoint(WlLink *l, int prog_fd, const char *target,
			 const WlAttachSpec *s);

/* "openat" -> "__x64_sys_openat" on this machine (ksyscall sections). */
const char *wl_ksyscall_name(Arena *a, const char *name);

#endif
