/* licm.c: loop-invariant code motion. A loop is a header and the blocks
 * that reach one of its back edges without passing the header. Pure
 * operations inside it whose operands are all defined outside (or already
 * hoisted) move to the preheader, the block that enters the loop (made on
 * the entering edge when that edge comes from a branch). Pure operations
 * never trap on BPF, so running one the loop would have skipped is
 * harmless; loads are never moved, as the checks guarding them stay in the
 * loop. Loops that call helpers are left alone: a hoisted value would live
 * across the calls and take one of the four callee-saved registers. */
#include "opt.h"

void loop_mark_body(Blk *h, Blk *latch, char *in)
{
	if (in[latch->id])
		return;
	in[latch->id] = 1;
	if (latch == h)
		return;         /* a loop of one block: its other preds enter it */
	for (int k = 0; k < latch->preds.n; k++) {
		Blk *q = latch->preds.v[k];
		if (q != h)
			loop_mark_body(h, q, in);
	}
}

Blk *loop_entry(Blk *h, const char *in)
{
	Blk *out = NULL;
	for (int k = 0; k < h->preds.n; k++) {
		Blk *q = h->preds.v[k];
		if (in[q->id])
			continue;
		if (out)
			return NULL;
		out = q;
	}
	return out;
}

/* The block that enters the loop at h, made if need be; NULL when more
 * than one block outside the loop enters it. */
static Blk *preheader(Arena *a, IrProg *p, Blk *h, const char *in)
{
	Blk *out = loop_entry(h, in);
	if (!out)
		return NULL;
	if (ir_term(out)->op == I_JMP)
		return out;
	Blk *pre = new_block_at(a, p, h->id, "h");
	Ins *j = ir_new(a, I_JMP, ir_term(out)->pos, 0);
	j->blks[0] = h;
	vec_push(a, &pre->ins, j);
	retarget(out, h, pre);
	for (int m = 0; m < h->ins.n; m++) {
		Ins *phi = h->ins.v[m];
		if (phi->op != I_PHI)
			continue;
		for (int k = 0; k < phi->nargs; k++)
			if (phi->blks[k] == out)
				phi->blks[k] = pre;
	}
	ir_fill_preds(a, p);
	return pre;
}

static int hoist_loop(Arena *a, IrProg *p, Dom *d, Blk *h)
{
	char *in = arena_alloc(a, (size_t)p->blks.n + 1);
	for (int k = 0; k < h->preds.n; k++) {
		Blk *q = h->preds.v[k];
		if (dominates(d, h, q)) {
			in[h->id] = 1;
			loop_mark_body(h, q, in);
		}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; in[i] && j < b->ins.n; j++)
			if (reads_memory(b->ins.v[j]) && ((Ins *)b->ins.v[j])->op != I_LOAD)
				return 0;       /* a call or something unknown */
	}
	Blk **where;
	def_map(a, p, &where);
	char *inside = arena_alloc(a, (size_t)p->ntmp + 1);
	for (int t = 0; t < p->ntmp; t++)
		inside[t] = where[t] && in[where[t]->id];
	Vec moved = {0};
	for (int r = 0; r < d->nrpo; r++) {
		Blk *b = d->rpo[r];
		if (!in[b->id])
			continue;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *ins = b->ins.v[j];
			if (!is_pure(ins))
				continue;
			int invariant = 1;
			for (int k = 0; k < ins->nargs; k++)
				if (ins->args[k].kind == V_TMP && inside[ins->args[k].n])
					invariant = 0;
			if (!invariant)
				continue;
			remove_ins(b, j--);
			inside[ins->dst.n] = 0;
			vec_push(a, &moved, ins);
		}
	}
	if (!moved.n)
		return 0;
	Blk *pre = preheader(a, p, h, in);
	if (!pre)
		bug("licm: no preheader after the check");
	for (int i = 0; i < moved.n; i++)
		insert_ins(a, pre, pre->ins.n - 1, moved.v[i]);
	return 1;
}

static int licm_once(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	int nb = p->blks.n;
	for (int i = 0; i < nb; i++) {
		Blk *h = p->blks.v[i];
		if (!d->loop_head[i])
			continue;
		/* need a single way in before moving anything */
		char *in = arena_alloc(a, (size_t)nb + 1);
		for (int k = 0; k < h->preds.n; k++)
			if (dominates(d, h, h->preds.v[k])) {
				in[h->id] = 1;
				loop_mark_body(h, h->preds.v[k], in);
			}
		int outside = 0;
		for (int k = 0; k < h->preds.n; k++)
			outside += !in[((Blk *)h->preds.v[k])->id];
		if (outside == 1 && hoist_loop(a, p, d, h))
			return 1;       /* the analyses are stale: start again */
	}
	return 0;
}

int pass_licm(Arena *a, IrProg *p)
{
	int changed = 0;
	for (int round = 0; round < 64 && licm_once(a, p); round++)
		changed = 1;
	ir_fill_preds(a, p);
	return changed;
}
