/* demand.c: demanded bits. A store of width W, and a zero extension to W,
 * use only the low W bytes of their operand, so an operation that only
 * changes the bits above them is not needed there: `zext` to W or wider,
 * `and` with a mask covering the W bytes, and the sign extension
 * `sar (shl x, C), C` when C leaves the low W bytes alone. The operand
 * becomes the value underneath (the operation goes when nothing else
 * uses it). */
#include "opt.h"

/* The value whose low `bytes` bytes equal those of v, or v. */
static Val underneath(Ins **def, Val v, int bytes)
{
	uint64_t mask = eval_zext(UINT64_MAX, bytes);
	for (int guard = 0; guard < 16 && v.kind == V_TMP && def[v.n]; guard++) {
		Ins *d = def[v.n];
		Val x = d->nargs > 0 ? d->args[0] : (Val){V_NONE, 0};
		Val y = d->nargs > 1 ? d->args[1] : (Val){V_NONE, 0};
		if (d->op == I_COPY && x.kind == V_TMP) {
			v = x;
		} else if (d->op == I_ZEXT && d->width >= bytes) {
			v = x;
		} else if (d->op == I_ALU && d->sub == ALU_AND && !d->w32 &&
			   y.kind == V_IMM && ((uint64_t)y.n & mask) == mask) {
			v = x;
		} else if (d->op == I_ALU && (d->sub == ALU_SAR || d->sub == ALU_SHR) && !d->w32 &&
			   y.kind == V_IMM && x.kind == V_TMP && def[x.n]) {
			Ins *s = def[x.n];
			if (s->op != I_ALU || s->sub != ALU_SHL || s->w32 ||
			    !val_eq(s->args[1], y) || y.n < 0 || y.n > 64 - 8 * bytes)
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
			int k, bytes;
			if (in->op == I_STORE && in->width < 8) {
				k = 1;
				bytes = in->width;
			} else if (in->op == I_ZEXT && in->width < 8) {
				k = 0;
				bytes = in->width;
			} else {
				continue;
			}
			Val v = underneath(def, in->args[k], bytes);
			if (!val_eq(v, in->args[k]) && (v.kind != V_IMM || imm_fits(in, k, v.n))) {
				in->args[k] = v;
				changed = 1;
			}
		}
	}
	return changed;
}
