/* alu.c: the language's arithmetic, as the BPF machine computes it — the
 * one definition every phase that folds constants calls (wh-expand on
 * core, wh-opt on ssa): x / 0 = 0, x mod 0 = x, a shift by its amount
 * modulo 64 (modulo 32 for the 32-bit `.w` forms), a 32-bit operation on
 * the low halves with its result zero-extended (notes/semantics.md,
 * docs/language-notes.md). */
#include "bpf.h"
#include <string.h>

uint64_t alu_eval(AluOp op, uint64_t a, uint64_t b, int w32)
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

static int is_shift(AluOp op) { return op == ALU_SHL || op == ALU_SHR || op == ALU_SAR; }

AluPartial alu_partial(AluOp op, int w32, int right, uint64_t k, uint64_t *v)
{
	uint64_t ones = w32 ? UINT32_MAX : UINT64_MAX;
	AluPartial same = w32 ? ALU_LOW32 : ALU_LEFT;    /* "the result is x" */
	k &= ones;
	*v = 0;
	if (!right) {           /* k OP y */
		if (k == 0 && op != ALU_ADD && op != ALU_SUB && op != ALU_OR && op != ALU_XOR)
			return ALU_CONST;               /* 0 * y, 0 / y, 0 mod y, 0 << y ... */
		if (k == ones && (op == ALU_OR || op == ALU_SAR)) {
			*v = ones;                      /* -1 | y, -1 s>> y */
			return ALU_CONST;
		}
		return ALU_UNKNOWN;
	}
	if (is_shift(op)) {     /* x OP k */
		*v = k & (w32 ? 31 : 63);
		return *v == 0 ? same : *v != k ? ALU_AMOUNT : ALU_UNKNOWN;
	}
	switch (op) {
	case ALU_DIV:
		return k == 0 ? ALU_CONST : k == 1 ? same : ALU_UNKNOWN;
	case ALU_MOD:
		return k == 0 ? same : k == 1 ? ALU_CONST : ALU_UNKNOWN;
	case ALU_MUL: case ALU_AND:
		if (k == 0)
			return ALU_CONST;
		return k == (op == ALU_MUL ? 1 : ones) ? same : ALU_UNKNOWN;
	case ALU_OR:
		if (k == ones) {
			*v = ones;
			return ALU_CONST;
		}
		return k == 0 ? same : ALU_UNKNOWN;
	case ALU_ADD: case ALU_SUB: case ALU_XOR:
		return k == 0 ? same : ALU_UNKNOWN;
	default:
		return ALU_UNKNOWN;
	}
}

AluOp alu_by_core_name(const char *name)
{
	for (int op = 0; op < ALU_COUNT; op++)
		if (!strcmp(alu_info[op].core, name))
			return (AluOp)op;
	return ALU_COUNT;
}
