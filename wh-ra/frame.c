/* frame.c: the stack frame of a program, below r10, laid out once the
 * registers are allocated. Stack objects (objects.c says where each is
 * live) and spill slots (live.c) share space when they are not live at
 * the same time: in the order their lives start, each takes the first
 * place at a multiple of its alignment (an object's size up to 8; 8 for
 * a spill slot) that none of those live with it holds. The whole frame
 * must fit the kernel's 512 bytes; when it does not, the error names
 * what is live at the point where most bytes are. A map-lookup key starts
 * at an 8-aligned offset: only there does the verifier keep the value
 * written to it (a constant, a loop counter) and so know whether an array
 * lookup can fail, and walk one side of the null test after it instead of
 * two. A key stored 0 is aligned too (zero bytes the verifier knows
 * anywhere): keys then share one place, and paths that stored different
 * keys there stay alike to it where they join. */
#include "ra.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
	const Itv *itv;
	int size, align;
	int tmp;                /* the object's slot tmp, or -1 for a spill slot */
	int slot;               /* the spill slot, or -1 */
	Pos pos;                /* where the object is made or the value spilled */
	int depth;              /* placed at r10 - depth */
	int order;              /* ties in the order of start */
} Piece;

typedef struct {
	RA *r;
	Piece *v;
	int n;
} Frame;

static int start(const Piece *x) { return x->itv->r[0].s; }
static int end(const Piece *x) { return x->itv->r[x->itv->nr - 1].e; }

static int by_start(const void *a, const void *b)
{
	const Piece *x = a, *y = b;
	if (start(x) != start(y))
		return (start(x) > start(y)) - (start(x) < start(y));
	return (x->order > y->order) - (x->order < y->order);
}

/* Per tmp: 1 for a stack object that is a map lookup's key. */
static char *lookup_keys(const RA *r)
{
	char *key = arena_alloc(r->a, (size_t)r->ntmp + 1);
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			Val x = in->nargs > 1 ? in->args[1] : (Val){V_NONE, 0};
			if (in->op == I_CALL && !strcmp(in->name, "map-lookup-elem") &&
			    x.kind == V_TMP && x.n < r->ntmp)
				key[x.n] = 1;
		}
	}
	return key;
}

static int align_of(int size)
{
	return size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
}

/* Spill slots, with a point of life at the store for one never reloaded
 * (the store still writes there). */
static void spill_pieces(Frame *f, Piece *out, int *n)
{
	RA *r = f->r;
	IrProg *p = r->p;
	Pos *pos = arena_alloc(r->a, sizeof(Pos) * (size_t)(r->nslots + 1));
	Itv *dead = arena_alloc(r->a, sizeof(Itv) * (size_t)(r->nslots + 1));
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int s = spill_slot_of(in);
			if (s < 0 || in->op != I_STORE)
				continue;
			pos[s] = in->pos;
			int at = r->bstart[i] + 2 + 2 * j;
			if (!dead[s].nr) {
				dead[s].r = arena_alloc(r->a, sizeof(Range));
				dead[s].nr = 1;
				dead[s].r[0] = (Range){at, at + 1};
			}
		}
	}
	for (int s = 0; s < r->nslots; s++) {
		const Itv *x = &r->itv[r->ntmp + s];
		if (!x->nr)
			x = &dead[s];
		if (x->nr) {
			out[*n] = (Piece){x, 8, 8, -1, s, pos[s], 0, *n};
			(*n)++;
		}
	}
}

/* First fit: the shallowest depth, a multiple of x's alignment, where x
 * meets none of the pieces in `live` (placed, and live with it). */
static int first_fit(const Piece *x, Piece **live, int nlive)
{
	int depth = (x->size + x->align - 1) / x->align * x->align;
	for (int moved = 1; moved;) {
		moved = 0;
		for (int i = 0; i < nlive; i++) {
			const Piece *y = live[i];
			/* bytes [depth - size, depth) against [y->depth - y->size, y->depth) */
			if (depth - x->size < y->depth && y->depth - y->size < depth) {
				int d = y->depth + x->size;
				depth = (d + x->align - 1) / x->align * x->align;
				moved = 1;
			}
		}
	}
	return depth;
}

/* The position where the most bytes are live, and how many. */
static int busiest(const Frame *f, int *bytes)
{
	int best = -1, most = -1;
	for (int i = 0; i < f->n; i++)
		for (int k = 0; k < f->v[i].itv->nr; k++) {
			int at = f->v[i].itv->r[k].s, sum = 0;
			for (int j = 0; j < f->n; j++)
				if (itv_covers(f->v[j].itv, at))
					sum += f->v[j].size;
			if (sum > most) {
				most = sum;
				best = at;
			}
		}
	*bytes = most;
	return best;
}

/* The source position of the instruction at position `at`. */
static Pos pos_at(const RA *r, int at)
{
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		if (at > r->bend[i])
			continue;
		Blk *b = p->blks.v[i];
		int j = (at - r->bstart[i] - 2) / 2;
		if (j < 0)
			j = 0;
		if (j >= b->ins.n)
			j = b->ins.n - 1;
		return j >= 0 ? ((Ins *)b->ins.v[j])->pos : p->pos;
	}
	return p->pos;
}

static const Frame *report;     /* what the notes of the error list */
static int report_at;

static void what_is_live(void)
{
	const Frame *f = report;
	for (int i = 0; i < f->n; i++) {
		const Piece *x = &f->v[i];
		if (!itv_covers(x->itv, report_at))
			continue;
		if (x->tmp >= 0)
			note_at(x->pos, "a %d-byte stack object made here is live there", x->size);
		else
			note_at(x->pos, "a value spilled here (8 bytes) is live there");
	}
}

static noreturn void too_big(const Frame *f, int need)
{
	int bytes, at = busiest(f, &bytes);
	report = f;
	report_at = at;
	diag_context = what_is_live;
	error_at(at >= 0 ? pos_at(f->r, at) : f->r->p->pos,
		 "%s: the stack frame needs %d bytes; the BPF stack holds %d "
		 "(here %d bytes of stack objects and spilled values are live at once)",
		 f->r->p->name, need, BPF_STACK_LIMIT, bytes);
}

void layout_frame(RA *r)
{
	Itv **lives = object_lives(r);
	char *key = lookup_keys(r);
	Frame f = {.r = r};
	f.v = arena_alloc(r->a, sizeof(Piece) * (size_t)(r->ntmp + r->nslots + 1));
	for (int t = 0; t < r->ntmp; t++)
		if (lives[t] && lives[t]->nr) {
			int size = (int)r->def[t]->off;
			f.v[f.n] = (Piece){lives[t], size, key[t] ? 8 : align_of(size), t, -1, r->def[t]->pos, 0, f.n};
			f.n++;
		}
	spill_pieces(&f, f.v, &f.n);
	qsort(f.v, (size_t)f.n, sizeof(Piece), by_start);
	/* placed pieces whose lives have not ended yet */
	Piece **active = arena_alloc(r->a, sizeof(Piece *) * (size_t)(f.n + 1));
	Piece **live = arena_alloc(r->a, sizeof(Piece *) * (size_t)(f.n + 1));
	int nactive = 0, frame = 0;
	for (int i = 0; i < f.n; i++) {
		Piece *x = &f.v[i];
		int k = 0, nlive = 0;
		for (int a = 0; a < nactive; a++) {
			if (end(active[a]) < start(x))
				continue;
			active[k++] = active[a];
			if (itv_intersect(active[a]->itv, x->itv))
				live[nlive++] = active[a];
		}
		nactive = k;
		x->depth = first_fit(x, live, nlive);
		active[nactive++] = x;
		if (x->depth > frame)
			frame = x->depth;
	}
	frame = (frame + 7) / 8 * 8;
	if (frame > BPF_STACK_LIMIT)
		too_big(&f, frame);
	int *slot_depth = arena_alloc(r->a, sizeof(int) * (size_t)(r->nslots + 1));
	for (int i = 0; i < f.n; i++) {
		if (f.v[i].tmp >= 0)
			r->obj_off[f.v[i].tmp] = -f.v[i].depth;
		else
			slot_depth[f.v[i].slot] = f.v[i].depth;
	}
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int s = spill_slot_of(in);
			if (s >= 0)
				in->off = -slot_depth[s];
		}
	}
	for (int i = 0; i < r->frame_refs.n; i++)
		((Ins *)r->frame_refs.v[i])->off = r->obj_off[r->frame_ref_obj.v[i]];
	r->frame = frame;
}

/* A place for a parallel move to park one value (tomir.c), made once,
 * below everything else. */
int frame_scratch(RA *r, Pos pos)
{
	if (!r->scratch_off) {
		if (r->frame + 8 > BPF_STACK_LIMIT)
			error_at(pos, "%s: the stack frame needs %d bytes, with 8 for a "
				 "value set aside while registers are exchanged; the BPF "
				 "stack holds %d", r->p->name, r->frame + 8, BPF_STACK_LIMIT);
		r->frame += 8;
		r->scratch_off = -r->frame;
	}
	return r->scratch_off;
}
