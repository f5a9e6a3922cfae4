/* forward.c: store-to-load forwarding for stack objects. Walking the
 * dominator tree (a block inherits what its parent knew only when the
 * parent is its single predecessor), the pass remembers what each stack
 * location holds: the value last stored there, or last loaded from it.
 * A load of exactly that location and width reads the remembered value
 * instead, when the value already fits the width (or a 32-bit zero
 * extension does it in one instruction); a load of some of the bytes of a
 * stored constant reads those bytes. Stores forget what they overlap;
 * a helper call, an unknown instruction, or a store or atomic through a
 * pointer that is not a stack address forgets the objects that escaped,
 * since the helper may have been given their address (a raw asm call
 * too); any other instruction the optimizer does not know (raw asm)
 * forgets everything. */
#include "opt.h"
#include <string.h>

typedef struct {
	int slot;
	int64_t off;
	int width;
	Val v;
	int fits;               /* v has no bits above the width */
} Known;

typedef struct {
	Arena *a;
	Dom *d;
	Slots *s;
	Range *r;
	int changed;
} Fw;

typedef struct {
	Known *k;
	int n, cap;
} State;

static void forget(State *st, Fw *f, int slot, int64_t off, int width, int escaped_only)
{
	int m = 0;
	for (int i = 0; i < st->n; i++) {
		Known *k = &st->k[i];
		int gone;
		if (escaped_only)
			gone = f->s->escaped[k->slot];
		else
			gone = k->slot == slot && k->off < off + width && off < k->off + k->width;
		if (!gone)
			st->k[m++] = *k;
	}
	st->n = m;
}

static void remember(State *st, Fw *f, Known k)
{
	if (st->n == st->cap) {
		int cap = st->cap ? 2 * st->cap : 16;
		Known *v = arena_alloc(f->a, sizeof(Known) * (size_t)cap);
		if (st->n)
			memcpy(v, st->k, sizeof(Known) * (size_t)st->n);
		st->k = v;
		st->cap = cap;
	}
	st->k[st->n++] = k;
}

/* Replace `load` by what the location is known to hold, if that pays. */
static void use_known(Fw *f, Ins *in, const Known *k)
{
	Val v = k->v;
	uint64_t mask = eval_zext(UINT64_MAX, in->width);
	if (v.kind == V_IMM) {
		make_copy(f->a, in, vimm((int64_t)((uint64_t)v.n & mask)));
	} else if (k->fits || range_max(f->r, v) <= mask) {
		make_copy(f->a, in, v);
	} else if (in->width == 4) {
		in->op = I_ZEXT;
		in->args[0] = v;
		in->off = 0;
	} else {
		return;
	}
	f->changed = 1;
}

static void step(Fw *f, State *st, Ins *in)
{
	int slot;
	int64_t off;
	int at = slot_access(f->s, in, &slot, &off);
	switch (in->op) {
	case I_LOAD:
		if (!at)
			return;
		for (int i = st->n - 1; i >= 0; i--) {
			Known *k = &st->k[i];
			if (k->slot != slot)
				continue;
			if (k->off == off && k->width == in->width) {
				use_known(f, in, k);
				return;
			}
			if (k->v.kind == V_IMM && k->off <= off &&
			    off + in->width <= k->off + k->width) {
				/* part of a stored constant: its bytes, little-endian */
				uint64_t v = (uint64_t)k->v.n >> (8 * (off - k->off));
				make_copy(f->a, in, vimm((int64_t)eval_zext(v, in->width)));
				f->changed = 1;
				return;
			}
		}
		remember(st, f, (Known){slot, off, in->width, in->dst, 1});
		return;
	case I_STORE:
		if (!at) {
			forget(st, f, 0, 0, 0, 1);
			return;
		}
		forget(st, f, slot, off, in->width, 0);
		remember(st, f, (Known){slot, off, in->width, in->args[1], in->width == 8});
		return;
	case I_ATOMIC:
		if (at)
			forget(st, f, slot, off, in->width, 0);
		else
			forget(st, f, 0, 0, 0, 1);
		return;
	default:
		if (ir_is_call(in))     /* a helper, named or raw */
			forget(st, f, 0, 0, 0, 1);
		else if (writes_memory(in))     /* other raw asm: anywhere */
			st->n = 0;
		return;
	}
}

static void walk(Fw *f, Blk *b, State st)
{
	/* own copy of what the parent knew */
	State mine = {0};
	for (int i = 0; i < st.n; i++)
		remember(&mine, f, st.k[i]);
	for (int j = 0; j < b->ins.n; j++)
		step(f, &mine, b->ins.v[j]);
	Vec *kids = &f->d->kids[b->id];
	for (int i = 0; i < kids->n; i++) {
		Blk *k = kids->v[i];
		walk(f, k, k->preds.n == 1 ? mine : (State){0});
	}
}

int pass_forward(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Fw f = {a, dom_build(a, p), slots_find(a, p), range_new_verifier(a, p), 0};
	walk(&f, p->blks.v[0], (State){0});
	return f.changed;
}
