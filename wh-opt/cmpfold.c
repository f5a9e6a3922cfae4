/* cmpfold.c: equality tests through a constant addition, subtraction or
 * exclusive or: (x + c1) == c2 tests x == c2 - c1, (x - c1) == c2 tests
 * x == c2 + c1, (x ^ c1) == c2 tests x == c2 ^ c1 (and the same for !=).
 * All three are one-to-one on 64 bits, so the test keeps its meaning,
 * and the operation may die. 32-bit operations are left alone: their
 * result drops the high bits of x. */
#include "opt.h"

static int equality(const Ins *in)
{
	return (in->op == I_BR || in->op == I_CMP) && (in->sub == CC_EQ || in->sub == CC_NE);
}

static int fold(Ins *in, void *ctx)
{
	Ins **def = ctx;
	if (!equality(in) || in->args[0].kind != V_TMP || in->args[1].kind != V_IMM)
		return 0;
	const Ins *d = def[in->args[0].n];
	if (!d || d->op != I_ALU || d->w32 || d->args[0].kind != V_TMP || d->args[1].kind != V_IMM)
		return 0;
	uint64_t c1 = (uint64_t)d->args[1].n, c2 = (uint64_t)in->args[1].n, k;
	switch (d->sub) {
	case ALU_ADD: k = c2 - c1; break;
	case ALU_SUB: k = c2 + c1; break;
	case ALU_XOR: k = c2 ^ c1; break;
	default: return 0;
	}
	if (!fits_s32((int64_t)k))
		return 0;
	in->args[0] = d->args[0];
	in->args[1] = vimm((int64_t)k);
	return 1;
}

int pass_cmpfold(Arena *a, IrProg *p)
{
	return each_ins(p, fold, def_map(a, p, NULL));
}
