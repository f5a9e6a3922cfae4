/* compact.c: a program's blocks and instructions moved into a fresh
 * arena, so that the memory the passes took and dropped on the way
 * (analyses, operand arrays replaced, blocks gone) is freed with the old
 * arena: wh-opt's memory then follows the size of the program, not the
 * number of passes run over it. */
#include "opt.h"
#include <string.h>

static void *copy_of(Arena *a, const void *from, size_t n)
{
	void *to = arena_alloc(a, n);
	if (n)
		memcpy(to, from, n);
	return to;
}

static const char *copy_str(Arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

/* The block slots an instruction has: a phi one per operand, a jump or a
 * branch two (ir_new gives both two, and a pass may turn one into the
 * other in place). */
static int nblks(const Ins *in)
{
	return in->op == I_PHI ? in->nargs : in->op == I_JMP || in->op == I_BR ? 2 : 0;
}

/* The copy of block b, NULL when b is not one of p's (a jump's second
 * slot, left from a branch, may name a block dropped since). */
static Blk *moved(const IrProg *p, Blk **blk_at, const Blk *b)
{
	return b && b->id >= 0 && b->id < p->blks.n && p->blks.v[b->id] == b ? blk_at[b->id] : NULL;
}

static Ins *copy_ins(Arena *a, const IrProg *p, const Ins *in, Blk **blk_at)
{
	Ins *c = copy_of(a, in, sizeof *in);
	c->name = copy_str(a, in->name);
	c->args = in->nargs ? copy_of(a, in->args, sizeof(Val) * (size_t)in->nargs) : NULL;
	int nb = in->blks ? nblks(in) : 0;
	c->blks = nb ? arena_alloc(a, sizeof(Blk *) * (size_t)nb) : NULL;
	for (int k = 0; k < nb; k++)
		c->blks[k] = moved(p, blk_at, in->blks[k]);
	return c;
}

void compact_prog(Arena *to, IrProg *p)
{
	int n = p->blks.n;
	dom_forget();           /* it is in the arena to be freed */
	for (int i = 0; i < n; i++)
		((Blk *)p->blks.v[i])->id = i;
	Blk **blk_at = arena_alloc(to, sizeof(Blk *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		const Blk *b = p->blks.v[i];
		Blk *c = arena_alloc(to, sizeof *c);
		c->name = copy_str(to, b->name);
		c->id = i;
		blk_at[i] = c;
	}
	for (int i = 0; i < n; i++) {
		const Blk *b = p->blks.v[i];
		Blk *c = blk_at[i];
		c->ins.v = arena_alloc(to, sizeof(void *) * (size_t)(b->ins.n + 1));
		c->ins.cap = b->ins.n + 1;
		for (int j = 0; j < b->ins.n; j++)
			c->ins.v[c->ins.n++] = copy_ins(to, p, b->ins.v[j], blk_at);
		c->preds.v = arena_alloc(to, sizeof(void *) * (size_t)(b->preds.n + 1));
		c->preds.cap = b->preds.n + 1;
		for (int k = 0; k < b->preds.n; k++)
			c->preds.v[c->preds.n++] = moved(p, blk_at, b->preds.v[k]);
	}
	p->blks.v = (void **)blk_at;
	p->blks.cap = n + 1;
}
