/* offsets.c: constant offset folding. A memory access through `add p, K`
 * (or `sub p, K`) becomes an access through p with K added to its offset,
 * when the sum fits the instruction's signed 16-bit offset; an addition
 * of a constant to an addition of a constant used nowhere else becomes
 * one addition. The
 * verifier wants exactly this for the context pointer (constant offsets
 * only), and every folded addition is an instruction saved. */
#include "opt.h"

/* v is `t + K` for a tmp t: 1, and *t, *k set */
static int plus_const(Ins **def, Val v, Val *t, int64_t *k)
{
	if (v.kind != V_TMP || !def[v.n] || def[v.n]->op != I_ALU || def[v.n]->w32)
		return 0;
	Ins *d = def[v.n];
	Val x = d->args[0], y = d->args[1];
	if (d->sub == ALU_ADD && x.kind == V_IMM && y.kind == V_TMP) {
		Val s = x;
		x = y;
		y = s;
	}
	if (x.kind != V_TMP || y.kind != V_IMM)
		return 0;
	if (d->sub == ALU_ADD)
		*k = y.n;
	else if (d->sub == ALU_SUB && y.n != INT64_MIN)
		*k = -y.n;
	else
		return 0;
	*t = x;
	return 1;
}

static int fold(Ins *in, Ins **def, const int *uses)
{
	Val t;
	int64_t k;
	int changed = 0;
	switch (in->op) {
	case I_LOAD: case I_STORE: case I_ATOMIC:
		while (plus_const(def, in->args[0], &t, &k) && k >= INT16_MIN && k <= INT16_MAX &&
		       in->off >= INT16_MIN && in->off <= INT16_MAX &&
		       in->off + k >= INT16_MIN && in->off + k <= INT16_MAX) {
			in->args[0] = t;
			in->off += k;
			changed = 1;
		}
		return changed;
	case I_ALU: {
		int64_t k2;
		Val t2;
		/* only when the inner addition dies: otherwise both sums stay
		 * alive, each built from the base, where one could be updated */
		if (!plus_const(def, in->dst, &t, &k) || !plus_const(def, t, &t2, &k2) ||
		    uses[t.n] != 1)
			return 0;
		int64_t sum;
		if (__builtin_add_overflow(k, k2, &sum) || !fits_s32(sum))
			return 0;
		in->sub = ALU_ADD;
		in->args[0] = t2;
		in->args[1] = vimm(sum);
		return 1;
	}
	default:
		return 0;
	}
}

int pass_offsets(Arena *a, IrProg *p)
{
	Ins **def = def_map(a, p, NULL);
	int *uses = use_counts(a, p);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++)
			changed |= fold(b->ins.v[j], def, uses);
	}
	return changed;
}
