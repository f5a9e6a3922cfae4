/* constfold.c: constant folding — operations on immediates become
 * copies of their result (eval.c computes them as the machine would),
 * additions of zero and the like become copies, operations whose range
 * (range.c) holds only 0 become 0, masks that keep every bit the range
 * allows go, branches on immediates become jumps. */
#include "opt.h"

/* x OP 0 == x for these, on 64 bits */
static int zero_is_identity(AluOp op)
{
	return op == ALU_ADD || op == ALU_SUB || op == ALU_OR || op == ALU_XOR ||
	       op == ALU_SHL || op == ALU_SHR || op == ALU_SAR;
}

int pass_constfold(Arena *a, IrProg *p)
{
	int changed = 0;
	Range *rg = range_new(a, p);
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
			} else if (in->op == I_ALU && !in->w32 && in->args[1].kind == V_IMM &&
				   k[1] == 0 && zero_is_identity(in->sub)) {
				make_copy(a, in, in->args[0]);
				changed = 1;
			} else if (in->op == I_ALU && in->sub == ALU_AND && in->args[1].kind == V_IMM &&
				   (k[1] & (k[1] + 1)) == 0 && range_max(rg, in->args[0]) <= k[1]) {
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
