/* spill.c: sending values through the stack, or rebuilding them.
 *
 * A value the scan spilled is rewritten in the ssa itself, then the next
 * round allocates again. A constant, a stack address or a map address is
 * rebuilt just before each use (rematerialized). Any other value is
 * stored to a spill slot right after its definition (after the last phi,
 * for a phi) and loaded into a fresh value just before each instruction
 * that uses it (before the jump of the predecessor, for a phi operand).
 * Spill slots are 8 bytes and accessed as u64 (so the verifier keeps a
 * spilled pointer's type, range and null-check identity), at offsets
 * laid out later (frame.c), as are the objects whose rebuilt addresses
 * point to. The new values live for one instruction and are
 * never spilled themselves. */
#include "ra.h"
#include <string.h>

int rematerializable(const RA *r, int t)
{
	const Ins *d = t < r->ntmp ? r->def[t] : NULL;
	if (!d)
		return 0;
	switch (d->op) {
	case I_SLOT: case I_FRAME: case I_MAPREF: case I_CORE:
		return 1;
	case I_COPY:
		return d->args[0].kind == V_IMM;
	default:
		return 0;
	}
}

typedef struct {
	RA *r;
	int *slot;              /* per tmp: its spill slot, -1: rebuilt, -2: kept */
	int ntmp0;              /* tmps before this rewrite */
} Sp;

static int new_tmp(Sp *s)
{
	return s->r->p->ntmp++;
}

/* An instruction that puts spilled value t into a new tmp. */
static Ins *reload(Sp *s, int t, Pos pos)
{
	RA *r = s->r;
	Ins *in;
	if (s->slot[t] >= 0) {
		in = ir_new(r->a, I_LOAD, pos, 1);
		in->width = 8;
		in->args[0] = vreg(BPF_REG_FP);
		in->sub = s->slot[t] + 1;
	} else {
		Ins *d = r->def[t];
		in = ir_new(r->a, d->op == I_SLOT ? I_FRAME : d->op, pos, d->op == I_COPY);
		in->name = d->name;
		in->off = d->off;
		if (d->op == I_COPY)
			in->args[0] = d->args[0];
		if (d->op == I_SLOT) {  /* its offset comes with the layout */
			vec_push(r->a, &r->frame_refs, in);
			ivec_push(r->a, &r->frame_ref_obj, t);
		}
	}
	in->dst = vtmp(new_tmp(s));
	return in;
}

static Ins *spill_store(Sp *s, int t, Pos pos)
{
	Ins *in = ir_new(s->r->a, I_STORE, pos, 2);
	in->width = 8;
	in->args[0] = vreg(BPF_REG_FP);
	in->args[1] = vtmp(t);
	in->sub = s->slot[t] + 1;
	return in;
}

static int spilled(const Sp *s, Val v)
{
	return v.kind == V_TMP && v.n < s->ntmp0 && s->slot[v.n] != -2;
}

/* Phi operands: reloads at the end of the predecessor, one per value;
 * tail[b] holds them, tailtmp[b] the values they reload. */
static void phi_operands(Sp *s, Vec *tail, IntVec *tailtmp)
{
	RA *r = s->r;
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *phi = b->ins.v[j];
			if (phi->op != I_PHI)
				continue;
			for (int q = 0; q < phi->nargs; q++) {
				if (!spilled(s, phi->args[q]))
					continue;
				int t = (int)phi->args[q].n, id = phi->blks[q]->id;
				Ins *have = NULL;
				for (int k = 0; k < tailtmp[id].n && !have; k++)
					if (tailtmp[id].v[k] == t)
						have = tail[id].v[k];
				if (!have) {
					have = reload(s, t, ir_term(phi->blks[q])->pos);
					vec_push(r->a, &tail[id], have);
					ivec_push(r->a, &tailtmp[id], t);
				}
				phi->args[q] = have->dst;
			}
		}
	}
}

static void rewrite_block(Sp *s, Blk *b, Vec *tail)
{
	RA *r = s->r;
	Vec out = {0};
	Vec after_phis = {0};
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI && after_phis.n) {
			for (int k = 0; k < after_phis.n; k++)
				vec_push(r->a, &out, after_phis.v[k]);
			after_phis.n = 0;
		}
		if (j == b->ins.n - 1)
			for (int k = 0; k < tail->n; k++)
				vec_push(r->a, &out, tail->v[k]);
		if (in->op != I_PHI) {
			/* one reload per spilled value this instruction reads */
			for (int k = 0; k < in->nargs; k++) {
				Val v = in->args[k];
				if (!spilled(s, v) || free_use(r, in, k))
					continue;
				Ins *ld = reload(s, (int)v.n, in->pos);
				vec_push(r->a, &out, ld);
				for (int q = k; q < in->nargs; q++)
					if (val_eq(in->args[q], v) && !free_use(r, in, q))
						in->args[q] = ld->dst;
			}
		}
		vec_push(r->a, &out, in);
		int t = in->dst.kind == V_TMP ? (int)in->dst.n : -1;
		if (t >= 0 && t < s->ntmp0 && s->slot[t] >= 0)
			vec_push(r->a, in->op == I_PHI ? &after_phis : &out,
				 spill_store(s, t, in->pos));
	}
	b->ins = out;
}

void rewrite_spills(RA *r)
{
	IrProg *p = r->p;
	Sp s = {.r = r, .ntmp0 = r->ntmp};
	s.slot = arena_alloc(r->a, sizeof(int) * (size_t)(r->ntmp + 1));
	for (int t = 0; t < r->ntmp; t++) {
		s.slot[t] = -2;
		if (!r->itv[t].spill)
			continue;
		s.slot[t] = rematerializable(r, t) ? -1 : r->nslots++;
	}
	Vec *tail = arena_alloc(r->a, sizeof(Vec) * (size_t)p->blks.n);
	IntVec *tailtmp = arena_alloc(r->a, sizeof(IntVec) * (size_t)p->blks.n);
	phi_operands(&s, tail, tailtmp);
	for (int i = 0; i < p->blks.n; i++)
		rewrite_block(&s, p->blks.v[i], &tail[i]);
	/* every tmp made here, and each spilled value (now defined and
	 * stored at once), lives for one instruction: never spill them */
	char *fixed = arena_alloc(r->a, (size_t)p->ntmp + 1);
	if (r->nfixed)
		memcpy(fixed, r->fixed, (size_t)r->nfixed);
	for (int t = s.ntmp0; t < p->ntmp; t++)
		fixed[t] = 1;
	for (int t = 0; t < s.ntmp0; t++)
		if (s.slot[t] >= 0)
			fixed[t] = 1;
	r->fixed = fixed;
	r->nfixed = p->ntmp;
}
