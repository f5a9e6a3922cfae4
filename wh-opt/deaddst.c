/* deaddst.c: dead destinations — a helper call whose result nobody uses
 * keeps its effect but loses its destination, so that nothing downstream
 * reserves a register for it. */
#include "opt.h"

int pass_deaddst(Arena *a, IrProg *p)
{
	int changed = 0;
	int *uses = use_counts(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_CALL && in->dst.kind == V_TMP && !uses[in->dst.n]) {
				in->dst = (Val){V_NONE, 0};
				changed = 1;
			}
		}
	}
	return changed;
}
