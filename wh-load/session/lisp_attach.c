/* lisp_attach.c: attach-kprobe, attach-uprobe, attach-tracepoint,
 * attach-xdp, attach-tc, attach-cgroup, the attach-obj-* wrappers (a
 * program looked up by name in an object) and detach, over wh-load's
 * attach library (attach.h). Each link is tracked on its object, so
 * closing the object (or the session's final clean-up) detaches it. */
#include "session.h"
#include <string.h>

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

static Sx *kwarg(Sx **a, int n, int from, const char *key)
{
	for (int i = from; i + 1 < n; i += 2)
		if (a[i]->kind == SX_SYM && !strcmp(a[i]->s, key))
			return a[i + 1];
	return NULL;
}

static const char *str(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind == SX_STR)
		return arena_strndup(L->a, x->s, x->len);
	if (x->kind == SX_SYM && x->s[0] == ':')
		return x->s + 1;
	lisp_error(L, p, "%s: expected a string, got %s", who, lisp_brief(L, x, 30));
}

/* A prog-info, or a program fd of an object this session opened. */
static LProg *need_prog(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind == SX_INT) {
		for (int i = 0; i < the_session->objects.n; i++) {
			LObj *lo = the_session->objects.v[i];
			for (int k = 0; !lo->closed && k < lo->o->nprogs; k++)
				if (lo->o->progs[k].fd == x->i) {
					LProg *lp = arena_alloc(L->a, sizeof *lp);
					lp->owner = lo;
					lp->p = &lo->o->progs[k];
					return lp;
				}
		}
		lisp_error(L, p, "%s: no loaded program has fd %lld", who, (long long)x->i);
	}
	LProg *lp = lisp_get_handle(L, x, intern("prog-info"), p, who);
	if (lp->owner->closed || lp->p->fd < 0)
		lisp_error(L, p, "%s: program %s is not loaded", who, lp->p->name);
	return lp;
}

/* The program named a[1] of the object a[0] (attach-obj-*). */
static LProg *obj_prog(Lisp *L, Sx **a, Pos p, const char *who)
{
	LObj *lo = lisp_get_handle(L, a[0], intern("bpf-object"), p, who);
	if (lo->closed)
		lisp_error(L, p, "%s: the object is closed", who);
	WlProg *pr = lobj_find_prog(lo, str(L, a[1], p, who));
	if (!pr || pr->fd < 0)
		lisp_error(L, p, "%s: no loaded program %s in %s", who, str(L, a[1], p, who),
			   lo->o->path);
	LProg *lp = arena_alloc(L->a, sizeof *lp);
	lp->owner = lo;
	lp->p = pr;
	return lp;
}

Sx *lattach(Lisp *L, LProg *lp, const WlAttachSpec *spec, Pos p)
{
	WlLink *l = wl_attach(lp->owner->o, lp->p, spec);
	if (!l)
		lisp_error(L, p, "attaching %s: %s", lp->p->name, wl_error());
	LLink *ll = arena_alloc(L->a, sizeof *ll);
	ll->l = l;
	ll->owner = lp->owner;
	vec_push(L->a, &lp->owner->links, ll);
	return lisp_handle(L, intern("attachment"), ll);
}

/* Each attach-X has its spec built from its arguments a[from..]. */
static Sx *kprobe(Lisp *L, LProg *lp, Sx **a, int n, int from, Pos p)
{
	WlAttachSpec s = {0};
	Sx *ret = kwarg(a, n, from + 1, ":retprobe");
	s.kind = ret && lisp_true(ret) ? ATT_KRETPROBE : ATT_KPROBE;
	s.target = str(L, a[from], p, "attach-kprobe");
	return lattach(L, lp, &s, p);
}

static Sx *uprobe(Lisp *L, LProg *lp, Sx **a, int n, int from, Pos p)
{
	WlAttachSpec s = {0};
	Sx *ret = kwarg(a, n, from + 2, ":retprobe");
	Sx *pid = kwarg(a, n, from + 2, ":pid");
	s.kind = ret && lisp_true(ret) ? ATT_URETPROBE : ATT_UPROBE;
	if (n < from + 2)
		lisp_error(L, p, "attach-uprobe: expected a binary and a symbol");
	s.target = arena_printf(L->a, "%s:%s", str(L, a[from], p, "attach-uprobe"),
				str(L, a[from + 1], p, "attach-uprobe"));
	if (pid && lisp_true(pid))
		s.pid = (int)lisp_get_int(L, pid, p, "attach-uprobe :pid");
	return lattach(L, lp, &s, p);
}

static Sx *tracepoint(Lisp *L, LProg *lp, Sx **a, int n, int from, Pos p)
{
	(void)n;
	WlAttachSpec s = {.kind = ATT_TRACEPOINT};
	s.target = str(L, a[from], p, "attach-tracepoint");
	return lattach(L, lp, &s, p);
}

/* :mode names one of the XDP attach kinds (shared/bpf.h). */
static Sx *xdp(Lisp *L, LProg *lp, Sx **a, int n, int from, Pos p)
{
	WlAttachSpec s = {.kind = ATT_XDP};
	s.target = str(L, a[from], p, "attach-xdp");
	Sx *mode = kwarg(a, n, from + 1, ":mode");
	if (mode) {
		const char *m = str(L, mode, p, "attach-xdp :mode");
		int k = attach_kind_by_name(m);
		if (k < 0 || attach_kind_info((AttachKind)k)->prog_type != BPF_PROG_TYPE_XDP) {
			Buf names = {0};
			for (int i = 0; i < ATT_COUNT; i++)
				if (attach_kind_info((AttachKind)i)->prog_type == BPF_PROG_TYPE_XDP)
					buf_printf(&names, "%s%s", names.len ? ", " : "",
						   attach_kind_info((AttachKind)i)->name);
			const char *list = arena_strdup(L->a, names.data);
			buf_free(&names);
			lisp_error(L, p, "attach-xdp: unknown mode \"%s\" (%s)", m, list);
		}
		s.kind = (AttachKind)k;
	}
	return lattach(L, lp, &s, p);
}

static Sx *tc(Lisp *L, LProg *lp, Sx **a, int n, int from, Pos p)
{
	WlAttachSpec s = {.kind = ATT_TC_INGRESS};
	s.target = str(L, a[from], p, "attach-tc");
	Sx *dir = kwarg(a, n, from + 1, ":direction");
	if (dir) {
		const char *d = str(L, dir, p, "attach-tc :direction");
		if (!strcmp(d, "egress"))
			s.kind = ATT_TC_EGRESS;
		else if (strcmp(d, "ingress"))
			lisp_error(L, p, "attach-tc: direction \"%s\" is not ingress or egress", d);
	}
	return lattach(L, lp, &s, p);
}

static Sx *cgroup(Lisp *L, LProg *lp, Sx **a, int n, int from, Pos p)
{
	WlAttachSpec s = {.kind = ATT_CGROUP};
	s.target = str(L, a[from], p, "attach-cgroup");
	int kw = from + 1;
	if (n > from + 1 && a[from + 1]->kind == SX_INT) {
		s.has_attach_type = 1;
		s.attach_type = (uint32_t)a[from + 1]->i;
		kw++;
	}
	Sx *t = kwarg(a, n, kw, ":attach-type");
	if (t) {
		s.has_attach_type = 1;
		s.attach_type = (uint32_t)lisp_get_int(L, t, p, "attach-cgroup :attach-type");
	}
	Sx *flags = kwarg(a, n, kw, ":flags");
	if (flags)
		s.flags = (uint32_t)lisp_get_int(L, flags, p, "attach-cgroup :flags");
	return lattach(L, lp, &s, p);
}


#define DIRECT(fname, fn, who) \
	B(fname) { return fn(L, need_prog(L, a[0], p, who), a, n, 1, p); }
#define VIA_OBJ(fname, fn, who) \
	B(fname) { return fn(L, obj_prog(L, a, p, who), a, n, 2, p); }

DIRECT(b_kprobe, kprobe, "attach-kprobe")
DIRECT(b_uprobe, uprobe, "attach-uprobe")
DIRECT(b_tracepoint, tracepoint, "attach-tracepoint")
DIRECT(b_xdp, xdp, "attach-xdp")
DIRECT(b_tc, tc, "attach-tc")
DIRECT(b_cgroup, cgroup, "attach-cgroup")
VIA_OBJ(b_obj_kprobe, kprobe, "attach-obj-kprobe")
VIA_OBJ(b_obj_uprobe, uprobe, "attach-obj-uprobe")
VIA_OBJ(b_obj_tracepoint, tracepoint, "attach-obj-tracepoint")
VIA_OBJ(b_obj_xdp, xdp, "attach-obj-xdp")
VIA_OBJ(b_obj_tc, tc, "attach-obj-tc")
VIA_OBJ(b_obj_cgroup, cgroup, "attach-obj-cgroup")

B(b_detach)
{
	LLink *ll = lisp_get_handle(L, a[0], intern("attachment"), p, "detach");
	if (!ll->l)
		return lisp_nil(L);
	int r = wl_detach(ll->l);
	ll->l = NULL;
	if (r < 0)
		lisp_error(L, p, "detach: %s", wl_error());
	return lisp_t(L);
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"attach-kprobe", b_kprobe, 2, 4}, {"attach-uprobe", b_uprobe, 3, 7},
	{"attach-tracepoint", b_tracepoint, 2, 2}, {"attach-xdp", b_xdp, 2, 4},
	{"attach-tc", b_tc, 2, 4}, {"attach-cgroup", b_cgroup, 2, 7},
	{"attach-obj-kprobe", b_obj_kprobe, 3, 5}, {"attach-obj-uprobe", b_obj_uprobe, 4, 8},
	{"attach-obj-tracepoint", b_obj_tracepoint, 3, 3}, {"attach-obj-xdp", b_obj_xdp, 3, 5},
	{"attach-obj-tc", b_obj_tc, 3, 5}, {"attach-obj-cgroup", b_obj_cgroup, 3, 8},
	{"detach", b_detach, 1, 1},
};

void session_install_attach(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
}
