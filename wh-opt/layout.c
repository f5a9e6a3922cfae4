/* layout.c: block order. The emitter lets a block fall through to the
 * next one and inverts a branch whose first target is next, so every
 * block placed right after a predecessor that goes to it saves a jump.
 * The order stays what wh-lower promises the phases after it: a block
 * comes after all its predecessors except along loop back edges (edges
 * that go backward in reverse postorder). Within that, chains are grown
 * from the entry: after a block comes a successor whose other
 * predecessors are all placed, preferring one only this block reaches
 * (nothing else could fall into it), then the branch's first target as
 * wh-lower placed it (for a `set` test, which has no inverse, the second:
 * the only one it can fall into); when
 * a chain cannot grow, the next starts at the first unplaced block in
 * reverse postorder. Blocks are renamed in their new order. */
#include "opt.h"

typedef struct {
	Dom *d;
	char *placed;
} Lay;

/* all predecessors placed, back edges aside */
static int ready(const Lay *l, const Blk *b)
{
	for (int k = 0; k < b->preds.n; k++) {
		const Blk *q = b->preds.v[k];
		int back = dom_reachable(l->d, q) && l->d->rpo_num[q->id] >= l->d->rpo_num[b->id];
		if (!back && dom_reachable(l->d, q) && !l->placed[q->id])
			return 0;
	}
	return 1;
}

static Blk *pick(const Lay *l, Blk *b)
{
	Blk *s[2];
	int n = ir_succs(b, s);
	if (n == 2 && ir_term(b)->sub == CC_SET) {     /* only the else side can follow */
		Blk *t = s[0];
		s[0] = s[1];
		s[1] = t;
	}
	Blk *best = NULL;
	for (int k = 0; k < n; k++) {
		if (l->placed[s[k]->id] || !ready(l, s[k]))
			continue;
		if (!best || (s[k]->preds.n == 1 && best->preds.n != 1))
			best = s[k];
	}
	return best;
}

int pass_layout(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Lay l = {dom_build(a, p), NULL};
	int n = p->blks.n;
	l.placed = arena_alloc(a, (size_t)n + 1);
	Blk **order = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	int k = 0;
	for (int r = 0; r < l.d->nrpo; r++) {
		for (Blk *b = l.d->rpo[r]; b && !l.placed[b->id]; b = pick(&l, b)) {
			l.placed[b->id] = 1;
			order[k++] = b;
		}
	}
	for (int i = 0; i < n; i++)       /* unreachable blocks go last */
		if (!l.placed[i])
			order[k++] = p->blks.v[i];
	int changed = 0;
	for (int i = 0; i < n; i++) {
		changed |= p->blks.v[i] != order[i];
		p->blks.v[i] = order[i];
	}
	if (changed)
		for (int i = 0; i < n; i++)
			order[i]->name = block_name(i);
	ir_fill_preds(a, p);
	return changed;
}
