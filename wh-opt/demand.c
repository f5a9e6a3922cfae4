/* demand.c: demanded bits. A store of width W, a zero extension or byte
 * swap of W bytes and an `and` with 2^N - 1 use only the low bits of their operand, so an
 * operation that only changes the bits above them is not needed there:
 * `zext` to W or wider, `and` with a mask covering those bits, adding,
 * subtracting, or-ing or xor-ing a constant whose low bits are 0, and
 * the sign extension `sar (shl x, C), C` when C leaves them alone; a
 * shift left by N or more leaves them all 0. The operand
 * becomes the value underneath (the operation goes when nothing else
 * uses it). */
#include "opt.h"

/* The number of low bits a mask of the form 2^n - 1 keeps, or -1. */
static int low_bits(uint64_t m)
{
	return (m & (m + 1)) == 0 ? (m == UINT64_MAX ? 64 : __builtin_ctzll(m + 1)) : -1;
}

/* The value whose low `nbits` bits equal those of v, or v. */
static Val underneath(Ins **def, Val v, int nbits)
{
	uint64_t mask = nbits >= 64 ? UINT64_MAX : (UINT64_C(1) << nbits) - 1;
	for (int guard = 0; guard < 16 && v.kind == V_TMP && def[v.n]; guard++) {
		Ins *d = def[v.n];
		Val x = d->nargs > 0 ? d->args[0] : (Val){V_NONE, 0};
		Val y = d->nargs > 1 ? d->args[1] : (Val){V_NONE, 0};
		uint64_t c = y.kind == V_IMM ? (uint64_t)y.n : 0;
		if (d->op == I_COPY && x.kind == V_TMP) {
			v = x;
		} else if (d->op == I_ZEXT && 8 * d->width >= nbits) {
			v = x;
		} else if (d->op != I_ALU || d->w32 || y.kind != V_IMM) {
			break;
		} else if (d->sub == ALU_AND && (c & mask) == mask) {
			v = x;
		} else if ((d->sub == ALU_ADD || d->sub == ALU_SUB || d->sub == ALU_OR ||
			    d->sub == ALU_XOR) && (c & mask) == 0) {
			v = x;      /* carries and borrows only move upward */
		} else if (d->sub == ALU_SHL && c < 64 && (int)c >= nbits) {
			v = vimm(0);
		} else if ((d->sub == ALU_SAR || d->sub == ALU_SHR) && x.kind == V_TMP && def[x.n]) {
			Ins *s = def[x.n];
			if (s->op != I_ALU || s->sub != ALU_SHL || s->w32 ||
			    !val_eq(s->args[1], y) || y.n < 0 || y.n > 64 - nbits)
				break;
			v = s->args[0];
		} else {
			break;
		}
	}
	return v;
}

int pass_demand(Arena *a, IrProg *p)
{
	Ins **def = def_map(a, p, NULL);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int k, nbits;
			if (in->op == I_STORE && in->width < 8) {
				k = 1;
				nbits = 8 * in->width;
			} else if ((in->op == I_ZEXT || in->op == I_BSWAP) && in->width < 8) {
				k = 0;
				nbits = 8 * in->width;
			} else if (in->op == I_ALU && in->sub == ALU_AND && in->args[1].kind == V_IMM &&
				   (nbits = low_bits((uint64_t)in->args[1].n)) > 0 && nbits < 64) {
				k = 0;
			} else {
				continue;
			}
			Val v = underneath(def, in->args[k], nbits);
			if (!val_eq(v, in->args[k]) && (v.kind != V_IMM || imm_fits(in, k, v.n))) {
				in->args[k] = v;
				changed = 1;
			}
		}
	}
	return changed;
}
