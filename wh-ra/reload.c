/* reload.c: reloads that are already in a register. After allocation,
 * a spilled value reloaded several times in a row (or right after it was
 * stored) may still sit in the register a previous reload or the spill
 * store used. Walking each block, and carrying what is known into a
 * block from its only predecessor, such a reload becomes a register copy
 * or disappears. Only spill slots are tracked: nothing but spill code
 * touches them while they are live (stack objects can be written
 * through pointers, but only where no spill slot sharing their bytes
 * is live). A copy
 * keeps the verifier's view of a pointer, null check included, since it
 * is the same value as the register it was checked in. */
#include "ra.h"
#include <string.h>

typedef struct {
	int64_t holds[RA_NREG]; /* per register: the spill slot it mirrors, 0 none */
} Known;

/* A spill slot's load or store, or one of the parallel moves' place. */
static int spill_access(const RA *r, const Ins *in)
{
	if ((in->op != I_LOAD && in->op != I_STORE) || in->width != 8 ||
	    !val_eq(in->args[0], vreg(BPF_REG_FP)))
		return 0;
	return spill_slot_of(in) >= 0 || (r->scratch_off && in->off == r->scratch_off);
}

static void forget_slot(Known *k, int64_t off)
{
	for (int i = 0; i < RA_NREG; i++)
		if (k->holds[i] == off)
			k->holds[i] = 0;
}

/* Returns 0 when the instruction can go. */
static int step(const RA *r, Known *k, Ins *in)
{
	if (spill_access(r, in) && in->op == I_STORE) {
		forget_slot(k, in->off);
		if (in->args[1].kind == V_REG && in->args[1].n < RA_NREG)
			k->holds[in->args[1].n] = in->off;
		return 1;
	}
	if (spill_access(r, in) && in->op == I_LOAD) {
		int d = (int)in->dst.n;
		for (int i = 0; i < RA_NREG; i++)
			if (k->holds[i] == in->off) {
				if (i == d)
					return 0;
				in->op = I_COPY;
				in->width = 0;
				in->off = 0;
				in->args[0] = vreg(i);
				break;
			}
		k->holds[d] = in->off;
		return 1;
	}
	if (ir_is_call(in))
		for (int i = 0; i <= 5; i++)
			k->holds[i] = 0;
	if (in->op == I_ASM)
		memset(k, 0, sizeof *k);
	if (in->dst.kind == V_REG && in->dst.n < RA_NREG)
		k->holds[in->dst.n] = 0;
	return 1;
}

/* The spill slot numbers have served: clear them. */
static void unmark(IrProg *p)
{
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++)
			if (spill_slot_of(b->ins.v[j]) >= 0)
				((Ins *)b->ins.v[j])->sub = 0;
	}
}

void drop_reloads(RA *r)
{
	IrProg *p = r->p;
	if (!r->nslots && !r->scratch_off)
		return;
	ir_fill_preds(r->a, p);
	Known *end = arena_alloc(r->a, sizeof(Known) * (size_t)p->blks.n);
	char *done = arena_alloc(r->a, (size_t)p->blks.n);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		Known k = {{0}};
		if (b->preds.n == 1 && done[((Blk *)b->preds.v[0])->id])
			k = end[((Blk *)b->preds.v[0])->id];
		Vec out = {0};
		for (int j = 0; j < b->ins.n; j++)
			if (step(r, &k, b->ins.v[j]))
				vec_push(r->a, &out, b->ins.v[j]);
		b->ins = out;
		end[i] = k;
		done[i] = 1;
	}
	unmark(p);
}
