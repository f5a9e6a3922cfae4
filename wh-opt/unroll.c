/* unroll.c: full unrolling of short counted loops. A loop entered from
 * one block and closed by one latch, whose header counts i = phi(S, i + C)
 * and whose latch leaves when i + C fails a test against a constant, runs
 * a number of turns known here (whatever else leaves it earlier). When
 * that number is small and the copies stay small, the loop is peeled that
 * many times: each copy of the body starts from the value the one before
 * left, so constant propagation folds its counter into offsets and its
 * test into a jump, and the loop itself is reached no more (cfg drops it).
 * The kernel verifier walks a bounded loop once per turn anyway, and a
 * turn of the unrolled code is shorter: no counter, no back edge, no
 * index added to a pointer. Blocks that only the loop enters and that
 * return at once (the `return` of a dotimes) go with each copy, which then
 * returns its own constant.
 *
 * A copy's values are new tmps; a value of the loop read after it has a
 * definition in each copy and in the loop, joined by phis where the
 * paths meet (ssaupdate.c). */
#include "opt.h"
#include <string.h>

enum {
	MAX_TURNS = 8,          /* more turns stay a loop */
	MAX_COPIED = 64,        /* instructions all the copies may hold */
	MAX_EXIT = 3,           /* instructions of a returning block copied along */
};

typedef struct {
	Arena *a;
	IrProg *p;
	char *in;               /* by block id: copied with the loop */
	Vec region;             /* Blk*: the loop's blocks, header first, then
				 * the returning blocks that go with it */
} Un;

/* Whether block x (outside the loop) returns at once and only the loop
 * enters it. */
static int private_return(const Un *u, const Blk *x)
{
	if (x->ins.n > MAX_EXIT || ir_term(x)->op != I_RET || !x->preds.n)
		return 0;
	for (int k = 0; k < x->preds.n; k++)
		if (!u->in[((Blk *)x->preds.v[k])->id])
			return 0;
	for (int j = 0; j < x->ins.n; j++)
		if (((Ins *)x->ins.v[j])->op == I_PHI)
			return 0;
	return 1;
}

/* The turns the loop runs at most (its latch's test on the counter), or 0
 * when that is not known or more than MAX_TURNS. */
static int turns(Ins **def, Blk *h, Blk *out, Blk *latch)
{
	Ins *t = ir_term(latch);
	if (t->op != I_BR || t->args[0].kind != V_TMP || t->args[1].kind != V_IMM)
		return 0;
	int stay = t->blks[0] == h ? 0 : t->blks[1] == h ? 1 : -1;
	if (stay < 0 || t->blks[0] == t->blks[1])
		return 0;
	for (int j = 0; j < h->ins.n; j++) {
		Ins *phi = h->ins.v[j];
		int64_t start, step;
		Ins *next;
		if (phi->op != I_PHI || !loop_counter(def, phi, out, latch, &start, &step, &next) ||
		    !val_eq(next->dst, t->args[0]))
			continue;
		uint64_t i = (uint64_t)start;
		for (int n = 1; n <= MAX_TURNS; n++) {
			i += (uint64_t)step;
			if (cond_holds(t->sub, i, (uint64_t)t->args[1].n) != (stay == 0))
				return n;
		}
		return 0;
	}
	return 0;
}

static Val renamed(const Val *map, int ntmp, Val v)
{
	return v.kind == V_TMP && v.n < ntmp && map[v.n].kind != V_NONE ? map[v.n] : v;
}

/* One copy of the region, entered from `out` instead of the loop; the
 * copy of the latch goes on to the header. Returns the copy of the latch. */
static Blk *peel(Un *u, Blk *h, Blk *out, Blk *latch, FreshNames *names)
{
	Arena *a = u->a;
	IrProg *p = u->p;
	int ntmp = p->ntmp, nb = p->blks.n;
	Val *map = arena_alloc(a, sizeof(Val) * (size_t)(ntmp + 1));
	Blk **copy = arena_alloc(a, sizeof(Blk *) * (size_t)(nb + 1));
	Blk **def_blk = arena_alloc(a, sizeof(Blk *) * (size_t)(ntmp + 1));
	for (int r = 0; r < u->region.n; r++) {
		Blk *x = u->region.v[r];
		copy[x->id] = new_block_named(a, p, names);
		for (int j = 0; j < x->ins.n; j++) {
			Ins *in = x->ins.v[j];
			if (in->dst.kind == V_TMP) {
				map[in->dst.n] = new_tmp(p);
				def_blk[in->dst.n] = x;
			}
		}
	}
	for (int r = 0; r < u->region.n; r++) {
		Blk *x = u->region.v[r], *cx = copy[x->id];
		for (int j = 0; j < x->ins.n; j++) {
			Ins *in = x->ins.v[j], *c = ir_new(a, I_COPY, in->pos, 0);
			*c = *in;
			c->dst = renamed(map, ntmp, in->dst);
			if (in->op == I_PHI && x == h) {      /* the value from out */
				c->op = I_COPY;
				c->nargs = 1;
				c->blks = NULL;
				c->args = arena_alloc(a, sizeof(Val));
				for (int k = 0; k < in->nargs; k++)
					if (in->blks[k] == out)
						c->args[0] = in->args[k];
			} else {
				c->args = arena_alloc(a, sizeof(Val) * (size_t)(in->nargs + 1));
				for (int k = 0; k < in->nargs; k++)
					c->args[k] = renamed(map, ntmp, in->args[k]);
				int nblk = in->op == I_PHI ? in->nargs : (in->op == I_JMP || in->op == I_BR) ? 2 : 0;
				if (nblk) {
					c->blks = arena_alloc(a, sizeof(Blk *) * (size_t)nblk);
					for (int k = 0; k < nblk; k++) {
						Blk *t = in->blks[k];
						/* a jump back to the header goes to the loop */
						int back = t == h && in->op != I_PHI;
						c->blks[k] = t && u->in[t->id] && !back ? copy[t->id] : t;
					}
				}
			}
			vec_push(a, &cx->ins, c);
		}
	}
	/* out enters the copy; the header's value from out now comes from the
	 * copy of the latch */
	retarget(out, h, copy[h->id]);
	for (int j = 0; j < h->ins.n; j++) {
		Ins *phi = h->ins.v[j];
		if (phi->op != I_PHI)
			continue;
		for (int k = 0; k < phi->nargs; k++)
			if (phi->blks[k] == out) {
				phi->blks[k] = copy[latch->id];
				for (int m = 0; m < phi->nargs; m++)
					if (phi->blks[m] == latch)
						phi->args[k] = renamed(map, ntmp, phi->args[m]);
			}
	}
	/* blocks outside the region that the region reaches: a phi operand
	 * from a region block gets its twin from the copy */
	for (int i = 0; i < nb; i++) {
		Blk *e = p->blks.v[i];
		if (u->in[e->id])
			continue;
		for (int j = 0; j < e->ins.n; j++) {
			Ins *phi = e->ins.v[j];
			if (phi->op != I_PHI)
				continue;
			int n = phi->nargs;
			for (int k = 0; k < n; k++)
				if (u->in[phi->blks[k]->id])
					add_phi_operand(a, phi, copy[phi->blks[k]->id],
							renamed(map, ntmp, phi->args[k]));
		}
	}
	ir_fill_preds(a, p);
	/* a value of the region read outside it: one definition per copy */
	for (int v = 0; v < ntmp; v++)
		if (def_blk[v])
			ssa_two_defs(a, p, def_blk[v], vtmp(v), copy[def_blk[v]->id], map[v]);
	return copy[latch->id];
}

/* Unrolls the loop at header h if it qualifies; whether it did. */
static int unroll_loop(Un *u, Dom *d, Ins **def, Blk *h)
{
	if (h->preds.n != 2)
		return 0;
	Blk *latch = NULL, *out = NULL;
	for (int k = 0; k < 2; k++) {
		Blk *q = h->preds.v[k];
		*(dominates(d, h, q) ? &latch : &out) = q;
	}
	if (!latch || !out)
		return 0;
	u->region.n = 0;
	memset(u->in, 0, (size_t)u->p->blks.n * (MAX_TURNS + 2) + 1);
	u->in[h->id] = 1;
	vec_push(u->a, &u->region, h);
	loop_mark_body(u->a, h, latch, u->in, &u->region);
	int nloop = u->region.n;
	for (int r = 0; r < nloop; r++) {
		Blk *s[2], *x = u->region.v[r];
		if (x == latch)
			continue;       /* where the loop ends: reached from the last copy only */
		int ns = ir_succs(x, s);
		for (int k = 0; k < ns; k++)
			if (!u->in[s[k]->id] && private_return(u, s[k])) {
				u->in[s[k]->id] = 1;
				vec_push(u->a, &u->region, s[k]);
			}
	}
	int size = 0;
	for (int r = 0; r < u->region.n; r++) {
		Blk *x = u->region.v[r];
		for (int k = 0; x != h && k < x->preds.n; k++)
			if (!u->in[((Blk *)x->preds.v[k])->id])
				return 0;       /* entered from outside but at the header */
		for (int j = 0; j < x->ins.n; j++)
			if (((Ins *)x->ins.v[j])->op == I_ASM)
				return 0;       /* raw code keeps its place */
		size += x->ins.n;
	}
	int n = turns(def, h, out, latch);
	if (!n || n * size > MAX_COPIED)
		return 0;
	FreshNames names;
	fresh_names_init(u->a, &names, u->p, "u", n * u->region.n);
	for (int t = 0; t < n; t++)
		out = peel(u, h, out, latch, &names);
	return 1;
}

int pass_unroll(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	Ins **def = def_map(a, p, NULL);
	/* in[] also covers the blocks the copies add */
	Un u = {a, p, arena_alloc(a, (size_t)p->blks.n * (MAX_TURNS + 2) + 1), {0}};
	/* one loop per run: the next run sees the program the copies made */
	for (int i = 0; i < p->blks.n; i++)
		if (d->loop_head[i] && unroll_loop(&u, d, def, p->blks.v[i]))
			return 1;
	return 0;
}
