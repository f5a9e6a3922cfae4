/* attach.c: wl_attach's dispatch by kind (one table row per kind), the
 * section-to-kind rules, and the process-wide registry of links that
 * wl_detach_all() empties, pins included. */
#include "attach_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>

/* Attach types newer than the build host's uapi headers. */
enum { WH_TCX_INGRESS = 46, WH_TCX_EGRESS = 47 };

typedef int (*AttachFn)(WlLink *l, const WlProg *p, const char *target,
			const char *sec_arg, const WlAttachSpec *s);

static int do_xdp(WlLink *l, const WlProg *p, const char *t, const char *a,
		  const WlAttachSpec *s)
{
	(void)a;
	return wl_attach_xdp(l, p->fd, t, s);
}

static int do_tc(WlLink *l, const WlProg *p, const char *t, const char *a,
		 const WlAttachSpec *s)
{
	(void)a;
	return wl_attach_tc(l, p->fd, t, s);
}

static int do_kprobe(WlLink *l, const WlProg *p, const char *t,
		     const char *a, const WlAttachSpec *s)
{
	(void)a;
	if (p->sec && strstr(p->sec->prefix, "syscall"))        /* k(ret)syscall */
		t = wl_ksyscall_name(l->arena, t);
	return wl_attach_kprobe(l, p->fd, t, l->kind == WL_ATTACH_KRETPROBE, s);
}

static int do_uprobe(WlLink *l, const WlProg *p, const char *t,
		     const char *a, const WlAttachSpec *s)
{
	return wl_attach_uprobe(l, p->fd, t, a, l->kind == WL_ATTACH_URETPROBE, s);
}

static int do_tracepoint(WlLink *l, const WlProg *p, const char *t,
			 const char *a, const WlAttachSpec *s)
{
	(void)a;
	return wl_attach_tracepoint(l, p->fd, t, s);
}

static int do_raw_tp(WlLink *l, const WlProg *p, const char *t,
		     const char *a, const WlAttachSpec *s)
{
	(void)a; (void)s;
	return wl_raw_tp_attach(l, p->fd, t);
}

static int do_cgroup(WlLink *l, const WlProg *p, const char *t,
		     const char *a, const WlAttachSpec *s)
{
	(void)a;
	int at = s->has_attach_type ? (int)s->attach_type
		: p->sec ? p->sec->attach_type : -1;
	if (at < 0)
		return wl_fail("section '%s' does not say which cgroup hook; "
			       "give an attach type", p->section);
	return wl_cgroup_attach(l, p->fd, t, (uint32_t)at, s);
}

/* Where the target comes from when the caller gives none: the section's
 * argument (kprobe/FN), a fixed default, or nowhere. */
enum { TGT_NEEDED, TGT_SECTION, TGT_CGROUP_ROOT };

static const struct {
	const char *name;
	AttachFn fn;
	int target_from;
	int prog_type;          /* what the program must be */
	const char *target_is;  /* for "needs a target (...)" */
} kinds[WL_ATTACH_KIND_COUNT] = {
#define NET "an interface"
#define FN "a function"
#define PS "PATH:SYMBOL"
#define EV "CATEGORY/NAME"
	[WL_ATTACH_AUTO]           = {"auto", NULL, TGT_NEEDED, -1, ""},
	[WL_ATTACH_XDP]            = {"xdp", do_xdp, TGT_NEEDED, BPF_PROG_TYPE_XDP, NET},
	[WL_ATTACH_XDPDRV]         = {"xdpdrv", do_xdp, TGT_NEEDED, BPF_PROG_TYPE_XDP, NET},
	[WL_ATTACH_XDPGENERIC]     = {"xdpgeneric", do_xdp, TGT_NEEDED, BPF_PROG_TYPE_XDP, NET},
	[WL_ATTACH_XDPOFFLOAD]     = {"xdpoffload", do_xdp, TGT_NEEDED, BPF_PROG_TYPE_XDP, NET},
	[WL_ATTACH_TC_INGRESS]     = {"tc-ingress", do_tc, TGT_NEEDED, BPF_PROG_TYPE_SCHED_CLS, NET},
	[WL_ATTACH_TC_EGRESS]      = {"tc-egress", do_tc, TGT_NEEDED, BPF_PROG_TYPE_SCHED_CLS, NET},
	[WL_ATTACH_KPROBE]         = {"kprobe", do_kprobe, TGT_SECTION, BPF_PROG_TYPE_KPROBE, FN},
	[WL_ATTACH_KRETPROBE]      = {"kretprobe", do_kprobe, TGT_SECTION, BPF_PROG_TYPE_KPROBE, FN},
	[WL_ATTACH_UPROBE]         = {"uprobe", do_uprobe, TGT_SECTION, BPF_PROG_TYPE_KPROBE, PS},
	[WL_ATTACH_URETPROBE]      = {"uretprobe", do_uprobe, TGT_SECTION, BPF_PROG_TYPE_KPROBE, PS},
	[WL_ATTACH_TRACEPOINT]     = {"tracepoint", do_tracepoint, TGT_SECTION, BPF_PROG_TYPE_TRACEPOINT, EV},
	[WL_ATTACH_RAW_TRACEPOINT] = {"raw-tracepoint", do_raw_tp, TGT_SECTION, BPF_PROG_TYPE_RAW_TRACEPOINT, "an event name"},
	[WL_ATTACH_CGROUP]         = {"cgroup", do_cgroup, TGT_CGROUP_ROOT, -1, "a cgroup directory"},
#undef NET
#undef FN
#undef PS
#undef EV
};

/* The section table's attach kinds (bpf.h) in wh-load's finer terms. */
static const struct {
	AttachKind att;
	int attach_type;        /* -2: any */
	WlAttachKind kind;
} from_section[] = {
	{ATT_XDP, -2, WL_ATTACH_XDP},
	{ATT_TC, WH_TCX_EGRESS, WL_ATTACH_TC_EGRESS},
	{ATT_TC, -2, WL_ATTACH_TC_INGRESS},
	{ATT_KPROBE, -2, WL_ATTACH_KPROBE},
	{ATT_KRETPROBE, -2, WL_ATTACH_KRETPROBE},
	{ATT_UPROBE, -2, WL_ATTACH_UPROBE},
	{ATT_URETPROBE, -2, WL_ATTACH_URETPROBE},
	{ATT_TRACEPOINT, -2, WL_ATTACH_TRACEPOINT},
	{ATT_RAW_TRACEPOINT, -2, WL_ATTACH_RAW_TRACEPOINT},
	{ATT_CGROUP, -2, WL_ATTACH_CGROUP},
};

const char *wl_attach_kind_name(WlAttachKind k)
{
	return (unsigned)k < WL_ATTACH_KIND_COUNT ? kinds[k].name : NULL;
}

int wl_attach_kind_by_name(const char *name)
{
	for (int k = 0; k < WL_ATTACH_KIND_COUNT; k++)
		if (!strcmp(kinds[k].name, name))
			return k;
	return -1;
}

WlAttachKind wl_attach_kind_for(const WlProg *p)
{
	if (!p->sec)
		return WL_ATTACH_AUTO;
	for (size_t i = 0; i < sizeof from_section / sizeof *from_section; i++)
		if (from_section[i].att == p->sec->attach &&
		    (from_section[i].attach_type == -2 ||
		     from_section[i].attach_type == p->sec->attach_type))
			return from_section[i].kind;
	return WL_ATTACH_AUTO;
}

/* The part of the section after its table prefix and '/', or NULL:
 * "kprobe/do_sys_open" -> "do_sys_open". */
static const char *section_arg(const WlProg *p)
{
	if (!p->sec || !p->section)
		return NULL;
	size_t n = strlen(p->sec->prefix);
	if (strncmp(p->section, p->sec->prefix, n) || p->section[n] != '/' ||
	    !p->section[n + 1])
		return NULL;
	return p->section + n + 1;
}

static int target_implied(WlAttachKind k, const char *arg)
{
	switch (kinds[k].target_from) {
	case TGT_CGROUP_ROOT:
		return 1;
	case TGT_SECTION:
		if (k == WL_ATTACH_UPROBE || k == WL_ATTACH_URETPROBE)
			return arg && strchr(arg, ':');
		return arg != NULL;
	}
	return 0;
}

int wl_attach_target_implied(const WlProg *p)
{
	return target_implied(wl_attach_kind_for(p), section_arg(p));
}

/* ---- the registry ---- */
static WlLink *registry;
static int nlinks;
static int atexit_done;

typedef struct Pin {
	struct Pin *next;
	char *path;
} Pin;
static Pin *pins;

static void detach_all_at_exit(void)
{
	wl_detach_all();
}

static void registry_add(WlLink *l)
{
	if (!atexit_done) {
		atexit(detach_all_at_exit);
		atexit_done = 1;
	}
	l->next = registry;
	if (registry)
		registry->prev = l;
	registry = l;
	nlinks++;
}

static void registry_remove(WlLink *l)
{
	if (l->prev)
		l->prev->next = l->next;
	else if (registry == l)
		registry = l->next;
	if (l->next)
		l->next->prev = l->prev;
	nlinks--;
}

int wl_link_count(void)
{
	return nlinks;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int undo_prog_attach(WlLink *l)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.target_fd = (uint32_t)l->cg_fd;
	a.attach_bpf_fd = (uint32_t)l->prog_fd;
	a.attach_type = l->attach_type;
	if (wl_bpf(BPF_PROG_DETACH, &a, sizeof a) < 0)
		return wl_fail("detaching %s from %s: %s", l->prog, l->target,
			       wl_strerror(errno));
	return 0;
}

static int undo_fd(WlLink *l)
{
	(void)l;        /* closing the link or perf event fd (below) detaches */
	return 0;
}

static int (*const undo[HOW_COUNT])(WlLink *) = {
	[HOW_NONE] = undo_fd,
	[HOW_BPF_LINK] = undo_fd,
	[HOW_PERF_LINK] = undo_fd,
	[HOW_PERF_IOCTL] = undo_fd,
	[HOW_RAW_TP] = undo_fd,
	[HOW_NL_XDP] = wl_detach_nl_xdp,
	[HOW_TC_FILTER] = wl_detach_tc_filter,
	[HOW_PROG_ATTACH] = undo_prog_attach,
};

static const char *const how_name[HOW_COUNT] = {
	[HOW_NONE] = "none", [HOW_BPF_LINK] = "link",
	[HOW_PERF_LINK] = "perf_event link", [HOW_PERF_IOCTL] = "perf_event",
	[HOW_RAW_TP] = "raw_tracepoint link", [HOW_NL_XDP] = "netlink",
	[HOW_TC_FILTER] = "tc filter", [HOW_PROG_ATTACH] = "prog_attach",
};

/* Undo and free; l is gone afterwards. */
static int link_release(WlLink *l)
{
	int rc = undo[l->how](l);
	if (l->pin && unlink(l->pin) < 0 && errno != ENOENT && rc == 0)
		rc = wl_fail("removing pin %s: %s", l->pin, strerror(errno));
	close_fd(&l->fd);
	close_fd(&l->pfd);
	close_fd(&l->prog_fd);
	close_fd(&l->cg_fd);
	arena_free(l->arena);
	return rc;
}

/* Raw tracepoint fds are BPF links too (kernel 5.7+). */
static int is_bpf_link(const WlLink *l)
{
	return l->how == HOW_BPF_LINK || l->how == HOW_PERF_LINK ||
	       l->how == HOW_RAW_TP;
}

static WlLink *link_new(const WlProg *p, WlAttachKind k)
{
	Arena *a = arena_new();
	WlLink *l = arena_alloc(a, sizeof *l);
	l->arena = a;
	l->kind = k;
	l->how = HOW_NONE;
	l->prog = arena_strdup(a, p->name ? p->name : "?");
	l->target = "";
	l->fd = l->pfd = l->prog_fd = l->cg_fd = -1;
	return l;
}

WlLink *wl_attach(WlObject *o, WlProg *p, const WlAttachSpec *spec)
{
	static const WlAttachSpec none;
	const WlAttachSpec *s = spec ? spec : &none;
	(void)o;
	if (!p || p->fd < 0) {
		wl_fail("program %s is not loaded", p ? p->name : "(null)");
		return NULL;
	}
	WlAttachKind k = s->kind;
	if ((unsigned)k >= WL_ATTACH_KIND_COUNT) {
		wl_fail("bad attach kind %d", (int)k);
		return NULL;
	}
	if (k == WL_ATTACH_AUTO)
		k = wl_attach_kind_for(p);
	if (k == WL_ATTACH_AUTO) {
		wl_fail("%s: section '%s' does not say how to attach; "
			"give a kind (xdp, tc-ingress, kprobe, cgroup ...)",
			p->name, p->section ? p->section : "");
		return NULL;
	}
	if (kinds[k].prog_type >= 0 && p->sec &&
	    p->sec->prog_type != kinds[k].prog_type &&
	    !(kinds[k].prog_type == BPF_PROG_TYPE_SCHED_CLS &&
	      p->sec->prog_type == BPF_PROG_TYPE_SCHED_ACT)) {
		wl_fail("%s: a program of section '%s' cannot attach as %s",
			p->name, p->section, kinds[k].name);
		return NULL;
	}
	const char *arg = section_arg(p);
	const char *target = s->target && *s->target ? s->target : NULL;
	if (!target && !target_implied(k, arg)) {
		wl_fail("%s: attaching as %s needs a target (%s)", p->name,
			kinds[k].name, kinds[k].target_is);
		return NULL;
	}
	WlLink *l = link_new(p, k);
	if (!target && kinds[k].target_from == TGT_SECTION)
		target = arg, arg = NULL;
	if (kinds[k].fn(l, p, target, arg, s) < 0) {
		char *msg = strdup(wl_error());
		link_release(l);        /* undoes whatever half was done */
		wl_fail("%s: %s", p->name, msg ? msg : "attach failed");
		free(msg);
		return NULL;
	}
	if (!*l->target && target)
		l->target = arena_strdup(l->arena, target);
	if (is_bpf_link(l))
		l->link_id = wl_link_id(l->fd);
	registry_add(l);
	return l;
}

int wl_detach(WlLink *l)
{
	if (!l)
		return 0;
	registry_remove(l);
	return link_release(l);
}

int wl_link_pin(WlLink *l, const char *path)
{
	if (!is_bpf_link(l))
		return wl_fail("only BPF links can be pinned (%s is attached by %s)",
			       l->prog, how_name[l->how]);
	if (l->pin)
		return wl_fail("link of %s is already pinned at %s", l->prog, l->pin);
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.pathname = wl_ptr(path);
	a.bpf_fd = (uint32_t)l->fd;
	if (wl_bpf(BPF_OBJ_PIN, &a, sizeof a) < 0)
		return wl_fail("pinning link of %s at %s: %s", l->prog, path,
			       wl_strerror(errno));
	l->pin = arena_strdup(l->arena, path);
	return 0;
}

int wl_register_pin(const char *path)
{
	Pin *p = malloc(sizeof *p);
	char *copy = strdup(path);
	if (!p || !copy) {
		free(p);
		free(copy);
		return wl_fail("out of memory");
	}
	p->path = copy;
	p->next = pins;
	pins = p;
	if (!atexit_done) {
		atexit(detach_all_at_exit);
		atexit_done = 1;
	}
	return 0;
}

void wl_forget_pin(const char *path)
{
	for (Pin **pp = &pins; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->path, path)) {
			Pin *p = *pp;
			*pp = p->next;
			free(p->path);
			free(p);
			return;
		}
}

int wl_detach_all(void)
{
	int rc = 0;
	char *first = NULL;
	while (registry)
		if (wl_detach(registry) < 0) {
			rc = -1;
			if (!first)
				first = strdup(wl_error());
		}
	while (pins) {
		Pin *p = pins;
		pins = p->next;
		if (unlink(p->path) < 0 && errno != ENOENT) {
			rc = -1;
			if (!first)
				first = strdup(strerror(errno));
		}
		free(p->path);
		free(p);
	}
	if (first) {
		wl_fail("%s", first);
		free(first);
	}
	return rc;
}

void wl_link_info(const WlLink *l, WlLinkInfo *out)
{
	out->kind = l->kind;
	out->prog = l->prog;
	out->target = l->target;
	out->how = how_name[l->how];
	out->fd = l->fd >= 0 ? l->fd : l->pfd;
	out->link_id = l->link_id;
}
