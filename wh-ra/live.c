/* live.c: liveness on the CFG and the live intervals built from it.
 *
 * Variables are the program's tmps and, after them, the spill slots (a
 * spill store defines its slot, a reload uses it), so that slots which
 * are never live at once can share frame space. Every variable has one
 * definition, so its liveness is found by walking back from each use to
 * the definition, through the predecessors (loops need no special case);
 * a phi operand is live out of the predecessor it comes from, and a
 * phi's result is defined at the start of its block. Each block keeps
 * the list of variables live into it and out of it: memory grows with
 * the liveness itself, not with blocks times variables.
 *
 * Positions number the program in block order: block i covers
 * bstart[i]..bend[i]; its instruction j reads its operands at
 * bstart[i] + 2 + 2j and writes its result one later; values live out of
 * the block stay live up to bend[i]. An interval is the list of ranges,
 * one per block at most, where its variable is live: the holes between
 * them are free for other values, whatever the block order. */
#include "ra.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

void ivec_push(Arena *a, IntVec *v, int x)
{
	if (v->n == v->cap) {
		int cap = v->cap ? 2 * v->cap : 8;
		int *nv = arena_alloc(a, sizeof(int) * (size_t)cap);
		if (v->n)
			memcpy(nv, v->v, sizeof(int) * (size_t)v->n);
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = x;
}

/* Operand k of `in` is rebuilt where it is used and occupies no register
 * up to there: a stack object used as a memory base (r10 + offset), a
 * stack object or map address passed to a helper (built in its argument
 * register), or a stack object plus a constant (an address in it, built
 * as one: frame_offset). */
int free_use(const RA *r, const Ins *in, int k)
{
	Val v = in->args[k];
	if (v.kind != V_TMP || !r->def[v.n])
		return 0;
	IrOp d = r->def[v.n]->op;
	if (in->op == I_CALL)
		return d == I_SLOT || d == I_MAPREF;
	if (frame_offset(r, in, NULL))
		return k == 0;
	return d == I_SLOT && k == 0 &&
	       (in->op == I_LOAD || in->op == I_STORE || in->op == I_ATOMIC);
}

int frame_offset(const RA *r, const Ins *in, int64_t *off)
{
	if (in->op != I_ALU || in->sub != ALU_ADD || in->w32 || in->nargs != 2 ||
	    in->args[0].kind != V_TMP || in->args[1].kind != V_IMM || !r->def[in->args[0].n] ||
	    r->def[in->args[0].n]->op != I_SLOT || in->args[1].n < INT16_MIN ||
	    in->args[1].n > INT16_MAX)
		return 0;
	if (off)
		*off = r->obj_off[in->args[0].n] + in->args[1].n;
	return 1;
}

/* The position operand k of an instruction at `at` is read at. Operands
 * the emitter reads after it has written the destination must not share
 * its register, so they stay live one position longer. */
static int use_pos(const Ins *in, int k, int at)
{
	if (in->op == I_CMP)
		return at + 1;
	if (in->op == I_ALU && k == 1 &&
	    (!alu_info[in->sub].commutative || in->args[0].kind == V_IMM))
		return at + 1;
	return at;
}

typedef struct {
	int var, pos;
} Ref;

/* The variables `in` (at position at) reads; returns how many. */
static int ins_uses(const RA *r, const Ins *in, int at, Ref *out)
{
	int n = 0;
	int s = spill_slot_of(in);
	if (s >= 0 && in->op == I_LOAD)
		out[n++] = (Ref){r->ntmp + s, at};
	if (in->op == I_PHI)
		return n;
	for (int k = 0; k < in->nargs; k++)
		if (in->args[k].kind == V_TMP && !free_use(r, in, k))
			out[n++] = (Ref){(int)in->args[k].n, use_pos(in, k, at)};
	return n;
}

/* The variable `in` writes, or -1. */
static int ins_def(const RA *r, const Ins *in)
{
	int s = spill_slot_of(in);
	if (s >= 0 && in->op == I_STORE)
		return r->ntmp + s;
	return in->dst.kind == V_TMP ? (int)in->dst.n : -1;
}

static int def_pos(const Ins *in, int bstart, int at)
{
	return in->op == I_PHI || in->op == I_PARAM ? bstart : at + 1;
}

/* Phi operands coming from `b`, as variables live out of b. */
static int phi_uses_from(const Blk *b, const Blk *s, int *out)
{
	int n = 0;
	for (int j = 0; j < s->ins.n; j++) {
		Ins *phi = s->ins.v[j];
		if (phi->op != I_PHI)
			continue;
		for (int q = 0; q < phi->nargs; q++)
			if (phi->blks[q] == b && phi->args[q].kind == V_TMP)
				out[n++] = (int)phi->args[q].n;
	}
	return n;
}

/* The liveness of one variable at a time, sparse: from each use back to
 * the definition, touching only the blocks where it is live. */
typedef struct {
	RA *r;
	int *def_blk, *def_at;  /* per variable: block id and index, -1 none */
	IntVec *use_blk, *use_at;       /* per variable; INT_MAX: at the end */
	int gen;
	int *in_gen, *out_gen;  /* per block: stamps of the current variable */
	int *stack;
} Flow;

static void live_out_of(Flow *f, int v, int b)
{
	if (f->out_gen[b] == f->gen)
		return;
	f->out_gen[b] = f->gen;
	ivec_push(f->r->a, &f->r->live_out[b], v);
}

/* v is live on entry to b: so out of b's predecessors, and on entry to
 * those that do not define it. */
static void live_into(Flow *f, int v, int b)
{
	RA *r = f->r;
	if (f->in_gen[b] == f->gen)
		return;
	int sp = 0;
	f->in_gen[b] = f->gen;
	ivec_push(r->a, &r->live_in[b], v);
	f->stack[sp++] = b;
	while (sp) {
		Blk *x = r->p->blks.v[f->stack[--sp]];
		for (int k = 0; k < x->preds.n; k++) {
			int q = ((Blk *)x->preds.v[k])->id;
			live_out_of(f, v, q);
			if (q == f->def_blk[v] || f->in_gen[q] == f->gen)
				continue;
			f->in_gen[q] = f->gen;
			ivec_push(r->a, &r->live_in[q], v);
			f->stack[sp++] = q;
		}
	}
}

static void dataflow(RA *r)
{
	IrProg *p = r->p;
	int nb = p->blks.n, nv = r->nvar;
	Flow f = {.r = r};
	f.def_blk = arena_alloc(r->a, sizeof(int) * (size_t)(nv + 1));
	f.def_at = arena_alloc(r->a, sizeof(int) * (size_t)(nv + 1));
	f.use_blk = arena_alloc(r->a, sizeof(IntVec) * (size_t)(nv + 1));
	f.use_at = arena_alloc(r->a, sizeof(IntVec) * (size_t)(nv + 1));
	for (int v = 0; v < nv; v++)
		f.def_blk[v] = -1;
	Ref refs[72];
	for (int i = 0; i < nb; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int d = ins_def(r, in);
			if (d >= 0 && f.def_blk[d] < 0) {
				f.def_blk[d] = i;
				f.def_at[d] = j;
			}
			int n = ins_uses(r, in, 0, refs);
			for (int k = 0; k < n; k++) {
				ivec_push(r->a, &f.use_blk[refs[k].var], i);
				ivec_push(r->a, &f.use_at[refs[k].var], j);
			}
			for (int q = 0; in->op == I_PHI && q < in->nargs; q++)
				if (in->args[q].kind == V_TMP) {
					ivec_push(r->a, &f.use_blk[in->args[q].n], in->blks[q]->id);
					ivec_push(r->a, &f.use_at[in->args[q].n], INT_MAX);
				}
		}
	}
	f.in_gen = arena_alloc(r->a, sizeof(int) * (size_t)(nb + 1));
	f.out_gen = arena_alloc(r->a, sizeof(int) * (size_t)(nb + 1));
	f.stack = arena_alloc(r->a, sizeof(int) * (size_t)(nb + 1));
	for (int v = 0; v < nv; v++) {
		f.gen++;
		for (int u = 0; u < f.use_blk[v].n; u++) {
			int b = f.use_blk[v].v[u], at = f.use_at[v].v[u];
			if (at == INT_MAX) {
				live_out_of(&f, v, b);
				if (b != f.def_blk[v])
					live_into(&f, v, b);
			} else if (b != f.def_blk[v] || at <= f.def_at[v]) {
				live_into(&f, v, b);
			}
		}
		if (v < r->ntmp && nb && f.in_gen[0] == f.gen)
			error_at(r->def[v] ? r->def[v]->pos : p->pos,
				 "%s: %%%d is used on a path where it is not defined",
				 p->name, v);
	}
}

void itv_add(Arena *a, Itv *x, int *cap, int s, int e, int join)
{
	if (x->nr && s <= x->r[x->nr - 1].e + join) {
		if (e > x->r[x->nr - 1].e)
			x->r[x->nr - 1].e = e;
		return;
	}
	if (x->nr == *cap) {
		*cap = *cap ? 2 * *cap : 4;
		Range *nr = arena_alloc(a, sizeof(Range) * (size_t)*cap);
		if (x->nr)
			memcpy(nr, x->r, sizeof(Range) * (size_t)x->nr);
		x->r = nr;
	}
	x->r[x->nr++] = (Range){s, e};
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

/* Walk each block backward from its live-out set; blocks in order, so
 * every interval's ranges come out sorted. Only the variables the block
 * touches are looked at. */
static void build_intervals(RA *r)
{
	IrProg *p = r->p;
	int nv = r->nvar;
	int *end = arena_alloc(r->a, sizeof(int) * (size_t)(nv + 1));
	int *cap = arena_alloc(r->a, sizeof(int) * (size_t)(nv + 1));
	int *phiv = arena_alloc(r->a, sizeof(int) * (size_t)(r->ntmp + 1));
	int *rs = arena_alloc(r->a, sizeof(int) * (size_t)(nv + 1));
	int *re = arena_alloc(r->a, sizeof(int) * (size_t)(nv + 1));
	char *seen = arena_alloc(r->a, (size_t)nv + 1);
	IntVec touched = {0};
	for (int v = 0; v < nv; v++)
		end[v] = rs[v] = re[v] = -1;
	Ref refs[72];
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i], *s[2];
		int B = r->bstart[i], E = r->bend[i];
		touched.n = 0;
#define TOUCH(v) do { if (!seen[v]) { seen[v] = 1; ivec_push(r->a, &touched, v); } } while (0)
		for (int k = 0; k < r->live_out[i].n; k++) {
			int v = r->live_out[i].v[k];
			end[v] = E;
			TOUCH(v);
		}
		int ns = ir_succs(b, s);
		for (int k = 0; k < ns; k++) {
			int np = phi_uses_from(b, s[k], phiv);
			for (int q = 0; q < np; q++)
				ivec_push(r->a, &r->itv[phiv[q]].use, E);
		}
		/* ranges of this block, collected backward, then added */
		for (int j = b->ins.n - 1; j >= 0; j--) {
			Ins *in = b->ins.v[j];
			int at = B + 2 + 2 * j;
			int d = ins_def(r, in);
			if (d >= 0 && end[d] >= 0) {
				rs[d] = def_pos(in, B, at);
				re[d] = end[d];
				end[d] = -1;
			}
			int n = ins_uses(r, in, at, refs);
			for (int k = 0; k < n; k++) {
				int v = refs[k].var;
				TOUCH(v);
				if (refs[k].pos > end[v])
					end[v] = refs[k].pos;
				ivec_push(r->a, &r->itv[v].use, refs[k].pos);
			}
		}
#undef TOUCH
		for (int k = 0; k < touched.n; k++) {
			int v = touched.v[k];
			if (end[v] >= 0) {
				rs[v] = B;
				re[v] = end[v];
			}
			if (rs[v] >= 0)
				itv_add(r->a, &r->itv[v], &cap[v], rs[v], re[v], 1);
			end[v] = rs[v] = re[v] = -1;
			seen[v] = 0;
		}
	}
	for (int v = 0; v < nv; v++)
		if (r->itv[v].use.n > 1)
			qsort(r->itv[v].use.v, (size_t)r->itv[v].use.n, sizeof(int), cmp_int);
}

/* The first of x's ranges that ends at or after pos (x->nr if none):
 * binary search, as a value live through a long program has a range in
 * every block. */
static int first_range_from(const Itv *x, int pos)
{
	int lo = 0, hi = x->nr;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (x->r[mid].e < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int itv_covers(const Itv *x, int pos)
{
	int i = first_range_from(x, pos);
	return i < x->nr && x->r[i].s <= pos;
}

int itv_overlaps(const Itv *x, int s, int e)
{
	int i = first_range_from(x, s);
	return i < x->nr && x->r[i].s <= e;
}

/* Both lists are sorted: each starts at its first range that can meet
 * the other's first. */
int itv_intersect(const Itv *x, const Itv *y)
{
	if (!x->nr || !y->nr)
		return 0;
	int i = first_range_from(x, y->r[0].s), j = first_range_from(y, x->r[0].s);
	while (i < x->nr && j < y->nr) {
		const Range *a = &x->r[i], *b = &y->r[j];
		if (a->e < b->s)
			i++;
		else if (b->e < a->s)
			j++;
		else
			return 1;
	}
	return 0;
}

/* The first position at or after `pos` where x is read; a large number
 * when it is not read again. */
int itv_next_use(const Itv *x, int pos)
{
	int lo = 0, hi = x->use.n;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (x->use.v[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->use.n ? x->use.v[lo] : 1 << 30;
}

/* A value crosses a call when it is live just after it and is not the
 * call's own result: r0-r5 do not survive the call. The calls are found
 * by binary search in each range. */
static void mark_calls(RA *r)
{
	IrProg *p = r->p;
	IntVec after = {0}, dst = {0};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (!ir_is_call(in))
				continue;
			ivec_push(r->a, &after, r->bstart[i] + 3 + 2 * j);
			ivec_push(r->a, &dst, in->dst.kind == V_TMP ? (int)in->dst.n : -1);
		}
	}
	for (int t = 0; t < r->ntmp; t++) {
		Itv *x = &r->itv[t];
		for (int k = 0; k < x->nr && !x->cross; k++) {
			int lo = 0, hi = after.n;       /* first call at or after the range */
			while (lo < hi) {
				int mid = (lo + hi) / 2;
				if (after.v[mid] < x->r[k].s)
					lo = mid + 1;
				else
					hi = mid;
			}
			for (; lo < after.n && after.v[lo] <= x->r[k].e && !x->cross; lo++)
				if (dst.v[lo] != t)
					x->cross = 1;
		}
	}
}

void compute_liveness(RA *r)
{
	IrProg *p = r->p;
	int nb = p->blks.n;
	r->ntmp = p->ntmp;
	r->nvar = r->ntmp + r->nslots;
	r->itv = arena_alloc(r->a, sizeof(Itv) * (size_t)(r->nvar + 1));
	for (int v = 0; v < r->nvar; v++)
		r->itv[v].reg = r->itv[v].hint = -1;
	r->live_in = arena_alloc(r->a, sizeof(IntVec) * (size_t)(nb + 1));
	r->live_out = arena_alloc(r->a, sizeof(IntVec) * (size_t)(nb + 1));
	r->bstart = arena_alloc(r->a, sizeof(int) * (size_t)(nb + 1));
	r->bend = arena_alloc(r->a, sizeof(int) * (size_t)(nb + 1));
	int pos = 0;
	for (int i = 0; i < nb; i++) {
		Blk *b = p->blks.v[i];
		r->bstart[i] = pos;
		r->bend[i] = pos + 2 + 2 * b->ins.n;
		pos = r->bend[i] + 2;
	}
	dataflow(r);
	build_intervals(r);
	mark_calls(r);
	for (int t = 0; t < r->ntmp && t < r->nfixed; t++)
		r->itv[t].fixed = r->fixed[t];
}
