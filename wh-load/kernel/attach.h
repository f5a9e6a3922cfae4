/* attach.h: attaching loaded programs to kernel hooks (XDP, TC, kprobes,
 * uprobes, tracepoints, cgroups) and the process-wide registry of what this
 * process attached, so that one call removes all of it on any exit path.
 *
 * Same conventions as wl.h: 0 / -1 (or NULL) returns, the message in
 * wl_error(); the library never prints and never exits.
 *
 * Every WlLink owns its kernel handles (link fd, perf event fd, netlink
 * filter handle, pin path, a dup of the program fd when detaching needs
 * it), so a link outlives wl_close() of the object it came from. */
#ifndef WH_WL_ATTACH_H
#define WH_WL_ATTACH_H
#include <stdint.h>
#include "wl.h"


/* Cgroup flags (the kernel's BPF_F_ALLOW_OVERRIDE / ALLOW_MULTI / REPLACE).
 * With any flag set, cgroup attachment uses BPF_PROG_ATTACH (links take no
 * flags); with none, a BPF link. */
enum {
	WL_ATTACH_F_ALLOW_OVERRIDE = 1u << 0,
	WL_ATTACH_F_ALLOW_MULTI = 1u << 1,
	WL_ATTACH_F_REPLACE = 1u << 2,
};

/* What to attach to. A zeroed spec means: everything from the section.
 *
 * target, by kind (NULL or "": take it from the section name):
 *   xdp*, tc-*    interface name or index ("veth0", "3")
 *   k(ret)probe   "FUNCTION" or "FUNCTION+OFFSET"
 *   u(ret)probe   "PATH:SYMBOL", "PATH:SYMBOL+OFFSET" or "PATH:0xOFFSET";
 *                 just "SYMBOL" when the section names the path
 *                 (uprobe//lib/libc.so.6), just "PATH" when the section
 *                 names PATH:SYMBOL
 *   tracepoint    "CATEGORY/NAME", "CATEGORY:NAME", with or without a
 *                 "tracepoint/" prefix; '-' read as '_'
 *   raw tracepoint "NAME"
 *   cgroup        a cgroup v2 directory (default: the first cgroup2
 *                 mount, /sys/fs/cgroup or /sys/fs/cgroup/unified) */
typedef struct {
	AttachKind kind;
	const char *target;
	uint32_t flags;                 /* WL_ATTACH_F_*, cgroup only */
	int replace_fd;                 /* with WL_ATTACH_F_REPLACE: the program fd to replace */
	int has_attach_type;            /* 1: attach_type overrides the section's */
	uint32_t attach_type;           /* BPF_CGROUP_* etc. */
	int pid;                        /* uprobes: only this process; 0 = all */
	uint64_t cookie;                /* bpf_get_attach_cookie() value (perf event links) */
	int legacy;                     /* 1: netlink, BPF_PROG_ATTACH and perf ioctls
					 * instead of BPF links (what old kernels need) */
} WlAttachSpec;

typedef struct WlLink WlLink;

/* Attach p (loaded, p->fd >= 0) of object o. The link joins the process
 * registry. NULL on failure, with nothing left attached. */
WlLink *wl_attach(WlObject *o, WlProg *p, const WlAttachSpec *spec);
/* Undo one attachment, close its fds, leave the registry. NULL is fine.
 * Returns -1 if the kernel refused a step (the rest is still done). */
int wl_detach(WlLink *l);
/* Detach every link still registered, newest first. Safe to call more
 * than once, from an atexit handler, a diag_on_exit hook or after a
 * signal was caught; returns -1 if any step failed. */
int wl_detach_all(void);
/* Number of links registered. */
int wl_link_count(void);

/* Pin the link in bpffs (links made by BPF_LINK_CREATE only); the pin is
 * removed when the link is detached. */
int wl_link_pin(WlLink *l, const char *path);
/* Register a bpffs path this process created (a pinned map or program) so
 * that wl_detach_all() unlinks it; wl_forget_pin() takes it back. */
int wl_register_pin(const char *path);
void wl_forget_pin(const char *path);

/* ---- describing links ---- */
typedef struct {
	AttachKind kind;
	const char *prog;               /* program name */
	const char *target;             /* resolved: "veth0", "do_sys_openat2", "/bin/true:main+0x0" ... */
	const char *how;                /* "link", "perf_event link", "perf_event",
					 * "raw_tracepoint link", "netlink",
					 * "tc filter", "prog_attach" */
	int fd;                         /* link or perf event fd, -1 if none */
	uint32_t link_id;               /* kernel link id, 0 if not a BPF link */
} WlLinkInfo;
void wl_link_info(const WlLink *l, WlLinkInfo *out);

/* ---- section defaults ---- */
/* The kind the section implies (ATT_NONE when it implies none); the
 * kinds, their names and what they attach are shared/bpf.h's. */
AttachKind wl_attach_kind_for(const WlProg *p);
/* 1 when the section alone says where to attach (kprobe/FN,
 * tracepoint/CAT/NAME, uprobe/PATH:SYM, cgroup_skb/..., raw_tp/NAME),
 * 0 when a target must be given (xdp, tc: an interface). */
int wl_attach_target_implied(const WlProg *p);

#endif
