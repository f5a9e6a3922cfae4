/* phis.c: trivial phi elimination — a phi whose operands are all the
 * same value (or the phi itself) is that value. */
#include "opt.h"

int pass_phis(Arena *a, IrProg *p)
{
	int changed = 0;
	Val *map = subst_new(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op != I_PHI)
				continue;
			Val same = {V_NONE, 0};
			int trivial = 1;
			for (int k = 0; k < in->nargs && trivial; k++) {
				Val v = in->args[k];
				if (val_eq(v, in->dst) || val_eq(v, same))
					continue;
				if (same.kind != V_NONE)
					trivial = 0;
				same = v;
			}
			if (!trivial)
				continue;
			if (same.kind == V_NONE)
				same = vimm(0);         /* only self-references: undefined */
			make_copy(a, in, same);
			map[in->dst.n] = same;
			changed = 1;
		}
	}
	if (changed) {
		subst_apply(p, map);
		for (int i = 0; i < p->blks.n; i++)
			phis_first(p->blks.v[i]);
	}
	return changed;
}
