/* split.c: live-range splitting after helper calls.
 *
 * A value live across a helper call must sit in one of r6-r9 for its
 * whole life, or go through the stack; with more such values than four,
 * the allocator spills one and reloads it before every use. After the
 * last call on the way to a value's remaining uses, those uses need not
 * pay for the call any more: a copy made right after the call, which the
 * uses then read, lives across no call, so it may take any register, and
 * a spilled value is reloaded once into it instead of once per block.
 *
 * The copy is made when every use of the value reachable from the call
 * is reached without passing another call and is dominated by the call
 * (the value dies at the copy), and there are two uses or more. Without
 * pressure the allocator gives the copy the register of the value it
 * copies, and the move disappears. Run it last: copy propagation would
 * undo it. */
#include "opt.h"
#include <string.h>

typedef struct {
	Ins *in;
	int k;
} Use;

typedef struct {
	Arena *a;
	IrProg *p;
	Dom *d;
	Ins **def;
	int ntmp0;              /* tmps before the pass: the candidates */
	char **liveout;
	char *seen;             /* per block: entered by the current walk */
	Vec uses;               /* Use*: what the current walk found */
} Split;

static void mark_uses(const Ins *in, char *live)
{
	for (int k = 0; k < in->nargs; k++)
		if (in->args[k].kind == V_TMP)
			live[in->args[k].n] = 1;
}

/* Live-out sets by block; a phi operand is live out of its predecessor. */
static void liveness(Split *s)
{
	IrProg *p = s->p;
	int nb = p->blks.n;
	size_t nt = (size_t)p->ntmp + 1;
	char **in = arena_alloc(s->a, sizeof(char *) * (size_t)nb);
	s->liveout = arena_alloc(s->a, sizeof(char *) * (size_t)nb);
	for (int i = 0; i < nb; i++) {
		in[i] = arena_alloc(s->a, nt);
		s->liveout[i] = arena_alloc(s->a, nt);
	}
	char *live = arena_alloc(s->a, nt);
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = nb - 1; i >= 0; i--) {
			Blk *b = p->blks.v[i], *succ[2];
			char *out = s->liveout[i];
			int ns = ir_succs(b, succ);
			for (int k = 0; k < ns; k++) {
				Blk *c = succ[k];
				for (size_t t = 0; t < nt; t++)
					out[t] |= in[c->id][t];
				for (int j = 0; j < c->ins.n; j++) {
					Ins *phi = c->ins.v[j];
					if (phi->op != I_PHI)
						break;
					for (int q = 0; q < phi->nargs; q++)
						if (phi->blks[q] == b && phi->args[q].kind == V_TMP)
							out[phi->args[q].n] = 1;
				}
			}
			memcpy(live, out, nt);
			for (int j = b->ins.n - 1; j >= 0; j--) {
				Ins *x = b->ins.v[j];
				if (x->dst.kind == V_TMP)
					live[x->dst.n] = 0;
				if (x->op != I_PHI)
					mark_uses(x, live);
			}
			if (memcmp(live, in[i], nt)) {
				memcpy(in[i], live, nt);
				changed = 1;
			}
		}
	}
}

static int uses_val(const Ins *in, Val v)
{
	for (int k = 0; k < in->nargs; k++)
		if (val_eq(in->args[k], v))
			return 1;
	return 0;
}

static int live_after(const Split *s, const Blk *b, int j, Val v)
{
	for (int i = j + 1; i < b->ins.n; i++) {
		if (uses_val(b->ins.v[i], v))
			return 1;
		if (val_eq(((Ins *)b->ins.v[i])->dst, v))
			return 0;       /* defined after the point, not live at it */
	}
	return s->liveout[b->id][v.n];
}

static void record_one(Split *s, Ins *in, int k)
{
	Use *u = arena_alloc(s->a, sizeof *u);
	*u = (Use){in, k};
	vec_push(s->a, &s->uses, u);
}

static void record(Split *s, Ins *in, Val v)
{
	for (int k = 0; k < in->nargs; k++)
		if (val_eq(in->args[k], v))
			record_one(s, in, k);
}

/* Collect the uses of v reachable from instruction `from` of b without
 * passing a call; the call at position `ci` of `home` is where the walk
 * began. 0 when the split cannot be made: a use the call does not
 * dominate, or v still live after a call the walk stops at. */
static int walk(Split *s, Blk *b, int from, Val v, Blk *home, int ci)
{
	int dominated = b == home ? from > ci : dominates(s->d, home, b);
	for (int j = from; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op == I_PHI)
			continue;           /* read on the edges, below */
		if (uses_val(in, v)) {
			if (!dominated)
				return 0;
			record(s, in, v);
		}
		if (ir_is_call(in))
			return !live_after(s, b, j, v);
	}
	Blk *succ[2];
	int ns = ir_succs(b, succ);
	for (int k = 0; k < ns; k++) {
		Blk *c = succ[k];
		for (int j = 0; j < c->ins.n; j++) {
			Ins *phi = c->ins.v[j];
			if (phi->op != I_PHI)
				break;
			for (int q = 0; q < phi->nargs; q++)
				if (phi->blks[q] == b && val_eq(phi->args[q], v)) {
					/* read at the end of b, which the call dominates
					 * when it dominates b's instructions */
					if (!dominated && b != home)
						return 0;
					record_one(s, phi, q);  /* this edge's operand only */
				}
		}
		if (s->seen[c->id])
			continue;
		s->seen[c->id] = 1;
		if (!walk(s, c, 0, v, home, ci))
			return 0;
	}
	return 1;
}

static int worth_splitting(const Split *s, int t, const Ins *call)
{
	const Ins *d = s->def[t];
	if (!d || d == call)
		return 0;
	switch (d->op) {
	case I_SLOT: case I_FRAME: case I_MAPREF:
		return 0;           /* rebuilt where used, never spilled */
	case I_COPY:
		return d->args[0].kind != V_IMM;
	default:
		return 1;
	}
}

/* Split the values live after the call at position ci of b. */
static int split_at(Split *s, Blk *b, int ci)
{
	Ins *call = b->ins.v[ci];
	int changed = 0, at = ci + 1;
	for (int t = 0; t < s->ntmp0; t++) {
		Val v = vtmp(t);
		if (!live_after(s, b, ci, v) || !worth_splitting(s, t, call))
			continue;
		s->uses.n = 0;
		memset(s->seen, 0, (size_t)s->p->blks.n);
		if (!walk(s, b, ci + 1, v, b, ci) || s->uses.n < 2)
			continue;
		Ins *cp = ir_new(s->a, I_COPY, call->pos, 1);
		cp->args[0] = v;
		cp->dst = new_tmp(s->p);
		for (int u = 0; u < s->uses.n; u++) {
			Use *use = s->uses.v[u];
			use->in->args[use->k] = cp->dst;
		}
		insert_ins(s->a, b, at++, cp);
		changed = 1;
	}
	return changed;
}

int pass_split(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Split s = {.a = a, .p = p};
	s.d = dom_build(a, p);
	s.def = def_map(a, p, NULL);
	s.ntmp0 = p->ntmp;
	s.seen = arena_alloc(a, (size_t)p->blks.n + 1);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (!dom_reachable(s.d, b))
			continue;
		for (int j = b->ins.n - 1; j >= 0; j--) {
			if (!ir_is_call(b->ins.v[j]))
				continue;
			/* liveness of the program as it is now: a split at a later
			 * call of the block changed the uses after this one */
			liveness(&s);
			changed |= split_at(&s, b, j);
		}
	}
	return changed;
}
