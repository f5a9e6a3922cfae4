/* scan.c: linear scan over intervals with holes.
 *
 * Intervals are taken in order of their start. A register is free for an
 * interval when no interval already given that register intersects it
 * (a hole of one is room for another). Values live across a helper call
 * may only take r6-r9; the others try r1-r5 and r0 first and keep r6-r9
 * for those that need them. Preferences come first: the register a call
 * or return wants the value in, the context pointer's r1, and the
 * register of a value it is copied from or to (which saves a move).
 *
 * When no register is free, the value whose next use is furthest away is
 * spilled: the current one, or those holding the register it could take.
 * Spill and reload temporaries are never chosen; they live for one
 * instruction. */
#include "ra.h"
#include <stdlib.h>

static const int caller_order[] = {1, 2, 3, 4, 5, 0, 6, 7, 8, 9};
static const int callee_order[] = {6, 7, 8, 9};

typedef struct {
	RA *r;
	IntVec act[RA_NREG];    /* those of them not spilled and not ended yet */
	IntVec pend[RA_NREG];   /* partners of tmps given the register, maybe
				 * still to come */
	IntVec *partner;        /* per tmp: tmps it is copied from or to */
	int now;                /* where the interval being placed starts */
	int spilled;
} Scan;

static void want(Scan *s, int t, int reg)
{
	if (t >= 0 && s->r->itv[t].hint < 0)
		s->r->itv[t].hint = reg;
}

static int tmp_of(Val v) { return v.kind == V_TMP ? (int)v.n : -1; }

static void pair(Scan *s, int a, int b)
{
	if (a < 0 || b < 0)
		return;
	ivec_push(s->r->a, &s->partner[a], b);
	ivec_push(s->r->a, &s->partner[b], a);
}

static void preferences(Scan *s)
{
	RA *r = s->r;
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int d = tmp_of(in->dst);
			switch (in->op) {
			case I_CALL:
				want(s, d, 0);
				for (int k = 0; k < in->nargs; k++)
					if (!free_use(r, in, k))
						want(s, tmp_of(in->args[k]), k + 1);
				break;
			case I_PARAM:
				want(s, d, 1);
				break;
			case I_RET:
				want(s, tmp_of(in->args[0]), 0);
				break;
			case I_COPY: case I_ALU: case I_NEG: case I_ZEXT: case I_BSWAP:
				/* the emitter writes dst = a; dst op= b */
				pair(s, d, tmp_of(in->args[0]));
				break;
			case I_PHI:
				for (int k = 0; k < in->nargs; k++)
					pair(s, d, tmp_of(in->args[k]));
				break;
			default:
				break;
			}
		}
	}
}

/* The tmps on reg that are live from `now` on and not spilled: only they
 * can meet the interval being placed, or any placed after it. */
static IntVec *active(Scan *s, int reg)
{
	IntVec *act = &s->act[reg];
	int n = 0;
	for (int i = 0; i < act->n; i++) {
		const Itv *u = &s->r->itv[act->v[i]];
		if (!u->spill && u->r[u->nr - 1].e >= s->now)
			act->v[n++] = act->v[i];
	}
	act->n = n;
	return act;
}

static int conflicts(Scan *s, int reg, int t)
{
	const IntVec *act = active(s, reg);
	for (int i = 0; i < act->n; i++)
		if (itv_intersect(&s->r->itv[act->v[i]], &s->r->itv[t]))
			return 1;
	return 0;
}

static int allowed(const Itv *x, int reg)
{
	return reg >= 0 && reg < RA_NREG && (!x->cross || reg >= 6);
}

static int try_reg(Scan *s, int t, int reg)
{
	return allowed(&s->r->itv[t], reg) && !conflicts(s, reg, t);
}

static int is_partner(const Scan *s, int t, int u)
{
	const IntVec *pa = &s->partner[t];
	for (int i = 0; i < pa->n; i++)
		if (pa->v[i] == u)
			return 1;
	return 0;
}

/* Would a value still to come, other than t and its own partners, take
 * reg to avoid a copy from a partner that holds it? Then t had better
 * take another. The values still to come are those not placed yet: the
 * list of partners drops the others as it goes. */
static int wanted(Scan *s, int t, int reg)
{
	RA *r = s->r;
	IntVec *pend = &s->pend[reg];
	int n = 0, found = 0;
	for (int i = 0; i < pend->n; i++) {
		int u = pend->v[i];
		const Itv *y = &r->itv[u];
		if (y->reg >= 0 || y->spill || !y->nr)
			continue;
		pend->v[n++] = u;
		if (!found && u != t && y->r[0].s >= r->itv[t].r[0].s &&
		    !is_partner(s, t, u) && try_reg(s, u, reg))
			found = 1;
	}
	pend->n = n;
	return found;
}

/* Whether reg holds a value other than `own` from the branch `term` that
 * ends `pred` to the end of pred (positions bend - 2 .. bend). Such a
 * value is live out of pred or read by the branch: only those are
 * looked at, not every value ever given reg. */
static int holds_at_branch(Scan *s, const Blk *pred, const Ins *term, int reg, int own)
{
	RA *r = s->r;
	int e = r->bend[pred->id];
	const IntVec *out = &r->live_out[pred->id];
	for (int i = 0; i < out->n + term->nargs; i++) {
		int v = i < out->n ? out->v[i] : tmp_of(term->args[i - out->n]);
		if (v < 0 || v >= r->ntmp || v == own)
			continue;
		const Itv *u = &r->itv[v];
		if (u->reg == reg && !u->spill && itv_overlaps(u, e - 2, e))
			return 1;
	}
	return 0;
}

/* A phi's result is written by copies at the end of each predecessor;
 * where that predecessor ends in a branch, the copies can go before the
 * branch only if the register holds nothing live there (the branch's
 * operands included) but the phi's own operand. Otherwise the edge needs
 * a block of its own, and a jump. */
static int in_the_way(Scan *s, int t, int reg)
{
	RA *r = s->r;
	const Ins *phi = r->def[t];
	if (!phi || phi->op != I_PHI)
		return 0;
	for (int q = 0; q < phi->nargs; q++) {
		const Blk *pred = phi->blks[q];
		const Ins *term = ir_term(pred);
		if (!term || term->op != I_BR)
			continue;
		int own = phi->args[q].kind == V_TMP ? (int)phi->args[q].n : -1;
		if (holds_at_branch(s, pred, term, reg, own))
			return 1;
		/* the phis on the branch's other edge are copied there too */
		const Blk *other = term->blks[0] == r->def_blk[t] ? term->blks[1] : term->blks[0];
		for (int j = 0; j < other->ins.n; j++) {
			const Ins *o = other->ins.v[j];
			if (o->op != I_PHI)
				break;
			if (r->itv[o->dst.n].reg == reg && !r->itv[o->dst.n].spill)
				return 1;
		}
	}
	return 0;
}

static int fits(Scan *s, int t, int reg, int strict)
{
	return try_reg(s, t, reg) && (!strict || !in_the_way(s, t, reg));
}

/* A free register for t, or -1. The strict pass also keeps out of the
 * way of values still to come and of phi copies. */
static int choose(Scan *s, int t, int strict)
{
	RA *r = s->r;
	Itv *x = &r->itv[t];
	if (fits(s, t, x->hint, strict))
		return x->hint;
	const IntVec *pa = &s->partner[t];
	for (int i = 0; i < pa->n; i++) {
		int reg = r->itv[pa->v[i]].reg;
		if (!r->itv[pa->v[i]].spill && fits(s, t, reg, strict))
			return reg;
	}
	/* a register a partner still to come can take too (a phi operand
	 * defined before the loop whose phi lives across a call) */
	for (int i = 0; i < pa->n; i++) {
		const Itv *y = &r->itv[pa->v[i]];
		if (y->reg >= 0 || y->spill || !y->nr)
			continue;
		/* first the register that partner wants (a phi returned in r0) */
		if (y->hint >= 0 && fits(s, t, y->hint, strict) && fits(s, pa->v[i], y->hint, 1))
			return y->hint;
		const int *ord = y->cross ? callee_order : caller_order;
		for (int k = 0; k < (y->cross ? 4 : 10); k++)
			if (fits(s, t, ord[k], strict) && try_reg(s, pa->v[i], ord[k]) &&
			    (!strict || !wanted(s, t, ord[k])))
				return ord[k];
	}
	const int *ord = x->cross ? callee_order : caller_order;
	int n = x->cross ? 4 : 10;
	for (int k = 0; k < n; k++)
		if (fits(s, t, ord[k], strict) && (!strict || !wanted(s, t, ord[k])))
			return ord[k];
	return -1;
}

static int pick_free(Scan *s, int t)
{
	int reg = choose(s, t, 1);
	return reg >= 0 ? reg : choose(s, t, 0);
}

static void assign(Scan *s, int t, int reg)
{
	s->r->itv[t].reg = reg;
	ivec_push(s->r->a, &s->act[reg], t);
	const IntVec *pa = &s->partner[t];
	for (int i = 0; i < pa->n; i++)
		ivec_push(s->r->a, &s->pend[reg], pa->v[i]);
}

static void spill(Scan *s, int t)
{
	s->r->itv[t].spill = 1;
	s->r->itv[t].reg = -1;
	s->spilled++;
}

/* Spill the value(s) whose next use is furthest, then give t a register
 * if it was not itself the one spilled. Among equals, a value that can
 * be rebuilt (a constant, an address) goes first. */
static void evict(Scan *s, int t)
{
	RA *r = s->r;
	Itv *x = &r->itv[t];
	int at = x->r[0].s;
	int best = -1, best_use = -1, best_remat = 0;
	if (!x->fixed) {
		best_use = itv_next_use(x, at);
		best_remat = rematerializable(r, t);
	}
	for (int reg = 0; reg < RA_NREG; reg++) {
		if (!allowed(x, reg))
			continue;
		int use = 1 << 30, remat = 1, ok = 1;
		const IntVec *on = active(s, reg);
		for (int i = 0; i < on->n && ok; i++) {
			Itv *u = &r->itv[on->v[i]];
			if (!itv_intersect(u, x))
				continue;
			if (u->fixed)
				ok = 0;
			int nu = itv_next_use(u, at);
			if (nu < use)
				use = nu;
			remat &= rematerializable(r, on->v[i]);
		}
		if (ok && (use > best_use || (use == best_use && remat && !best_remat))) {
			best = reg;
			best_use = use;
			best_remat = remat;
		}
	}
	if (best < 0) {
		if (x->fixed)
			error_at(r->def[t] ? r->def[t]->pos : r->p->pos,
				 "%s: too many values live at once for the BPF registers",
				 r->p->name);
		spill(s, t);
		return;
	}
	const IntVec *on = active(s, best);
	for (int i = 0; i < on->n; i++) {
		Itv *u = &r->itv[on->v[i]];
		if (itv_intersect(u, x))
			spill(s, on->v[i]);
	}
	assign(s, t, best);
}

static const Itv *by_start_itv;

static int by_start(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	int sa = by_start_itv[a].r[0].s, sb = by_start_itv[b].r[0].s;
	if (sa != sb)
		return (sa > sb) - (sa < sb);
	return (a > b) - (a < b);
}

int linear_scan(RA *r)
{
	Scan s = {.r = r};
	s.partner = arena_alloc(r->a, sizeof(IntVec) * (size_t)(r->ntmp + 1));
	preferences(&s);
	int *order = arena_alloc(r->a, sizeof(int) * (size_t)(r->ntmp + 1));
	int n = 0;
	for (int t = 0; t < r->ntmp; t++)
		if (r->itv[t].nr)
			order[n++] = t;
	/* by start, ties by number */
	by_start_itv = r->itv;
	qsort(order, (size_t)n, sizeof(int), by_start);
	for (int i = 0; i < n; i++) {
		int t = order[i];
		s.now = r->itv[t].r[0].s;
		int reg = pick_free(&s, t);
		if (reg >= 0)
			assign(&s, t, reg);
		else
			evict(&s, t);
	}
	return s.spilled;
}
