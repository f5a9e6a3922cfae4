/* factindex.c: the facts on entry to a block that one decision can read,
 * without walking every dominating edge.
 *
 * facts_at lists the fact of every single-edge entry up the dominator
 * tree, nearest first; after a row of n branches that is n facts per
 * block, and a pass asking at every block spends time in proportion to
 * blocks times branches. Deciding `x CC y` reads only the facts that
 * mention x, y or the values their definitions open up (a comparison's
 * operands, the value under an `and` bit test). The index lists, per
 * value, the entries whose fact mentions it; facts_for gathers those
 * dominating the block, in the order facts_at gives them, then expands
 * them as facts_expand does. Facts the decision would skip are left out,
 * so it decides as it would on the whole list. */
#include "opt.h"
#include <stdlib.h>

enum {
	EXPAND_FIRST = 64,      /* facts_expand opens up the first 64 facts only */
	MAX_OPENED = 64,        /* values one decision may look at, at most */
};

typedef struct {
	int pos;                /* of its fact in the list facts_at gives */
	Blk *c;
} Found;

struct FactIndex {
	const Dom *d;
	Ins **defs;
	int *count;             /* by block id: facts on the chain from it up */
	Vec *by_val;            /* by tmp: the entry blocks whose fact names it */
	int ntmp;
	int *seen, gen;         /* by block id: stamp of the last gathering */
	Found *found;           /* the entries one gathering finds */
	int cap;
};

/* Facts on entry to b and its edge_up chain: the count of the nearest
 * entry at or above b. */
static int count_up(const FactIndex *ix, const Blk *b)
{
	const Blk *c = dom_reachable(ix->d, b) ? ix->d->edge_up[b->id] : NULL;
	return c ? ix->count[c->id] : 0;
}

static Val and_base(Ins **defs, Val v)
{
	Ins *d = v.kind == V_TMP ? defs[v.n] : NULL;
	if (d && d->op == I_ALU && d->sub == ALU_AND && !d->w32 && d->args[1].kind == V_IMM)
		return d->args[0];
	return (Val){0};
}

static void index_val(Arena *a, FactIndex *ix, Val v, Blk *c)
{
	if (v.kind == V_TMP && (int)v.n < ix->ntmp) {
		Vec *l = &ix->by_val[v.n];
		if (!l->n || l->v[l->n - 1] != c)
			vec_push(a, l, c);
	}
}

/* The values a fact is read for: its operands and the value under its
 * bit test; for a comparison's result against a constant, also what
 * facts_expand adds for it. */
static void index_fact(Arena *a, FactIndex *ix, const Fact *fa, Blk *c)
{
	index_val(a, ix, fa->a, c);
	index_val(a, ix, fa->b, c);
	index_val(a, ix, and_base(ix->defs, fa->a), c);
	Ins *d = fa->a.kind == V_TMP ? ix->defs[fa->a.n] : NULL;
	if (d && d->op == I_CMP && fa->b.kind == V_IMM) {
		index_val(a, ix, d->args[0], c);
		index_val(a, ix, d->args[1], c);
		index_val(a, ix, and_base(ix->defs, d->args[0]), c);
	}
}

FactIndex *facts_index(Arena *a, const IrProg *p, const Dom *d, Ins **defs)
{
	FactIndex *ix = arena_alloc(a, sizeof *ix);
	int n = p->blks.n;
	ix->d = d;
	ix->defs = defs;
	ix->ntmp = p->ntmp;
	ix->count = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	ix->seen = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	ix->by_val = arena_alloc(a, sizeof(Vec) * (size_t)(p->ntmp + 1));
	Facts f = {0};
	for (int i = 1; i < d->nrpo; i++) {
		Blk *b = d->rpo[i];
		if (d->edge_up[b->id] != b)
			continue;
		f.n = 0;
		facts_edge(a, &f, b->preds.v[0], b);
		ix->count[b->id] = f.n + count_up(ix, d->idom[b->id]);
		if (f.n)
			index_fact(a, ix, &f.v[0], b);
	}
	return ix;
}

/* x, y and the values deciding them opens up (see facts_decide); 0 when
 * there are too many. */
static int opened(Ins **defs, Val x, Val y, Val *out)
{
	int n = 0;
	Val start[2] = {x, y};
	for (int k = 0; k < 2; k++)
		if (start[k].kind == V_TMP)
			out[n++] = start[k];
	for (int i = 0; i < n; i++) {
		Ins *d = defs[out[i].n];
		Val more[2] = {{0}, {0}};
		if (d && d->op == I_CMP) {
			more[0] = d->args[0];
			more[1] = d->args[1];
		} else {
			more[0] = and_base(defs, out[i]);
		}
		for (int k = 0; k < 2; k++) {
			if (more[k].kind != V_TMP)
				continue;
			int dup = 0;
			for (int j = 0; j < n && !dup; j++)
				dup = val_eq(out[j], more[k]);
			if (dup)
				continue;
			if (n == MAX_OPENED)
				return 0;
			out[n++] = more[k];
		}
	}
	return n;
}

static int by_pos(const void *x, const void *y)
{
	int a = ((const Found *)x)->pos, b = ((const Found *)y)->pos;
	return (a > b) - (a < b);
}

void facts_for(Arena *a, Facts *f, FactIndex *ix, Blk *b, Val x, Val y)
{
	int pre = f->n, total = count_up(ix, b);
	Val open[MAX_OPENED];
	int nopen = pre + total >= EXPAND_FIRST ? opened(ix->defs, x, y, open) : 0;
	if (!nopen) {
		/* a short list (facts_expand may open what it added), or too
		 * much to look at: the whole list */
		facts_at(a, f, ix->d, b);
		facts_expand(a, f, ix->defs);
		return;
	}
	ix->gen++;
	int nfound = 0;
	for (int i = 0; i < nopen; i++) {
		const Vec *l = &ix->by_val[open[i].n];
		for (int k = 0; k < l->n; k++) {
			Blk *c = l->v[k];
			if (ix->seen[c->id] == ix->gen || !dominates(ix->d, c, b))
				continue;
			ix->seen[c->id] = ix->gen;
			if (nfound == ix->cap) {
				ix->cap = ix->cap ? 2 * ix->cap : 64;
				Found *nv = arena_alloc(a, sizeof(Found) * (size_t)ix->cap);
				for (int j = 0; j < nfound; j++)
					nv[j] = ix->found[j];
				ix->found = nv;
			}
			ix->found[nfound++] = (Found){pre + total - ix->count[c->id], c};
		}
	}
	Found *v = ix->found;
	if (nfound > 1)         /* v is NULL until something is found */
		qsort(v, (size_t)nfound, sizeof *v, by_pos);
	/* the facts in their places, then what facts_expand adds for the
	 * first EXPAND_FIRST of the whole list, in the same order */
	int first = f->n;
	for (int i = 0; i < nfound; i++)
		facts_edge(a, f, v[i].c->preds.v[0], v[i].c);
	int end = f->n;
	for (int i = 0; i < pre && i < EXPAND_FIRST; i++)
		facts_expand_one(a, f, ix->defs, f->v[i]);
	for (int i = 0, j = first; i < nfound && j < end; i++) {
		if (v[i].pos >= EXPAND_FIRST)
			break;
		/* the fact of v[i] is f->v[j] when its edge still gives one */
		Ins *t = ir_term(v[i].c->preds.v[0]);
		if (!t || t->op != I_BR || t->blks[0] == t->blks[1])
			continue;
		facts_expand_one(a, f, ix->defs, f->v[j++]);
	}
}
