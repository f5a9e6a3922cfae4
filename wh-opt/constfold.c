/* constfold.c: constant folding — operations on immediates become
 * copies of their result (eval.c computes them as the machine would),
 * operations one constant decides (x + 0, x / 0, x mod 0 ...) become
 * copies, shift amounts go below the width, operations whose range
 * (range.c) holds only 0 become 0, masks that keep every bit the range
 * allows go, branches on immediates become jumps. */
#include "opt.h"

/* An operation one constant operand decides, as alu_partial (shared/
 * alu.c) says: x / 0 and x * 0 are 0, x mod 0 and x + 0 are x, and a
 * shift by the width or more is the shift by that amount modulo the
 * width, the immediate the machine takes. */
static int fold_partial(Arena *a, Ins *in)
{
	for (int q = 1; q >= 0; q--) {
		uint64_t v;
		if (in->args[q].kind != V_IMM)
			continue;
		switch (alu_partial(in->sub, in->w32, q == 1, (uint64_t)in->args[q].n, &v)) {
		case ALU_CONST:
			make_copy(a, in, vimm((int64_t)v));
			return 1;
		case ALU_LEFT:
			make_copy(a, in, in->args[0]);
			return 1;
		case ALU_LOW32:
			in->op = I_ZEXT;
			in->width = 4;
			in->nargs = 1;
			return 1;
		case ALU_AMOUNT:
			in->args[1] = vimm((int64_t)v);
			return 1;
		case ALU_UNKNOWN:
			break;
		}
	}
	return 0;
}

int pass_constfold(Arena *a, IrProg *p)
{
	int changed = 0;
	Range *rg = range_new(a, p), *seen = range_new_verifier(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			uint64_t k[2] = {0, 0}, r;
			int nimm = 0;
			for (int q = 0; q < in->nargs && q < 2; q++)
				if (in->args[q].kind == V_IMM) {
					k[q] = (uint64_t)in->args[q].n;
					nimm++;
				}
			if (in->op == I_BR) {
				if (nimm == 2) {
					fold_branch(b, cond_holds(in->sub, k[0], k[1]) ? 0 : 1);
					changed = 1;
				}
				continue;
			}
			if (in->op == I_COPY || !is_pure(in))
				continue;
			if (nimm == in->nargs && eval_ins(in, k, &r)) {
				make_copy(a, in, vimm((int64_t)r));
				changed = 1;
			} else if (in->op == I_ALU && fold_partial(a, in)) {
				changed = 1;
			} else if (in->op == I_ALU && in->sub == ALU_AND && in->args[1].kind == V_IMM &&
				   (k[1] & (k[1] + 1)) == 0 && range_max(seen, in->args[0]) <= k[1]) {
				make_copy(a, in, in->args[0]);      /* the mask keeps every bit */
				changed = 1;
			} else if (in->dst.kind == V_TMP && range_max(rg, in->dst) == 0) {
				make_copy(a, in, vimm(0));
				changed = 1;
			}
		}
	}
	return changed;
}
