/* eval.c: operations on constants as the BPF machine computes them —
 * division by zero gives 0, modulo by zero keeps the dividend, shifts use
 * the low 5 or 6 bits, 32-bit operations zero-extend their result. Shared
 * by constant folding and SCCP. */
#include "opt.h"

uint64_t eval_alu(AluOp op, uint64_t a, uint64_t b, int w32)
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
		r = w32 ? (uint64_t)(uint32_t)((int32_t)(uint32_t)a >> sh)
			: (uint64_t)((int64_t)a >> sh);
		break;
	default: break;
	}
	return w32 ? (uint32_t)r : r;
}

uint64_t eval_bswap(uint64_t v, int bytes)
{
	uint64_t r = 0;
	for (int i = 0; i < bytes; i++)
		r = (r << 8) | ((v >> (8 * i)) & 0xff);
	return r;
}

uint64_t eval_zext(uint64_t v, int bytes)
{
	return bytes >= 8 ? v : v & ((1ULL << (8 * bytes)) - 1);
}

int eval_ins(const Ins *in, const uint64_t *k, uint64_t *out)
{
	switch (in->op) {
	case I_COPY: *out = k[0]; return 1;
	case I_ALU: *out = eval_alu(in->sub, k[0], k[1], in->w32); return 1;
	case I_NEG: *out = -k[0]; return 1;
	case I_ZEXT: *out = eval_zext(k[0], in->width); return 1;
	case I_BSWAP: *out = eval_bswap(k[0], in->width); return 1;
	case I_CMP: *out = (uint64_t)cond_holds(in->sub, k[0], k[1]); return 1;
	default: return 0;
	}
}
