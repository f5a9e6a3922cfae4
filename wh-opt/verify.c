/* verify.c: the checks --verify runs after every pass — the structural
 * ones of ir_verify, then SSA dominance: in every reachable block, each
 * operand is defined by an instruction that dominates it (for a phi
 * operand, one that dominates the end of the predecessor it comes from). */
#include "opt.h"

void opt_verify(Arena *a, IrProg *p)
{
	ir_verify(p, 0);
	ir_check_types(a, p);
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	Blk **where;
	Ins **def = def_map(a, p, &where);
	int *idx = arena_alloc(a, sizeof(int) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP)
				idx[in->dst.n] = j;
		}
	}
	for (int i = 0; i < d->nrpo; i++) {
		Blk *b = d->rpo[i];
		int phis_over = 0;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op != I_PHI)
				phis_over = 1;
			else if (phis_over)
				error_at(in->pos, "%s: phi after other instructions in @%s",
					 p->name, b->name);
			for (int k = 0; k < in->nargs; k++) {
				Val v = in->args[k];
				if (v.kind != V_TMP)
					continue;
				Blk *db = where[v.n];
				int ok;
				if (in->op == I_PHI)
					ok = dominates(d, db, in->blks[k]) ||
					     !dom_reachable(d, in->blks[k]);
				else if (db == b)
					ok = idx[v.n] < j;
				else
					ok = dominates(d, db, b);
				if (!ok)
					error_at(in->pos, "%s: %%%lld is used in @%s where its "
						 "definition (in @%s) does not dominate",
						 p->name, (long long)v.n, b->name,
						 db ? db->name : "?");
			}
		}
	}
	(void)def;
}
