/* copyprop.c: copy and constant propagation — every use of a `copy`
 * result reads the copied value instead (immediates only where an
 * instruction can encode them). */
#include "opt.h"

int pass_copyprop(Arena *a, IrProg *p)
{
	Val *map = subst_new(a, p);
	int any = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_COPY && in->dst.kind == V_TMP) {
				map[in->dst.n] = in->args[0];
				any = 1;
			}
		}
	}
	return any ? subst_apply(p, map) : 0;
}
