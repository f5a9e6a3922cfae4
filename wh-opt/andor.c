/* andor.c: the values of and, or and if over comparisons, without
 * branches. wh-lower gives `(and (< a b) (< c d))` as a branch on a < b
 * around a block that computes c < d, joined by a phi of 0 and that
 * value: a triangle (a diamond for an if with two arms), whose arms hold
 * a few pure instructions. When every phi of the join holds 0 or 1 on
 * both sides, and cmpval computes the branch's test and the arms'
 * comparisons without branches (cmp_branch_free), the arms move above
 * the branch, its test becomes a value C, and each phi's choice becomes
 * arithmetic: C & v, C | v, !C & v, !C | v when one side is a constant,
 * v0 ^ ((v0 ^ v1) & C) otherwise. A test of one bit (`br set x, 2^j`)
 * is a value too, x >> j & 1, and after one a choice between 0 and a
 * power of two 2^i is the tested bit moved to bit i ((if (logand flags
 * #x40) 4 0) is flags >> 4 & 4). The branch becomes a jump and the arms
 * go. Nested ands and ors fold from the inside out: once the inner one
 * is arithmetic, its block is an arm of the outer one. */
#include "opt.h"

enum { ARM_LIMIT = 8 };         /* instructions an arm may hold */

/* Whether x, a successor of p, is an arm that ends at j: x is j itself
 * (nothing to move), or p is x's only predecessor, x jumps to j and holds
 * only pure instructions, none a comparison cmpval would leave a branch. */
static int arm(const ValFacts *f, Blk *p, Blk *x, Blk *j)
{
	if (x == j)
		return 1;
	Ins *t = ir_term(x);
	if (x == p || x->preds.n != 1 || x->preds.v[0] != p || !t || t->op != I_JMP ||
	    t->blks[0] != j || x->ins.n - 1 > ARM_LIMIT)
		return 0;
	for (int k = 0; k < x->ins.n - 1; k++) {
		Ins *in = x->ins.v[k];
		if (!is_pure(in) || (in->op == I_CMP &&
				     !cmp_branch_free(f, in->sub, in->args[0], in->args[1])))
			return 0;
	}
	return 1;
}

static Blk *succ(Blk *x)
{
	Ins *t = ir_term(x);
	return t && t->op == I_JMP ? t->blks[0] : NULL;
}

static int phi_slot(const Ins *phi, const Blk *pred)
{
	for (int k = 0; k < phi->nargs; k++)
		if (phi->blks[k] == pred)
			return k;
	return -1;
}

static int is_imm(Val v, int64_t k) { return v.kind == V_IMM && v.n == k; }

/* The bit a power of two sets, or -1. */
static int bit_of(uint64_t k)
{
	return k && !(k & (k - 1)) ? __builtin_ctzll(k) : -1;
}

/* Every phi of j chooses between 0 and 1, or between one value; after
 * a test of one bit (flags), also between 0 and a power of two: the bit
 * moved there costs what the branch does, a comparison shifted more. */
static int choices_fit(const ValFacts *f, Blk *j, Blk *from_t, Blk *from_e, int flags)
{
	int nphi = 0;
	for (int k = 0; k < j->ins.n; k++) {
		Ins *in = j->ins.v[k];
		if (in->op != I_PHI)
			continue;
		int st = phi_slot(in, from_t), se = phi_slot(in, from_e);
		if (st < 0 || se < 0)
			return 0;
		Val vt = in->args[st], ve = in->args[se];
		int flag = flags &&
			   ((is_imm(vt, 0) && ve.kind == V_IMM && bit_of((uint64_t)ve.n) >= 0) ||
			    (is_imm(ve, 0) && vt.kind == V_IMM && bit_of((uint64_t)vt.n) >= 0));
		if (!val_eq(vt, ve) && !flag &&
		    (val_bound(f, vt) > 1 || val_bound(f, ve) > 1))
			return 0;
		nphi++;
	}
	return nphi > 0;
}

typedef struct {
	Arena *a;
	IrProg *p;
	Blk *b;
	Ins *br;
	int bit;                /* the branch tests this bit of its operand, or -1 */
	Val c, notc;            /* the branch's test, and its inverse once made */
} Sel;

static Val put(Sel *s, IrOp op, int sub, Val x, Val y)
{
	Ins *in = ir_new(s->a, op, s->br->pos, 2);
	in->sub = sub;
	in->args[0] = x;
	in->args[1] = y;
	in->dst = new_tmp(s->p);
	insert_ins(s->a, s->b, s->b->ins.n - 1, in);
	return in->dst;
}

/* The test as 0 or 2^i: a comparison shifted, or the tested bit moved. */
static Val test_shifted(Sel *s, int i)
{
	if (s->bit < 0) {
		if (s->c.kind == V_NONE)
			s->c = put(s, I_CMP, s->br->sub, s->br->args[0], s->br->args[1]);
		return i ? put(s, I_ALU, ALU_SHL, s->c, vimm(i)) : s->c;
	}
	if (!i && s->c.kind != V_NONE)
		return s->c;
	Val x = s->br->args[0];
	if (s->bit > i)
		x = put(s, I_ALU, ALU_SHR, x, vimm(s->bit - i));
	else if (s->bit < i)
		x = put(s, I_ALU, ALU_SHL, x, vimm(i - s->bit));
	Val v = put(s, I_ALU, ALU_AND, x, vimm((int64_t)1 << i));
	if (!i)
		s->c = v;
	return v;
}

static Val test(Sel *s) { return test_shifted(s, 0); }

static Val not_test(Sel *s)
{
	if (s->notc.kind == V_NONE) {
		Cond inv = cond_info[s->br->sub].inverse;
		s->notc = s->bit >= 0 || inv == CC_COUNT ? put(s, I_ALU, ALU_XOR, test(s), vimm(1)) :
			put(s, I_CMP, inv, s->br->args[0], s->br->args[1]);
	}
	return s->notc;
}

/* c ? vt : ve, for vt and ve 0 or 1, or 0 and a power of two */
static Val choose(Sel *s, Val vt, Val ve)
{
	if (val_eq(vt, ve))
		return vt;
	int bt = vt.kind == V_IMM ? bit_of((uint64_t)vt.n) : -1;
	int be = ve.kind == V_IMM ? bit_of((uint64_t)ve.n) : -1;
	if (bt >= 0 && is_imm(ve, 0))
		return test_shifted(s, bt);
	if (is_imm(vt, 0) && be > 0)
		return put(s, I_ALU, ALU_XOR, test_shifted(s, be), ve);
	if (is_imm(vt, 0) && is_imm(ve, 1))
		return not_test(s);
	if (is_imm(ve, 0))
		return put(s, I_ALU, ALU_AND, test(s), vt);
	if (is_imm(vt, 1))
		return put(s, I_ALU, ALU_OR, test(s), ve);
	if (is_imm(ve, 1))
		return put(s, I_ALU, ALU_OR, not_test(s), vt);
	if (is_imm(vt, 0))
		return put(s, I_ALU, ALU_AND, not_test(s), ve);
	/* one emission per statement: C leaves the order of a call's
	 * arguments open, and the instructions must come out the same
	 * whichever compiler built us */
	Val t = test(s);
	Val x = put(s, I_ALU, ALU_XOR, ve, vt);
	Val d = put(s, I_ALU, ALU_AND, x, t);
	return put(s, I_ALU, ALU_XOR, ve, d);
}

/* The instructions of arm x, above the branch that ends b. */
static void move_arm(Arena *a, Blk *b, Blk *x)
{
	for (int k = 0; k < x->ins.n - 1; k++)
		insert_ins(a, b, b->ins.n - 1, x->ins.v[k]);
	x->ins.n = 0;
}

static int convert(Arena *a, IrProg *p, const ValFacts *f, Blk *b)
{
	Ins *br = ir_term(b);
	if (!br || br->op != I_BR || br->blks[0] == br->blks[1])
		return 0;
	Val x = br->args[0], k = br->args[1];
	int bit = br->sub == CC_SET && x.kind == V_TMP && ir_type_is_scalar(f->ty[x.n]) &&
		  k.kind == V_IMM ? bit_of((uint64_t)k.n) : -1;
	if (bit < 0 && !cmp_branch_free(f, br->sub, x, k))
		return 0;
	Blk *t = br->blks[0], *e = br->blks[1], *j;
	if (arm(f, b, t, e))
		j = e;
	else if (arm(f, b, e, t))
		j = t;
	else if (succ(t) && succ(t) == succ(e) && arm(f, b, t, succ(t)) && arm(f, b, e, succ(t)))
		j = succ(t);
	else
		return 0;
	if (j == b)
		return 0;
	Blk *from_t = t == j ? b : t, *from_e = e == j ? b : e;
	if (!choices_fit(f, j, from_t, from_e, bit >= 0))
		return 0;
	Sel s = {a, p, b, br, bit, {V_NONE, 0}, {V_NONE, 0}};
	for (Blk *arm = t; arm; arm = arm == t ? e : NULL)
		if (arm != j)
			move_arm(a, b, arm);
	for (int q = 0; q < j->ins.n; q++) {
		Ins *in = j->ins.v[q];
		if (in->op != I_PHI)
			continue;
		int st = phi_slot(in, from_t), se = phi_slot(in, from_e);
		in->args[st] = choose(&s, in->args[st], in->args[se]);
		in->blks[st] = b;
		in->args[se] = in->args[in->nargs - 1];
		in->blks[se] = in->blks[in->nargs - 1];
		in->nargs--;
	}
	br->op = I_JMP;
	br->nargs = 0;
	br->blks[0] = j;
	for (Blk *arm = t; arm; arm = arm == t ? e : NULL)
		if (arm != j)
			drop_block(p, arm);
	ir_fill_preds(a, p);
	return 1;
}

int pass_andor(Arena *a, IrProg *p)
{
	int changed = 0;
	ir_fill_preds(a, p);
	for (int again = 1, round = 0; again && round < 64; round++) {
		again = 0;
		const ValFacts *f = val_facts(a, p);
		for (int i = 0; i < p->blks.n && !again; i++)
			again = convert(a, p, f, p->blks.v[i]);
		changed |= again;
	}
	return changed;
}
