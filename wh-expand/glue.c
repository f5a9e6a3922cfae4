/* glue.c: what the compile-time Lisp sees of the expander — functions the
 * prelude's macros call to ask about maps, structs and the program being
 * expanded (%map-value-size, %pointer-p, sizeof ...) and to check their
 * calls as the walker does (%map-check, %need-args) — and macro expansion
 * with the expansion chain that error notes print. */
#include "expand.h"
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

static Expander *current;      /* for the diagnostic hook */

static Expander *E(Lisp *L) { return L->user; }

static MapDecl *lisp_map_arg(Lisp *L, Sx *x, Pos p)
{
	if (x->kind != SX_SYM)
		lisp_error(L, p, "expected a map name, got %s", sx_brief(L->a, x, 30));
	MapDecl *m = find_map(E(L), x->s);
	if (!m)
		lisp_error(L, p, "unknown map '%s'%s", sx_written(x), map_hint(E(L), x));
	return m;
}

static Sx *b_map_key_size(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	return lisp_int(L, lisp_map_arg(L, a[0], p)->key_size);
}

static Sx *b_map_value_size(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	return lisp_int(L, lisp_map_arg(L, a[0], p)->value_size);
}

static Sx *b_map_type(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	const char *kw = lisp_map_arg(L, a[0], p)->type->keyword;
	return lisp_sym(L, intern(arena_printf(L->a, ":%s", kw)));
}

static Sx *b_map_p(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	(void)p;
	return lisp_bool(L, a[0]->kind == SX_SYM && find_map(E(L), a[0]->s));
}

/* (%prog-type): the :type keyword of the program being expanded */
static Sx *b_prog_type(Lisp *L, Sx **a, int n, Pos p)
{
	(void)a;
	(void)n;
	const ProgTypeInfo *pt = E(L)->prog_type;
	if (!pt)
		lisp_error(L, p, "only inside a defprog body");
	return lisp_sym(L, intern(arena_printf(L->a, ":%s", pt->keyword)));
}

/* (%pt-regs-offset N): byte offset of argument N (0: the return value) in
 * struct pt_regs of the target architecture (WH_ARCH, else this machine). */
static Sx *b_pt_regs_offset(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	const char *arch = getenv("WH_ARCH");
	struct utsname u;
	if (!arch || !*arch)
		arch = uname(&u) == 0 ? u.machine : "unknown";
	int k = (int)lisp_get_int(L, a[0], p, "%pt-regs-offset");
	int off = pt_regs_arg_offset(arch, k);
	if (off < 0)
		lisp_error(L, L->call_pos.line ? L->call_pos : p,
			   "pt-regs accessors support x86_64 and aarch64, not %s "
			   "(set WH_ARCH to cross-compile)", arch);
	return lisp_int(L, off);
}

static int64_t size_of(Lisp *L, Sx *x, Pos p)
{
	if (x->kind == SX_SYM) {
		StructDecl *s = find_struct(E(L), x->s);
		if (s)
			return s->size;
		int w = width_from_name(x->s);
		if (w)
			return w;
	}
	lisp_error(L, p, "sizeof: %s is not a struct or type", sx_brief(L->a, x, 30));
}

/* (sizeof NAME): a special form, its argument is not evaluated */
static Sx *sf_sizeof(Lisp *L, Sx *form, LispEnv *env)
{
	(void)env;
	Sx *x = sx_nth(form, 1);
	if (!x || sx_nth(form, 2))
		lisp_error(L, form->pos, "sizeof takes one struct name");
	return lisp_int(L, size_of(L, x, form->pos));
}

static Sx *b_struct_size(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	return lisp_int(L, size_of(L, a[0], p));
}

/* A name given to a builtin as a symbol or a string. */
static const char *name_arg(Lisp *L, Sx *x, Pos p)
{
	if (x->kind == SX_SYM || x->kind == SX_STR)
		return x->s;
	lisp_error(L, p, "expected a name, got %s", lisp_brief(L, x, 30));
}

/* (%map-check NAME MAP [LOOKUP-NAME]): MAP names a map programs can look
 * up and update (not a ring buffer or prog-array); the errors say NAME,
 * the second LOOKUP-NAME when given. Returns MAP. */
static Sx *b_map_check(Lisp *L, Sx **a, int n, Pos p)
{
	const char *name = name_arg(L, a[0], p);
	MapDecl *m = map_arg(E(L), a[1], name);
	if (!helper_takes_map(helper_by_name("map-lookup-elem"), m->type->keyword))
		lisp_error(L, L->call_pos.line ? L->call_pos : p,
			   "%s: map %s is a :%s map, which programs cannot look up",
			   n > 2 ? name_arg(L, a[2], p) : name, m->lisp_name, m->type->keyword);
	return a[1];
}

/* (%map-array-p MAP): whether every key of MAP has an entry (the array
 * maps), so that an update never has to create one */
static Sx *b_map_array_p(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	return lisp_bool(L, strstr(lisp_map_arg(L, a[0], p)->type->keyword, "array") != NULL);
}

/* (%pointer-p FORM): whether FORM, not yet expanded, is already a pointer
 * to the data: a variable bound to a stack object (make-NAME, stack-alloc),
 * stack-addr, stack-alloc, make-NAME, a -ptr field accessor. */
static Sx *b_pointer_p(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	(void)p;
	Expander *e = E(L);
	Sx *x = a[0];
	if (x->kind == SX_SYM) {
		Scope *s = find_local(e, x->s);
		return lisp_bool(L, s && s->stack_obj);
	}
	if (x->kind != SX_CONS || x->car->kind != SX_SYM)
		return lisp_nil(L);
	const char *h = x->car->s;
	if (!strcmp(h, "stack-addr") || !strcmp(h, "stack-alloc") || !strcmp(h, "struct-alloc"))
		return lisp_t(L);
	const Accessor *acc = find_accessor(e, h);
	return lisp_bool(L, acc && (acc->kind == ACC_MAKE || acc->kind == ACC_FIELD_PTR));
}

/* (%need-args NAME ARGS LO HI): the walker's arity check and message for
 * the macro call being expanded; HI nil for no upper bound */
static Sx *b_need_args(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	int count = sx_length(a[1]);
	int64_t lo = lisp_get_int(L, a[2], p, "%need-args");
	int64_t hi = lisp_true(a[3]) ? lisp_get_int(L, a[3], p, "%need-args") : -1;
	need_count(name_arg(L, a[0], p), L->call_pos.line ? L->call_pos : p, count, (int)lo,
		   (int)hi);
	return lisp_nil(L);
}

static Sx *b_constantp(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	(void)p;
	int64_t v;
	Sx *x = a[0];
	return lisp_bool(L, x->kind == SX_INT ||
		(x->kind == SX_SYM && lookup_constant(E(L), x->s, &v)));
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"%map-key-size", b_map_key_size, 1, 1},
	{"%map-value-size", b_map_value_size, 1, 1},
	{"%map-type", b_map_type, 1, 1},
	{"%map-p", b_map_p, 1, 1},
	{"%prog-type", b_prog_type, 0, 0},
	{"%pt-regs-offset", b_pt_regs_offset, 1, 1},
	{"%struct-size", b_struct_size, 1, 1},
	{"%constant-p", b_constantp, 1, 1},
	{"%map-check", b_map_check, 2, 3},
	{"%map-array-p", b_map_array_p, 1, 1},
	{"%pointer-p", b_pointer_p, 1, 1},
	{"%need-args", b_need_args, 4, 4},
};

/* Whether position a comes after b in the file. */
static int pos_after(Pos a, Pos b)
{
	return a.line > b.line || (a.line == b.line && a.col > b.col);
}

/* Notes for an error: the macro calls being expanded that explain it,
 * innermost first. What a macro makes has its call's position, and a
 * macro defined in the file is defined before its calls: so text placed
 * after a call's position is text the user wrote inside that call, which
 * the call's expansion does not explain. Going outwards from the error,
 * such a call is left out; a call that is kept is what the next one out
 * has to explain. */
static void print_chain(void)
{
	Expander *e = current;
	if (!e)
		return;
	Pos at = diag_error_pos;
	Vec shown = {0};        /* innermost first */
	for (int i = e->expansions.n - 1; i >= 0; i--) {
		Sx *f = e->expansions.v[i];
		if (at.line && f->pos.line && pos_after(at, f->pos))
			continue;
		vec_push(e->a, &shown, f);
		if (f->pos.line)
			at = f->pos;
	}
	/* the innermost few, then the outermost: a runaway chain stays short */
	enum { SHOW = 8 };
	int n = shown.n;
	for (int i = 0; i < n; i++) {
		if (n > 2 * SHOW && i == SHOW) {
			Sx *f = shown.v[i];
			note_at(f->pos, "... %d more expansions ...", n - 2 * SHOW);
			i = n - SHOW - 1;
			continue;
		}
		Sx *f = shown.v[i];
		note_at(f->pos, "in expansion of macro '%s'", f->car->s);
	}
}

void glue_install(Expander *e)
{
	current = e;
	diag_context = print_chain;
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(e->lisp, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
	lisp_defspecial(e->lisp, "sizeof", sf_sizeof);
}

Sx *expand_macro_call(Expander *e, Sx *macro, Sx *form)
{
	enum { MAX_NESTED = 1000 };
	if (e->expansions.n >= MAX_NESTED)
		error_at(form->pos, "macro expansions nested more than %d deep (does '%s' "
			 "expand into itself?)", MAX_NESTED, form->car->s);
	vec_push(e->a, &e->expansions, form);
	diag_context = print_chain;
	e->lisp->pos = form->pos;
	Sx *x = lisp_expand_macro(e->lisp, macro, form);
	return sx_locate(e->a, x, form->pos);
}

void expansion_done(Expander *e)
{
	e->expansions.n--;
}
