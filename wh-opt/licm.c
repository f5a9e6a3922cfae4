/* licm.c: loop-invariant code motion. A loop is a header and the blocks
 * that reach one of its back edges without passing the header. Pure
 * operations inside it whose operands are all defined outside (or already
 * hoisted) move to the preheader, the block that enters the loop (made on
 * the entering edge when that edge comes from a branch). Pure operations
 * never trap on BPF, so running one the loop would have skipped is
 * harmless; loads are never moved, as the checks guarding them stay in the
 * loop. Loops that call helpers are left alone: a hoisted value would live
 * across the calls and take one of the four callee-saved registers.
 *
 * One walk over the loops, in block order, with the analyses made once:
 * each loop costs the size of its body. A preheader goes on the edge that
 * enters its loop, so no dominance between older blocks changes; it is
 * placed in front of its header at the end. */
#include "opt.h"
#include <stdlib.h>
#include <string.h>

void loop_mark_body(Arena *a, Blk *h, Blk *latch, char *in, Vec *body)
{
	if (in[latch->id])
		return;
	in[latch->id] = 1;
	int from = body->n;
	vec_push(a, body, latch);
	for (int i = from; i < body->n; i++) {
		Blk *b = body->v[i];
		if (b == h)
			continue;       /* a loop of one block: its other preds enter it */
		for (int k = 0; k < b->preds.n; k++) {
			Blk *q = b->preds.v[k];
			if (q != h && !in[q->id]) {
				in[q->id] = 1;
				vec_push(a, body, q);
			}
		}
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

typedef struct {
	Arena *a;
	IrProg *p;
	Dom *d;                 /* of the blocks before the pass */
	Blk **where;            /* by tmp: its block; NULL outside every loop
				 * body looked at (parameters, hoisted) */
	char *in;               /* by block id: in the loop looked at */
	int *order;             /* by block id: place in reverse postorder,
				 * a preheader just before its header */
	Blk **pre_of;           /* by header id: the preheader made for it */
	FreshNames names;
} Licm;

/* The block that enters the loop at h, made on the edge from the one
 * block outside that enters it (appended to the block list for now). */
static Blk *preheader(Licm *l, Blk *h, Blk *out)
{
	if (ir_term(out)->op == I_JMP)
		return out;
	Blk *pre = new_block_named(l->a, l->p, &l->names);
	Ins *j = ir_new(l->a, I_JMP, ir_term(out)->pos, 0);
	j->blks[0] = h;
	vec_push(l->a, &pre->ins, j);
	retarget(out, h, pre);
	for (int m = 0; m < h->ins.n; m++) {
		Ins *phi = h->ins.v[m];
		if (phi->op != I_PHI)
			continue;
		for (int k = 0; k < phi->nargs; k++)
			if (phi->blks[k] == out)
				phi->blks[k] = pre;
	}
	for (int k = 0; k < h->preds.n; k++)
		if (h->preds.v[k] == out)
			h->preds.v[k] = pre;
	vec_push(l->a, &pre->preds, out);
	l->order[pre->id] = l->order[h->id] - 1;
	l->pre_of[h->id] = pre;
	return pre;
}

typedef struct {
	int order;
	Blk *b;
} Placed;

static int by_order(const void *x, const void *y)
{
	int a = ((const Placed *)x)->order, b = ((const Placed *)y)->order;
	return (a > b) - (a < b);
}

/* Moves what is invariant in the loop body (in[] set) to the preheader;
 * whether it moved anything. */
static int hoist_loop(Licm *l, Blk *h, Vec *body, Blk *out)
{
	for (int i = 0; i < body->n; i++) {
		Blk *b = body->v[i];
		for (int j = 0; j < b->ins.n; j++)
			if (reads_memory(b->ins.v[j]) && ((Ins *)b->ins.v[j])->op != I_LOAD)
				return 0;       /* a call or something unknown */
	}
	Placed *reached = arena_alloc(l->a, sizeof(Placed) * (size_t)(body->n + 1));
	int nreached = 0;
	for (int i = 0; i < body->n; i++) {
		Blk *b = body->v[i];
		if (l->order[b->id] >= 0)
			reached[nreached++] = (Placed){l->order[b->id], b};
	}
	qsort(reached, (size_t)nreached, sizeof(Placed), by_order);
	Vec moved = {0};
	for (int r = 0; r < nreached; r++) {
		Blk *b = reached[r].b;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *ins = b->ins.v[j];
			if (!is_pure(ins))
				continue;
			int invariant = 1;
			for (int k = 0; k < ins->nargs; k++) {
				Val v = ins->args[k];
				if (v.kind == V_TMP && l->where[v.n] && l->in[l->where[v.n]->id])
					invariant = 0;
			}
			if (!invariant)
				continue;
			remove_ins(b, j--);
			l->where[ins->dst.n] = NULL;
			vec_push(l->a, &moved, ins);
		}
	}
	if (!moved.n)
		return 0;
	Blk *pre = preheader(l, h, out);
	for (int i = 0; i < moved.n; i++) {
		insert_ins(l->a, pre, pre->ins.n - 1, moved.v[i]);
		l->where[((Ins *)moved.v[i])->dst.n] = pre;
	}
	return 1;
}

/* The block list with each preheader in front of its header. */
static void place_preheaders(Licm *l, int nold)
{
	IrProg *p = l->p;
	Blk **old = arena_alloc(l->a, sizeof(Blk *) * (size_t)(nold + 1));
	memcpy(old, p->blks.v, sizeof(Blk *) * (size_t)nold);
	int n = 0;
	for (int i = 0; i < nold; i++) {
		if (l->pre_of[i])
			p->blks.v[n++] = l->pre_of[i];
		p->blks.v[n++] = old[i];
	}
	for (int i = 0; i < n; i++)
		((Blk *)p->blks.v[i])->id = i;
}

int pass_licm(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	int nb = p->blks.n;
	Licm l = {a, p, dom_build(a, p), NULL, arena_alloc(a, (size_t)(2 * nb + 1)),
		  arena_alloc(a, sizeof(int) * (size_t)(2 * nb + 1)),
		  arena_alloc(a, sizeof(Blk *) * (size_t)(nb + 1)), {0}};
	def_map(a, p, &l.where);
	fresh_names_init(a, &l.names, p, "h", nb);
	for (int i = 0; i < nb; i++)
		l.order[i] = dom_reachable(l.d, p->blks.v[i]) ? 2 * l.d->rpo_num[i] + 1 : -1;
	Vec heads = {0};
	for (int i = 0; i < nb; i++)
		if (l.d->loop_head[i])
			vec_push(a, &heads, p->blks.v[i]);
	int changed = 0;
	for (int i = 0; i < heads.n; i++) {
		Blk *h = heads.v[i];
		Vec body = {0};
		for (int k = 0; k < h->preds.n; k++)
			if (dominates(l.d, h, h->preds.v[k])) {
				if (!l.in[h->id]) {
					l.in[h->id] = 1;
					vec_push(a, &body, h);
				}
				loop_mark_body(a, h, h->preds.v[k], l.in, &body);
			}
		/* need a single way in before moving anything */
		Blk *out = loop_entry(h, l.in);
		if (out && hoist_loop(&l, h, &body, out))
			changed = 1;
		for (int k = 0; k < body.n; k++)
			l.in[((Blk *)body.v[k])->id] = 0;
	}
	place_preheaders(&l, nb);
	ir_fill_preds(a, p);
	return changed;
}
