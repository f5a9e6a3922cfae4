/* holdframe.c: stack addresses held in callee-saved registers. After
 * allocation, an address r10 + OFF passed to helpers (a map key, a
 * value to store) is rebuilt at each call: `frame OFF` is two
 * instructions (`rX = r10; rX += OFF`). When the program never touches
 * one of r6-r9, that register can hold r10 + OFF from the entry on:
 * helpers leave r6-r9 alone, so each rebuild becomes one copy. Built
 * N times, an offset then costs 2 + N instructions instead of 2N; the
 * offsets rebuilt most often (3 times or more) get the free registers.
 * The verifier sees the same stack pointer either way. */
#include "ra.h"

enum { HOLD_MIN = 3, MAX_OFFS = 64 };

/* The registers r0-r9 any instruction of p reads or writes. */
static unsigned regs_touched(const IrProg *p)
{
	unsigned used = 0;
	for (int i = 0; i < p->blks.n; i++) {
		const Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const Ins *in = b->ins.v[j];
			used |= reg_bit(in->dst);
			for (int k = 0; k < in->nargs; k++)
				used |= reg_bit(in->args[k]);
			if (in->op == I_ASM)
				used |= 1u << (in->raw.regs & 15) | 1u << (in->raw.regs >> 4);
		}
	}
	return used;
}

typedef struct {
	int64_t off;
	int n;          /* how many `frame off` */
	int reg;        /* the register holding it, -1 none */
} Held;

static Held *held_of(Held *h, int nh, int64_t off)
{
	for (int i = 0; i < nh; i++)
		if (h[i].off == off)
			return &h[i];
	return NULL;
}

void hold_frame_addresses(RA *r)
{
	IrProg *p = r->p;
	unsigned used = regs_touched(p);
	int nfree = 0, free_regs[4];
	for (int reg = 9; reg >= 6; reg--)
		if (!(used & 1u << reg))
			free_regs[nfree++] = reg;
	if (!nfree)
		return;
	Held h[MAX_OFFS];
	int nh = 0;
	for (int i = 0; i < p->blks.n; i++) {
		const Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const Ins *in = b->ins.v[j];
			if (in->op != I_FRAME)
				continue;
			Held *x = held_of(h, nh, in->off);
			if (!x && nh < MAX_OFFS)
				h[nh++] = (Held){in->off, 0, -1}, x = &h[nh - 1];
			if (x)
				x->n++;
		}
	}
	/* the most rebuilt offsets first, one free register each */
	int nheld = 0;
	while (nheld < nfree) {
		Held *best = NULL;
		for (int i = 0; i < nh; i++)
			if (h[i].reg < 0 && h[i].n >= HOLD_MIN && (!best || h[i].n > best->n))
				best = &h[i];
		if (!best)
			break;
		best->reg = free_regs[nheld++];
	}
	if (!nheld)
		return;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			Held *x = in->op == I_FRAME ? held_of(h, nh, in->off) : NULL;
			if (!x || x->reg < 0)
				continue;
			in->op = I_COPY;
			in->nargs = 1;
			in->args = arena_alloc(r->a, sizeof(Val));
			in->args[0] = vreg(x->reg);
			in->off = 0;
		}
	}
	/* the held addresses, built once at the entry */
	Blk *entry = p->blks.v[0];
	Pos pos = entry->ins.n ? ((Ins *)entry->ins.v[0])->pos : p->pos;
	Vec ins = {0};
	for (int i = 0; i < nh; i++)
		if (h[i].reg >= 0) {
			Ins *f = ir_new(r->a, I_FRAME, pos, 0);
			f->dst = vreg(h[i].reg);
			f->off = h[i].off;
			vec_push(r->a, &ins, f);
		}
	for (int j = 0; j < entry->ins.n; j++)
		vec_push(r->a, &ins, entry->ins.v[j]);
	entry->ins = ins;
}
