/* edges.c: the CFG shape allocation needs. The entry block gets no
 * predecessors, so that the context pointer can be taken from r1 at its
 * very start; a branch whose two ways lead to the same block becomes a
 * jump, so that a phi names each predecessor once. (Edges that need phi
 * copies of their own are split after allocation, in tomir.c, only when
 * the copies cannot go before the branch.) */
#include "ra.h"

static int has_phi(const Blk *b)
{
	return b->ins.n && ((Ins *)b->ins.v[0])->op == I_PHI;
}

void prepare_cfg(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Blk *entry = p->blks.v[0];
	if (entry->preds.n) {
		if (has_phi(entry))
			error_at(p->pos, "%s: phi in the entry block", p->name);
		Blk *b = ir_new_blk(a, p, arena_printf(a, "%s_start", entry->name));
		Ins *j = ir_new(a, I_JMP, p->pos, 0);
		j->blks[0] = entry;
		vec_push(a, &b->ins, j);
		for (int i = p->blks.n - 1; i > 0; i--)
			p->blks.v[i] = p->blks.v[i - 1];
		p->blks.v[0] = b;
	}
	for (int i = 0; i < p->blks.n; i++) {
		Ins *t = ir_term(p->blks.v[i]);
		if (t && t->op == I_BR && t->blks[0] == t->blks[1]) {
			t->op = I_JMP;
			t->nargs = 0;
		}
	}
	ir_fill_preds(a, p);
}
