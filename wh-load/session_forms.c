/* session_forms.c: with-bpf-session and the forms used inside it.
 * (with-bpf-session (opts) forms...) is a macro: expanding it compiles the
 * (bpf:map ...) and (bpf:prog ...) among the forms (with the file's
 * top-level BPF declarations) through the phase pipeline, once per form,
 * and gives
 *   (let ((*bpf-session* (%open-session "OBJ")))
 *     (unwind-protect (progn other-forms...) (%close-session *bpf-session*)))
 * bpf:attach (attach kind from the program's section), bpf:map-ref and
 * bpf-session-map work on *bpf-session*. with-bpf-object and the ring
 * consumer macros are Lisp, in the prelude below. */
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
	"(defmacro bpf:attach (prog &rest args) `(%session-attach ',prog ,@args))\n"
	"(defmacro bpf:map-ref (map key) `(%session-map-ref ',map ,key))\n"
	"(defun bpf-session-map (name) (%session-map name))\n"
	"(defun bpf-session-prog (name) (%session-prog name))\n";

static int is_bpf_decl(Sx *x)
{
	return x->kind == SX_CONS && x->car->kind == SX_SYM &&
	       (!strcmp(x->car->s, "bpf:map") || !strcmp(x->car->s, "bpf:prog"));
}

static Sx *sym(Lisp *L, const char *name) { return lisp_sym(L, intern(name)); }

/* The macro function of with-bpf-session: a[0] is the whole form. */
B(m_with_session)
{
	Session *s = the_session;
	Sx *form = a[0];
	if (form->cdr->kind != SX_CONS)
		lisp_error(L, form->pos, "with-bpf-session: expected (with-bpf-session () ...)");
	char key[64];
	snprintf(key, sizeof key, "%p", (void *)form);
	const char *path = symtab_get(&s->session_cache, intern(key));
	Vec spans = {0};
	Sx *body = lisp_nil(L), **tail = &body;
	for (Sx *l = form->cdr->cdr; l->kind == SX_CONS; l = l->cdr) {
		if (!is_bpf_decl(l->car)) {
			*tail = lisp_cons(L, l->car, lisp_nil(L));
			tail = &(*tail)->cdr;
			continue;
		}
		size_t off = session_offset(s, l->car->pos);
		if (off == (size_t)-1 || s->text[off] != '(')
			lisp_error(L, l->car->pos, "with-bpf-session: cannot find this form "
				   "in the source");
		SrcSpan *sp = arena_alloc(L->a, sizeof *sp);
		sp->start = off;
		sp->end = session_form_end(s, off);
		sp->rewrite = 1;
		vec_push(L->a, &spans, sp);
	}
	if (!path) {
		path = session_compile(s, (SrcSpan **)spans.v, spans.n, NULL, form->pos);
		symtab_put(&s->session_cache, intern(key), (void *)path);
	}
	/* (let ((*bpf-session* (%open-session PATH)))
	 *   (unwind-protect (progn BODY) (%close-session *bpf-session*))) */
	Sx *open = sx_list(L->a, form->pos, 2, sym(L, "%open-session"),
			   lisp_str(L, path, strlen(path)));
	Sx *binding = sx_list(L->a, form->pos, 1,
			      sx_list(L->a, form->pos, 2, sym(L, "*bpf-session*"), open));
	Sx *cleanup = sx_list(L->a, form->pos, 2, sym(L, "%close-session"),
			      sym(L, "*bpf-session*"));
	Sx *prot = sx_list(L->a, form->pos, 3, sym(L, "unwind-protect"),
			   lisp_cons(L, sym(L, "progn"), body), cleanup);
	return sx_list(L->a, form->pos, 3, sym(L, "let"), binding, prot);
}

B(b_open_session)
{
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

/* (bpf:attach prog target...): the kind from the program's section;
 * uprobes take a binary and a symbol. */
B(b_session_attach)
{
	LObj *lo = current(L, p, "bpf:attach");
	const char *name = name_of(L, a[0], p, "bpf:attach");
	WlProg *pr = lobj_find_prog(lo, name);
	if (!pr)
		lisp_error(L, p, "bpf:attach: the session has no program %s", name);
	WlAttachSpec spec = {0};
	spec.kind = wl_attach_kind_for(pr);
	if (spec.kind == WL_ATTACH_AUTO)
		lisp_error(L, p, "bpf:attach: the section \"%s\" of %s says nothing about "
			   "where to attach", pr->section, name);
	const char *parts[2] = {NULL, NULL};
	for (int i = 1; i < n && i < 3; i++) {
		if (a[i]->kind != SX_STR)
			lisp_error(L, p, "bpf:attach: expected a string target, got %s",
				   lisp_brief(L, a[i], 30));
		parts[i - 1] = arena_strndup(L->a, a[i]->s, a[i]->len);
	}
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
	{"%session-attach", b_session_attach, 1, 3},
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
