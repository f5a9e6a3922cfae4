/* frame.c: the stack frame of a program, below r10. Stack objects come
 * first, each aligned to its size (up to 8); spill slots follow, 8 bytes
 * at 8-aligned offsets, and slots never live at the same time share a
 * place. The whole frame must fit the kernel's 512 bytes. A map-lookup
 * key starts at an 8-aligned offset, unless it holds the constant 0: only
 * there does the verifier keep the value written to it (a constant, a
 * loop counter) and so know whether an array lookup can fail, and walk
 * one side of the null test after it instead of two; zero bytes it knows
 * anywhere. */
#include "ra.h"
#include <string.h>

/* Per tmp: 1 for a stack object that is a map lookup's key and is not
 * stored the constant 0 at its start. */
static char *lookup_keys(const RA *r)
{
	char *key = arena_alloc(r->a, (size_t)r->ntmp + 1);
	char *zero = arena_alloc(r->a, (size_t)r->ntmp + 1);
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			Val x = in->nargs > 1 ? in->args[1] : (Val){V_NONE, 0};
			if (in->op == I_CALL && !strcmp(in->name, "map-lookup-elem") &&
			    x.kind == V_TMP && x.n < r->ntmp)
				key[x.n] = 1;
			Val s = in->nargs > 0 ? in->args[0] : (Val){V_NONE, 0};
			if (in->op == I_STORE && s.kind == V_TMP && s.n < r->ntmp && in->off == 0 &&
			    x.kind == V_IMM && x.n == 0)
				zero[s.n] = 1;
		}
	}
	for (int t = 0; t < r->ntmp; t++)
		key[t] &= !zero[t];
	return key;
}

static noreturn void too_big(const RA *r, Pos pos, int need, int cells)
{
	error_at(pos, "%s: the stack frame needs %d bytes (%d for stack objects, "
		 "%d for %d spilled value%s); the BPF stack holds %d", r->p->name,
		 need, r->obj_bytes, 8 * cells, cells, cells == 1 ? "" : "s",
		 BPF_STACK_LIMIT);
}

void layout_objects(RA *r)
{
	int off = 0;
	char *key = lookup_keys(r);
	for (int t = 0; t < r->ntmp; t++) {
		Ins *d = r->def[t];
		if (!d || d->op != I_SLOT)
			continue;
		int size = (int)d->off;
		int align = size >= 8 || key[t] ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
		off += size;
		off = (off + align - 1) / align * align;
		if (off > BPF_STACK_LIMIT)
			error_at(d->pos, "%s: stack objects need %d bytes; the BPF stack "
				 "holds %d", r->p->name, off, BPF_STACK_LIMIT);
		r->obj_off[t] = -off;
	}
	r->obj_bytes = off;
	r->frame = r->spill_base = (off + 7) / 8 * 8;
}

/* Greedy colouring of the spill slots' intervals, in order of start:
 * each takes the first place none of whose slots it meets. */
void layout_spill_slots(RA *r)
{
	int n = r->nslots;
	if (!n)
		return;
	int *cell = arena_alloc(r->a, sizeof(int) * (size_t)n);
	int *order = arena_alloc(r->a, sizeof(int) * (size_t)n);
	for (int i = 0; i < n; i++)
		order[i] = i;
	for (int i = 1; i < n; i++) {
		int v = order[i], j = i;
		const Itv *x = &r->itv[r->ntmp + v];
		int sv = x->nr ? x->r[0].s : -1;
		while (j > 0) {
			const Itv *y = &r->itv[r->ntmp + order[j - 1]];
			if ((y->nr ? y->r[0].s : -1) <= sv)
				break;
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
	int ncells = 0;
	for (int i = 0; i < n; i++) {
		int s = order[i];
		const Itv *x = &r->itv[r->ntmp + s];
		int c = 0;
		for (;; c++) {
			int clash = 0;
			for (int k = 0; k < i && !clash; k++)
				clash = cell[order[k]] == c &&
					itv_intersect(&r->itv[r->ntmp + order[k]], x);
			if (!clash)
				break;
		}
		cell[s] = c;
		if (c + 1 > ncells)
			ncells = c + 1;
	}
	int base = r->frame;
	if (base + 8 * ncells > BPF_STACK_LIMIT)
		too_big(r, r->p->pos, base + 8 * ncells, ncells);
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int s = spill_slot_of(in);
			if (s < 0)
				continue;
			in->off = -(base + 8 * (cell[s] + 1));
			in->sub = 0;
		}
	}
	r->frame = base + 8 * ncells;
}

/* A place for a parallel move to park one value (tomir.c), made once. */
int frame_scratch(RA *r, Pos pos)
{
	if (!r->scratch_off) {
		if (r->frame + 8 > BPF_STACK_LIMIT)
			too_big(r, pos, r->frame + 8, (r->frame - r->spill_base) / 8 + 1);
		r->frame += 8;
		r->scratch_off = -r->frame;
	}
	return r->scratch_off;
}
