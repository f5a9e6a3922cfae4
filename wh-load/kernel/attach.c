/* attach.c: wl_attach's dispatch by kind (the kinds are shared/bpf.h's
 * table; here, how each is done), the section's kind and target, and the
 * process-wide registry of links that wl_detach_all() empties, pins
 * included. */
#include "attach_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>

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
	return wl_attach_kprobe(l, p->fd, t, l->kind == ATT_KRETPROBE, s);
}

static int do_uprobe(WlLink *l, const WlProg *p, const char *t,
		     const char *a, const WlAttachSpec *s)
{
	return wl_attach_uprobe(l, p->fd, t, a, l->kind == ATT_URETPROBE, s);
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

/* How each kind is attached; what it attaches (its name, the program type
 * it takes, where its target comes from) is shared/bpf.h's table. */
static const AttachFn attach_fn[ATT_COUNT] = {
	[ATT_XDP] = do_xdp, [ATT_XDPDRV] = do_xdp, [ATT_XDPGENERIC] = do_xdp,
	[ATT_XDPOFFLOAD] = do_xdp, [ATT_TC_INGRESS] = do_tc, [ATT_TC_EGRESS] = do_tc,
	[ATT_KPROBE] = do_kprobe, [ATT_KRETPROBE] = do_kprobe,
	[ATT_UPROBE] = do_uprobe, [ATT_URETPROBE] = do_uprobe,
	[ATT_TRACEPOINT] = do_tracepoint, [ATT_RAW_TRACEPOINT] = do_raw_tp,
	[ATT_CGROUP] = do_cgroup,
};

AttachKind wl_attach_kind_for(const WlProg *p)
{
	return p->sec ? p->sec->attach : ATT_NONE;
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

static int target_implied(AttachKind k, const char *arg)
{
	switch (attach_kind_info(k)->target_from) {
	case ATT_TARGET_CGROUP_ROOT:
		return 1;
	case ATT_TARGET_SECTION:
		if (k == ATT_UPROBE || k == ATT_URETPROBE)
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

static WlLink *link_new(const WlProg *p, AttachKind k)
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
	AttachKind k = s->kind;
	if ((unsigned)k >= ATT_COUNT) {
		wl_fail("bad attach kind %d", (int)k);
		return NULL;
	}
	if (k == ATT_NONE)
		k = wl_attach_kind_for(p);
	if (k == ATT_NONE) {
		wl_fail("%s: section '%s' does not say how to attach; "
			"give a kind (xdp, tc-ingress, kprobe, cgroup ...)",
			p->name, p->section ? p->section : "");
		return NULL;
	}
	const AttachKindInfo *ki = attach_kind_info(k);
	if (ki->prog_type >= 0 && p->sec && p->sec->prog_type != ki->prog_type &&
	    !(ki->prog_type == BPF_PROG_TYPE_SCHED_CLS &&
	      p->sec->prog_type == BPF_PROG_TYPE_SCHED_ACT)) {
		wl_fail("%s: a program of section '%s' cannot attach as %s",
			p->name, p->section, ki->name);
		return NULL;
	}
	const char *arg = section_arg(p);
	const char *target = s->target && *s->target ? s->target : NULL;
	if (!target && !target_implied(k, arg)) {
		wl_fail("%s: attaching as %s needs a target (%s)", p->name,
			ki->name, ki->target_is);
		return NULL;
	}
	WlLink *l = link_new(p, k);
	if (!target && ki->target_from == ATT_TARGET_SECTION)
		target = arg, arg = NULL;
	if (attach_fn[k](l, p, target, arg, s) < 0) {
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
