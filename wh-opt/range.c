/* range.c: an upper bound on every value, from how it is computed — a
 * u16 load is at most 0xffff, `and x, 0xff` at most 0xff, a comparison
 * 0 or 1, a 32-bit operation below 2^32, a phi the largest of its
 * operands, a helper that returns a u32 (the helper table's ret_bytes)
 * below 2^32. Bounds saturate at UINT64_MAX, which means "no bound".
 * A mask or extension whose operand is already that narrow may go only
 * when the kernel verifier knows the bound too (a packet pointer plus an
 * offset it cannot bound is refused): range_new_verifier gives those
 * bounds, without what the verifier does not bound (division, modulo,
 * a shift by a register). */
#include "opt.h"

struct Range {
	Ins **def;
	uint64_t *max;
	char *state;            /* 0 not computed, 1 in progress, 2 done */
	int verifier;           /* only the bounds the kernel verifier finds too */
};

Range *range_new(Arena *a, const IrProg *p)
{
	Range *r = arena_alloc(a, sizeof *r);
	r->def = def_map(a, p, NULL);
	r->max = arena_alloc(a, sizeof(uint64_t) * (size_t)(p->ntmp + 1));
	r->state = arena_alloc(a, (size_t)p->ntmp + 1);
	return r;
}

Range *range_new_verifier(Arena *a, const IrProg *p)
{
	Range *r = range_new(a, p);
	r->verifier = 1;
	return r;
}

/* What the kernel verifier does not bound: a division or modulo, and a
 * shift by a register (kernel 6.18 bounds a shift only by a constant
 * amount). It knows the result as any 64-bit scalar, and refuses adding
 * it to a packet pointer. */
static int verifier_unbounded(const Ins *in)
{
	if (in->op != I_ALU)
		return 0;
	if (in->sub == ALU_SHR)
		return in->args[1].kind != V_IMM;
	return in->sub == ALU_DIV || in->sub == ALU_MOD;
}

uint64_t range_sat_add(uint64_t x, uint64_t y)
{
	return x + y < x ? UINT64_MAX : x + y;
}

static uint64_t sat_mul(uint64_t x, uint64_t y)
{
	if (x && y > UINT64_MAX / x)
		return UINT64_MAX;
	return x * y;
}

uint64_t range_fill(uint64_t x)
{
	return x ? UINT64_MAX >> __builtin_clzll(x) : 0;
}

static uint64_t compute(Range *r, const Ins *in)
{
	uint64_t x = in->nargs > 0 ? range_max(r, in->args[0]) : UINT64_MAX;
	uint64_t y = in->nargs > 1 ? range_max(r, in->args[1]) : UINT64_MAX;
	uint64_t m = UINT64_MAX;
	if (r->verifier && verifier_unbounded(in))
		return m;
	switch (in->op) {
	case I_COPY:
		return x;
	case I_LOAD: case I_ZEXT: case I_BSWAP:
		if (in->op == I_LOAD && in->packet)
			return m;       /* a u32 context field the kernel makes a pointer */
		m = eval_zext(UINT64_MAX, in->width);
		return in->op == I_ZEXT && x < m ? x : m;
	case I_CMP:
		return 1;
	case I_CALL: {
		const HelperInfo *h = helper_by_name(in->name);
		return h && h->ret_bytes > 0 && h->ret_bytes < 8 ? eval_zext(m, h->ret_bytes) : m;
	}
	case I_PHI:
		m = 0;
		for (int k = 0; k < in->nargs; k++) {
			uint64_t v = range_max(r, in->args[k]);
			m = v > m ? v : m;
		}
		return m;
	case I_ALU:
		switch (in->sub) {
		case ALU_AND: m = x < y ? x : y; break;
		case ALU_OR: case ALU_XOR: m = range_fill(x > y ? x : y); break;
		case ALU_ADD: m = range_sat_add(x, y); break;
		case ALU_MUL: m = sat_mul(x, y); break;
		case ALU_DIV: m = x; break;
		case ALU_MOD:   /* x mod 0 is x: below the divisor only when it is not 0 */
			m = in->args[1].kind == V_IMM && y ? (x < y - 1 ? x : y - 1) : x;
			break;
		case ALU_SHR:
			if (in->args[1].kind == V_IMM)
				m = x >> (in->args[1].n & (in->w32 ? 31 : 63));
			else
				m = x;
			break;
		case ALU_SHL:
			if (in->args[1].kind == V_IMM) {
				int k = (int)(in->args[1].n & (in->w32 ? 31 : 63));
				uint64_t all = in->w32 ? 0xffffffffu : UINT64_MAX;
				m = x <= (all >> k) ? x << k : all;
			}
			break;
		default:
			break;
		}
		if (in->w32 && m > 0xffffffffu)
			m = 0xffffffffu;
		return m;
	default:
		return UINT64_MAX;
	}
}

uint64_t range_max(Range *r, Val v)
{
	if (v.kind == V_IMM)
		return (uint64_t)v.n;
	if (v.kind != V_TMP || !r->def[v.n])
		return UINT64_MAX;
	int t = (int)v.n;
	if (r->state[t] == 2)
		return r->max[t];
	if (r->state[t] == 1)
		return UINT64_MAX;      /* a cycle through phis: no bound */
	r->state[t] = 1;
	uint64_t m = compute(r, r->def[t]);
	r->state[t] = 2;
	r->max[t] = m;
	return m;
}
