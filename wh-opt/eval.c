/* eval.c: operations on constants as the BPF machine computes them (the
 * ALU's rules are shared/alu.c's: division by zero gives 0, modulo by
 * zero keeps the dividend, shifts use the low 5 or 6 bits, 32-bit
 * operations zero-extend their result). Shared by constant folding, SCCP
 * and loop evaluation. */
#include "opt.h"

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
	case I_ALU: *out = alu_eval(in->sub, k[0], k[1], in->w32); return 1;
	case I_NEG: *out = -k[0]; return 1;
	case I_ZEXT: *out = eval_zext(k[0], in->width); return 1;
	case I_BSWAP: *out = eval_bswap(k[0], in->width); return 1;
	case I_CMP: *out = (uint64_t)cond_holds(in->sub, k[0], k[1]); return 1;
	default: return 0;
	}
}
