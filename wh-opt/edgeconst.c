/* edgeconst.c: what an equality branch proves. Where `br eq x, K` (or
 * `br ne x, K`) leads to a block that only that edge enters, x is K in
 * every block that block dominates: operations there read K instead
 * (where they can hold the immediate) and may fold. Returns, phis, copies
 * and helper arguments keep x: a register already holding it costs no
 * more than the constant, and often is the one they need. */
#include "opt.h"

/* Uses of x in the blocks dominated by t read k: the blocks of t's
 * subtree of the dominator tree, found with `stack` (room for every
 * block). */
static int replace_below(const Dom *d, Blk **stack, Blk *t, Val x, int64_t k)
{
	int changed = 0, sp = 0;
	stack[sp++] = t;
	while (sp) {
		Blk *b = stack[--sp];
		for (int i = 0; i < d->kids[b->id].n; i++)
			stack[sp++] = d->kids[b->id].v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_RET || in->op == I_PHI || in->op == I_COPY || in->op == I_CALL)
				continue;
			for (int q = 0; q < in->nargs; q++) {
				if (!val_eq(in->args[q], x) || !imm_fits(in, q, k))
					continue;
				in->args[q] = vimm(k);
				changed = 1;
			}
		}
	}
	return changed;
}

int pass_edgeconst(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	Blk **stack = arena_alloc(a, sizeof(Blk *) * (size_t)(p->blks.n + 1));
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		Ins *br = ir_term(b);
		if (!br || br->op != I_BR || (br->sub != CC_EQ && br->sub != CC_NE) ||
		    br->args[0].kind != V_TMP || br->args[1].kind != V_IMM || !dom_reachable(d, b))
			continue;
		Blk *t = br->blks[br->sub == CC_EQ ? 0 : 1];
		if (t == br->blks[br->sub == CC_EQ ? 1 : 0] || t->preds.n != 1)
			continue;
		changed |= replace_below(d, stack, t, br->args[0], br->args[1].n);
	}
	return changed;
}
