/* narrow.c: ALU narrowing. A 64-bit operation becomes its 32-bit form
 * (`.w`, result zero-extended) only where both give the same result for
 * every value the operands can hold (range.c bounds them): an addition or
 * multiplication that cannot carry past bit 31, division and modulo and
 * or/xor of values below 2^32, an and with one such operand, shifts by a
 * constant below 32 of values below 2^32 (2^31 for sar). Extensions and
 * masks that cannot change their operand, because it is already that
 * narrow, become copies; a mask of the low 8, 16 or 32 bits becomes the
 * zero extension it is (one mov32 for 32 bits); a mask that clears every
 * bit the operand can have is 0. Never on a pointer:
 * range.c bounds none, a packet pointer read from a u32 context field
 * included. */
#include "opt.h"

#define U32 0xffffffffull

static int same_in_32(Range *r, const Ins *in)
{
	uint64_t x = range_max(r, in->args[0]), y = range_max(r, in->args[1]);
	Val k = in->args[1];
	int sh = k.kind == V_IMM && k.n >= 0 && k.n < 32;
	switch (in->sub) {
	case ALU_ADD: return x <= U32 && y <= U32 && x + y <= U32;
	case ALU_MUL: return x <= U32 && y <= U32 && x * y <= U32;
	case ALU_DIV: case ALU_MOD: case ALU_OR: case ALU_XOR:
		return x <= U32 && y <= U32;
	case ALU_AND: return x <= U32 || y <= U32;
	case ALU_SHL: return sh && x <= (U32 >> k.n);
	case ALU_SHR: return sh && x <= U32;
	case ALU_SAR: return sh && x <= (U32 >> 1);
	default: return 0;
	}
}

int pass_narrow(Arena *a, IrProg *p)
{
	Range *r = range_new(a, p), *seen = range_new_verifier(a, p);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind != V_TMP)
				continue;
			if (in->op == I_ZEXT &&
			    range_max(seen, in->args[0]) <= eval_zext(UINT64_MAX, in->width)) {
				make_copy(a, in, in->args[0]);
				changed = 1;
			} else if (in->op == I_ALU && in->sub == ALU_AND && !in->w32 &&
				   in->args[1].kind == V_IMM && in->args[0].kind == V_TMP) {
				uint64_t m = range_max(seen, in->args[0]);
				uint64_t fill = m ? UINT64_MAX >> __builtin_clzll(m) : 0;
				uint64_t k = (uint64_t)in->args[1].n;
				if (!(k & range_fill(range_max(r, in->args[0])))) {
					/* the mask clears every bit the value can have */
					make_copy(a, in, (Val){V_IMM, 0});
					changed = 1;
				} else if ((k & fill) == fill) {
					make_copy(a, in, in->args[0]);
					changed = 1;
				} else if (k == 0xff || k == 0xffff || k == U32) {
					/* a zero extension: for 32 bits one mov32 */
					in->op = I_ZEXT;
					in->width = k == 0xff ? 1 : k == 0xffff ? 2 : 4;
					in->nargs = 1;
					changed = 1;
				} else if (same_in_32(r, in)) {
					in->w32 = 1;
					changed = 1;
				}
			} else if (in->op == I_ALU && !in->w32 && same_in_32(r, in)) {
				in->w32 = 1;
				changed = 1;
			}
		}
	}
	return changed;
}
