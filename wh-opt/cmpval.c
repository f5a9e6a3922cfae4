/* cmpval.c: comparisons used as values, computed without a branch.
 *
 * wh-emit selects a `cmp` as a diamond (`d = 1; if a CC b goto +1;
 * d = 0`). The kernel verifier walks both sides of each and learns on
 * each something different about the operands (a == 0 on one side only,
 * a below 10 on one side only); with those operands still live, the
 * states at the join differ, later branches on them become decided on
 * some paths, and a run of diamonds multiplies the paths it walks.
 * Arithmetic gives the same 0 or 1 on one path, and teaches it nothing.
 *
 * Every condition is one of three tests (table `reduce`): a < b, signed
 * or not, with the operands maybe swapped and the result maybe negated;
 * a == b; a != b. The sign bit of d = a - b orders a and b:
 *  - when a - b cannot overflow (both operands below 2^63 for an unsigned
 *    order; for a signed one, both within 62 bits, as range.c and the
 *    i8..i32 types tell), a < b is d >> 63;
 *  - when the top bit of one operand is known (a constant, a value below
 *    2^63), the top bit of a < b is the other operand's top bit where the
 *    two differ and d's where they agree: d and/or the other operand or
 *    its complement (table `with_constant`).
 * x s< 0 is x's sign bit. A negated order against another constant moves
 * the constant by one (a >= K is K - 1 < a); other negations are `xor 1`. Equality looks at x = a ^ b
 * (a + |K| for a small negative constant): x itself when x is 0 or 1,
 * -x >> 63 (x != 0) or (x - 1) >> 63 (x == 0) when x is below 2^63, else
 * x / x (x != 0) or (x - 1) / (2^64 - 1) (x == 0): BPF divides by 0 to 0,
 * and x - 1 reaches 2^64 - 1 only from 0. An `and 1` after a division
 * tells the verifier, which bounds no quotient, that the value is 0 or 1.
 *
 * An order of two values of which nothing bounds the top bit stays a
 * diamond (cmp_branch_free): its formula, the borrow of a - b, takes
 * three times the diamond's three instructions, and the verifier learns
 * nothing from such a branch that could decide a later one. Pointers are
 * compared with a branch, as the verifier wants them.
 *
 * A test of a comparison's value against 0 or 1 (`br ne %c, 0`,
 * `cmp eq %c, 0`) tests the comparison itself. */
#include "opt.h"

typedef enum { K_BRANCH, K_LT, K_EQ, K_NE } Kind;

static const struct {
	Kind kind;
	int sgn, swap, neg;
} reduce[CC_COUNT] = {
	[CC_EQ] = {K_EQ, 0, 0, 0},   [CC_NE] = {K_NE, 0, 0, 0},
	[CC_LT] = {K_LT, 0, 0, 0},   [CC_GT] = {K_LT, 0, 1, 0},
	[CC_GE] = {K_LT, 0, 0, 1},   [CC_LE] = {K_LT, 0, 1, 1},
	[CC_SLT] = {K_LT, 1, 0, 0},  [CC_SGT] = {K_LT, 1, 1, 0},
	[CC_SGE] = {K_LT, 1, 0, 1},  [CC_SLE] = {K_LT, 1, 1, 1},
	[CC_SET] = {K_BRANCH, 0, 0, 0},        /* from bitmask, only as a branch */
};

/* a < b with one operand a constant K: the top bit of the answer is
 * d OP v, d = a - b, v the other operand (or its complement), indexed by
 * [signed][the constant is b][top bit of K]. */
static const struct {
	AluOp op;
	int invert;
} with_constant[2][2][2] = {
	/* unsigned: K < b is b | d (K >= 0), b & d (K < 0);
	 *           a < K is ~a & d, ~a | d */
	{{{ALU_OR, 0}, {ALU_AND, 0}}, {{ALU_AND, 1}, {ALU_OR, 1}}},
	/* signed:   K < b is ~b & d, ~b | d; a < K is a | d, a & d */
	{{{ALU_AND, 1}, {ALU_OR, 1}}, {{ALU_OR, 0}, {ALU_AND, 0}}},
};

#define TOP ((uint64_t)1 << 63)

typedef struct {
	Arena *a;
	IrProg *p;
	const ValFacts *f;
	Blk *b;
	int at;                 /* where the next instruction goes */
	Pos pos;
} Cv;

static Val emit(Cv *c, IrOp op, int sub, Val x, Val y)
{
	Ins *in = ir_new(c->a, op, c->pos, op == I_NEG ? 1 : 2);
	in->sub = sub;
	in->args[0] = x;
	if (op != I_NEG)
		in->args[1] = y;
	in->dst = new_tmp(c->p);
	insert_ins(c->a, c->b, c->at++, in);
	return in->dst;
}

static Val alu(Cv *c, AluOp op, Val x, Val y) { return emit(c, I_ALU, op, x, y); }
static Val neg(Cv *c, Val x) { return emit(c, I_NEG, 0, x, x); }
static Val top_bit(Cv *c, Val x) { return alu(c, ALU_SHR, x, vimm(63)); }

ValFacts *val_facts(Arena *a, const IrProg *p)
{
	ValFacts *f = arena_alloc(a, sizeof *f);
	f->r = range_new(a, p);
	f->ty = ir_infer_types(a, p);
	f->ntmp = p->ntmp;
	/* every bound now, while the definitions are those range.c saw */
	for (int t = 0; t < p->ntmp; t++)
		range_max(f->r, vtmp(t));
	return f;
}

uint64_t val_bound(const ValFacts *f, Val v)
{
	if (v.kind == V_IMM)
		return (uint64_t)v.n;
	return v.kind == V_TMP && v.n < f->ntmp ? range_max(f->r, v) : UINT64_MAX;
}

static IrType type_of(const ValFacts *f, Val v)
{
	return v.kind == V_IMM ? T_U64 : v.kind == V_TMP && v.n < f->ntmp ? f->ty[v.n] : T_NONE;
}

/* Within 62 bits as a signed number: a difference of two cannot overflow. */
static int small_signed(const ValFacts *f, Val v)
{
	if (v.kind == V_IMM)
		return v.n >= -(INT64_C(1) << 62) && v.n < (INT64_C(1) << 62);
	IrType t = type_of(f, v);
	return val_bound(f, v) < TOP / 2 || (ir_type_is_scalar(t) && ir_type_info[t].is_signed);
}

static int no_overflow(const ValFacts *f, int sgn, Val x, Val y)
{
	if (sgn)
		return small_signed(f, x) && small_signed(f, y);
	return val_bound(f, x) < TOP && val_bound(f, y) < TOP;
}

static int is_k(Val v) { return v.kind == V_IMM && fits_s32(v.n); }

/* The top bit of an operand when it is known (a constant, a value below
 * 2^63), else -1. */
static int known_top(const ValFacts *f, Val v)
{
	if (v.kind == V_IMM)
		return v.n < 0;
	return val_bound(f, v) < TOP ? 0 : -1;
}

static int scalar(const ValFacts *f, Val v)
{
	return v.kind == V_IMM || ir_type_is_scalar(type_of(f, v));
}

int cmp_branch_free(const ValFacts *f, Cond cc, Val x, Val y)
{
	if (!scalar(f, x) || !scalar(f, y) || reduce[cc].kind == K_BRANCH)
		return 0;
	return reduce[cc].kind != K_LT || no_overflow(f, reduce[cc].sgn, x, y) ||
	       known_top(f, x) >= 0 || known_top(f, y) >= 0;
}

static uint64_t umax(Cv *c, Val v) { return val_bound(c->f, v); }

static Val less(Cv *c, int sgn, Val x, Val y)
{
	if (sgn && y.kind == V_IMM && y.n == 0)
		return top_bit(c, x);           /* x s< 0: its sign */
	Val d = alu(c, ALU_SUB, x, y);
	if (no_overflow(c->f, sgn, x, y))
		return top_bit(c, d);
	/* cmp_branch_free: the top bit of one operand is known */
	int kb = known_top(c->f, y) >= 0;
	Val v = kb ? x : y;
	int ktop = known_top(c->f, kb ? y : x);
	if (with_constant[sgn][kb][ktop].invert)
		v = alu(c, ALU_XOR, v, vimm(-1));
	return top_bit(c, alu(c, with_constant[sgn][kb][ktop].op, d, v));
}

/* x != 0 (ne) or x == 0, for x at most xmax */
static Val nonzero(Cv *c, Val x, uint64_t xmax, int ne)
{
	if (xmax <= 1)
		return ne ? x : alu(c, ALU_XOR, x, vimm(1));
	if (xmax < TOP)
		return top_bit(c, ne ? neg(c, x) : alu(c, ALU_ADD, x, vimm(-1)));
	/* x / x is 1, or 0 when x is 0 (BPF divides by 0 to 0); x - 1
	 * divided by 2^64 - 1 is 1 only when x - 1 wrapped around. The
	 * verifier bounds no quotient: the and tells it 0 or 1. */
	Val q = ne ? alu(c, ALU_DIV, x, x) : alu(c, ALU_DIV, alu(c, ALU_ADD, x, vimm(-1)), vimm(-1));
	return alu(c, ALU_AND, q, vimm(1));
}

static Val equal(Cv *c, Kind kind, Val x, Val y)
{
	if (x.kind == V_IMM) {
		Val t = x;
		x = y;
		y = t;
	}
	uint64_t xm = umax(c, x), ym = umax(c, y);
	if (y.kind == V_IMM && y.n == 0)
		return nonzero(c, x, xm, kind == K_NE);
	if (y.kind == V_IMM && y.n < 0 && y.n > INT32_MIN)
		return nonzero(c, alu(c, ALU_ADD, x, vimm(-y.n)), range_sat_add(xm, (uint64_t)-y.n),
			       kind == K_NE);
	return nonzero(c, alu(c, ALU_XOR, x, y), range_fill(xm > ym ? xm : ym), kind == K_NE);
}

/* a >= K is K - 1 < a, and K >= b is b < K + 1, when K moves without
 * wrapping around and still fits an immediate. */
static int move_constant(int sgn, Val *x, Val *y)
{
	Val *k = is_k(*y) ? y : is_k(*x) ? x : NULL;
	if (!k)
		return 0;
	int64_t step = k == y ? -1 : 1;
	int64_t edge = k == y ? (sgn ? INT64_MIN : 0) : (sgn ? INT64_MAX : -1);
	if (k->n == edge || !fits_s32(k->n + step))
		return 0;
	Val t = *x;
	*x = *y;
	*y = t;
	k = k == y ? x : y;
	k->n += step;
	return 1;
}

static Val build(Cv *c, Cond cc, Val x, Val y)
{
	Kind kind = reduce[cc].kind;
	Val v;
	if (kind != K_LT) {
		v = equal(c, kind, x, y);
	} else {
		int sgn = reduce[cc].sgn, negated = reduce[cc].neg;
		if (reduce[cc].swap) {
			Val t = x;
			x = y;
			y = t;
		}
		if (negated && !(sgn && y.kind == V_IMM && y.n == 0) && move_constant(sgn, &x, &y))
			negated = 0;
		v = less(c, sgn, x, y);
		if (negated)
			v = alu(c, ALU_XOR, v, vimm(1));
	}
	return v;
}

static int rewrite(Cv *c, Ins *in)
{
	if (!cmp_branch_free(c->f, in->sub, in->args[0], in->args[1]))
		return 0;
	make_copy(c->a, in, build(c, in->sub, in->args[0], in->args[1]));
	return 1;
}

/* A test of a comparison's value against 0 or 1 (`br ne %c, 0`,
 * `cmp eq %c, 0`, with %c = cmp CC a, b) tests a CC b, or its inverse. */
static int test_of_cmp(Ins *t, Ins **def)
{
	if (!t || (t->op != I_BR && t->op != I_CMP) || t->args[0].kind != V_TMP ||
	    t->args[1].kind != V_IMM)
		return 0;
	Ins *d = def[t->args[0].n];
	if (!d || d->op != I_CMP)
		return 0;
	int t0 = cond_holds(t->sub, 0, (uint64_t)t->args[1].n);
	int t1 = cond_holds(t->sub, 1, (uint64_t)t->args[1].n);
	Cond cc = d->sub;
	if (t0 == t1 || (!t1 && cond_info[cc].inverse == CC_COUNT))
		return 0;
	t->sub = t1 ? cc : cond_info[cc].inverse;
	t->args[0] = d->args[0];
	t->args[1] = d->args[1];
	return 1;
}

int pass_cmpval(Arena *a, IrProg *p)
{
	Cv c = {a, p, val_facts(a, p), NULL, 0, {0, 0}};
	Ins **def = def_map(a, p, NULL);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++)
			changed |= test_of_cmp(b->ins.v[j], def);
	}
	int *uses = use_counts(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		c.b = p->blks.v[i];
		for (int j = 0; j < c.b->ins.n; j++) {
			Ins *in = c.b->ins.v[j];
			if (in->op != I_CMP || in->dst.kind != V_TMP || !uses[in->dst.n])
				continue;
			c.at = j;
			c.pos = in->pos;
			if (rewrite(&c, in)) {
				changed = 1;
				j = c.at;
			}
		}
	}
	return changed;
}
