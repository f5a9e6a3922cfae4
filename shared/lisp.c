/* lisp.c: the evaluator of the compile-time Lisp: environments, special
 * forms, lambda lists (with destructuring), closures, blocks and
 * unwind-protect, multiple values, conditions, backquote, setf places.
 * The macros CL defines as macros (when, dolist, incf ...) are Lisp, in
 * lisp_prelude.lisp, which lisp_new loads. The function library lives in
 * lisp_lib.c and the files it names, loop in lisp_loop.c, format in
 * lisp_format.c, read time in lisp_read.c. */
#include "lisp_lib.h"
#include "sxtab.h"
#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>

#define MAX_DEPTH 2000
/* Evaluation steps for one top-level evaluation or macro expansion (the
 * count restarts at each): real macros need far fewer, and a runaway loop
 * stops in about a second. The fuzz build (make fuzz) sets a smaller one. */
#ifndef WH_LISP_MAX_STEPS
#define WH_LISP_MAX_STEPS 20000000L
#endif
#define MAX_STEPS WH_LISP_MAX_STEPS
/* The memory a compile may hold (arena.c counts it): WH_LISP_MEMORY, else
 * this. Real programs take a few MiB; a runaway macro stops before it
 * takes the machine. */
#define DEFAULT_MEMORY ((size_t)1 << 30)

struct LispEnv {
	const char *name;
	Sx *val;
	int is_fun;             /* flet/labels binding */
	int has_funs;           /* a flet/labels binding here or further on */
	unsigned scope;         /* serial of the scope it was made in; 0: none */
	LispEnv *next;
};

/* What L->forms holds for a special form: its function, and whether the
 * form passes on the values of the form it ends with (progn, if, let ...):
 * after any other special form the values are reset to one. For one of
 * the Lisp's own macros: its macro function instead. */
typedef struct {
	LispSpecial fn;
	int mv;
	int scoped;             /* may run in a scope (lisp_scope.c) */
	Sx *macro;
} SpecialDef;

/* A frame a throw can land in: a block, a cleanup (unwind-protect, a let
 * of special variables) or a handler (handler-case, lisp_run). Every
 * frame is entered the same way:
 *	frame_push(L, &c);
 *	if (setjmp(c.jb)) { frame_landed(L, &c); ...a throw landed here... }
 *	...body...
 *	frame_pop(L, &c);
 * (setjmp cannot sit in a helper: it must be called by the frame that
 * stays alive.) */
typedef struct LispCatch {
	jmp_buf jb;
	int is_cleanup;         /* unwind-protect frame, not a block */
	const char *name;       /* block name (interned; "nil" for nil) */
	Sx *clauses;            /* handler-case frame: its clauses */
	int is_handler;         /* handler-case frame (lisp_run's: no clauses) */
	struct LispCatch *up;
	int depth;              /* L's state on entry, restored by a landing */
	Pos pos, call_pos;
	LispScope *scope;
} LispCatch;

static const char *S_nil, *S_t, *S_quote, *S_function, *S_lambda, *S_qq,
	*S_unquote, *S_splice, *S_optional, *S_rest, *S_body, *S_key, *S_aux,
	*S_allow, *S_whole, *S_env, *S_declare, *S_setf;

/* Where a throw in progress is going (block frame) and its value. */
static LispCatch *throw_to;
static Sx *throw_value;

static Pos nopos;

static struct LispCatch *handler_for(Lisp *L, const char *type);

/* The C stack: evaluation, printing and equal recurse on nested data, so
 * a runaway nesting is stopped with an error before the stack overflows.
 * The base is taken in lisp_new (near the bottom of the stack); frame
 * addresses are the real stack even under ASan's fake stacks. */
static uintptr_t stack_base;
static size_t stack_budget;
static Lisp *active;

void lisp_check_stack(void)
{
	uintptr_t here = (uintptr_t)__builtin_frame_address(0);
	if (stack_base > here && stack_base - here > stack_budget)
		lisp_error(active, nopos, "nesting too deep: the stack is exhausted "
			   "(runaway recursion or a deeply nested value)");
}

/* ---- values ---- */

/* nil and t are one node each (values are never changed in place: a cons
 * is, but nil and t are not conses), so that making them costs nothing */
Sx *lisp_nil(Lisp *L) { return L->nil; }
Sx *lisp_t(Lisp *L) { return L->t; }
Sx *lisp_bool(Lisp *L, int b) { return b ? lisp_t(L) : lisp_nil(L); }
Sx *lisp_int(Lisp *L, int64_t v) { return sx_int(L->a, v, nopos); }
Sx *lisp_sym(Lisp *L, const char *s) { return s == S_nil ? lisp_nil(L) : sx_sym(L->a, s, nopos); }
Sx *lisp_cons(Lisp *L, Sx *a, Sx *d) { return sx_cons(L->a, a, d, nopos); }

Sx *lisp_str(Lisp *L, const char *s, size_t n)
{
	return sx_str(L->a, arena_strndup(L->a, s, n), n, nopos);
}

static int is_nil(const Sx *x)
{
	return x->kind == SX_NIL || (x->kind == SX_SYM && x->s == S_nil);
}

int lisp_true(const Sx *x) { return !is_nil(x); }

noreturn void lisp_error(Lisp *L, Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char msg[1024];
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (p.line == 0)
		p = L->pos;
	/* a handler-case or ignore-errors for error takes it; lisp_run's
	 * frame too when it takes errors, after the message is printed */
	const char *type = intern("simple-error");
	if (L->run_takes_errors && handler_for(L, type) == L->toplevel)
		error_report_at(p, "%s", msg);
	lisp_signal(L, type, msg);
	error_at(p, "%s", msg);
}

/* A copy of x cut to at most *budget conses and atoms, the rest as "...";
 * a message of n characters cannot show more than n of them anyway. */
static const Sx *cut(Lisp *L, const Sx *x, int *budget)
{
	if ((*budget)-- <= 0)
		return sx_sym(L->a, intern("..."), nopos);
	if (x->kind != SX_CONS)
		return x;
	Sx *head = NULL, **tail = &head;
	for (; x->kind == SX_CONS && *budget > 0; x = x->cdr) {
		*tail = lisp_cons(L, (Sx *)cut(L, x->car, budget), NULL);
		tail = &(*tail)->cdr;
	}
	*tail = x->kind == SX_CONS ? sx_sym(L->a, intern("..."), nopos) : (Sx *)x;
	return head;
}

const char *lisp_brief(Lisp *L, const Sx *x, int max)
{
	/* sx_brief recurses without a limit; a deeply nested value is cut first */
	int budget = max + 2;
	if (x->kind == SX_FN && x->fn->type != LISP_FUNCTION) {
		/* a data object: as the Lisp prints it, cut to max */
		Buf b = {0};
		lisp_print(&b, x, 1);
		size_t n = b.len;
		char *r = arena_strndup(L->a, b.data ? b.data : "", n > (size_t)max ? (size_t)max : n);
		if (n > (size_t)max)
			r = arena_printf(L->a, "%s...", r);
		buf_free(&b);
		return r;
	}
	return sx_brief(L->a, cut(L, x, &budget), max);
}

int64_t lisp_get_int(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind == SX_INT)
		return x->i;
	lisp_error(L, p, "%s: expected an integer, got %s", who, lisp_brief(L, x, 40));
}

int lisp_eql(const Sx *a, const Sx *b)
{
	if (a == b)
		return 1;
	if (is_nil(a) && is_nil(b))
		return 1;
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case SX_INT:
	case SX_CHAR:
		return a->i == b->i;
	case SX_SYM:
		return a->s == b->s;
	case SX_FN:
		return a->fn == b->fn;
	default:
		return 0;
	}
}

/* equal, or with `fold` equalp: strings and characters compared without
 * case, vectors element by element */
static int equal_as(const Sx *x, const Sx *y, int fold)
{
	lisp_check_stack();
	while (x->kind == SX_CONS && y->kind == SX_CONS) {
		if (!equal_as(x->car, y->car, fold))
			return 0;
		x = x->cdr;
		y = y->cdr;
	}
	if (x->kind == SX_STR && y->kind == SX_STR)
		return x->len == y->len && !(fold ? strncasecmp(x->s, y->s, x->len) :
					   memcmp(x->s, y->s, x->len));
	if (!fold)
		return lisp_eql(x, y);
	if (x->kind == SX_CHAR && y->kind == SX_CHAR)
		return tolower((int)x->i) == tolower((int)y->i);
	LispFn *u = lisp_object(x, LISP_VECTOR), *v = lisp_object(y, LISP_VECTOR);
	if (u && v) {
		if (u->nitems != v->nitems)
			return 0;
		for (int i = 0; i < u->nitems; i++) {
			Sx tu, tv;
			if (!equal_as(lisp_vec_peek(u, i, &tu), lisp_vec_peek(v, i, &tv), 1))
				return 0;
		}
		return 1;
	}
	return lisp_eql(x, y);
}

int lisp_equal(const Sx *a, const Sx *b) { return equal_as(a, b, 0); }
int lisp_equalp(const Sx *a, const Sx *b) { return equal_as(a, b, 1); }

/* ---- environments ---- */

LispEnv *lisp_bind(Lisp *L, LispEnv *env, const char *name, Sx *value)
{
	LispEnv *e = arena_alloc(L->a, sizeof *e);
	e->name = name;
	e->val = value;
	e->next = env;
	e->has_funs = env && env->has_funs;
	e->scope = L->scope ? L->scope->serial : 0;
	return e;
}

Sx **lisp_env_value(LispEnv *b) { return &b->val; }

static LispEnv *bind_fun(Lisp *L, LispEnv *env, const char *name, Sx *fn)
{
	LispEnv *e = lisp_bind(L, env, name, fn);
	e->is_fun = 1;
	e->has_funs = 1;
	return e;
}

static LispEnv *find_var(LispEnv *env, const char *name)
{
	for (; env; env = env->next)
		if (env->name == name && !env->is_fun)
			return env;
	return NULL;
}

void lisp_set_global(Lisp *L, const char *name, Sx *value)
{
	symtab_put(&L->vars, name, value);
}

Sx *lisp_global(Lisp *L, const char *name) { return symtab_get(&L->vars, name); }

static Sx *var_value(Lisp *L, Sx *x, LispEnv *env)
{
	const char *s = x->s;
	if (s == S_nil)
		return lisp_nil(L);
	if (s == S_t || s[0] == ':')
		return x;
	LispEnv *b = find_var(env, s);
	if (b)
		return b->val;
	Sx *v = symtab_get(&L->vars, s);
	if (v)
		return v;
	lisp_error(L, x->pos, "unbound variable '%s'", s);
}

void lisp_assign(Lisp *L, LispEnv *env, Sx *sym, Sx *value)
{
	if (sym->kind != SX_SYM || sym->s == S_nil || sym->s == S_t || sym->s[0] == ':')
		lisp_error(L, sym->pos, "cannot assign to %s", lisp_brief(L, sym, 30));
	LispEnv *b = find_var(env, sym->s);
	if (b) {
		if (L->scope && b->scope != L->scope->serial)
			lisp_scope_assigned(L, b, NULL);
		b->val = value;
		return;
	}
	if (symtab_get(&L->constants, sym->s))
		lisp_error(L, sym->pos, "cannot assign to the constant %s", sym->s);
	if (L->scope)
		lisp_scope_assigned(L, NULL, sym->s);
	symtab_put(&L->vars, sym->s, value);
}

/* A function bound by flet or labels, or NULL. */
static Sx *local_fun(const char *name, LispEnv *env)
{
	for (; env && env->has_funs; env = env->next)
		if (env->name == name && env->is_fun)
			return env->val;
	return NULL;
}

static Sx *find_fun(Lisp *L, const char *name, LispEnv *env)
{
	Sx *f = local_fun(name, env);
	return f ? f : symtab_get(&L->funs, name);
}

/* ---- blocks and unwind-protect ---- */

static void frame_push(Lisp *L, LispCatch *c)
{
	c->up = L->catch;
	c->depth = L->depth;
	c->pos = L->pos;
	c->call_pos = L->call_pos;
	c->scope = L->scope;
	L->catch = c;
}

static void frame_landed(Lisp *L, LispCatch *c)
{
	L->catch = c->up;
	L->depth = c->depth;
	L->pos = c->pos;
	L->call_pos = c->call_pos;
	if (L->scope != c->scope)
		lisp_scope_unwind(L, c->scope);
}

static void frame_pop(Lisp *L, LispCatch *c) { L->catch = c->up; }

static void continue_throw(Lisp *L)
{
	/* Jump to the innermost frame between here and the target: a cleanup
	 * frame runs its cleanup forms and continues the throw. */
	LispCatch *c = L->catch;
	while (c != throw_to && !c->is_cleanup)
		c = c->up;
	L->catch = c;
	longjmp(c->jb, 1);
}

noreturn void lisp_return_from(Lisp *L, const char *name, Sx *value, Pos p)
{
	LispCatch *c;
	for (c = L->catch; c; c = c->up)
		if (!c->is_cleanup && c->name == name)
			break;
	if (!c)
		lisp_error(L, p, "return from unknown block %s", name);
	throw_to = c;
	throw_value = value;
	continue_throw(L);
	abort();
}

static Sx *eval_body(Lisp *L, Sx *body, LispEnv *env);

Sx *lisp_block(Lisp *L, const char *name, Sx *body, LispEnv *env)
{
	LispCatch c = {.name = name};
	frame_push(L, &c);
	if (setjmp(c.jb)) {
		frame_landed(L, &c);
		throw_to = NULL;
		return throw_value;
	}
	Sx *v = eval_body(L, body, env);
	frame_pop(L, &c);
	return v;
}

/* ---- lambda lists ---- */

static int is_lambda_keyword(const char *s)
{
	return s == S_optional || s == S_rest || s == S_body || s == S_key ||
	       s == S_aux || s == S_allow || s == S_whole || s == S_env;
}

static const char *keyword_of(const char *name)
{
	char buf[256];
	snprintf(buf, sizeof buf, ":%s", name);
	return intern(buf);
}

/* "WHO: too few arguments: it takes 1 or 2, got 0" for a lambda list
 * and the list it was given. */
static noreturn void arity_error(Lisp *L, Pos p, const char *who, Sx *params, Sx *args)
{
	int req = 0, opt = 0, more = 0, n = 0, in_opt = 0;
	for (Sx *l = params; l->kind == SX_CONS; l = l->cdr) {
		Sx *q = l->car;
		if (q->kind == SX_SYM && is_lambda_keyword(q->s)) {
			if (q->s == S_whole || q->s == S_env)
				l = l->cdr->kind == SX_CONS ? l->cdr : l;
			else if (q->s == S_optional)
				in_opt = 1;
			else if (q->s != S_aux)
				more = 1;
			if (q->s == S_aux)
				break;
			continue;
		}
		if (more)
			continue;
		if (in_opt)
			opt++;
		else
			req++;
	}
	if (params->kind == SX_CONS || params->kind == SX_NIL) {
		Sx *l = params;
		while (l->kind == SX_CONS)
			l = l->cdr;
		if (l->kind == SX_SYM && l->s != S_nil)
			more = 1;       /* (a . rest) */
	}
	for (Sx *l = args; l->kind == SX_CONS; l = l->cdr)
		n++;
	const char *takes = more ? arena_printf(L->a, "at least %d", req) :
		!opt ? arena_printf(L->a, "%d", req) :
		arena_printf(L->a, "%d %s %d", req, opt == 1 ? "or" : "to", req + opt);
	lisp_error(L, p, "%s: too %s arguments: it takes %s, got %d", who,
		   n < req ? "few" : "many", takes, n);
}

/* Bind `params` (an ordinary or macro lambda list, nested lists
 * destructure) to the list `args`. `whole` is the macro call form. */
static LispEnv *bind_params(Lisp *L, LispEnv *env, Sx *params, Sx *args, Sx *whole,
			    Pos p, const char *who)
{
	enum { REQ, OPT, REST, KEY, AUX } state = REQ;
	int have_rest = 0, have_key = 0, allow_other = 0;
	Sx *rest_args = args;
	Sx *l;
	for (l = params; l->kind == SX_CONS; l = l->cdr) {
		Sx *q = l->car;
		if (q->kind == SX_SYM && is_lambda_keyword(q->s)) {
			if (q->s == S_optional)
				state = OPT;
			else if (q->s == S_rest || q->s == S_body)
				state = REST;
			else if (q->s == S_key) {
				state = KEY;
				have_key = 1;
			} else if (q->s == S_aux)
				state = AUX;
			else if (q->s == S_allow)
				allow_other = 1;
			else if (q->s == S_whole || q->s == S_env) {
				l = l->cdr;
				if (l->kind != SX_CONS)
					lisp_error(L, p, "%s: %s needs a variable", who, q->s);
				Sx *v = q->s == S_whole && whole ? whole : lisp_nil(L);
				env = l->car->kind == SX_CONS ?
					bind_params(L, env, l->car, v, NULL, p, who) :
					lisp_bind(L, env, l->car->s, v);
			}
			continue;
		}
		switch (state) {
		case REQ:
			if (rest_args->kind != SX_CONS)
				arity_error(L, p, who, params, args);
			if (q->kind == SX_CONS)
				env = bind_params(L, env, q, rest_args->car, NULL, p, who);
			else if (q->kind == SX_SYM)
				env = lisp_bind(L, env, q->s, rest_args->car);
			else
				lisp_error(L, p, "%s: bad lambda list element %s", who,
					   lisp_brief(L, q, 30));
			rest_args = rest_args->cdr;
			break;
		case OPT: {
			Sx *var = q, *def = NULL, *sv = NULL;
			if (q->kind == SX_CONS) {
				var = q->car;
				def = sx_nth(q, 1);
				sv = sx_nth(q, 2);
			}
			Sx *v;
			int given = rest_args->kind == SX_CONS;
			if (given) {
				v = rest_args->car;
				rest_args = rest_args->cdr;
			} else {
				v = def ? lisp_eval_in(L, def, env) : lisp_nil(L);
			}
			env = var->kind == SX_CONS ? bind_params(L, env, var, v, NULL, p, who) :
						     lisp_bind(L, env, var->s, v);
			if (sv)
				env = lisp_bind(L, env, sv->s, lisp_bool(L, given));
			break;
		}
		case REST:
			if (q->kind == SX_CONS)
				env = bind_params(L, env, q, rest_args, NULL, p, who);
			else
				env = lisp_bind(L, env, q->s, rest_args);
			have_rest = 1;
			break;
		case KEY: {
			Sx *var = q, *def = NULL, *sv = NULL;
			const char *kw;
			if (q->kind == SX_CONS) {
				var = q->car;
				def = sx_nth(q, 1);
				sv = sx_nth(q, 2);
			}
			if (var->kind == SX_CONS) {
				kw = var->car->s;
				var = sx_nth(var, 1);
			} else {
				kw = keyword_of(var->s);
			}
			Sx *v = NULL;
			for (Sx *k = rest_args; k->kind == SX_CONS && k->cdr->kind == SX_CONS;
			     k = k->cdr->cdr)
				if (k->car->kind == SX_SYM && k->car->s == kw) {
					v = k->cdr->car;
					break;
				}
			int given = v != NULL;
			if (!v)
				v = def ? lisp_eval_in(L, def, env) : lisp_nil(L);
			env = var->kind == SX_CONS ? bind_params(L, env, var, v, NULL, p, who) :
						     lisp_bind(L, env, var->s, v);
			if (sv)
				env = lisp_bind(L, env, sv->s, lisp_bool(L, given));
			break;
		}
		case AUX: {
			Sx *var = q->kind == SX_CONS ? q->car : q;
			Sx *init = q->kind == SX_CONS ? sx_nth(q, 1) : NULL;
			env = lisp_bind(L, env, var->s,
					init ? lisp_eval_in(L, init, env) : lisp_nil(L));
			break;
		}
		}
	}
	if (l->kind == SX_SYM && l->s != S_nil) {      /* (a b . rest) */
		env = lisp_bind(L, env, l->s, rest_args);
		have_rest = 1;
	}
	if (have_key) {
		int n = 0;
		for (Sx *k = rest_args; k->kind == SX_CONS; k = k->cdr)
			n++;
		if (n % 2)
			lisp_error(L, p, "%s: odd number of keyword arguments", who);
		for (Sx *k = rest_args; k->kind == SX_CONS; k = k->cdr->cdr)
			if (k->car->kind == SX_SYM && !strcmp(k->car->s, ":allow-other-keys") &&
			    lisp_true(k->cdr->car))
				allow_other = 1;
		if (!allow_other)
			for (Sx *k = rest_args; k->kind == SX_CONS; k = k->cdr->cdr) {
				int known = 0;
				if (k->car->kind == SX_SYM) {
					for (Sx *pl = params; pl->kind == SX_CONS; pl = pl->cdr) {
						Sx *q = pl->car;
						Sx *var = q->kind == SX_CONS ? q->car : q;
						const char *kw = var->kind == SX_CONS ? var->car->s :
							var->kind == SX_SYM ? keyword_of(var->s) : NULL;
						if (kw == k->car->s)
							known = 1;
					}
				}
				if (!known)
					lisp_error(L, p, "%s: unknown keyword argument %s", who,
						   lisp_brief(L, k->car, 30));
			}
	} else if (!have_rest && rest_args->kind != SX_NIL) {
		arity_error(L, p, who, params, args);
	}
	return env;
}

LispEnv *lisp_destructure(Lisp *L, LispEnv *env, Sx *pattern, Sx *value, Pos p)
{
	if (pattern->kind == SX_SYM)
		return lisp_bind(L, env, pattern->s, value);
	return bind_params(L, env, pattern, value, NULL, p, "destructuring-bind");
}

/* ---- function calls ---- */

static Sx *list_from(Lisp *L, Sx **v, int n)
{
	Sx *l = lisp_nil(L);
	for (int i = n - 1; i >= 0; i--)
		l = lisp_cons(L, v[i], l);
	return l;
}

/* The number of parameters of a closure whose lambda list is only
 * required variables, else -1 (worked out on its first call). */
static int simple_params(LispFn *f)
{
	if (!f->nsimple) {
		int k = 0;
		Sx *l = f->params;
		for (; l->kind == SX_CONS; l = l->cdr, k++)
			if (l->car->kind != SX_SYM || is_lambda_keyword(l->car->s))
				break;
		f->nsimple = l->kind == SX_NIL || (l->kind == SX_SYM && l->s == S_nil) ? k + 1 : -1;
	}
	return f->nsimple - 1;
}

static Sx *call(Lisp *L, Sx *fnv, Sx **args, int n, Pos p)
{
	if (fnv->kind == SX_SYM && lisp_true(fnv)) {
		/* a symbol designates its global function: (funcall 'f ...) */
		Sx *g = symtab_get(&L->funs, fnv->s);
		if (!g)
			lisp_error(L, p, "undefined function %s", fnv->s);
		fnv = g;
	}
	if (fnv->kind != SX_FN || fnv->fn->type != LISP_FUNCTION)
		lisp_error(L, p, "%s is not a function", lisp_brief(L, fnv, 30));
	LispFn *f = fnv->fn;
	if (f->builtin) {
		if (L->scope && !f->scoped)
			L->scope->kept = 1;
		if (n < f->min || (f->max >= 0 && n > f->max))
			lisp_error(L, p, "%s: wrong number of arguments (%d)", f->name, n);
		Sx *v = f->builtin(L, args, n, p);
		if (!f->mv)
			L->nvals = 1;
		return v;
	}
	if (++L->depth > MAX_DEPTH)
		lisp_error(L, p, "compile-time recursion too deep (more than %d calls)",
			   MAX_DEPTH);
	const char *who = f->name ? f->name : "lambda";
	LispEnv *env = f->env;
	if (simple_params(f) == n) {            /* (lambda (a b) ...): no list */
		Sx *l = f->params;
		for (int i = 0; i < n; i++, l = l->cdr)
			env = lisp_bind(L, env, l->car->s, args[i]);
	} else {
		env = bind_params(L, env, f->params, list_from(L, args, n), NULL, p, who);
	}
	Sx *v = f->name ? lisp_block(L, f->name, f->body, env) : eval_body(L, f->body, env);
	L->depth--;
	return v;
}

Sx *lisp_funcall(Lisp *L, Sx *fn, Sx **args, int n, Pos p) { return call(L, fn, args, n, p); }

Sx *lisp_apply(Lisp *L, Sx *fn, Sx *args, Pos p)
{
	int n = 0;
	for (Sx *l = args; l->kind == SX_CONS; l = l->cdr)
		n++;
	Sx **v = arena_alloc(L->a, sizeof *v * (n ? n : 1));
	n = 0;
	for (Sx *l = args; l->kind == SX_CONS; l = l->cdr)
		v[n++] = l->car;
	return call(L, fn, v, n, p);
}

Sx *lisp_macro(Lisp *L, const char *name) { return symtab_get(&L->macros, name); }

Sx *lisp_setf_macro(Lisp *L, const char *name) { return symtab_get(&L->setf_macros, name); }

Sx *lisp_find_macro(Lisp *L, const char *name)
{
	SpecialDef *d = symtab_get(&L->forms, name);
	return d ? d->macro : symtab_get(&L->macros, name);
}

Sx *lisp_expand_in(Lisp *L, Sx *macro, Sx *form)
{
	LispFn *f = macro->fn;
	if (f->builtin)
		return f->builtin(L, &form, 1, form->pos);
	if (++L->depth > MAX_DEPTH)
		lisp_error(L, form->pos, "macro expansion too deep (more than %d levels)",
			   MAX_DEPTH);
	Pos saved = L->call_pos;
	if (form->pos.line)
		L->call_pos = form->pos;
	LispEnv *env = bind_params(L, f->env, f->params, form->cdr, form, form->pos, f->name);
	Sx *v = lisp_block(L, f->name, f->body, env);
	L->call_pos = saved;
	L->depth--;
	return v;
}

Sx *lisp_expand_macro(Lisp *L, Sx *macro, Sx *form)
{
	if (L->depth == 0)      /* not nested in an evaluation: a fresh step budget */
		L->steps = 0;
	return lisp_expand_in(L, macro, form);
}

static Sx *make_closure(Lisp *L, const char *name, Sx *params, Sx *body, LispEnv *env,
			Pos p)
{
	if (!sx_is_list(params) && !(params->kind == SX_SYM && params->s == S_nil))
		lisp_error(L, p, "%s: the lambda list must be a list", name ? name : "lambda");
	LispFn *f = arena_alloc(L->a, sizeof *f);
	f->name = name;
	f->params = is_nil(params) ? lisp_nil(L) : params;
	/* a docstring before other forms is not code */
	if (body->kind == SX_CONS && body->car->kind == SX_STR && body->cdr->kind == SX_CONS)
		body = body->cdr;
	f->body = body;
	f->env = env;
	f->pos = p;
	Sx *x = sx_nil(L->a, nopos);
	x->kind = SX_FN;
	x->fn = f;
	x->s = name;
	return x;
}

LispFn *lisp_defbuiltin(Lisp *L, const char *name, LispBuiltin fn, int min, int max)
{
	LispFn *f = arena_alloc(L->a, sizeof *f);
	f->name = intern(name);
	f->builtin = fn;
	f->min = min;
	f->max = max;
	Sx *x = sx_nil(L->a, nopos);
	x->kind = SX_FN;
	x->fn = f;
	x->s = f->name;
	symtab_put(&L->funs, f->name, x);
	return f;
}

static void def_special(Lisp *L, const char *name, LispSpecial fn, int mv)
{
	SpecialDef *d = arena_alloc(L->a, sizeof *d);
	d->fn = fn;
	d->mv = mv;
	symtab_put(&L->forms, intern(name), d);
}

void lisp_defspecial(Lisp *L, const char *name, LispSpecial fn) { def_special(L, name, fn, 0); }
void lisp_defspecial_values(Lisp *L, const char *name, LispSpecial fn) { def_special(L, name, fn, 1); }

int lisp_scoped_form(Lisp *L, const char *name)
{
	SpecialDef *d = symtab_get(&L->forms, intern(name));
	if (!d || !d->fn)
		return 0;
	d->scoped = 1;
	return 1;
}

Sx *lisp_values(Lisp *L, Sx **v, int n)
{
	if (n == 1) {
		L->nvals = 1;
		return v[0];
	}
	Sx **copy = arena_alloc(L->a, sizeof *copy * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		copy[i] = v[i];
	L->vals = copy;
	L->nvals = n;
	return n ? v[0] : lisp_nil(L);
}

Sx *lisp_values2(Lisp *L, Sx *a, Sx *b)
{
	Sx *v[2] = {a, b};
	return lisp_values(L, v, 2);
}

/* A value that is one value whatever the form that gave it returned (the
 * test of an if without else, a form before the last of and/or ...). */
static Sx *one(Lisp *L, Sx *v)
{
	L->nvals = 1;
	return v;
}

/* Evaluate x and give all its values: their number, and in *out the
 * vector of them (`slot` holds a single one). */
static int eval_values(Lisp *L, Sx *x, LispEnv *env, Sx **slot, Sx ***out)
{
	*slot = lisp_eval_in(L, x, env);
	if (L->nvals == 1) {
		*out = slot;
		return 1;
	}
	*out = L->vals;
	return L->nvals;
}

/* ---- eval ---- */

static Sx *eval_body(Lisp *L, Sx *body, LispEnv *env)
{
	Sx *v = lisp_nil(L);
	L->nvals = 1;
	for (; body->kind == SX_CONS; body = body->cdr)
		v = lisp_eval_in(L, body->car, env);
	return v;
}

static Sx *function_value(Lisp *L, Sx *x, LispEnv *env, Pos p)
{
	if (x->kind == SX_SYM) {
		Sx *f = find_fun(L, x->s, env);
		if (!f)
			lisp_error(L, p, "undefined function %s", x->s);
		return f;
	}
	if (x->kind == SX_CONS && sx_is(x->car, S_lambda))
		return make_closure(L, NULL, sx_nth(x, 1) ? sx_nth(x, 1) : lisp_nil(L),
				    x->cdr->kind == SX_CONS ? x->cdr->cdr : lisp_nil(L), env, p);
	if (x->kind == SX_FN)
		return x;
	lisp_error(L, p, "%s does not name a function", lisp_brief(L, x, 30));
}

Sx *lisp_eval_in(Lisp *L, Sx *x, LispEnv *env)
{
	lisp_check_stack();
	if (L->runtime) {
		if (lisp_interrupt_pending)
			lisp_poll_interrupt(L);
	} else if (++L->steps > MAX_STEPS) {
		/* a limit, not an error handler-case could catch and go on */
		error_at(x->pos.line ? x->pos : L->pos, "compile-time evaluation does not "
			 "finish (more than %ld steps)", MAX_STEPS);
	}
	L->nvals = 1;
	switch (x->kind) {
	case SX_SYM:
		return var_value(L, x, env);
	case SX_CONS:
		break;
	default:
		return x;
	}
	Pos saved = L->pos;
	if (x->pos.line)
		L->pos = x->pos;
	Pos p = L->pos;
	Sx *head = x->car, *v;
	if (head->kind == SX_SYM) {
		SpecialDef *sf = symtab_get(&L->forms, head->s);
		if (sf && sf->fn && !local_fun(head->s, env)) {
			if (L->scope && !sf->scoped)
				L->scope->kept = 1;
			v = sf->fn(L, x, env);
			if (!sf->mv)
				L->nvals = 1;
			L->pos = saved;
			return v;
		}
		Sx *m = sf ? sf->macro : symtab_get(&L->macros, head->s);
		if (m && !(sf ? local_fun(head->s, env) : find_fun(L, head->s, env))) {
			/* a macro call expands once, the first time it is
			 * evaluated, as when SBCL compiles the form */
			Sx *e = x->expansion;
			if (!e) {
				lisp_scope_keep(L);     /* the code keeps it */
				e = x->expansion = lisp_expand_in(L, m, x);
			}
			/* the expansion is evaluated nested in C: count it as a
			 * level so that a macro expanding to itself stops */
			if (++L->depth > MAX_DEPTH)
				lisp_error(L, p, "macro expansion too deep (more than %d levels)",
					   MAX_DEPTH);
			v = lisp_eval_in(L, e, env);
			L->depth--;
			L->pos = saved;
			return v;
		}
	}
	Sx *fn = function_value(L, head, env, p);
	int n = sx_length(x) - 1;
	if (n < 0)
		lisp_error(L, p, "improper argument list in %s", lisp_brief(L, x, 30));
	Sx **args = arena_alloc(L->a, sizeof *args * (n ? n : 1));
	int i = 0;
	for (Sx *l = x->cdr; l->kind == SX_CONS; l = l->cdr)
		args[i++] = lisp_eval_in(L, l->car, env);
	L->pos = p;
	v = call(L, fn, args, n, p);
	L->pos = saved;
	return v;
}

Sx *lisp_eval(Lisp *L, Sx *form)
{
	/* keep the form's position afterwards too, for errors printing its value */
	if (form->pos.line)
		L->pos = form->pos;
	if (L->depth == 0)      /* not nested in a call: a fresh step budget */
		L->steps = 0;
	return lisp_eval_in(L, form, NULL);
}

/* ---- special forms ---- */

static Sx *arg(Lisp *L, Sx *form, int i)
{
	Sx *x = sx_nth(form, i);
	if (!x)
		lisp_error(L, form->pos, "%s: missing argument", form->car->s);
	return x;
}

static Sx *sf_quote(Lisp *L, Sx *f, LispEnv *env) { (void)env; return arg(L, f, 1); }

static Sx *qq(Lisp *L, Sx *x, int depth, LispEnv *env);

static Sx *qq_list(Lisp *L, Sx *x, int depth, LispEnv *env)
{
	Sx *head = NULL, **tail = &head;
	Sx *l = x;
	for (; l->kind == SX_CONS; l = l->cdr) {
		/* `(a . ,b) reads as (a unquote b) */
		if (sx_is(l->car, S_unquote) && l->cdr->kind == SX_CONS &&
		    l->cdr->cdr->kind == SX_NIL) {
			*tail = depth == 1 ? lisp_eval_in(L, l->cdr->car, env) :
				qq(L, l, depth, env);
			return head;
		}
		Sx *e = l->car;
		if (e->kind == SX_CONS && sx_is(e->car, S_splice) && depth == 1) {
			Sx *v = lisp_eval_in(L, arg(L, e, 1), env);
			for (; v->kind == SX_CONS; v = v->cdr) {
				*tail = lisp_cons(L, v->car, NULL);
				tail = &(*tail)->cdr;
			}
			if (v->kind != SX_NIL && !is_nil(v)) {
				/* a dotted or atomic tail only at the end */
				*tail = v;
				if (l->cdr->kind != SX_NIL)
					lisp_error(L, e->pos, ",@ of a non-list in the middle of a list");
				return head;
			}
			continue;
		}
		*tail = lisp_cons(L, qq(L, e, depth, env), NULL);
		tail = &(*tail)->cdr;
	}
	*tail = l->kind == SX_NIL ? lisp_nil(L) : qq(L, l, depth, env);
	return head;
}

static Sx *qq(Lisp *L, Sx *x, int depth, LispEnv *env)
{
	lisp_check_stack();
	if (x->kind != SX_CONS)
		return x;
	if (sx_is(x->car, S_unquote)) {
		if (depth == 1)
			return lisp_eval_in(L, arg(L, x, 1), env);
		return lisp_cons(L, x->car, lisp_cons(L, qq(L, arg(L, x, 1), depth - 1, env),
						     lisp_nil(L)));
	}
	if (sx_is(x->car, S_splice)) {
		if (depth == 1)
			lisp_error(L, x->pos, ",@ outside a list");
		return lisp_cons(L, x->car, lisp_cons(L, qq(L, arg(L, x, 1), depth - 1, env),
						     lisp_nil(L)));
	}
	if (sx_is(x->car, S_qq))
		return lisp_cons(L, x->car, lisp_cons(L, qq(L, arg(L, x, 1), depth + 1, env),
						     lisp_nil(L)));
	return qq_list(L, x, depth, env);
}

static Sx *sf_quasiquote(Lisp *L, Sx *f, LispEnv *env) { return qq(L, arg(L, f, 1), 1, env); }

static Sx *sf_unquote(Lisp *L, Sx *f, LispEnv *env)
{
	(void)env;
	lisp_error(L, f->pos, "comma outside a backquote");
}

static Sx *sf_function(Lisp *L, Sx *f, LispEnv *env)
{
	return function_value(L, arg(L, f, 1), env, f->pos);
}

static Sx *sf_lambda(Lisp *L, Sx *f, LispEnv *env)
{
	return make_closure(L, NULL, arg(L, f, 1), f->cdr->cdr, env, f->pos);
}

static Sx *sf_if(Lisp *L, Sx *f, LispEnv *env)
{
	if (lisp_true(lisp_eval_in(L, arg(L, f, 1), env)))
		return lisp_eval_in(L, arg(L, f, 2), env);
	Sx *e = sx_nth(f, 3);
	return e ? lisp_eval_in(L, e, env) : one(L, lisp_nil(L));
}

static Sx *sf_progn(Lisp *L, Sx *f, LispEnv *env) { return eval_body(L, f->cdr, env); }

/* Skip (declare ...) forms at the start of a body. */
static Sx *skip_declares(Sx *body)
{
	while (body->kind == SX_CONS && body->car->kind == SX_CONS &&
	       sx_is(body->car->car, S_declare))
		body = body->cdr;
	return body;
}

/* Dynamic bindings of special variables made by let, undone after. */
typedef struct {
	const char *name;
	Sx *old, *val;
} Saved;

static void restore_specials(Lisp *L, Saved *saved, int n)
{
	while (n--)
		symtab_put(&L->vars, saved[n].name, saved[n].old);
}

static Sx *let_common(Lisp *L, Sx *f, LispEnv *env, int sequential)
{
	Sx *bindings = arg(L, f, 1);
	if (!sx_is_list(bindings) && !is_nil(bindings))
		lisp_error(L, f->pos, "%s: expected a binding list", f->car->s);
	LispEnv *new_env = env;
	Saved *saved = NULL;    /* made at the first special variable */
	int nsaved = 0;
	for (Sx *l = bindings; l->kind == SX_CONS; l = l->cdr) {
		Sx *b = l->car, *name = b, *val;
		if (b->kind == SX_CONS) {
			name = b->car;
			Sx *init = sx_nth(b, 1);
			val = init ? lisp_eval_in(L, init, sequential ? new_env : env) : lisp_nil(L);
		} else {
			val = lisp_nil(L);
		}
		if (name->kind != SX_SYM || name->s == S_nil || name->s == S_t)
			lisp_error(L, f->pos, "%s: cannot bind %s", f->car->s,
				   lisp_brief(L, name, 30));
		if (symtab_get(&L->specials, name->s)) {
			if (!saved) {
				int nbind = 0;
				for (Sx *k = bindings; k->kind == SX_CONS; k = k->cdr)
					nbind++;
				saved = arena_alloc(L->a, sizeof *saved * (size_t)nbind);
			}
			saved[nsaved++] = (Saved){name->s, symtab_get(&L->vars, name->s), val};
			if (sequential)
				symtab_put(&L->vars, name->s, val);
			continue;
		}
		new_env = lisp_bind(L, new_env, name->s, val);
	}
	/* let binds in parallel: the init forms saw the old values */
	for (int i = 0; i < nsaved && !sequential; i++)
		symtab_put(&L->vars, saved[i].name, saved[i].val);
	Sx *body = skip_declares(f->cdr->cdr);
	if (!nsaved)
		return eval_body(L, body, new_env);
	/* a return-from out of the body must undo the special bindings too */
	LispCatch c = {.is_cleanup = 1};
	frame_push(L, &c);
	if (setjmp(c.jb)) {
		frame_landed(L, &c);
		restore_specials(L, saved, nsaved);
		continue_throw(L);
	}
	Sx *v = eval_body(L, body, new_env);
	frame_pop(L, &c);
	restore_specials(L, saved, nsaved);
	return v;
}

static Sx *sf_let(Lisp *L, Sx *f, LispEnv *env) { return let_common(L, f, env, 0); }
static Sx *sf_letstar(Lisp *L, Sx *f, LispEnv *env) { return let_common(L, f, env, 1); }

static Sx *flet_common(Lisp *L, Sx *f, LispEnv *env, int labels)
{
	LispEnv *new_env = env;
	LispEnv *first = NULL;
	for (Sx *l = arg(L, f, 1); l->kind == SX_CONS; l = l->cdr) {
		Sx *d = l->car;
		if (d->kind != SX_CONS || d->car->kind != SX_SYM || !sx_nth(d, 1))
			lisp_error(L, f->pos, "%s: bad function definition", f->car->s);
		Sx *fn = make_closure(L, d->car->s, sx_nth(d, 1), d->cdr->cdr, env, d->pos);
		new_env = bind_fun(L, new_env, d->car->s, fn);
		if (!first)
			first = new_env;
	}
	if (labels)   /* the functions see each other */
		for (LispEnv *e = new_env; e && e != env; e = e->next)
			e->val->fn->env = new_env;
	return eval_body(L, skip_declares(f->cdr->cdr), new_env);
}

static Sx *sf_flet(Lisp *L, Sx *f, LispEnv *env) { return flet_common(L, f, env, 0); }
static Sx *sf_labels(Lisp *L, Sx *f, LispEnv *env) { return flet_common(L, f, env, 1); }

static Sx *sf_setq(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *v = lisp_nil(L);
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr->cdr) {
		if (l->cdr->kind != SX_CONS)
			lisp_error(L, f->pos, "%s: odd number of arguments", f->car->s);
		v = lisp_eval_in(L, l->cdr->car, env);
		lisp_assign(L, env, l->car, v);
	}
	return v;
}

/* ---- setf places ---- */

static Sx *place_cell(Lisp *L, Sx *place, LispEnv *env, int *is_car);

/* Store v into place; returns v. */
static Sx *setf_place(Lisp *L, Sx *place, Sx *v, LispEnv *env)
{
	if (place->kind == SX_SYM) {
		lisp_assign(L, env, place, v);
		return v;
	}
	if (place->kind != SX_CONS || place->car->kind != SX_SYM)
		lisp_error(L, place->pos, "setf: %s is not a place", lisp_brief(L, place, 30));
	const char *h = place->car->s;
	if (!strcmp(h, "getf")) {
		Sx *plist_place = arg(L, place, 1);
		Sx *plist = lisp_eval_in(L, plist_place, env);
		Sx *key = lisp_eval_in(L, arg(L, place, 2), env);
		for (Sx *k = plist; k->kind == SX_CONS && k->cdr->kind == SX_CONS; k = k->cdr->cdr)
			if (lisp_eql(k->car, key)) {
				lisp_scope_keep(L);
				k->cdr->car = v;
				return v;
			}
		setf_place(L, plist_place, lisp_cons(L, key, lisp_cons(L, v, plist)), env);
		return v;
	}
	/* (setf (ldb bytespec place) v) is (setf place (dpb v bytespec place)),
	 * mask-field likewise with deposit-field */
	static const struct { const char *place, *update; } byte_places[] = {
		{"ldb", "dpb"}, {"mask-field", "deposit-field"},
	};
	for (unsigned i = 0; i < sizeof byte_places / sizeof *byte_places; i++) {
		if (strcmp(h, byte_places[i].place) || symtab_get(&L->macros, h))
			continue;
		Sx *inner = arg(L, place, 2);
		Sx *args[3] = {v, lisp_eval_in(L, arg(L, place, 1), env), lisp_eval_in(L, inner, env)};
		Sx *update = symtab_get(&L->funs, intern(byte_places[i].update));
		setf_place(L, inner, call(L, update, args, 3, place->pos), env);
		return v;
	}
	if (!strcmp(h, "symbol-value")) {
		Sx *s = lisp_eval_in(L, arg(L, place, 1), env);
		lisp_assign(L, NULL, s, v);
		return v;
	}
	/* (defsetf NAME ...): its macro takes the value (quoted: it is
	 * evaluated already), then the place's arguments */
	Sx *m = symtab_get(&L->setf_macros, h);
	if (m) {
		Sx *q = lisp_cons(L, sx_sym(L->a, S_quote, nopos), lisp_cons(L, v, lisp_nil(L)));
		Sx *call_form = lisp_cons(L, place->car, lisp_cons(L, q, place->cdr));
		call_form->pos = place->pos;
		return lisp_eval_in(L, lisp_expand_in(L, m, call_form), env);
	}
	Sx *mac = lisp_find_macro(L, h);
	if (mac)
		return setf_place(L, lisp_expand_in(L, mac, place), v, env);
	Sx *setter = symtab_get(&L->setters, h);
	if (setter) {
		int n = sx_length(place);
		Sx **args = arena_alloc(L->a, sizeof *args * (size_t)(n > 0 ? n : 1));
		int i = 0;
		for (Sx *l = place->cdr; l->kind == SX_CONS; l = l->cdr)
			args[i++] = lisp_eval_in(L, l->car, env);
		args[i++] = v;
		call(L, setter, args, i, place->pos);
		return v;
	}
	int is_car;
	Sx *cell = place_cell(L, place, env, &is_car);
	lisp_scope_keep(L);
	if (is_car)
		cell->car = v;
	else
		cell->cdr = v;
	return v;
}

/* Places that name the car or cdr of a cons: (NAME list) is the car (or
 * cdr) of the nth cons; (nth i list) is handled apart. */
static const struct { const char *name; int nth; int car; } cells[] = {
	{"car", 0, 1}, {"first", 0, 1}, {"second", 1, 1}, {"third", 2, 1},
	{"fourth", 3, 1}, {"fifth", 4, 1}, {"cdr", 0, 0}, {"rest", 0, 0},
	{"cadr", 1, 1}, {"cddr", 1, 0},
};

/* The cons whose car (or cdr) a car/cdr/nth/first... place names. */
static Sx *place_cell(Lisp *L, Sx *place, LispEnv *env, int *is_car)
{
	const char *h = place->car->s;
	Sx *obj;
	int nth = -1;
	*is_car = 1;
	if (!strcmp(h, "nth")) {
		nth = (int)lisp_get_int(L, lisp_eval_in(L, arg(L, place, 1), env), place->pos, "nth");
		obj = lisp_eval_in(L, arg(L, place, 2), env);
	} else {
		for (unsigned i = 0; i < sizeof cells / sizeof *cells; i++)
			if (!strcmp(cells[i].name, h)) {
				nth = cells[i].nth;
				*is_car = cells[i].car;
			}
		if (nth < 0)
			lisp_error(L, place->pos, "setf: %s is not a place I know",
				   lisp_brief(L, place, 30));
		obj = lisp_eval_in(L, arg(L, place, 1), env);
	}
	for (int i = 0; i < nth && obj->kind == SX_CONS; i++)
		obj = obj->cdr;
	if (obj->kind != SX_CONS)
		lisp_error(L, place->pos, "setf: %s: not a cons", lisp_brief(L, place, 30));
	return obj;
}

static Sx *sf_setf(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *v = lisp_nil(L);
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr->cdr) {
		if (l->cdr->kind != SX_CONS)
			lisp_error(L, f->pos, "setf: odd number of arguments");
		Sx *place = l->car;
		if (place->kind == SX_CONS && sx_is(place->car, intern("values"))) {
			/* (setf (values p...) form): each place its value */
			Sx *slot, **vals;
			int n = eval_values(L, l->cdr->car, env, &slot, &vals), i = 0;
			for (Sx *q = place->cdr; q->kind == SX_CONS; q = q->cdr, i++)
				setf_place(L, q->car, i < n ? vals[i] : lisp_nil(L), env);
			v = n ? vals[0] : lisp_nil(L);
			continue;
		}
		v = setf_place(L, place, lisp_eval_in(L, l->cdr->car, env), env);
	}
	return v;
}

/* typep for the types this Lisp has: the names below, (or ...),
 * (and ...), (not ...), (member ...), (eql x) and (integer lo hi) with
 * * for an open bound. */
int lisp_typep(Lisp *L, Sx *v, Sx *type, Pos p)
{
	static const struct { const char *type; int kind; } kinds[] = {
		{"integer", SX_INT}, {"fixnum", SX_INT}, {"number", SX_INT},
		{"real", SX_INT}, {"rational", SX_INT}, {"string", SX_STR},
		{"simple-string", SX_STR}, {"character", SX_CHAR},
		{"cons", SX_CONS},
	};
	if (type->kind == SX_SYM) {
		const char *t = type->s;
		if (t == S_t)
			return 1;
		if (!strcmp(t, "null"))
			return is_nil(v);
		if (!strcmp(t, "symbol"))
			return v->kind == SX_SYM || is_nil(v);
		if (!strcmp(t, "keyword"))
			return v->kind == SX_SYM && v->s[0] == ':';
		if (!strcmp(t, "boolean"))
			return is_nil(v) || (v->kind == SX_SYM && v->s == S_t);
		if (!strcmp(t, "list") || !strcmp(t, "sequence"))
			return v->kind == SX_CONS || is_nil(v) ||
			       (t[0] == 's' && v->kind == SX_STR);
		if (!strcmp(t, "atom"))
			return v->kind != SX_CONS;
		if (!strcmp(t, "function"))
			return lisp_object(v, LISP_FUNCTION) != NULL;
		if (!strcmp(t, "vector") || !strcmp(t, "array") || !strcmp(t, "simple-vector"))
			return lisp_object(v, LISP_VECTOR) != NULL;
		if (v->kind == SX_FN && v->fn->type != LISP_FUNCTION && v->fn->name == t)
			return 1;
		for (unsigned i = 0; i < sizeof kinds / sizeof *kinds; i++)
			if (!strcmp(kinds[i].type, t))
				return (int)v->kind == kinds[i].kind;
	} else if (type->kind == SX_CONS && type->car->kind == SX_SYM) {
		const char *t = type->car->s;
		Sx *l = type->cdr;
		if (!strcmp(t, "or") || !strcmp(t, "and")) {
			int any = t[0] == 'o';
			for (; l->kind == SX_CONS; l = l->cdr)
				if (lisp_typep(L, v, l->car, p) == any)
					return any;
			return !any;
		}
		if (!strcmp(t, "not") && l->kind == SX_CONS)
			return !lisp_typep(L, v, l->car, p);
		if (!strcmp(t, "member") || !strcmp(t, "eql")) {
			for (; l->kind == SX_CONS; l = l->cdr)
				if (lisp_eql(l->car, v))
					return 1;
			return 0;
		}
		if (!strcmp(t, "integer")) {
			if (v->kind != SX_INT)
				return 0;
			Sx *lo = sx_nth(type, 1), *hi = sx_nth(type, 2);
			return (!lo || lo->kind != SX_INT || v->i >= lo->i) &&
			       (!hi || hi->kind != SX_INT || v->i <= hi->i);
		}
	}
	lisp_error(L, p, "unknown type %s", lisp_brief(L, type, 30));
}

static const char *block_name(Lisp *L, Sx *x)
{
	if (is_nil(x))
		return S_nil;
	if (x->kind != SX_SYM)
		lisp_error(L, x->pos, "a block name must be a symbol");
	return x->s;
}

static Sx *sf_block(Lisp *L, Sx *f, LispEnv *env)
{
	return lisp_block(L, block_name(L, arg(L, f, 1)), f->cdr->cdr, env);
}

static Sx *sf_return_from(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *v = sx_nth(f, 2);
	lisp_return_from(L, block_name(L, arg(L, f, 1)),
			 v ? lisp_eval_in(L, v, env) : lisp_nil(L), f->pos);
}

static Sx *sf_unwind_protect(Lisp *L, Sx *f, LispEnv *env)
{
	LispCatch c = {.is_cleanup = 1};
	frame_push(L, &c);
	if (setjmp(c.jb)) {
		/* a throw passes through: clean up, then continue it */
		frame_landed(L, &c);
		LispCatch *target = throw_to;
		Sx *value = throw_value, **vals = L->vals;
		int nvals = L->nvals;
		eval_body(L, f->cdr->cdr, env);
		throw_to = target;
		throw_value = value;
		L->vals = vals;
		L->nvals = nvals;
		continue_throw(L);
	}
	Sx *v = lisp_eval_in(L, arg(L, f, 1), env);
	frame_pop(L, &c);
	Sx **vals = L->vals;
	int nvals = L->nvals;
	eval_body(L, f->cdr->cdr, env);
	L->vals = vals;
	L->nvals = nvals;
	return v;
}

/* (%while TEST BODY...): the one loop primitive; the prelude's dolist,
 * dotimes and do put a block around it. Value nil. */
static Sx *sf_while(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *test = arg(L, f, 1);
	while (lisp_true(lisp_eval_in(L, test, env)))
		for (Sx *l = f->cdr->cdr; l->kind == SX_CONS; l = l->cdr)
			lisp_eval_in(L, l->car, env);
	return lisp_nil(L);
}

static Sx *sf_defun(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *name = arg(L, f, 1);
	const char *n;
	if (name->kind == SX_CONS && sx_is(name->car, S_setf) && sx_nth(name, 1)) {
		lisp_error(L, f->pos, "defun (setf ...): use defsetf");
	}
	if (name->kind != SX_SYM)
		lisp_error(L, f->pos, "%s: the name must be a symbol", f->car->s);
	n = name->s;
	Sx *fn = make_closure(L, n, arg(L, f, 2), f->cdr->cdr->cdr, env, f->pos);
	if (!strcmp(f->car->s, "defmacro")) {
		fn->fn->is_macro = 1;
		if (L->loading_prelude) {
			SpecialDef *d = arena_alloc(L->a, sizeof *d);
			d->macro = fn;
			d->mv = 1;
			symtab_put(&L->forms, n, d);
		} else {
			symtab_put(&L->macros, n, fn);
		}
	} else {
		symtab_put(&L->funs, n, fn);
	}
	return name;
}

/* (defsetf access-fn update-fn): (setf (access args...) v) becomes
 * (update-fn args... v). The long form (defsetf name (args) (store) body)
 * defines a macro with the store variable last. */
static Sx *sf_defsetf(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *name = arg(L, f, 1), *second = arg(L, f, 2);
	if (name->kind != SX_SYM)
		lisp_error(L, f->pos, "defsetf: the name must be a symbol");
	const char *sname = intern(arena_printf(L->a, "(setf %s)", name->s));
	Sx *fn;
	/* the macro takes the value first, then the place's arguments */
	if (second->kind == SX_SYM) {
		/* short form: (lambda (value &rest args) `(update ,@args ,value)) */
		Sx *args = sx_sym(L->a, intern("args"), nopos);
		Sx *value = sx_sym(L->a, intern("value"), nopos);
		Sx *params = sx_list(L->a, nopos, 3, value, sx_sym(L->a, S_rest, nopos), args);
		Sx *update = sx_list(L->a, nopos, 2, sx_sym(L->a, S_quote, nopos), second);
		Sx *list = sx_sym(L->a, intern("list"), nopos);
		Sx *body = sx_list(L->a, nopos, 1, sx_list(L->a, nopos, 4,
			sx_sym(L->a, intern("append"), nopos), sx_list(L->a, nopos, 2, list, update),
			args, sx_list(L->a, nopos, 2, list, value)));
		fn = make_closure(L, sname, params, body, env, f->pos);
	} else {
		/* long form: (defsetf name (params) (store-var) body...) */
		Sx *store = arg(L, f, 3);
		if (store->kind != SX_CONS || store->car->kind != SX_SYM)
			lisp_error(L, f->pos, "defsetf: expected (STORE-VARIABLE) after the parameters");
		fn = make_closure(L, sname, lisp_cons(L, store->car, second),
				  f->cdr->cdr->cdr->cdr, env, f->pos);
	}
	fn->fn->is_macro = 1;
	symtab_put(&L->setf_macros, name->s, fn);
	return name;
}

static Sx *sf_defvar(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *name = arg(L, f, 1);
	if (name->kind != SX_SYM)
		lisp_error(L, f->pos, "%s: the name must be a symbol", f->car->s);
	const char *h = f->car->s;
	Sx *init = sx_nth(f, 2);
	symtab_put(&L->specials, name->s, (void *)1);
	if (!strcmp(h, "defconstant"))
		symtab_put(&L->constants, name->s, (void *)1);
	if (!strcmp(h, "defvar") && symtab_get(&L->vars, name->s))
		return name;
	if (init)
		symtab_put(&L->vars, name->s, lisp_eval_in(L, init, env));
	return name;
}

static Sx *sf_destructuring_bind(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *v = lisp_eval_in(L, arg(L, f, 2), env);
	LispEnv *e = lisp_destructure(L, env, arg(L, f, 1), v, f->pos);
	return eval_body(L, skip_declares(f->cdr->cdr->cdr), e);
}

/* ---- multiple values ---- */

/* The variable list of multiple-value-bind / -setq: symbols. */
static Sx *value_vars(Lisp *L, Sx *f)
{
	Sx *vars = arg(L, f, 1);
	if (!sx_is_list(vars) && !is_nil(vars))
		lisp_error(L, f->pos, "%s: expected a list of variables", f->car->s);
	for (Sx *l = vars; l->kind == SX_CONS; l = l->cdr)
		if (l->car->kind != SX_SYM || is_nil(l->car) || l->car->s == S_t)
			lisp_error(L, f->pos, "%s: %s is not a variable", f->car->s,
				   lisp_brief(L, l->car, 30));
	return vars;
}

/* (multiple-value-bind (var...) form body...): missing values are nil */
static Sx *sf_mvbind(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *vars = value_vars(L, f), *slot, **v;
	int n = eval_values(L, arg(L, f, 2), env, &slot, &v);
	LispEnv *e = env;
	int i = 0;
	for (Sx *l = vars; l->kind == SX_CONS; l = l->cdr, i++)
		e = lisp_bind(L, e, l->car->s, i < n ? v[i] : lisp_nil(L));
	return eval_body(L, skip_declares(f->cdr->cdr->cdr), e);
}

/* (multiple-value-prog1 first form...): the values of the first */
static Sx *sf_mvprog1(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *slot, **v;
	int n = eval_values(L, arg(L, f, 1), env, &slot, &v);
	Sx *first = n ? v[0] : lisp_nil(L);
	eval_body(L, f->cdr->cdr, env);
	if (n != 1) {
		L->vals = v;
		L->nvals = n;
	} else {
		L->nvals = 1;
	}
	return first;
}

/* (multiple-value-call fn form...): fn applied to all the values */
static Sx *sf_mvcall(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *fn = lisp_eval_in(L, arg(L, f, 1), env);
	Vec args = {0};
	for (Sx *l = f->cdr->cdr; l->kind == SX_CONS; l = l->cdr) {
		Sx *slot, **v;
		int n = eval_values(L, l->car, env, &slot, &v);
		for (int i = 0; i < n; i++)
			vec_push(L->a, &args, v[i]);
	}
	return call(L, fn, (Sx **)args.v, args.n, f->pos);
}

static Sx *sf_declare(Lisp *L, Sx *f, LispEnv *env)
{
	(void)f;
	(void)env;
	return lisp_nil(L);
}

static Sx *sf_eval_when(Lisp *L, Sx *f, LispEnv *env) { return eval_body(L, f->cdr->cdr, env); }

static Sx *sf_the(Lisp *L, Sx *f, LispEnv *env) { return lisp_eval_in(L, arg(L, f, 2), env); }

static Sx *sf_loop(Lisp *L, Sx *f, LispEnv *env) { return lisp_loop(L, f, env); }

/* ---- conditions (run time) ---- */

/* The condition types: each with its parent; t and condition catch all. */
static const struct { const char *type, *parent; } condition_types[] = {
	{"simple-error", "error"}, {"error", "serious-condition"},
	{"interactive-interrupt", "serious-condition"},
	{"serious-condition", "condition"}, {"condition", "t"},
};

static int condition_is(const char *type, const char *want)
{
	for (int guard = 0; type && guard < 8; guard++) {
		if (!strcmp(type, want))
			return 1;
		const char *up = NULL;
		for (unsigned i = 0; i < sizeof condition_types / sizeof *condition_types; i++)
			if (!strcmp(condition_types[i].type, type))
				up = condition_types[i].parent;
		type = up;
	}
	return 0;
}

/* The clause of a handler-case frame that takes a condition, or NULL. */
static Sx *handler_clause(LispCatch *c, const char *type)
{
	if (!c->clauses)
		return NULL;
	for (Sx *l = c->clauses; l->kind == SX_CONS; l = l->cdr) {
		Sx *cl = l->car;
		if (cl->kind == SX_CONS && cl->car->kind == SX_SYM &&
		    (!strcmp(cl->car->s, ":no-error") ? 0 : condition_is(type, cl->car->s)))
			return cl;
	}
	return NULL;
}

/* The handler-case (or lisp_run) frame that takes a condition, or NULL.
 * lisp_run's takes interrupts, and errors too when run_takes_errors. */
static LispCatch *handler_for(Lisp *L, const char *type)
{
	LispCatch *c;
	for (c = L->catch; c; c = c->up)
		if (c->is_handler && (handler_clause(c, type) || (!c->clauses &&
		    (condition_is(type, "interactive-interrupt") ||
		     (L->run_takes_errors && condition_is(type, "error"))))))
			break;
	return c;
}

void lisp_signal(Lisp *L, const char *type, const char *message)
{
	LispCatch *c = handler_for(L, type);
	if (!c)
		return;
	static const char *const slots[1] = {"message"};
	Sx *msg = lisp_str(L, message, strlen(message));
	throw_to = c;
	throw_value = lisp_record(L, intern(type), slots, &msg, 1);
	continue_throw(L);
}

/* (handler-case form (type ([var]) body...)...) */
static Sx *sf_handler_case(Lisp *L, Sx *f, LispEnv *env)
{
	LispCatch c = {.is_handler = 1, .clauses = f->cdr->cdr};
	if (c.clauses->kind != SX_CONS)         /* no clauses: just the form */
		return lisp_eval_in(L, arg(L, f, 1), env);
	frame_push(L, &c);
	if (setjmp(c.jb)) {
		frame_landed(L, &c);
		throw_to = NULL;
		Sx *cond = throw_value;
		Sx *cl = handler_clause(&c, cond->fn->name);
		Sx *params = sx_nth(cl, 1);
		LispEnv *e = env;
		if (params && params->kind == SX_CONS && params->car->kind == SX_SYM)
			e = lisp_bind(L, env, params->car->s, cond);
		return eval_body(L, skip_declares(cl->cdr->kind == SX_CONS ? cl->cdr->cdr :
						   cl->cdr), e);
	}
	Sx *v = lisp_eval_in(L, arg(L, f, 1), env);
	frame_pop(L, &c);
	return v;
}

const char *lisp_run(Lisp *L, Sx *form, const char **message)
{
	LispCatch c = {.is_handler = 1};
	LispCatch *saved = L->toplevel;
	frame_push(L, &c);
	L->toplevel = &c;
	if (setjmp(c.jb)) {
		frame_landed(L, &c);
		L->toplevel = saved;
		L->depth = 0;
		throw_to = NULL;
		Sx *cond = throw_value;
		*message = cond->fn->items[0]->s;
		return cond->fn->name;
	}
	lisp_eval(L, form);
	frame_pop(L, &c);
	L->toplevel = saved;
	return NULL;
}

/* The special forms; MV marks those that pass on the values of the form
 * they end with (their other ways out give one value). */
enum { ONE = ONE_VALUE };
static const struct { const char *name; LispSpecial fn; int mv; } special_forms[] = {
	{"handler-case", sf_handler_case, MV},
	{"quote", sf_quote, ONE}, {"quasiquote", sf_quasiquote, ONE},
	{"unquote", sf_unquote, ONE}, {"unquote-splicing", sf_unquote, ONE},
	{"function", sf_function, ONE}, {"lambda", sf_lambda, ONE},
	{"if", sf_if, MV}, {"progn", sf_progn, MV}, {"locally", sf_progn, MV},
	{"let", sf_let, MV}, {"let*", sf_letstar, MV}, {"flet", sf_flet, MV},
	{"labels", sf_labels, MV},
	{"setq", sf_setq, ONE}, {"setf", sf_setf, ONE},
	{"block", sf_block, MV}, {"return-from", sf_return_from, ONE},
	{"unwind-protect", sf_unwind_protect, MV}, {"%while", sf_while, ONE},
	{"defun", sf_defun, ONE}, {"defmacro", sf_defun, ONE}, {"defsetf", sf_defsetf, ONE},
	{"defvar", sf_defvar, ONE}, {"defparameter", sf_defvar, ONE},
	{"defconstant", sf_defvar, ONE},
	{"destructuring-bind", sf_destructuring_bind, MV},
	{"multiple-value-bind", sf_mvbind, MV},
	{"multiple-value-prog1", sf_mvprog1, MV}, {"multiple-value-call", sf_mvcall, MV},
	{"declare", sf_declare, ONE}, {"eval-when", sf_eval_when, MV}, {"the", sf_the, MV},
	{"loop", sf_loop, MV},
};

/* ---- set-up ---- */

extern const SxTable lisp_prelude;      /* lisp_prelude.lisp, read at build time */

/* (%setf-defined-p NAME): whether defsetf defined (setf (NAME ...) v) */
static Sx *b_setf_defined_p(Lisp *L, Sx **a, int n, Pos p)
{
	(void)n;
	(void)p;
	return lisp_bool(L, a[0]->kind == SX_SYM && lisp_setf_macro(L, a[0]->s));
}

/* "1 GiB", "64 MiB", "1000 bytes" */
static const char *size_text(Arena *a, size_t n)
{
	static const char *const units[] = {"GiB", "MiB", "KiB"};
	for (int i = 0; i < 3; i++) {
		size_t u = (size_t)1 << (30 - 10 * i);
		if (n >= u && n % u == 0)
			return arena_printf(a, "%zu %s", n / u, units[i]);
	}
	return arena_printf(a, "%zu bytes", n);
}

/* WH_LISP_MEMORY: bytes, or a number with K, M or G (powers of 1024); 0
 * for no limit. *given says whether it was set. */
static size_t memory_limit(int *given)
{
	const char *v = getenv("WH_LISP_MEMORY");
	*given = v && *v;
	if (!*given)
		return DEFAULT_MEMORY;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	int shift = 0;
	if (*end && strchr("kKmMgG", *end) && !end[1])
		shift = *end == 'k' || *end == 'K' ? 10 : *end == 'm' || *end == 'M' ? 20 : 30;
	else if (*end)
		end = NULL;
	if (!end || end == v || errno || !isdigit((unsigned char)v[0]) ||
	    n > (SIZE_MAX >> shift))
		fatal("WH_LISP_MEMORY: expected a size in bytes, or with K, M or G "
		      "(such as 512M; 0 for no limit), got '%s'", v);
	return (size_t)n << shift;
}

/* Going over the memory limit: an error at the macro call being expanded
 * (else the form being evaluated), with the expansion notes, as for the
 * step limit. Not a condition handler-case can catch. */
static noreturn void memory_exceeded(size_t limit)
{
	Lisp *L = active;
	error_at(L->call_pos.line ? L->call_pos : L->pos,
		 "compile-time evaluation takes more than %s of memory (the limit "
		 "WH_LISP_MEMORY sets)", size_text(L->a, limit));
}

void lisp_no_memory_limit_unless_given(void)
{
	int given;
	size_t limit = memory_limit(&given);
	mem_set_limit(given ? limit : 0, given && limit ? memory_exceeded : NULL);
}

Lisp *lisp_new(Arena *a)
{
	S_nil = intern("nil");
	S_t = intern("t");
	S_quote = intern("quote");
	S_function = intern("function");
	S_lambda = intern("lambda");
	S_qq = intern("quasiquote");
	S_unquote = intern("unquote");
	S_splice = intern("unquote-splicing");
	S_optional = intern("&optional");
	S_rest = intern("&rest");
	S_body = intern("&body");
	S_key = intern("&key");
	S_aux = intern("&aux");
	S_allow = intern("&allow-other-keys");
	S_whole = intern("&whole");
	S_env = intern("&environment");
	S_declare = intern("declare");
	S_setf = intern("setf");
	Lisp *L = arena_alloc(a, sizeof *L);
	L->a = a;
	L->base = a;
	L->nil = sx_nil(a, nopos);
	L->t = sx_sym(a, S_t, nopos);
	active = L;
	/* use at most 3/4 of the stack limit (8 MiB if larger or unlimited) */
	struct rlimit rl;
	size_t lim = (size_t)8 << 20;
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    rl.rlim_cur < lim)
		lim = (size_t)rl.rlim_cur;
	stack_base = (uintptr_t)__builtin_frame_address(0);
	stack_budget = lim / 4 * 3;
	int given;
	size_t limit = memory_limit(&given);
	mem_set_limit(limit, limit ? memory_exceeded : NULL);
	for (unsigned i = 0; i < sizeof special_forms / sizeof *special_forms; i++)
		def_special(L, special_forms[i].name, special_forms[i].fn, special_forms[i].mv);
	lisp_install_library(L);
	lisp_install_loop(L);
	lisp_install_vectors(L);
	lisp_defbuiltin(L, "%setf-defined-p", b_setf_defined_p, 1, 1);
	symtab_put(&L->specials, intern("*read-eval*"), (void *)1);
	lisp_set_global(L, intern("*read-eval*"), lisp_t(L));
	L->loading_prelude = 1;
	SxFile *prelude = sx_table_forms(a, &lisp_prelude);   /* no positions */
	for (int i = 0; i < prelude->forms.n; i++)
		lisp_eval(L, lisp_read_time(L, prelude->forms.v[i]));
	L->loading_prelude = 0;
	return L;
}

void lisp_free(Lisp *L)
{
	symtab_free(&L->vars);
	symtab_free(&L->specials);
	symtab_free(&L->constants);
	symtab_free(&L->funs);
	symtab_free(&L->macros);
	symtab_free(&L->forms);
	symtab_free(&L->setters);
	symtab_free(&L->setf_macros);
}

static void clear_pos(Sx *x)
{
	while (x->kind == SX_CONS) {
		x->pos = nopos;
		clear_pos(x->car);
		x = x->cdr;
	}
	x->pos = nopos;
}

void lisp_load_string(Lisp *L, const char *text)
{
	SxFile *f = sx_read_source(L->a, text);
	for (int i = 0; i < f->forms.n; i++) {
		clear_pos(f->forms.v[i]);
		lisp_eval(L, lisp_read_time(L, f->forms.v[i]));
	}
}
