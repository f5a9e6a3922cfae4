/* cfg.c: control-flow simplification — branches to one place become
 * jumps, empty blocks are jumped over (their predecessors take their place
 * in the target's phis; not a branch's into a loop header, whose edge
 * would have to be split again for the phi copies), a block with one
 * predecessor that
 * jumps to it is merged into it, blocks that only return the same
 * constant become one, and blocks no path reaches are removed (with their
 * phi operands). */
#include "opt.h"

static int has_phi(Blk *b)
{
	for (int j = 0; j < b->ins.n; j++)
		if (((Ins *)b->ins.v[j])->op == I_PHI)
			return 1;
	return 0;
}

/* Whether b is the target of a back edge, by dominators computed once
 * for a sweep: jumping over empty blocks does not change which of the
 * other blocks dominate which. */
static int loop_head(Arena *a, IrProg *p, Dom **d, Blk *b)
{
	if (!*d)
		*d = dom_build(a, p);
	for (int k = 0; k < b->preds.n; k++)
		if (dominates(*d, b, b->preds.v[k]))
			return 1;
	return 0;
}

static int is_pred(Blk *b, Blk *q)
{
	for (int k = 0; k < b->preds.n; k++)
		if (b->preds.v[k] == q)
			return 1;
	return 0;
}

/* The phis of b take from `q` what they took from `from` (which stays). */
static void copy_phi_operand(Arena *a, Blk *b, Blk *from, Blk *q)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI)
			continue;
		for (int k = 0; k < in->nargs; k++)
			if (in->blks[k] == from) {
				Val *args = arena_alloc(a, sizeof(Val) * (size_t)(in->nargs + 1));
				Blk **blks = arena_alloc(a, sizeof(Blk *) * (size_t)(in->nargs + 1));
				for (int m = 0; m < in->nargs; m++) {
					args[m] = in->args[m];
					blks[m] = in->blks[m];
				}
				args[in->nargs] = in->args[k];
				blks[in->nargs] = q;
				in->args = args;
				in->blks = blks;
				in->nargs++;
				break;
			}
	}
}

static int remove_unreachable(Arena *a, IrProg *p)
{
	char *seen = arena_alloc(a, (size_t)p->blks.n + 1);
	Blk **stack = arena_alloc(a, sizeof(Blk *) * (size_t)(p->blks.n + 1));
	int sp = 0;
	stack[sp++] = p->blks.v[0];
	seen[0] = 1;
	while (sp) {
		Blk *s[2], *b = stack[--sp];
		int n = ir_succs(b, s);
		for (int i = 0; i < n; i++)
			if (!seen[s[i]->id]) {
				seen[s[i]->id] = 1;
				stack[sp++] = s[i];
			}
	}
	int changed = 0;
	Vec kept = {0};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (seen[i]) {
			vec_push(a, &kept, b);
			continue;
		}
		Blk *s[2];
		int n = ir_succs(b, s);
		for (int k = 0; k < n; k++)
			drop_phi_operand(s[k], b);
		changed = 1;
	}
	p->blks = kept;
	ir_fill_preds(a, p);
	return changed;
}

static int is_ret_const(const Blk *b)
{
	const Ins *t = ir_term(b);
	return b->ins.n == 1 && t->op == I_RET && t->args[0].kind == V_IMM;
}

/* Blocks that only return the same constant become the first of them. */
static int merge_returns(Arena *a, IrProg *p)
{
	int changed = 0;
	Vec first = {0};        /* Blk*: the first block returning each constant */
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i], *c = NULL;
		if (!is_ret_const(b))
			continue;
		for (int k = 0; k < first.n && !c; k++)
			if (val_eq(ir_term(first.v[k])->args[0], ir_term(b)->args[0]))
				c = first.v[k];
		if (!c) {
			vec_push(a, &first, b);
			continue;
		}
		for (int k = 0; k < b->preds.n; k++)
			retarget(b->preds.v[k], b, c);
		changed |= b->preds.n > 0;
	}
	return changed;
}

/* A branch whose two ways are one place becomes a jump. */
static int branch_to_jump(Blk *b)
{
	Ins *t = ir_term(b);
	if (t->op != I_BR || t->blks[0] != t->blks[1])
		return 0;
	t->op = I_JMP;
	t->nargs = 0;
	return 1;
}

/* The block b jumps to, when b is its only predecessor (and it is not
 * the entry or b itself): it can join b. */
static Blk *mergeable(IrProg *p, Blk *b)
{
	Ins *t = ir_term(b);
	if (t->op != I_JMP)
		return NULL;
	Blk *c = t->blks[0];
	return c != b && c != p->blks.v[0] && c->preds.n == 1 ? c : NULL;
}

/* c's instructions go to the end of b, whose jump to c they replace. */
static void merge_into(Arena *a, IrProg *p, Blk *b, Blk *c)
{
	for (int j = 0; j < c->ins.n; j++) {
		Ins *in = c->ins.v[j];
		if (in->op == I_PHI) {
			in->op = I_COPY;
			in->nargs = 1;
			in->blks = NULL;
		}
	}
	b->ins.n--;     /* the jmp */
	for (int j = 0; j < c->ins.n; j++)
		vec_push(a, &b->ins, c->ins.v[j]);
	Blk *s[2];
	int n = ir_succs(c, s);
	for (int k = 0; k < n; k++) {
		rename_phi_pred(s[k], c, b);
		for (int q = 0; q < s[k]->preds.n; q++)
			if (s[k]->preds.v[q] == c)
				s[k]->preds.v[q] = b;
	}
	c->ins.n = 0;
	c->preds.n = 0;
	/* c is now unreachable and empty: give it a ret so the removal sees a
	 * well-formed block */
	Ins *r = ir_new(a, I_RET, b->ins.n ? ((Ins *)b->ins.v[0])->pos : p->pos, 1);
	r->args[0] = vimm(0);
	vec_push(a, &c->ins, r);
}

/* Branches to one place become jumps and blocks merge into their only
 * predecessor, until none is left; 0 when there was none to begin with.
 * The two rewrites and the removal of unreachable blocks do not disable
 * one another, so one sweep in block order reaches the same result as
 * taking them one at a time. */
static int merge_blocks(Arena *a, IrProg *p)
{
	int any = 0;
	for (int i = 0; i < p->blks.n && !any; i++) {
		Blk *b = p->blks.v[i];
		Ins *t = ir_term(b);
		any = (t->op == I_BR && t->blks[0] == t->blks[1]) || mergeable(p, b);
	}
	if (!any)
		return 0;
	remove_unreachable(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i], *c;
		for (;;) {
			if (branch_to_jump(b))
				continue;
			if (!(c = mergeable(p, b)))
				break;
			merge_into(a, p, b, c);
		}
	}
	return 1;
}

/* Whether pb, a predecessor of b (a block holding only `jmp` to `to`),
 * may jump past b. */
static int may_bypass(Arena *a, IrProg *p, Dom **d, Blk *pb, Blk *to)
{
	/* not when the phi could not tell the paths apart, or when the edge
	 * into the loop would need splitting again for the phi's copies */
	return !(has_phi(to) && (is_pred(to, pb) ||
				 (ir_term(pb)->op != I_JMP && loop_head(a, p, d, to))));
}

static Blk *only_jmp(Blk *b)
{
	Ins *t = ir_term(b);
	return b->ins.n == 1 && t->op == I_JMP && t->blks[0] != b ? t->blks[0] : NULL;
}

static int bypassable(Arena *a, IrProg *p, Dom **d, Blk *b)
{
	Blk *to = only_jmp(b);
	for (int k = 0; to && k < b->preds.n; k++)
		if (may_bypass(a, p, d, b->preds.v[k], to))
			return 1;
	return 0;
}

/* The predecessors of b, a block holding only `jmp`, that may jump past
 * it do so; they are listed in `moved`. */
static int bypass(Arena *a, IrProg *p, Dom **d, Blk *b, Vec *moved)
{
	Blk *to = only_jmp(b);
	moved->n = 0;
	for (int k = 0; to && k < b->preds.n; k++) {
		Blk *pb = b->preds.v[k];
		if (!may_bypass(a, p, d, pb, to))
			continue;
		retarget(pb, b, to);
		if (has_phi(to)) {
			copy_phi_operand(a, to, b, pb);
			vec_push(a, &to->preds, pb);
		}
		vec_push(a, moved, pb);
	}
	return moved->n;
}

static void sort_preds(Blk *b)
{
	for (int i = 1; i < b->preds.n; i++) {
		Blk *x = b->preds.v[i];
		int j = i;
		for (; j > 0 && ((Blk *)b->preds.v[j - 1])->id > x->id; j--)
			b->preds.v[j] = b->preds.v[j - 1];
		b->preds.v[j] = x;
	}
}

static void unlist(Vec *v, const void *x)
{
	int n = 0;
	for (int i = 0; i < v->n; i++)
		if (v->v[i] != x)
			v->v[n++] = v->v[i];
	v->n = n;
}

/* The state of a sweep of jump_over. */
typedef struct {
	Arena *a;
	IrProg *p;
	Dom *d;                 /* computed once, for loop heads */
	char *dead;             /* per block id: merged away or unreachable */
	Vec moved;              /* Blk*: what jumped past the block taken */
	Vec touched;            /* Blk*: blocks whose edges or code changed */
} Sweep;

/* Branches to one place become jumps, and blocks join x, while they can. */
static void merge_at(Sweep *w, Blk *x)
{
	vec_push(w->a, &w->touched, x);
	for (Blk *c;;) {
		if (branch_to_jump(x))
			continue;
		if (!(c = mergeable(w->p, x)))
			return;
		Blk *s[2];
		int n = ir_succs(c, s);
		merge_into(w->a, w->p, x, c);
		for (int k = 0; k < n; k++) {
			sort_preds(s[k]);
			vec_push(w->a, &w->touched, s[k]);
		}
		w->dead[c->id] = 1;
	}
}

/* After w->moved jumped past b: the predecessor lists as a fresh count
 * would give them, b gone when nothing reaches it any more (its phi
 * operands in its target dropped, as the removal of unreachable blocks
 * does), and the merges that became possible. */
static void settle(Sweep *w, Blk *b)
{
	Blk *to = ir_term(b)->blks[0];
	w->touched.n = 0;
	vec_push(w->a, &w->touched, b);
	vec_push(w->a, &w->touched, to);
	for (int k = 0; k < w->moved.n; k++) {
		unlist(&b->preds, w->moved.v[k]);
		if (!is_pred(to, w->moved.v[k]))
			vec_push(w->a, &to->preds, w->moved.v[k]);
	}
	if (!b->preds.n) {
		drop_phi_operand(to, b);
		unlist(&to->preds, b);
		w->dead[b->id] = 1;
	}
	sort_preds(to);
	for (int k = 0; k < w->moved.n; k++)
		if (!w->dead[((Blk *)w->moved.v[k])->id])
			merge_at(w, w->moved.v[k]);
	if (!w->dead[to->id] && to->preds.n == 1)
		merge_at(w, to->preds.v[0]);
	if (!w->dead[b->id] && b->preds.n == 1)
		merge_at(w, b->preds.v[0]);
}

/* The first position, up to `limit`, of a block that may have become one
 * to take: near the blocks settle changed (they, their successors, and
 * the predecessors of them and of their successors). Only there can it
 * change. */
static int retake(Sweep *w, int limit)
{
	int first = limit;
	for (int i = 0; i < w->touched.n; i++) {
		Blk *x = w->touched.v[i], *s[2];
		int ns = w->dead[x->id] ? 0 : ir_succs(x, s);
		Blk *near[3] = {x, ns > 0 ? s[0] : NULL, ns > 1 ? s[1] : NULL};
		for (int m = 0; m < 3; m++) {
			Blk *y = near[m];
			if (!y || w->dead[y->id])
				continue;
			for (int k = -1; k < y->preds.n; k++) {
				Blk *z = k < 0 ? y : y->preds.v[k];
				if (z->id > 0 && z->id < first && !w->dead[z->id] &&
				    bypassable(w->a, w->p, &w->d, z))
					first = z->id;
			}
		}
	}
	return first;
}

/* Predecessors of blocks holding only `jmp` jump past them. The pass
 * takes one such block at a time, the first in block order, and starts
 * again after each; here a sweep in block order does the same work: the
 * merges one block allows are made before the next block is taken, and a
 * block before it that may have become one to take is taken next. The
 * blocks that go are dropped at the end. */
static int jump_over(Arena *a, IrProg *p)
{
	Sweep w = {.a = a, .p = p};
	int i = 1;
	while (i < p->blks.n && !bypass(a, p, &w.d, p->blks.v[i], &w.moved))
		i++;
	if (i >= p->blks.n)
		return 0;
	/* the first one as the pass always did it: unreachable blocks go,
	 * and the merges follow; then from the start again */
	remove_unreachable(a, p);
	merge_blocks(a, p);
	ir_fill_preds(a, p);
	w.d = NULL;             /* block ids changed */
	w.dead = arena_alloc(a, (size_t)p->blks.n + 1);
	for (int j = 1; j < p->blks.n;) {
		Blk *b = p->blks.v[j];
		if (w.dead[b->id] || !bypass(a, p, &w.d, b, &w.moved)) {
			j++;
			continue;
		}
		settle(&w, b);
		j = retake(&w, j + 1);
	}
	return 1;
}

int pass_cfg(Arena *a, IrProg *p)
{
	int changed = 0, again = 1;
	while (again) {
		ir_fill_preds(a, p);
		again = merge_blocks(a, p);
		if (!again)
			again = jump_over(a, p);
		if (!again)
			again = merge_returns(a, p);
		again |= remove_unreachable(a, p);
		changed |= again;
	}
	for (int i = 0; changed && i < p->blks.n; i++)
		((Blk *)p->blks.v[i])->name = block_name(i);
	return changed;
}
