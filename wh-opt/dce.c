/* dce.c: dead code elimination — instructions without effects whose
 * result nobody uses are deleted, until none is left. */
#include "opt.h"

int pass_dce(Arena *a, IrProg *p)
{
	int changed = 0, again = 1;
	while (again) {
		again = 0;
		int *uses = use_counts(a, p);
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = b->ins.n - 1; j >= 0; j--) {
				Ins *in = b->ins.v[j];
				if (ir_has_effect(in) || in->dst.kind != V_TMP || uses[in->dst.n])
					continue;
				remove_ins(b, j);
				again = changed = 1;
			}
		}
	}
	return changed;
}
