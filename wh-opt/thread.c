/* thread.c: jump threading of known conditions. A branch whose outcome
 * the dominating branches already decide becomes a jump. A branch whose
 * outcome is decided only along one incoming edge (by the branch that
 * ends the predecessor, the branches dominating it, or a phi operand that
 * is constant on that edge) has that edge sent straight to the known
 * target: the block is copied for the edge when it computes anything
 * (at most two instructions), and SSA is repaired for the values it
 * defines.
 * This is what keeps the verifier from seeing paths the program cannot
 * take: after `(when (= proto tcp) ...)` a second `(= proto tcp)` test on
 * the path where the first one failed goes straight past the TCP code. */
#include "opt.h"

enum {
	DUP_LIMIT = 2,          /* instructions a block may have to be copied:
				 * more costs more than the branch it saves */
	STEPS = 256,            /* threading steps per run */
};

static int ins_count(const IrProg *p)
{
	int n = 0;
	for (int i = 0; i < p->blks.n; i++)
		n += ((Blk *)p->blks.v[i])->ins.n;
	return n;
}

/* the value v has on entry to b from pred q */
static Val on_edge(Blk *b, Val v, Blk *q)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI || !val_eq(in->dst, v))
			continue;
		for (int k = 0; k < in->nargs; k++)
			if (in->blks[k] == q)
				return in->args[k];
	}
	return v;
}

/* Instructions a copy of b would add; a stack object is never copied (a
 * second one would take frame space, and the phi joining the two
 * addresses would keep the allocator from rebuilding them from r10). */
static int copy_cost(const Blk *b)
{
	int n = 0;
	for (int j = 0; j < b->ins.n - 1; j++) {
		Ins *in = b->ins.v[j];
		if (in->op == I_SLOT)
			return DUP_LIMIT + 1;
		if (in->op != I_PHI)
			n++;
	}
	return n;
}

static Ins *clone(Arena *a, const Ins *in)
{
	Ins *c = ir_new(a, in->op, in->pos, in->nargs);
	Val *args = c->args;
	Blk **blks = c->blks;
	*c = *in;
	c->args = args;
	c->blks = blks;
	for (int k = 0; k < in->nargs; k++)
		c->args[k] = in->args[k];
	return c;
}

/* Send the edge q -> b to `to`, through a copy of b. */
static void thread_edge(Arena *a, IrProg *p, Blk *q, Blk *b, Blk *to)
{
	Blk *nb = new_block_at(a, p, q->id + 1, "t");
	Val *map = subst_new(a, p);
	Vec defs = {0};
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j], *c;
		if (in->op == I_PHI) {
			c = ir_new(a, I_COPY, in->pos, 1);
			c->args[0] = on_edge(b, in->dst, q);
		} else if (in == ir_term(b)) {
			c = ir_new(a, I_JMP, in->pos, 0);
			c->blks[0] = to;
		} else {
			c = clone(a, in);
			for (int k = 0; k < c->nargs; k++)
				if (c->args[k].kind == V_TMP)
					c->args[k] = map[c->args[k].n];
		}
		if (in->dst.kind == V_TMP && in->op != I_JMP && in != ir_term(b)) {
			c->dst = new_tmp(p);
			map[in->dst.n] = c->dst;
			vec_push(a, &defs, in);
		}
		vec_push(a, &nb->ins, c);
	}
	retarget(q, b, nb);
	drop_phi_operand(b, q);
	/* the target's phis take from the copy what they took from b */
	for (int j = 0; j < to->ins.n; j++) {
		Ins *in = to->ins.v[j];
		if (in->op != I_PHI)
			continue;
		for (int k = 0; k < in->nargs; k++) {
			if (in->blks[k] != b)
				continue;
			Val v = in->args[k];
			if (v.kind == V_TMP && v.n < p->ntmp)
				v = map[v.n];
			Ins *grown = ir_new(a, I_PHI, in->pos, in->nargs + 1);
			for (int m = 0; m < in->nargs; m++) {
				grown->args[m] = in->args[m];
				grown->blks[m] = in->blks[m];
			}
			grown->args[in->nargs] = v;
			grown->blks[in->nargs] = nb;
			in->args = grown->args;
			in->blks = grown->blks;
			in->nargs++;
			break;
		}
	}
	ir_fill_preds(a, p);
	for (int i = 0; i < defs.n; i++) {
		Ins *in = defs.v[i];
		ssa_two_defs(a, p, b, in->dst, nb, map[in->dst.n]);
	}
}

enum { NO_STEP, FOLDED, THREADED, WOULD_THREAD };

/* One step at b: fold its branch, or (unless folds_only) thread one of
 * its incoming edges. With folds_only, an edge that could be threaded
 * answers WOULD_THREAD and nothing changes. The facts are gathered in
 * `scratch`, whose room is kept from block to block: a new list per block
 * took memory in proportion to blocks times dominating branches. */
static int try_block(Arena *a, IrProg *p, Dom *d, FactIndex *ix, Ins **defs, Blk *b,
		     int folds_only, Facts *scratch)
{
	Ins *t = ir_term(b);
	if (!t || t->op != I_BR || t->blks[0] == t->blks[1])
		return NO_STEP;
	Facts f = *scratch;
	f.n = 0;
	facts_for(a, &f, ix, b, t->args[0], t->args[1]);
	*scratch = f;
	int r = facts_decide(&f, defs, t->sub, t->args[0], t->args[1]);
	if (r >= 0) {
		fold_branch(b, r ? 0 : 1);
		return FOLDED;
	}
	if (d->loop_head[b->id] || copy_cost(b) > DUP_LIMIT)
		return NO_STEP;
	for (int k = 0; k < b->preds.n; k++) {
		Blk *q = b->preds.v[k];
		Ins *qt = ir_term(q);
		if (!dom_reachable(d, q) || (qt->op == I_BR && qt->blks[0] == qt->blks[1]))
			continue;
		Val x = on_edge(b, t->args[0], q), y = on_edge(b, t->args[1], q);
		Facts g = *scratch;
		g.n = 0;
		facts_edge(a, &g, q, b);
		facts_for(a, &g, ix, q, x, y);
		*scratch = g;
		r = facts_decide(&g, defs, t->sub, x, y);
		if (r < 0)
			continue;
		Blk *to = t->blks[r ? 0 : 1];
		if (to == b)
			continue;
		if (folds_only)
			return WOULD_THREAD;
		thread_edge(a, p, q, b, to);
		return THREADED;
	}
	return NO_STEP;
}

static int has_loops(const Dom *d)
{
	for (int i = 0; i < d->nrpo; i++)
		if (d->loop_head[d->rpo[i]->id])
			return 1;
	return 0;
}

/* Each round takes the first step in reverse postorder, as the analyses
 * of the whole program stand. Without loops, the folds after it in the
 * same order are taken in the same round: a fold only removes an edge,
 * so the dominators and facts the round began with still hold (some
 * facts it adds are found in the next round), and the blocks before it
 * cannot see the change. Rebuilding the analyses after every fold made
 * the pass quadratic in long programs. A round ends at a threaded edge
 * (it copies a block and repairs SSA) or where one could be threaded;
 * with loops, after its first step. STEPS bounds the steps of a run. */
int pass_thread(Arena *a, IrProg *p)
{
	int changed = 0, steps = 0, limit = 2 * ins_count(p) + 64;
	while (steps < STEPS && ins_count(p) <= limit) {
		ir_fill_preds(a, p);
		Dom *d = dom_build(a, p);
		Ins **defs = def_map(a, p, NULL);
		FactIndex *ix = facts_index(a, p, d, defs);
		int loops = has_loops(d), taken = 0;
		Facts scratch = {0};
		for (int i = 0; i < d->nrpo && steps < STEPS; i++) {
			int got = try_block(a, p, d, ix, defs, d->rpo[i], taken > 0, &scratch);
			if (got == NO_STEP)
				continue;
			if (got == WOULD_THREAD)
				break;
			taken++;
			steps++;
			if (got == THREADED || loops)
				break;
		}
		if (!taken)
			break;
		changed = 1;
	}
	ir_fill_preds(a, p);
	return changed;
}
