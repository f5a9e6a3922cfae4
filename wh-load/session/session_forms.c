/* session_forms.c: with-bpf-session and the forms used inside it.
 * (with-bpf-session () forms...) is a macro: expanding it compiles the
 * (bpf:map ...) and (bpf:prog ...) among the forms (with the file's
 * top-level BPF declarations) with the driver, once per form,
 * and gives
 *   (let ((*bpf-session* (%open-session "OBJ")))
 *     (unwind-protect (progn other-forms...) (%close-session *bpf-session*)))
 * (with-bpf-session (VAR) ...) binds VAR to the session as well, and
 * (with-bpf-session (VAR FILE) ...) opens the object file FILE instead of
 * compiling. bpf:attach (attach kind from the program's section),
 * bpf:map-ref and bpf-session-map work on *bpf-session*, or bpf:attach on
 * a session given first. with-bpf-object and the ring consumer macros are
 * Lisp, in the prelude below. */
#include "session.h"
#include <stdio.h>
#include <string.h>

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

static const char prelude[] =
	"(defvar *bpf-session* nil)\n"
	"(defmacro with-bpf-object ((var path) &body body)\n"
	"  `(let ((,var (open-bpf-object ,path)))\n"
	"     (unwind-protect (progn (load-bpf-object ,var) ,@body)\n"
	"       (close-bpf-object ,var))))\n"
	"(defmacro with-ring-consumer ((var map callback) &body body)\n"
	"  `(let ((,var (open-ring-consumer ,map ,callback)))\n"
	"     (unwind-protect (progn ,@body) (close-ring-consumer ,var))))\n"
	"(defmacro with-decoding-ring-consumer ((var map decoder callback) &body body)\n"
	"  `(let ((,var (open-decoding-ring-consumer ,map ,decoder ,callback)))\n"
	"     (unwind-protect (progn ,@body) (close-ring-consumer ,var))))\n"
	"(defmacro bpf:attach (prog &rest args)\n"
	"  `(%session-attach ',prog (ignore-errors ,prog) ,@args))\n"
	"(defmacro bpf:map-ref (map key) `(%session-map-ref ',map ,key))\n"
	"(defun bpf-session-map (name) (%session-map name))\n"
	"(defun bpf-session-prog (name) (%session-prog name))\n";

static int is_bpf_decl(Sx *x)
{
	return x->kind == SX_CONS && x->car->kind == SX_SYM &&
	       (!strcmp(x->car->s, "bpf:map") || !strcmp(x->car->s, "bpf:prog"));
}

static Sx *sym(Lisp *L, const char *name) { return lisp_sym(L, intern(name)); }

/* (with-bpf-session OPTS forms...): OPTS is (), (VAR) or (VAR FILE).
 * With FILE (evaluated) the session is that object file and the forms
 * hold no bpf:map or bpf:prog; otherwise those forms are compiled (once
 * per with-bpf-session form). VAR, when given, is bound to the session. */
B(m_with_session)
{
	Session *s = the_session;
	Sx *form = a[0];
	if (form->cdr->kind != SX_CONS)
		lisp_error(L, form->pos, "with-bpf-session: expected (with-bpf-session () ...)");
	Sx *opts = form->cdr->car, *var = NULL, *file = NULL;
	if (opts->kind == SX_CONS) {
		var = opts->car;
		if (var->kind != SX_SYM || var->s[0] == ':')
			lisp_error(L, form->pos, "with-bpf-session: expected (VAR [FILE]) as the "
				   "options, got %s", lisp_brief(L, opts, 40));
		if (opts->cdr->kind == SX_CONS) {
			file = opts->cdr->car;
			if (lisp_true(opts->cdr->cdr))
				lisp_error(L, form->pos, "with-bpf-session: expected (VAR FILE), "
					   "got %s", lisp_brief(L, opts, 40));
		}
	} else if (lisp_true(opts)) {
		lisp_error(L, form->pos, "with-bpf-session: expected () or (VAR [FILE]) as "
			   "the options, got %s", lisp_brief(L, opts, 40));
	}
	Vec decls = {0};
	Sx *body = lisp_nil(L), **tail = &body;
	for (Sx *l = form->cdr->cdr; l->kind == SX_CONS; l = l->cdr) {
		if (!is_bpf_decl(l->car)) {
			*tail = lisp_cons(L, l->car, lisp_nil(L));
			tail = &(*tail)->cdr;
			continue;
		}
		if (file)
			lisp_error(L, l->car->pos, "with-bpf-session: %s in a session over an "
				   "object file (its programs and maps come from the file)",
				   l->car->car->s);
		Sx *src = session_source_form(s, l->car->pos);
		if (!src || src->car->kind != SX_SYM || strcmp(src->car->s, l->car->car->s))
			lisp_error(L, l->car->pos, "with-bpf-session: this form is not in %s "
				   "(made by a macro?)", s->path);
		vec_push(L->a, &decls, src);
	}
	Sx *path = file;
	if (!file) {
		char key[64];
		snprintf(key, sizeof key, "%p", (void *)form);
		const char *obj = symtab_get(&s->session_cache, intern(key));
		if (!obj) {
			obj = session_compile(s, (Sx **)decls.v, decls.n, NULL, form->pos);
			symtab_put(&s->session_cache, intern(key), (void *)obj);
		}
		path = lisp_str(L, obj, strlen(obj));
	}
	/* (let ((*bpf-session* (%open-session PATH)))
	 *   (unwind-protect (let ((VAR *bpf-session*)) BODY)
	 *     (%close-session *bpf-session*))) */
	Pos at = form->pos;
	Sx *open = sx_list(L->a, at, 2, sym(L, "%open-session"), path);
	Sx *binding = sx_list(L->a, at, 1, sx_list(L->a, at, 2, sym(L, "*bpf-session*"), open));
	Sx *cleanup = sx_list(L->a, at, 2, sym(L, "%close-session"), sym(L, "*bpf-session*"));
	Sx *inner = lisp_cons(L, sym(L, "progn"), body);
	if (var) {
		Sx *vb = sx_list(L->a, at, 1, sx_list(L->a, at, 2, var, sym(L, "*bpf-session*")));
		inner = lisp_cons(L, sym(L, "let"), lisp_cons(L, vb, body));
	}
	Sx *prot = sx_list(L->a, at, 3, sym(L, "unwind-protect"), inner, cleanup);
	return sx_list(L->a, at, 3, sym(L, "let"), binding, prot);
}

B(b_open_session)
{
	if (a[0]->kind != SX_STR)
		lisp_error(L, p, "with-bpf-session: expected an object file name, got %s",
			   lisp_brief(L, a[0], 30));
	char *path = arena_strndup(L->a, a[0]->s, a[0]->len);
	LObj *lo = lobj_open(L, path, p);
	lobj_load(L, lo, p);
	return lisp_handle(L, intern("bpf-session"), lo);
}

B(b_close_session)
{
	lobj_close(lisp_get_handle(L, a[0], intern("bpf-session"), p, "with-bpf-session"));
	return lisp_nil(L);
}

static LObj *current(Lisp *L, Pos p, const char *who)
{
	Sx *s = lisp_global(L, intern("*bpf-session*"));
	if (!s || !lisp_true(s))
		lisp_error(L, p, "%s: not inside with-bpf-session", who);
	LObj *lo = lisp_get_handle(L, s, intern("bpf-session"), p, who);
	if (lo->closed)
		lisp_error(L, p, "%s: the session is closed", who);
	return lo;
}

static const char *name_of(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind == SX_SYM)
		return x->s;
	if (x->kind == SX_STR)
		return arena_strndup(L->a, x->s, x->len);
	lisp_error(L, p, "%s: expected a name, got %s", who, lisp_brief(L, x, 30));
}

B(b_session_map)
{
	LObj *lo = current(L, p, "bpf-session-map");
	WlMap *m = lobj_find_map(lo, name_of(L, a[0], p, "bpf-session-map"));
	return m ? lmap_value(L, lo, m) : lisp_nil(L);
}

B(b_session_prog)
{
	LObj *lo = current(L, p, "bpf-session-prog");
	WlProg *pr = lobj_find_prog(lo, name_of(L, a[0], p, "bpf-session-prog"));
	return pr ? lprog_value(L, lo, pr) : lisp_nil(L);
}

/* (bpf:map-ref map key): the value as an integer, or nil. */
B(b_session_map_ref)
{
	LObj *lo = current(L, p, "bpf:map-ref");
	const char *name = name_of(L, a[0], p, "bpf:map-ref");
	WlMap *m = lobj_find_map(lo, name);
	if (!m)
		lisp_error(L, p, "bpf:map-ref: the session has no map %s", name);
	Sx *args[2] = {lmap_value(L, lo, m), a[1]};
	return lisp_funcall(L, lisp_sym(L, intern("map-lookup-int")), args, 2, p);
}

/* Keyword targets of bpf:attach and the attach kinds each is for. */
#define KINDS(k) (1u << (k))
#define NET_KINDS (KINDS(ATT_XDP) | KINDS(ATT_XDPDRV) | \
		   KINDS(ATT_XDPGENERIC) | KINDS(ATT_XDPOFFLOAD) | \
		   KINDS(ATT_TC_INGRESS) | KINDS(ATT_TC_EGRESS))
#define UPROBE_KINDS (KINDS(ATT_UPROBE) | KINDS(ATT_URETPROBE))
enum { ARG_TARGET, ARG_SYMBOL, ARG_PID };
static const struct {
	const char *key;
	int slot;
	unsigned kinds;
} attach_keys[] = {
	{":cgroup-path", ARG_TARGET, KINDS(ATT_CGROUP)},
	{":interface", ARG_TARGET, NET_KINDS},
	{":function", ARG_TARGET, KINDS(ATT_KPROBE) | KINDS(ATT_KRETPROBE)},
	{":tracepoint", ARG_TARGET, KINDS(ATT_TRACEPOINT) |
				    KINDS(ATT_RAW_TRACEPOINT)},
	{":binary", ARG_TARGET, UPROBE_KINDS},
	{":symbol", ARG_SYMBOL, UPROBE_KINDS},
	{":pid", ARG_PID, UPROBE_KINDS},
};

/* (bpf:attach PROG TARGET...) attaches PROG of *bpf-session*;
 * (bpf:attach SESSION "PROG" TARGET...) attaches PROG of SESSION (a
 * session or an object). The macro passes the first argument both quoted
 * and evaluated (nil when unbound): a[0], a[1]. The attach kind comes
 * from the program's section; the target is given by position (uprobes:
 * a binary and a symbol) or by keyword (attach_keys). */
B(b_session_attach)
{
	LObj *lo = lobj_of(a[1]);
	const char *name;
	int i;
	if (lo) {
		if (lo->closed)
			lisp_error(L, p, "bpf:attach: the session is closed");
		if (n < 3)
			lisp_error(L, p, "bpf:attach: expected a program name after the session");
		name = name_of(L, a[2], p, "bpf:attach");
		i = 3;
	} else {
		lo = current(L, p, "bpf:attach");
		name = name_of(L, a[0], p, "bpf:attach");
		i = 2;
	}
	WlProg *pr = lobj_find_prog(lo, name);
	if (!pr)
		lisp_error(L, p, "bpf:attach: the session has no program %s", name);
	WlAttachSpec spec = {0};
	spec.kind = wl_attach_kind_for(pr);
	if (spec.kind == ATT_NONE)
		lisp_error(L, p, "bpf:attach: the section \"%s\" of %s says nothing about "
			   "where to attach", pr->section, name);
	const char *parts[2] = {NULL, NULL};
	for (int k = 0; i < n && a[i]->kind == SX_STR; i++, k++) {
		if (k == 2)
			lisp_error(L, p, "bpf:attach: too many targets (at most a binary and "
				   "a symbol)");
		parts[k] = arena_strndup(L->a, a[i]->s, a[i]->len);
	}
	for (; i < n; i += 2) {
		unsigned k = 0;
		while (k < sizeof attach_keys / sizeof *attach_keys &&
		       (a[i]->kind != SX_SYM || strcmp(a[i]->s, attach_keys[k].key)))
			k++;
		if (k == sizeof attach_keys / sizeof *attach_keys)
			lisp_error(L, p, "bpf:attach: unexpected %s (targets: a string, or "
				   ":cgroup-path, :interface, :function, :tracepoint, :binary, "
				   ":symbol, :pid)", lisp_brief(L, a[i], 30));
		if (!(attach_keys[k].kinds & KINDS(spec.kind)))
			lisp_error(L, p, "bpf:attach: %s does not apply to %s (section \"%s\")",
				   attach_keys[k].key, name, pr->section);
		if (i + 1 >= n)
			lisp_error(L, p, "bpf:attach: %s needs a value", attach_keys[k].key);
		if (attach_keys[k].slot == ARG_PID) {
			spec.pid = (int)lisp_get_int(L, a[i + 1], p, "bpf:attach :pid");
			continue;
		}
		if (a[i + 1]->kind != SX_STR)
			lisp_error(L, p, "bpf:attach: %s needs a string, got %s",
				   attach_keys[k].key, lisp_brief(L, a[i + 1], 30));
		parts[attach_keys[k].slot] = arena_strndup(L->a, a[i + 1]->s, a[i + 1]->len);
	}
	if (parts[1] && !parts[0])
		lisp_error(L, p, "bpf:attach: a symbol without a binary");
	spec.target = parts[1] ? arena_printf(L->a, "%s:%s", parts[0], parts[1]) : parts[0];
	LProg lp = {lo, pr};
	return lattach(L, &lp, &spec, p);
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"%open-session", b_open_session, 1, 1}, {"%close-session", b_close_session, 1, 1},
	{"%session-map", b_session_map, 1, 1}, {"%session-prog", b_session_prog, 1, 1},
	{"%session-map-ref", b_session_map_ref, 2, 2},
	{"%session-attach", b_session_attach, 2, -1},
};

void session_install_forms(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
	LispFn *f = arena_alloc(L->a, sizeof *f);
	f->name = intern("with-bpf-session");
	f->builtin = m_with_session;
	f->min = f->max = 1;
	f->is_macro = 1;
	Sx *x = lisp_nil(L);
	x->kind = SX_FN;
	x->fn = f;
	x->s = f->name;
	symtab_put(&L->macros, f->name, x);
	lisp_load_string(L, prelude);
}
