/* loopeval.c: loops whose whole run is known at compile time. A loop
 * entered from one block with a constant in every header phi, whose
 * blocks compute only pure operations (no memory access, no call) on
 * constants and on its own values, runs the same way every time: it is
 * run here (up to a limit of steps), and the entering block then jumps
 * straight to where the loop leaves, with the values it leaves with —
 * `(dotimes (i 8) (when (= i 3) (return 3)))` becomes `ret 3`. The loop's
 * blocks are left unreachable for cfg to delete. */
#include "opt.h"

enum { STEPS = 20000 };

typedef struct {
	IrProg *p;
	uint64_t *val;          /* by tmp: value in the run */
	char *known;
	char *in;               /* by block id: in the loop */
} Run;

static int value(const Run *r, Val v, uint64_t *out)
{
	if (v.kind == V_IMM) {
		*out = (uint64_t)v.n;
		return 1;
	}
	if (v.kind != V_TMP || !r->known[v.n])
		return 0;
	*out = r->val[v.n];
	return 1;
}

/* Enter b from `from` and run on to the edge that leaves the loop: 1 and
 * *exit_from, *exit_to set, or 0 when the run needs something unknown. */
static int run(Run *r, Blk *b, Blk *from, Blk **exit_from, Blk **exit_to)
{
	uint64_t k[2], phis[64];
	for (int steps = 0; steps < STEPS;) {
		int np = 0;
		for (int j = 0; j < b->ins.n && ((Ins *)b->ins.v[j])->op == I_PHI; j++, np++) {
			Ins *phi = b->ins.v[j];
			int q = 0;
			while (q < phi->nargs && phi->blks[q] != from)
				q++;
			if (np == 64 || q == phi->nargs || !value(r, phi->args[q], &phis[np]))
				return 0;
		}
		for (int j = 0; j < np; j++) {     /* phis read before any is written */
			Ins *phi = b->ins.v[j];
			r->val[phi->dst.n] = phis[j];
			r->known[phi->dst.n] = 1;
		}
		Blk *next = NULL;
		for (int j = np; j < b->ins.n; j++, steps++) {
			Ins *in = b->ins.v[j];
			for (int q = 0; q < in->nargs && q < 2; q++)
				if (!value(r, in->args[q], &k[q]))
					return 0;
			if (in->op == I_JMP) {
				next = in->blks[0];
			} else if (in->op == I_BR) {
				next = in->blks[cond_holds(in->sub, k[0], k[1]) ? 0 : 1];
			} else if (is_pure(in) && in->nargs <= 2 && eval_ins(in, k, &r->val[in->dst.n])) {
				r->known[in->dst.n] = 1;
			} else {
				return 0;   /* memory, calls, returns, anything else */
			}
		}
		if (!next)
			return 0;
		if (!r->in[next->id]) {
			*exit_from = b;
			*exit_to = next;
			return 1;
		}
		from = b;
		b = next;
	}
	return 0;
}

/* Whether every value of the loop that is read outside it was computed
 * by the run (the other values are never read on the paths left). */
static int outside_known(const Run *r, Blk **blk_of)
{
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (r->in[b->id])
			continue;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int q = 0; q < in->nargs; q++) {
				Val v = in->args[q];
				if (v.kind == V_TMP && blk_of[v.n] && r->in[blk_of[v.n]->id] &&
				    !r->known[v.n] && !(in->op == I_PHI && r->in[in->blks[q]->id]))
					return 0;
			}
		}
	}
	return 1;
}

/* Outside the loop, its values are their last values: a phi of the exit
 * block reads them on the new edge from nb; other instructions, and phis
 * on edges from blocks outside the loop, read copies made in nb (which
 * now dominates them). */
static void rewrite_outside(Arena *a, const Run *r, Blk **blk_of, Blk *nb, Blk *exit_from,
			    Blk *exit_to)
{
	IrProg *p = r->p;
	int ntmp = p->ntmp;
	Val *copy = arena_alloc(a, sizeof(Val) * (size_t)(ntmp + 1));
	for (int j = 0; j < exit_to->ins.n; j++) {
		Ins *phi = exit_to->ins.v[j];
		if (phi->op != I_PHI)
			break;
		for (int q = 0; q < phi->nargs; q++)
			if (phi->blks[q] == exit_from) {
				Val v = phi->args[q];
				if (v.kind == V_TMP && blk_of[v.n] && r->in[blk_of[v.n]->id])
					v = vimm((int64_t)r->val[v.n]);
				add_phi_operand(a, phi, nb, v);
				break;
			}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (r->in[b->id] || b == nb)
			continue;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int q = 0; q < in->nargs; q++) {
				Val v = in->args[q];
				if (in->op == I_PHI && r->in[in->blks[q]->id])
					continue;   /* from the loop's blocks, now unreachable */
				if (v.kind != V_TMP || v.n >= ntmp || !blk_of[v.n] || !r->in[blk_of[v.n]->id])
					continue;
				if (copy[v.n].kind == V_NONE) {
					Ins *c = ir_new(a, I_COPY, in->pos, 1);
					c->args[0] = vimm((int64_t)r->val[v.n]);
					c->dst = new_tmp(p);
					insert_ins(a, nb, nb->ins.n - 1, c);
					copy[v.n] = c->dst;
				}
				in->args[q] = copy[v.n];
			}
		}
	}
}

/* The marks of one loop's run gone: in[] of its blocks, known[] of the
 * values they define (the only ones a run sets). */
static void forget_loop(Run *r, const Vec *body, Blk *h)
{
	r->in[h->id] = 0;
	for (int i = 0; i < body->n; i++) {
		Blk *b = body->v[i];
		r->in[b->id] = 0;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP)
				r->known[in->dst.n] = 0;
		}
	}
}

/* r: in[], val[] and known[] clear on entry, and again on a return of 0
 * (each loop costs its own size, not the program's). */
static int eval_loop(Arena *a, Run *r, const Dom *d, Blk *h, Blk **blk_of)
{
	IrProg *p = r->p;
	Vec body = {0};
	for (int k = 0; k < h->preds.n; k++)
		if (dominates(d, h, h->preds.v[k]))
			loop_mark_body(a, h, h->preds.v[k], r->in, &body);
	r->in[h->id] = 1;
	Blk *pre = loop_entry(h, r->in), *xf, *xt;
	if (!pre || !run(r, h, pre, &xf, &xt) || !outside_known(r, blk_of)) {
		forget_loop(r, &body, h);
		return 0;
	}
	Blk *nb = new_block_at(a, p, p->blks.n, "done");   /* ids stay */
	Ins *j = ir_new(a, I_JMP, ir_term(pre)->pos, 0);
	j->blks[0] = xt;
	vec_push(a, &nb->ins, j);
	drop_phi_operand(h, pre);
	retarget(pre, h, nb);
	rewrite_outside(a, r, blk_of, nb, xf, xt);
	return 1;
}

int pass_loopeval(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	Blk **blk_of;
	def_map(a, p, &blk_of);
	Run r = {p, arena_alloc(a, sizeof(uint64_t) * (size_t)(p->ntmp + 1)),
		 arena_alloc(a, (size_t)p->ntmp + 1), arena_alloc(a, (size_t)p->blks.n + 1)};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *h = p->blks.v[i];
		if (d->loop_head[h->id] && dom_reachable(d, h) && eval_loop(a, &r, d, h, blk_of))
			return 1;   /* one at a time: the analyses are stale now */
	}
	return 0;
}
