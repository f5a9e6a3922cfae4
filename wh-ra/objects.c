/* objects.c: where each stack object is in use, so that objects never in
 * use at the same time may share frame space (frame.c).
 *
 * An object's address starts at its `slot` (or a `frame` that rebuilds
 * it, spill.c) and flows into copies, sums and other arithmetic, phis,
 * and through spill slots into reloads: all of these may point into the
 * object. The object is live wherever one of them may still be used: on
 * every path from the `slot` to such a use. (Its contents matter only
 * between a store and a load through such a pointer, and a pointer is
 * used at both.) A phi joining addresses of two objects makes them one
 * class whose uses count for both. An address stored anywhere but a
 * spill slot (into another object, a map value ...) may come back by a
 * load nobody can follow: its class is live in the whole program, as is
 * any object when the program holds a raw `asm` instruction, which may
 * reach the frame through r10.
 *
 * Liveness is computed per object by walking back from its uses to its
 * `slot`, touching only the blocks where it is live; the result is an
 * interval over the positions of live.c, with a block's range joined to
 * the next block's when both ends are live. */
#include "ra.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
	RA *r;
	int *cls;               /* per tmp: a class (object number), -1 none */
	int *parent;            /* union-find over object numbers */
	int *carrier;           /* per spill slot: the class it holds, -1 */
	int nobj;
	int *obj_tmp;           /* per object: its slot tmp */
	/* uses of each class root: block id and index (INT_MAX: at the end) */
	IntVec *use_blk, *use_at;
	/* the walk of one object, valid where the stamp is `gen` */
	int gen;
	int *in_gen, *out_gen, *last_gen, *last_at;
	int *touched, ntouched;
	int *stack;
} Obj;

static int find(Obj *o, int x)
{
	while (o->parent[x] != x)
		x = o->parent[x] = o->parent[o->parent[x]];
	return x;
}

/* The class of x joined with y's (-1: none); whether anything changed. */
static int join(Obj *o, int *x, int y)
{
	if (y < 0)
		return 0;
	y = find(o, y);
	if (*x < 0) {
		*x = y;
		return 1;
	}
	int rx = find(o, *x);
	if (rx == y)
		return 0;
	o->parent[rx] = y;
	return 1;
}

static int class_of(Obj *o, Val v)
{
	if (v.kind != V_TMP || v.n >= o->r->ntmp || o->cls[v.n] < 0)
		return -1;
	return find(o, o->cls[v.n]);
}

/* Operations whose result may still point into an operand's object. */
static int derives(const Ins *in)
{
	switch (in->op) {
	case I_COPY: case I_ALU: case I_NEG: case I_ZEXT: case I_BSWAP: case I_PHI:
		return 1;
	default:
		return 0;
	}
}

/* Classes: the pointers into each object, to a fixed point (phis and
 * spill slots may carry an address backward in block order). */
static void classes(Obj *o)
{
	RA *r = o->r;
	IrProg *p = r->p;
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *in = b->ins.v[j];
				int s = spill_slot_of(in);
				if (s >= 0 && in->op == I_STORE) {
					changed |= join(o, &o->carrier[s], class_of(o, in->args[1]));
					continue;
				}
				if (in->dst.kind != V_TMP)
					continue;
				int *d = &o->cls[in->dst.n];
				if (s >= 0 && in->op == I_LOAD)
					changed |= join(o, d, o->carrier[s]);
				else if (derives(in))
					for (int k = 0; k < in->nargs; k++)
						changed |= join(o, d, class_of(o, in->args[k]));
			}
		}
	}
}

/* Classes whose address is stored where no one follows it, and uses. */
static void uses(Obj *o, char *everywhere)
{
	RA *r = o->r;
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if ((in->op == I_STORE || in->op == I_ATOMIC) && spill_slot_of(in) < 0) {
				int c = class_of(o, in->args[1]);
				if (c >= 0)
					everywhere[c] = 1;
			}
			for (int k = 0; k < in->nargs; k++) {
				int c = class_of(o, in->args[k]);
				if (c < 0)
					continue;
				int phi = in->op == I_PHI;
				ivec_push(r->a, &o->use_blk[c], phi ? in->blks[k]->id : b->id);
				ivec_push(r->a, &o->use_at[c], phi ? INT_MAX : j);
			}
		}
	}
}

static void touch(Obj *o, int b)
{
	if (o->in_gen[b] != o->gen && o->out_gen[b] != o->gen && o->last_gen[b] != o->gen)
		o->touched[o->ntouched++] = b;
}

/* The object is live into block b: so out of its predecessors, and into
 * those that are not the `slot`'s block. */
static void live_in(Obj *o, int b, int def_blk)
{
	IrProg *p = o->r->p;
	if (o->in_gen[b] == o->gen)
		return;
	int sp = 0;
	touch(o, b);
	o->in_gen[b] = o->gen;
	o->stack[sp++] = b;
	while (sp) {
		Blk *x = p->blks.v[o->stack[--sp]];
		for (int k = 0; k < x->preds.n; k++) {
			int q = ((Blk *)x->preds.v[k])->id;
			touch(o, q);
			o->out_gen[q] = o->gen;
			if (q == def_blk || o->in_gen[q] == o->gen)
				continue;
			o->in_gen[q] = o->gen;
			o->stack[sp++] = q;
		}
	}
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

/* The interval of object number n. */
static Itv *life(Obj *o, int n, int c)
{
	RA *r = o->r;
	int t = o->obj_tmp[n];
	Blk *db = r->def_blk[t];
	int jd = 0;
	while (db->ins.v[jd] != r->def[t])
		jd++;
	o->gen++;
	o->ntouched = 0;
	touch(o, db->id);
	o->last_gen[db->id] = o->gen;
	o->last_at[db->id] = -1;
	for (int u = 0; u < o->use_blk[c].n; u++) {
		int b = o->use_blk[c].v[u], at = o->use_at[c].v[u];
		if (at == INT_MAX) {
			touch(o, b);
			o->out_gen[b] = o->gen;
			if (b != db->id)
				live_in(o, b, db->id);
			continue;
		}
		touch(o, b);
		if (o->last_gen[b] != o->gen || o->last_at[b] < at) {
			o->last_gen[b] = o->gen;
			o->last_at[b] = at;
		}
		if (b != db->id || at < jd)
			live_in(o, b, db->id);
	}
	qsort(o->touched, (size_t)o->ntouched, sizeof(int), cmp_int);
	Itv *x = arena_alloc(r->a, sizeof *x);
	int cap = 0;
	for (int i = 0; i < o->ntouched; i++) {
		int b = o->touched[i];
		int B = r->bstart[b];
		int in = o->in_gen[b] == o->gen, out = o->out_gen[b] == o->gen;
		int last = o->last_gen[b] == o->gen ? o->last_at[b] : -1;
		int s = in ? B : b == db->id ? B + 3 + 2 * jd : -1;
		int e = out ? r->bend[b] : last >= 0 ? B + 2 + 2 * last : -1;
		if (s >= 0 && e >= s)
			itv_add(r->a, x, &cap, s, e, 2);
	}
	return x;
}

Itv **object_lives(RA *r)
{
	IrProg *p = r->p;
	int nb = p->blks.n;
	Obj o = {.r = r};
	o.cls = arena_alloc(r->a, sizeof(int) * (size_t)(r->ntmp + 1));
	o.obj_tmp = arena_alloc(r->a, sizeof(int) * (size_t)(r->ntmp + 1));
	int *obj_of = arena_alloc(r->a, sizeof(int) * (size_t)(r->ntmp + 1));
	for (int t = 0; t < r->ntmp; t++) {
		o.cls[t] = obj_of[t] = -1;
		if (r->def[t] && r->def[t]->op == I_SLOT) {
			obj_of[t] = o.cls[t] = o.nobj;
			o.obj_tmp[o.nobj++] = t;
		}
	}
	Itv **lives = arena_alloc(r->a, sizeof(Itv *) * (size_t)(r->ntmp + 1));
	if (!o.nobj)
		return lives;
	/* frames that rebuild an object's address (spill.c) */
	for (int i = 0; i < r->frame_refs.n; i++) {
		Ins *f = r->frame_refs.v[i];
		o.cls[f->dst.n] = obj_of[r->frame_ref_obj.v[i]];
	}
	o.parent = arena_alloc(r->a, sizeof(int) * (size_t)o.nobj);
	for (int i = 0; i < o.nobj; i++)
		o.parent[i] = i;
	o.carrier = arena_alloc(r->a, sizeof(int) * (size_t)(r->nslots + 1));
	for (int s = 0; s < r->nslots; s++)
		o.carrier[s] = -1;
	classes(&o);
	char *everywhere = arena_alloc(r->a, (size_t)o.nobj);
	o.use_blk = arena_alloc(r->a, sizeof(IntVec) * (size_t)o.nobj);
	o.use_at = arena_alloc(r->a, sizeof(IntVec) * (size_t)o.nobj);
	uses(&o, everywhere);
	for (int i = 0; i < nb; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++)
			if (((Ins *)b->ins.v[j])->op == I_ASM)
				memset(everywhere, 1, (size_t)o.nobj);
	}
	size_t nbs = sizeof(int) * (size_t)(nb + 1);
	o.in_gen = arena_alloc(r->a, nbs);
	o.out_gen = arena_alloc(r->a, nbs);
	o.last_gen = arena_alloc(r->a, nbs);
	o.last_at = arena_alloc(r->a, nbs);
	o.touched = arena_alloc(r->a, nbs);
	o.stack = arena_alloc(r->a, nbs);
	int end = nb ? r->bend[nb - 1] : 0;
	for (int n = 0; n < o.nobj; n++) {
		int c = find(&o, n);
		Itv *x;
		if (everywhere[c]) {
			x = arena_alloc(r->a, sizeof *x);
			int cap = 0;
			itv_add(r->a, x, &cap, 0, end, 2);
		} else {
			x = life(&o, n, c);
		}
		lives[o.obj_tmp[n]] = x;
	}
	return lives;
}
