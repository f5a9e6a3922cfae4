/* bswapcmp.c: byte-swap comparison fusion. `(= (ntohs x) K)` swaps x at
 * run time to compare it with a constant; comparing x with the constant
 * swapped at compile time gives the same answer without the swap, when
 * x has no bits above the swapped width (a u16 load for a 16-bit swap)
 * and the swapped constant fits an instruction's immediate. Only eq and
 * ne: a swap does not keep the order of values. */
#include "opt.h"

static int fuse(Ins *in, Ins **def, Range *r)
{
	if (in->op != I_BR && in->op != I_CMP)
		return 0;
	if (in->sub != CC_EQ && in->sub != CC_NE)
		return 0;
	for (int q = 0; q < 2; q++) {
		Val v = in->args[q], k = in->args[!q];
		if (v.kind != V_TMP || k.kind != V_IMM || !def[v.n] || def[v.n]->op != I_BSWAP)
			continue;
		Ins *sw = def[v.n];
		Val x = sw->args[0];
		uint64_t mask = eval_zext(UINT64_MAX, sw->width);
		if (x.kind != V_TMP || range_max(r, x) > mask || (uint64_t)k.n > mask)
			continue;
		int64_t nk = (int64_t)eval_bswap((uint64_t)k.n, sw->width);
		if (!fits_s32(nk))
			continue;
		in->args[q] = x;
		in->args[!q] = vimm(nk);
		return 1;
	}
	return 0;
}

int pass_bswapcmp(Arena *a, IrProg *p)
{
	Ins **def = def_map(a, p, NULL);
	Range *r = range_new(a, p);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++)
			changed |= fuse(b->ins.v[j], def, r);
	}
	return changed;
}
