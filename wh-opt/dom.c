/* dom.c: the control-flow analyses passes share — reverse postorder of
 * the reachable blocks, the dominator tree (Cooper, Harvey and Kennedy's
 * iterative algorithm), a numbering that answers "does A dominate B" in
 * constant time, the loop headers (targets of back edges), and for the
 * walks up the tree that look for single-edge entries, where the next
 * one is. */
#include "opt.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void postorder(Arena *a, IrProg *p, Dom *d)
{
	int n = p->blks.n, sp = 0, k = 0;
	Blk **stack = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	int *next = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	char *seen = arena_alloc(a, (size_t)n + 1);
	Blk **post = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	stack[sp++] = p->blks.v[0];
	seen[0] = 1;
	while (sp) {
		Blk *b = stack[sp - 1], *s[2];
		int ns = ir_succs(b, s);
		if (next[b->id] < ns) {
			Blk *c = s[next[b->id]++];
			if (!seen[c->id]) {
				seen[c->id] = 1;
				stack[sp++] = c;
			}
			continue;
		}
		post[k++] = b;
		sp--;
	}
	d->nrpo = k;
	for (int i = 0; i < k; i++) {
		d->rpo[i] = post[k - 1 - i];
		d->rpo_num[d->rpo[i]->id] = i;
	}
}

static Blk *intersect(Dom *d, Blk *x, Blk *y)
{
	while (x != y) {
		while (d->rpo_num[x->id] > d->rpo_num[y->id])
			x = d->idom[x->id];
		while (d->rpo_num[y->id] > d->rpo_num[x->id])
			y = d->idom[y->id];
	}
	return x;
}

static void number(Arena *a, Dom *d, Blk *entry)
{
	int n = d->nblk, sp = 0, clock = 0;
	Blk **stack = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	int *next = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	stack[sp++] = entry;
	d->pre[entry->id] = clock++;
	while (sp) {
		Blk *b = stack[sp - 1];
		if (next[b->id] < d->kids[b->id].n) {
			Blk *c = d->kids[b->id].v[next[b->id]++];
			d->pre[c->id] = clock++;
			stack[sp++] = c;
			continue;
		}
		d->post[b->id] = clock++;
		sp--;
	}
}

/* The last tree built and the control flow it was built from — each
 * block, its number, successors and predecessors, in layout order — so
 * that a pass asking again for the same flow gets it back: most passes
 * of a round leave the flow as it was. */
static struct {
	const IrProg *p;
	Dom *d;
	const void **shape;
	size_t n, cap;
} last;

/* Appends the shape of p's flow to last.shape from position at; the
 * number of entries. */
static size_t shape_of(const IrProg *p, size_t at)
{
	size_t need = at;
	for (int i = 0; i < p->blks.n; i++)
		need += 5 + (size_t)((Blk *)p->blks.v[i])->preds.n;
	if (need > last.cap) {
		size_t cap = need * 2;
		const void **v = realloc(last.shape, sizeof *v * cap);
		if (!v)
			fatal("out of memory");
		last.shape = v;
		last.cap = cap;
	}
	const void **v = last.shape + at;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i], *s[2] = {NULL, NULL};
		ir_succs(b, s);
		*v++ = b;
		*v++ = (const void *)(intptr_t)b->id;
		*v++ = s[0];
		*v++ = s[1];
		*v++ = (const void *)(intptr_t)b->preds.n;
		for (int k = 0; k < b->preds.n; k++)
			*v++ = b->preds.v[k];
	}
	return need - at;
}

static Dom *build(Arena *a, IrProg *p);

void dom_forget(void)
{
	last.p = NULL;
	last.d = NULL;
	last.n = 0;
}

Dom *dom_build(Arena *a, IrProg *p)
{
	size_t n = shape_of(p, last.p == p ? last.n : 0);
	if (last.p == p && n == last.n &&
	    !memcmp(last.shape, last.shape + n, sizeof *last.shape * n))
		return last.d;
	if (last.p == p)
		memmove(last.shape, last.shape + last.n, sizeof *last.shape * n);
	last.p = p;
	last.n = n;
	last.d = build(a, p);
	return last.d;
}

static Dom *build(Arena *a, IrProg *p)
{
	int n = p->blks.n;
	Dom *d = arena_alloc(a, sizeof *d);
	d->nblk = n;
	d->rpo = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	d->rpo_num = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	d->idom = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	d->kids = arena_alloc(a, sizeof(Vec) * (size_t)(n + 1));
	d->pre = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	d->post = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	d->loop_head = arena_alloc(a, (size_t)n + 1);
	for (int i = 0; i < n; i++) {
		d->rpo_num[i] = -1;
		d->pre[i] = d->post[i] = -1;
	}
	postorder(a, p, d);
	Blk *entry = p->blks.v[0];
	d->idom[entry->id] = entry;
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = 1; i < d->nrpo; i++) {
			Blk *b = d->rpo[i], *nd = NULL;
			for (int k = 0; k < b->preds.n; k++) {
				Blk *q = b->preds.v[k];
				if (d->rpo_num[q->id] < 0 || !d->idom[q->id])
					continue;
				nd = nd ? intersect(d, q, nd) : q;
			}
			if (nd && d->idom[b->id] != nd) {
				d->idom[b->id] = nd;
				changed = 1;
			}
		}
	}
	d->idom[entry->id] = NULL;
	for (int i = 1; i < d->nrpo; i++) {
		Blk *b = d->rpo[i];
		vec_push(a, &d->kids[d->idom[b->id]->id], b);
	}
	number(a, d, entry);
	d->edge_up = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	for (int i = 1; i < d->nrpo; i++) {
		Blk *b = d->rpo[i];
		d->edge_up[b->id] = b->preds.n == 1 ? b : d->edge_up[d->idom[b->id]->id];
	}
	for (int i = 0; i < d->nrpo; i++) {
		Blk *b = d->rpo[i], *s[2];
		int ns = ir_succs(b, s);
		for (int k = 0; k < ns; k++)
			if (dominates(d, s[k], b))
				d->loop_head[s[k]->id] = 1;
	}
	return d;
}

int dom_reachable(const Dom *d, const Blk *b)
{
	return b->id < d->nblk && d->rpo_num[b->id] >= 0;
}

int dominates(const Dom *d, const Blk *x, const Blk *y)
{
	if (!dom_reachable(d, x) || !dom_reachable(d, y))
		return 0;
	return d->pre[x->id] <= d->pre[y->id] && d->post[y->id] <= d->post[x->id];
}
