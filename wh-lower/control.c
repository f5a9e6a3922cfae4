/* control.c: the core forms that branch. A form used as a test becomes
 * branches (a comparison is one conditional jump, never a 0/1 value);
 * if, and, or and not give the values notes/semantics.md fixes; loop is
 * the counted shape the verifier's bounded-loop support follows; return
 * leaves the program. */
#include "lower.h"
#include <string.h>

static const struct {
	const char *name;
	Cond cc;
} cmp_forms[] = {
	{"=", CC_EQ}, {"/=", CC_NE}, {">", CC_GT}, {">=", CC_GE}, {"<", CC_LT},
	{"<=", CC_LE}, {"s>", CC_SGT}, {"s>=", CC_SGE}, {"s<", CC_SLT},
	{"s<=", CC_SLE},
};

int find_cmp(Sx *x, Cond *cc)
{
	if (x->kind != SX_CONS || x->car->kind != SX_SYM)
		return 0;
	for (unsigned i = 0; i < sizeof cmp_forms / sizeof *cmp_forms; i++)
		if (!strcmp(cmp_forms[i].name, x->car->s)) {
			*cc = cmp_forms[i].cc;
			return 1;
		}
	return 0;
}

static int is_form(Sx *x, const char *name)
{
	return x->kind == SX_CONS && x->car->kind == SX_SYM && !strcmp(x->car->s, name);
}

static int is_sub(Sx *x) { return is_form(x, "-"); }

/* A comparison or a not: a form whose value is 1 when it holds. */
static int is_test(Sx *x)
{
	Cond cc;
	return (find_cmp(x, &cc) && nargs_of(x) == 2) || (is_form(x, "not") && nargs_of(x) == 1);
}

/* The operands of a comparison, with packet lengths turned into pointer
 * comparisons (pkt.c). */
static void cmp_operands(L *l, Sx *x, Cond *cc, Val *a, Val *b)
{
	find_cmp(x, cc);
	*a = lower(l, arg(x, 1));
	*b = lower(l, arg(x, 2));
	pkt_rewrite_cmp(l, cc, a, b, is_sub(arg(x, 1)) | is_sub(arg(x, 2)) << 1);
}

Val lower_cmp(L *l, Sx *x)
{
	Cond cc;
	Val a, b;
	cmp_operands(l, x, &cc, &a, &b);
	Ins *in = emit(l, I_CMP, 2);
	in->sub = cc;
	in->args[0] = a;
	in->args[1] = b;
	return in->dst;
}

/* (if A B C) as a test: B or C decides, without a value in between. */
static void cond_if(L *l, Sx *x, Blk *t, Blk *f)
{
	Blk *bt = new_blk(l), *bf = new_blk(l);
	lower_cond(l, arg(x, 1), bt, bf);
	seal(l, bt);
	seal(l, bf);
	enter(l, bt);
	lower_cond(l, arg(x, 2), t, f);
	enter(l, bf);
	if (nargs_of(x) == 3)
		lower_cond(l, arg(x, 3), t, f);
	else
		jump(l, f);
}

static void cond_andor(L *l, Sx *x, Blk *t, Blk *f)
{
	int is_and = !strcmp(x->car->s, "and");
	int n = nargs_of(x);
	for (int i = 1; i < n; i++) {
		Blk *next = new_blk(l);
		if (is_and)
			lower_cond(l, arg(x, i), next, f);
		else
			lower_cond(l, arg(x, i), t, next);
		seal(l, next);
		enter(l, next);
	}
	if (n >= 1)
		lower_cond(l, arg(x, n), t, f);
	else
		jump(l, is_and ? t : f);
}

void lower_cond(L *l, Sx *x, Blk *t, Blk *f)
{
	Pos saved = l->pos;
	if (x->kind == SX_CONS && x->pos.line > 0)
		l->pos = x->pos;
	Cond cc;
	if (x->kind == SX_INT) {
		jump(l, x->i ? t : f);
	} else if (x->kind != SX_CONS || sx_length(x) < 0) {
		branch(l, CC_NE, lower(l, x), vimm(0), t, f);
	} else if (find_cmp(x, &cc) && nargs_of(x) == 2) {
		Val a, b;
		cmp_operands(l, x, &cc, &a, &b);
		if (a.kind == V_IMM && b.kind == V_IMM)
			jump(l, cond_holds(cc, (uint64_t)a.n, (uint64_t)b.n) ? t : f);
		else
			branch(l, cc, a, b, t, f);
	} else if (is_form(x, "not") && nargs_of(x) == 1) {
		lower_cond(l, arg(x, 1), f, t);
	} else if (is_form(x, "and") || is_form(x, "or")) {
		cond_andor(l, x, t, f);
	} else if (is_form(x, "if") && (nargs_of(x) == 2 || nargs_of(x) == 3)) {
		cond_if(l, x, t, f);
	} else if (is_form(x, "progn")) {
		lower_body(l, x->cdr, t, f);
	} else if (is_form(x, "let") && nargs_of(x) >= 1) {
		lower_let(l, x, t, f);
	} else {
		Val v = lower(l, x);
		branch(l, CC_NE, v, vimm(0), t, f);
	}
	l->pos = saved;
}

Val lower_if(L *l, Sx *x)
{
	Blk *t = new_blk(l), *f = new_blk(l), *join = new_blk(l);
	lower_cond(l, arg(x, 1), t, f);
	seal(l, t);
	seal(l, f);
	Arms arms = {0};
	enter(l, t);
	Val v = lower(l, arg(x, 2));
	arm_done(l, &arms, v, join);
	enter(l, f);
	v = nargs_of(x) == 3 ? lower(l, arg(x, 3)) : vimm(0);
	arm_done(l, &arms, v, join);
	return join_arms(l, &arms, join);
}

/* (and a b c): 0 as soon as one is 0, else c. (or a b c): first non-zero. */
Val lower_andor(L *l, Sx *x)
{
	int is_and = !strcmp(x->car->s, "and");
	int n = nargs_of(x);
	if (n == 0)
		return vimm(is_and);
	Blk *join = new_blk(l);
	Arms arms = {0};
	for (int i = 1; i <= n; i++) {
		if (i == n) {
			arm_done(l, &arms, lower(l, arg(x, i)), join);
			break;
		}
		Blk *next = new_blk(l), *out = new_blk(l);
		Val v;
		if (is_and) {
			/* the value of a non-last operand is never the result */
			lower_cond(l, arg(x, i), next, out);
			v = vimm(0);
		} else if (is_test(arg(x, i))) {
			/* a comparison that holds is 1 */
			lower_cond(l, arg(x, i), out, next);
			v = vimm(1);
		} else {
			v = lower(l, arg(x, i));
			branch(l, CC_EQ, v, vimm(0), next, out);
		}
		seal(l, next);
		seal(l, out);
		enter(l, out);
		arm_done(l, &arms, v, join);
		enter(l, next);
	}
	return join_arms(l, &arms, join);
}

Val lower_not(L *l, Sx *x)
{
	Sx *a = arg(x, 1);
	Cond cc = CC_EQ;
	Val va, vb = vimm(0);
	if (find_cmp(a, &cc) && nargs_of(a) == 2) {
		/* (not (< a b)) is (>= a b) */
		cmp_operands(l, a, &cc, &va, &vb);
		cc = cond_info[cc].inverse;
	} else {
		va = lower(l, a);
	}
	Ins *in = emit(l, I_CMP, 2);
	in->sub = cc;
	in->args[0] = va;
	in->args[1] = vb;
	return in->dst;
}

Val lower_return(L *l, Sx *x)
{
	Val v = lower(l, arg(x, 1));
	Ins *in = emit(l, I_RET, 1);
	in->args[0] = v;
	l->cur = NULL;
	return vimm(0);
}

/* (loop VAR COUNT BODY): VAR takes 0 .. COUNT-1. The shape is the one the
 * verifier's bounded-loop support can follow, the counter incremented
 * and compared with the constant at the bottom of each iteration:
 *
 *	    VAR = 0                  (COUNT > 0 is known here)
 *	@head
 *	    BODY
 *	    next = VAR + 1
 *	    br ult next, COUNT, @head, @exit
 */
Val lower_loop(L *l, Sx *x)
{
	Sx *name = arg(x, 1);
	int64_t n = const_of(l, arg(x, 2), "a loop count");
	if (n < 0)
		error_at(l->pos, "loop count %lld is negative", (long long)n);
	if (n > INT32_MAX)
		error_at(l->pos, "loop count %lld does not fit 32 bits", (long long)n);
	Binding *saved = l->scope;
	Var *v = bind(l, name);
	if (n == 0) {
		/* the body never runs; lowered anyway, unreachable, for its errors */
		Blk *here = l->cur;
		l->cur = NULL;
		lower(l, arg(x, 3));
		l->cur = here;
		l->scope = saved;
		return vimm(0);
	}
	write_var(l, v, vimm(0));
	Blk *head = new_blk(l), *exit = new_blk(l);
	jump(l, head);
	enter(l, head);         /* not sealed: the back edge is still to come */
	lower(l, arg(x, 3));
	if (l->cur) {
		Ins *inc = emit(l, I_ALU, 2);
		inc->sub = ALU_ADD;
		inc->args[0] = read_var(l, v);
		inc->args[1] = vimm(1);
		write_var(l, v, inc->dst);
		branch(l, CC_LT, inc->dst, vimm(n), head, exit);
	}
	seal(l, head);
	seal(l, exit);
	enter(l, exit);
	l->scope = saved;
	return vimm(0);
}
