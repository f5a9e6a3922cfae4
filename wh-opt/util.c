/* util.c: use substitution, use counts and instruction removal, shared by
 * the passes of wh-opt. */
#include "opt.h"
#include <string.h>

Val *subst_new(Arena *a, const IrProg *p)
{
	Val *m = arena_alloc(a, sizeof(Val) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->ntmp; i++)
		m[i] = vtmp(i);
	return m;
}

static Val resolve(Val *map, Val v)
{
	for (int guard = 0; v.kind == V_TMP && !val_eq(map[v.n], v) && guard < 1000000; guard++)
		v = map[v.n];
	return v;
}

int subst_apply(IrProg *p, Val *map)
{
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++) {
				Val v = resolve(map, in->args[k]);
				if (val_eq(v, in->args[k]))
					continue;
				if (v.kind == V_IMM && ir_operand_needs_reg(in, k))
					continue;
				in->args[k] = v;
				changed = 1;
			}
		}
	}
	return changed;
}

int *use_counts(Arena *a, const IrProg *p)
{
	int *n = arena_alloc(a, sizeof(int) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++)
				if (in->args[k].kind == V_TMP)
					n[in->args[k].n]++;
		}
	}
	return n;
}

void remove_ins(Blk *b, int idx)
{
	memmove(&b->ins.v[idx], &b->ins.v[idx + 1],
		sizeof(void *) * (size_t)(b->ins.n - idx - 1));
	b->ins.n--;
}
