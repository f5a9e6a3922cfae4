/* bitmask.c: bitmask check fusion. `(logand flags K)` tested against zero
 * computes the AND only to branch on it; BPF's `if x & K goto` tests the
 * bits directly, so `br ne (and x, K), 0` becomes `br set x, K` (and `eq`
 * the same with its targets swapped). The AND goes away when nothing
 * else uses it. */
#include "opt.h"

int pass_bitmask(Arena *a, IrProg *p)
{
	Ins **def = def_map(a, p, NULL);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Ins *t = ir_term(p->blks.v[i]);
		if (!t || t->op != I_BR || (t->sub != CC_NE && t->sub != CC_EQ))
			continue;
		for (int q = 0; q < 2; q++) {
			Val v = t->args[q], z = t->args[!q];
			Ins *d = v.kind == V_TMP ? def[v.n] : NULL;
			if (z.kind != V_IMM || z.n != 0 || !d || d->op != I_ALU ||
			    d->sub != ALU_AND || d->w32)
				continue;
			Val x = d->args[0], k = d->args[1];
			if (x.kind == V_IMM) {
				Val s = x;
				x = k;
				k = s;
			}
			if (x.kind != V_TMP || k.kind != V_IMM || !fits_s32(k.n))
				continue;
			if (t->sub == CC_EQ) {
				Blk *s = t->blks[0];
				t->blks[0] = t->blks[1];
				t->blks[1] = s;
			}
			t->sub = CC_SET;
			t->args[0] = x;
			t->args[1] = k;
			changed = 1;
			break;
		}
	}
	return changed;
}
