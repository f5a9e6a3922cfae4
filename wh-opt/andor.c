/* andor.c: the values of and, or and if over comparisons, without
 * branches. wh-lower gives `(and (< a b) (< c d))` as a branch on a < b
 * around a block that computes c < d, joined by a phi of 0 and that
 * value: a triangle (a diamond for an if with two arms), whose arms hold
 * a few pure instructions. When every phi of the join holds 0 or 1 on
 * both sides, and cmpval computes the branch's test and the arms'
 * comparisons without branches (cmp_branch_free), the arms move above
 * the branch, its test becomes a value C, and each phi's choice becomes
 * arithmetic: C & v, C | v, !C & v, !C | v when one side is a constant,
 * v0 ^ ((v0 ^ v1) & C) otherwise. The branch becomes a jump and the arms
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

/* Every phi of j chooses between 0 and 1, or between one value. */
static int choices_fit(const ValFacts *f, Blk *j, Blk *from_t, Blk *from_e)
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
		if (!val_eq(vt, ve) &&
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

static Val not_c(Sel *s)
{
	if (s->notc.kind == V_NONE) {
		Cond inv = cond_info[s->br->sub].inverse;
		s->notc = inv == CC_COUNT ? put(s, I_ALU, ALU_XOR, s->c, vimm(1)) :
			put(s, I_CMP, inv, s->br->args[0], s->br->args[1]);
	}
	return s->notc;
}

static int is_imm(Val v, int64_t k) { return v.kind == V_IMM && v.n == k; }

/* c ? vt : ve, for vt and ve 0 or 1 */
static Val choose(Sel *s, Val vt, Val ve)
{
	if (val_eq(vt, ve))
		return vt;
	if (is_imm(vt, 1) && is_imm(ve, 0))
		return s->c;
	if (is_imm(vt, 0) && is_imm(ve, 1))
		return not_c(s);
	if (is_imm(ve, 0))
		return put(s, I_ALU, ALU_AND, s->c, vt);
	if (is_imm(vt, 1))
		return put(s, I_ALU, ALU_OR, s->c, ve);
	if (is_imm(ve, 1))
		return put(s, I_ALU, ALU_OR, not_c(s), vt);
	if (is_imm(vt, 0))
		return put(s, I_ALU, ALU_AND, not_c(s), ve);
	Val d = put(s, I_ALU, ALU_AND, put(s, I_ALU, ALU_XOR, ve, vt), s->c);
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
	if (!cmp_branch_free(f, br->sub, br->args[0], br->args[1]))
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
	if (!choices_fit(f, j, from_t, from_e))
		return 0;
	Sel s = {a, p, b, br, {V_NONE, 0}, {V_NONE, 0}};
	for (Blk *x = t; x; x = x == t ? e : NULL)
		if (x != j)
			move_arm(a, b, x);
	s.c = put(&s, I_CMP, br->sub, br->args[0], br->args[1]);
	for (int k = 0; k < j->ins.n; k++) {
		Ins *in = j->ins.v[k];
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
	for (Blk *x = t; x; x = x == t ? e : NULL)
		if (x != j)
			drop_block(p, x);
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
