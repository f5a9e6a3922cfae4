/* cse.c: common subexpression elimination over the dominator tree. An
 * operation computed again where an identical one dominates it becomes a
 * copy of the first result. Loads count as identical only while no store,
 * atomic, helper call or unknown instruction can have come in between
 * (the memory "generation" is inherited by a block only from a single
 * predecessor that dominates it). Nothing is reused across a helper call:
 * a value kept alive over a call needs one of the four callee-saved
 * registers, which costs more than the one instruction it saves. Map
 * references and stack objects are never merged: they are rebuilt where
 * they are used anyway. */
#include "opt.h"

typedef struct {
	Ins *in;
	int gen, cgen;
} Avail;

typedef struct {
	Arena *a;
	Dom *d;
	Avail *v;
	int n, cap;
	int clock;
	int changed;
} Cse;

static int args_eq(const Ins *x, const Ins *y, int swap)
{
	if (x->nargs != y->nargs)
		return 0;
	if (swap)
		return val_eq(x->args[0], y->args[1]) && val_eq(x->args[1], y->args[0]);
	for (int k = 0; k < x->nargs; k++)
		if (!val_eq(x->args[k], y->args[k]))
			return 0;
	return 1;
}

static int same(const Ins *x, const Ins *y)
{
	if (x->op != y->op || x->w32 != y->w32 || x->width != y->width || x->off != y->off)
		return 0;
	switch (x->op) {
	case I_ALU:
		if (x->sub != y->sub)
			return 0;
		return args_eq(x, y, 0) || (alu_info[x->sub].commutative && args_eq(x, y, 1));
	case I_CMP:
		if (x->sub == y->sub && args_eq(x, y, 0))
			return 1;
		return cond_info[x->sub].swapped == (Cond)y->sub && args_eq(x, y, 1);
	default:
		return args_eq(x, y, 0);
	}
}

static int candidate(const Ins *in)
{
	if (in->dst.kind != V_TMP)
		return 0;
	return (is_pure(in) && in->op != I_COPY) || in->op == I_LOAD;
}

/* helper calls and instructions the optimizer does not know */
static int barrier(const Ins *in)
{
	return writes_memory(in) && in->op != I_STORE && in->op != I_ATOMIC;
}

static void push(Cse *c, Ins *in, int gen, int cgen)
{
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 64;
		Avail *v = arena_alloc(c->a, sizeof(Avail) * (size_t)cap);
		for (int i = 0; i < c->n; i++)
			v[i] = c->v[i];
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n++] = (Avail){in, gen, cgen};
}

static void walk(Cse *c, Blk *b, int gen, int cgen)
{
	int saved = c->n;
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (writes_memory(in))
			gen = ++c->clock;
		if (barrier(in))
			cgen = ++c->clock;
		if (!candidate(in))
			continue;
		Avail *hit = NULL;
		for (int i = c->n - 1; i >= 0 && !hit; i--) {
			Avail *av = &c->v[i];
			if (av->cgen == cgen && (in->op != I_LOAD || av->gen == gen) && same(av->in, in))
				hit = av;
		}
		if (hit) {
			make_copy(c->a, in, hit->in->dst);
			c->changed = 1;
		} else {
			push(c, in, gen, cgen);
		}
	}
	Vec *kids = &c->d->kids[b->id];
	for (int i = 0; i < kids->n; i++) {
		Blk *k = kids->v[i];
		if (k->preds.n == 1)
			walk(c, k, gen, cgen);
		else {
			int g = ++c->clock;
			walk(c, k, g, ++c->clock);
		}
	}
	c->n = saved;
}

int pass_cse(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Cse c = {a, dom_build(a, p), NULL, 0, 0, 0, 0};
	walk(&c, p->blks.v[0], 0, 0);
	return c.changed;
}
