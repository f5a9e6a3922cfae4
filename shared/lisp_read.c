/* lisp_read.c: the read-time part of reading, which needs the Lisp. The
 * reader (shared/sexp.c) spells #.X as (%read-eval X) and #(A B) as
 * (%vector A B); before a top-level form is processed, lisp_read_time
 * replaces each by its value — X evaluated (when *read-eval* is true),
 * the vector of A B — so that, as in CL, a #. sees the definitions of
 * the top-level forms before it and none after. */
#include "lisp.h"
#include <string.h>

static const char *S_read_eval, *S_vector, *S_star_read_eval;

/* A copy of a value's lists with position p where they have none, so
 * that errors in code built by #. point at the #. */
static Sx *at_pos(Lisp *L, Sx *x, Pos p)
{
	lisp_check_stack();
	if (x->kind != SX_CONS || x->pos.line)
		return x;
	return sx_cons(L->a, at_pos(L, x->car, p), at_pos(L, x->cdr, p), p);
}

static Sx *read_time(Lisp *L, Sx *x)
{
	lisp_check_stack();
	if (x->kind != SX_CONS)
		return x;
	if (sx_is(x->car, S_read_eval) && sx_length(x) == 2) {
		Sx *v = lisp_global(L, S_star_read_eval);
		if (v && !lisp_true(v))
			lisp_error(L, x->pos, "#. read-time evaluation is off (*read-eval* is nil)");
		Pos saved = L->pos;
		L->pos = x->pos;
		Sx *r = lisp_eval(L, read_time(L, x->cdr->car));
		L->pos = saved;
		L->nvals = 1;
		if (r->kind != SX_CONS && !r->pos.line)
			r->pos = x->pos;
		return at_pos(L, r, x->pos);
	}
	if (sx_is(x->car, S_vector)) {
		int n = sx_length(x->cdr);
		if (n < 0)
			lisp_error(L, x->pos, "a dotted list is not a vector");
		Sx *vec = lisp_vector(L, n, NULL);
		vec->pos = x->pos;
		int i = 0;
		for (Sx *l = x->cdr; l->kind == SX_CONS; l = l->cdr)
			vec->fn->items[i++] = read_time(L, l->car);
		return vec;
	}
	for (Sx *l = x; l->kind == SX_CONS; l = l->cdr) {
		l->car = read_time(L, l->car);
		/* (a . #.x) reads as (a %read-eval x) */
		if (l->cdr->kind == SX_CONS && sx_is(l->cdr->car, S_read_eval) &&
		    sx_length(l->cdr) == 2) {
			l->cdr = read_time(L, l->cdr);
			break;
		}
	}
	return x;
}

Sx *lisp_read_time(Lisp *L, Sx *form)
{
	if (!S_read_eval) {
		S_read_eval = intern(SX_READ_EVAL);
		S_vector = intern(SX_VECTOR);
		S_star_read_eval = intern("*read-eval*");
	}
	return read_time(L, form);
}
