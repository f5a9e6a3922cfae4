/* reassoc.c: constants move outward in sums. `a + (y + c)`, where the
 * inner sum has no other use, becomes `(a + y) + c`: the constant then
 * adds in place (or folds into a memory offset, see offsets.c) instead
 * of the inner sum needing a register of its own while a is still live.
 * 64-bit additions only (their order does not matter modulo 2^64). A
 * CO-RE constant (`core`, which the loader patches) moves out as a number
 * does: wh-emit then adds it in place, the relocation on that add. */
#include "opt.h"

/* def covers the tmps that existed when the pass began (< ntmp); the
 * sums it makes are none of its constants. */
static int constant(Ins **def, int ntmp, Val v)
{
	return v.kind == V_IMM ||
	       (v.kind == V_TMP && v.n < ntmp && def[v.n] && def[v.n]->op == I_CORE);
}

static int const_sum(Ins **def, int ntmp, const Ins *d)
{
	return d && d->op == I_ALU && d->sub == ALU_ADD && !d->w32 && d->args[0].kind == V_TMP &&
	       !constant(def, ntmp, d->args[0]) && constant(def, ntmp, d->args[1]);
}

int pass_reassoc(Arena *a, IrProg *p)
{
	Ins **def = def_map(a, p, NULL);
	int *uses = use_counts(a, p);
	int ntmp = p->ntmp, changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op != I_ALU || in->sub != ALU_ADD || in->w32)
				continue;
			for (int k = 0; k < 2; k++) {
				Val x = in->args[k], other = in->args[1 - k];
				if (x.kind != V_TMP || other.kind != V_TMP || x.n >= ntmp ||
				    uses[x.n] != 1 || !const_sum(def, ntmp, def[x.n]))
					continue;
				const Ins *inner = def[x.n];
				Ins *sum = ir_new(a, I_ALU, in->pos, 2);
				sum->sub = ALU_ADD;
				sum->args[0] = other;
				sum->args[1] = inner->args[0];
				sum->dst = new_tmp(p);
				insert_ins(a, b, j++, sum);
				in->args[0] = sum->dst;
				in->args[1] = inner->args[1];
				changed = 1;
				break;
			}
		}
	}
	return changed;
}
