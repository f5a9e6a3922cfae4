/* constfold.c: constant folding — operations on immediates become
 * copies of their result, branches on immediates become jumps. Folding
 * follows the BPF machine: division by zero gives 0, modulo by zero
 * keeps the dividend, shifts use the low 6 bits. */
#include "opt.h"

static uint64_t alu(AluOp op, uint64_t a, uint64_t b, int w32)
{
	if (w32) {
		a = (uint32_t)a;
		b = (uint32_t)b;
	}
	int sh = (int)(b & (w32 ? 31 : 63));
	uint64_t r = 0;
	switch (op) {
	case ALU_ADD: r = a + b; break;
	case ALU_SUB: r = a - b; break;
	case ALU_MUL: r = a * b; break;
	case ALU_DIV: r = b ? a / b : 0; break;
	case ALU_MOD: r = b ? a % b : a; break;
	case ALU_AND: r = a & b; break;
	case ALU_OR:  r = a | b; break;
	case ALU_XOR: r = a ^ b; break;
	case ALU_SHL: r = a << sh; break;
	case ALU_SHR: r = a >> sh; break;
	case ALU_SAR:
		r = w32 ? (uint64_t)(uint32_t)((int32_t)a >> sh) : (uint64_t)((int64_t)a >> sh);
		break;
	default: break;
	}
	return w32 ? (uint32_t)r : r;
}

static uint64_t bswap(uint64_t v, int bytes)
{
	uint64_t r = 0;
	for (int i = 0; i < bytes; i++)
		r = (r << 8) | ((v >> (8 * i)) & 0xff);
	return r;
}

static void to_copy(Ins *in, uint64_t v)
{
	in->op = I_COPY;
	in->nargs = 1;
	in->args[0] = vimm((int64_t)v);
}

int pass_constfold(Arena *a, IrProg *p)
{
	(void)a;
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int imm0 = in->nargs > 0 && in->args[0].kind == V_IMM;
			int imm1 = in->nargs > 1 && in->args[1].kind == V_IMM;
			uint64_t x = imm0 ? (uint64_t)in->args[0].n : 0;
			uint64_t y = imm1 ? (uint64_t)in->args[1].n : 0;
			switch (in->op) {
			case I_ALU:
				if (imm0 && imm1) {
					to_copy(in, alu(in->sub, x, y, in->w32));
					changed = 1;
				} else if (imm1 && !in->w32 && y == 0 &&
					   (in->sub == ALU_ADD || in->sub == ALU_SUB ||
					    in->sub == ALU_OR || in->sub == ALU_XOR ||
					    in->sub == ALU_SHL || in->sub == ALU_SHR ||
					    in->sub == ALU_SAR)) {
					in->op = I_COPY;
					in->nargs = 1;
					changed = 1;
				}
				break;
			case I_CMP:
				if (imm0 && imm1) {
					to_copy(in, (uint64_t)cond_holds(in->sub, x, y));
					changed = 1;
				}
				break;
			case I_NEG:
				if (imm0) {
					to_copy(in, -x);
					changed = 1;
				}
				break;
			case I_ZEXT:
				if (imm0) {
					to_copy(in, in->width == 8 ? x : x & ((1ULL << (8 * in->width)) - 1));
					changed = 1;
				}
				break;
			case I_BSWAP:
				if (imm0) {
					to_copy(in, bswap(x, in->width));
					changed = 1;
				}
				break;
			case I_BR:
				if (imm0 && imm1) {
					Blk *to = in->blks[cond_holds(in->sub, x, y) ? 0 : 1];
					in->op = I_JMP;
					in->nargs = 0;
					in->blks[0] = to;
					changed = 1;
				}
				break;
			default:
				break;
			}
		}
	}
	return changed;
}
