/* split.c: live-range splitting after helper calls.
 *
 * A value live across a helper call must sit in one of r6-r9 for its
 * whole life, or go through the stack; with more such values than four,
 * the allocator spills one and reloads it before every use. After the
 * last call on the way to a value's remaining uses, those uses need not
 * pay for the call any more: a copy made right after the call, which the
 * uses then read, lives across no call, so it may take any register, and
 * a spilled value is reloaded once into it instead of once per block.
 *
 * The copy is made when every use of the value reachable from the call
 * is reached without passing another call and is dominated by the call
 * (the value dies at the copy), and there are two uses or more. Without
 * pressure the allocator gives the copy the register of the value it
 * copies, and the move disappears. Run it last: copy propagation would
 * undo it.
 *
 * Calls are considered in block order, the calls of a block from the
 * last, and the values at each call by number; a split changes the uses
 * of its own value only, so each value is followed alone, through the
 * calls after which it is live, with its liveness kept up to date by a
 * walk back from its uses. From a call, the walk to the uses goes only
 * where the value is live and stops at the next calls: a live block the
 * call does not dominate means a use the copy could not reach (or the
 * value live after a later call), and a call-free way back to the value's
 * own definition (around a loop) means uses of its next instance. Work
 * and memory grow with the uses and the blocks where values are live,
 * not with calls times blocks times values. The copies are made at the
 * end, numbered in the order the calls and values were considered. */
#include "opt.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A use of a value: operand k of in, read in blk at index `at` of it
 * (INT_MAX for a phi operand, read at the end of its predecessor). */
typedef struct {
	Ins *in;
	int k;
	Blk *blk;
	int at;
} Use;

typedef struct {
	Ins *in;
	int k;
} Operand;

typedef struct {
	Ins *call;
	Blk *blk;
	int ci;                 /* the call's index in blk */
	int v;                  /* the value copied */
	int first, n;           /* its uses: Split.taken[first .. first+n) */
	Ins *copy;
} Cut;

typedef struct {
	Arena *a;
	IrProg *p;
	Dom *d;
	Ins **def;
	Blk **def_blk;
	int *def_at;            /* per tmp: index of its definition in def_blk */
	int ntmp0;              /* tmps before the pass: the candidates */
	int *first_call;        /* per block id: index of its first call, -1 none */
	int loops;              /* some edge goes back in reverse postorder */
	/* uses of each candidate: use[use_at[t] .. use_at[t+1]) */
	Use *use;
	int *use_at;
	/* liveness of the value followed, valid where the stamp is `gen` */
	int gen;
	int *in_gen, *out_gen, *last_gen;
	int *last_use;          /* per block id: 2 * index of its last use, copies odd */
	int *live_in;           /* blocks where the value is live on entry */
	int nlive_in;
	int *stack;
	int *order;             /* follow's list of blocks */
	int caporder;
	/* the walk from one call */
	int walk;
	int *seen;              /* per block id: walk stamp */
	Operand *found;
	int nfound, capfound;
	/* per block id: blocks reached from its last call without a call,
	 * sorted (computed when needed, only in programs with loops) */
	int **reach;
	int *nreach;
	/* the splits decided */
	Cut *cuts;
	int ncuts, capcuts;
	Operand *taken;
	int ntaken, captaken;
} Split;

/* A value that stands for "some copy" while the pass runs: no candidate. */
static const Val MOVED = {V_TMP, INT_MAX};

static void grow(Arena *a, void **v, int *cap, int need, size_t size)
{
	if (need <= *cap)
		return;
	int ncap = *cap ? 2 * *cap : 64;
	while (ncap < need)
		ncap *= 2;
	void *nv = arena_alloc(a, size * (size_t)ncap);
	if (*cap)
		memcpy(nv, *v, size * (size_t)*cap);
	*v = nv;
	*cap = ncap;
}

static void index_uses(Split *s)
{
	IrProg *p = s->p;
	int n = 0;
	s->use_at = arena_alloc(s->a, sizeof(int) * (size_t)(s->ntmp0 + 2));
	for (int pass = 0; pass < 2; pass++) {
		int *fill = pass ? arena_alloc(s->a, sizeof(int) * (size_t)(s->ntmp0 + 1)) : NULL;
		if (pass) {
			for (int t = 0; t < s->ntmp0; t++)
				fill[t] = s->use_at[t];
			s->use = arena_alloc(s->a, sizeof(Use) * (size_t)(n + 1));
		}
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *in = b->ins.v[j];
				for (int k = 0; k < in->nargs; k++) {
					Val v = in->args[k];
					if (v.kind != V_TMP || v.n >= s->ntmp0)
						continue;
					if (!pass) {
						s->use_at[v.n + 1]++;
						n++;
						continue;
					}
					int phi = in->op == I_PHI;
					s->use[fill[v.n]++] = (Use){in, k, phi ? in->blks[k] : b,
								    phi ? INT_MAX : j};
				}
			}
		}
		if (!pass)
			for (int t = 0; t < s->ntmp0; t++)
				s->use_at[t + 1] += s->use_at[t];
	}
}

static int is_live_in(const Split *s, const Blk *b) { return s->in_gen[b->id] == s->gen; }

static void note_use(Split *s, const Blk *b, int pos2)
{
	if (s->last_gen[b->id] != s->gen || s->last_use[b->id] < pos2) {
		s->last_gen[b->id] = s->gen;
		s->last_use[b->id] = pos2;
	}
}

/* v is live on entry to b: so it is live out of b's predecessors, and on
 * entry to those that do not define it. */
static void mark_live_in(Split *s, int v, Blk *b)
{
	if (is_live_in(s, b))
		return;
	int sp = 0;
	s->in_gen[b->id] = s->gen;
	s->live_in[s->nlive_in++] = b->id;
	s->stack[sp++] = b->id;
	while (sp) {
		Blk *x = s->p->blks.v[s->stack[--sp]];
		for (int k = 0; k < x->preds.n; k++) {
			Blk *q = x->preds.v[k];
			s->out_gen[q->id] = s->gen;
			if (q == s->def_blk[v] || is_live_in(s, q))
				continue;
			s->in_gen[q->id] = s->gen;
			s->live_in[s->nlive_in++] = q->id;
			s->stack[sp++] = q->id;
		}
	}
}

/* A use of v at index `at` of b (a copy: just after it). */
static void live_use(Split *s, int v, Blk *b, int at, int copy)
{
	if (at == INT_MAX) {    /* phi operand: live out of b */
		s->out_gen[b->id] = s->gen;
		if (b != s->def_blk[v])
			mark_live_in(s, v, b);
		return;
	}
	note_use(s, b, 2 * at + copy);
	if (b != s->def_blk[v] || at < s->def_at[v])
		mark_live_in(s, v, b);
}

/* Where v is live now: its uses not yet moved to a copy, and the copies
 * made of it so far (cuts[from..]). */
static void liveness(Split *s, int v, int from)
{
	s->gen++;
	s->nlive_in = 0;
	for (int u = s->use_at[v]; u < s->use_at[v + 1]; u++) {
		Use *x = &s->use[u];
		if (val_eq(x->in->args[x->k], vtmp(v)))
			live_use(s, v, x->blk, x->at, 0);
	}
	for (int c = from; c < s->ncuts; c++)
		live_use(s, v, s->cuts[c].blk, s->cuts[c].ci, 1);
}

static int live_after(const Split *s, int v, const Blk *b, int j)
{
	if (b == s->def_blk[v] && j < s->def_at[v])
		return 0;
	if (s->last_gen[b->id] == s->gen && s->last_use[b->id] > 2 * j)
		return 1;
	return s->out_gen[b->id] == s->gen;
}

static void found(Split *s, Ins *in, int k)
{
	grow(s->a, (void **)&s->found, &s->capfound, s->nfound + 1, sizeof(Operand));
	s->found[s->nfound++] = (Operand){in, k};
}

/* The uses of v reachable from the call at ci of home without passing
 * another call, into s->found; 0 when the split cannot be made. */
static int walk(Split *s, int v, Blk *home, int ci)
{
	Val x = vtmp(v);
	int sp = 0;
	s->walk++;
	s->nfound = 0;
	Blk *b = home;
	int from = ci + 1;
	for (;;) {
		int stop = 0;
		for (int j = from; j < b->ins.n && !stop; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_PHI)
				continue;
			for (int k = 0; k < in->nargs; k++)
				if (val_eq(in->args[k], x))
					found(s, in, k);
			if (ir_is_call(in)) {
				if (live_after(s, v, b, j))
					return 0;
				stop = 1;
			}
		}
		Blk *succ[2];
		int ns = stop ? 0 : ir_succs(b, succ);
		for (int k = 0; k < ns; k++) {
			Blk *c = succ[k];
			for (int j = 0; j < c->ins.n; j++) {
				Ins *phi = c->ins.v[j];
				if (phi->op != I_PHI)
					break;
				for (int q = 0; q < phi->nargs; q++)
					if (phi->blks[q] == b && val_eq(phi->args[q], x))
						found(s, phi, q);
			}
			if (s->seen[c->id] == s->walk)
				continue;
			s->seen[c->id] = s->walk;
			if (!is_live_in(s, c))
				continue;
			/* a live block the call does not dominate leads to a use
			 * it does not dominate, or past a call v is live after */
			if (c == home || !dominates(s->d, home, c))
				return 0;
			s->stack[sp++] = c->id;
		}
		if (!sp)
			return 1;
		b = s->p->blks.v[s->stack[--sp]];
		from = 0;
	}
}

static int cmp_int(const void *x, const void *y)
{
	int a = *(const int *)x, b = *(const int *)y;
	return (a > b) - (a < b);
}

/* Blocks reached from the end of b without passing a call, sorted. */
static void compute_reach(Split *s, Blk *b)
{
	int n = 0, sp = 0;
	s->walk++;
	s->stack[sp++] = b->id;
	int *out = NULL, cap = 0;
	while (sp) {
		Blk *x = s->p->blks.v[s->stack[--sp]], *succ[2];
		if (x != b && s->first_call[x->id] >= 0)
			continue;
		int ns = ir_succs(x, succ);
		for (int k = 0; k < ns; k++) {
			Blk *c = succ[k];
			if (s->seen[c->id] == s->walk)
				continue;
			s->seen[c->id] = s->walk;
			grow(s->a, (void **)&out, &cap, n + 1, sizeof(int));
			out[n++] = c->id;
			s->stack[sp++] = c->id;
		}
	}
	if (n > 1)
		qsort(out, (size_t)n, sizeof(int), cmp_int);
	s->reach[b->id] = out;
	s->nreach[b->id] = n;
}

/* Does a call-free way lead from the call at ci of home back to the
 * definition of v (around a loop)? Then the uses found belong partly to
 * the next instance of v. */
static int reaches_def(Split *s, int v, Blk *home, int ci)
{
	if (!s->loops)
		return 0;
	for (int j = ci + 1; j < home->ins.n; j++)
		if (ir_is_call(home->ins.v[j]))
			return 0;
	if (!s->reach[home->id])
		compute_reach(s, home);
	Blk *db = s->def_blk[v];
	int fc = s->first_call[db->id];
	if (fc >= 0 && s->def_at[v] > fc)
		return 0;
	int key = db->id;
	if (!s->nreach[home->id])
		return 0;       /* nothing reaches it (and no array to search) */
	return bsearch(&key, s->reach[home->id], (size_t)s->nreach[home->id],
		       sizeof(int), cmp_int) != NULL;
}

static int worth_splitting(const Split *s, int t)
{
	const Ins *d = s->def[t];
	if (!d)
		return 0;
	switch (d->op) {
	case I_SLOT: case I_FRAME: case I_MAPREF: case I_CORE:
		return 0;           /* rebuilt where used, never spilled */
	case I_COPY:
		return d->args[0].kind != V_IMM;
	default:
		return 1;
	}
}

static void cut(Split *s, int v, Blk *home, int ci)
{
	grow(s->a, (void **)&s->cuts, &s->capcuts, s->ncuts + 1, sizeof(Cut));
	grow(s->a, (void **)&s->taken, &s->captaken, s->ntaken + s->nfound, sizeof(Operand));
	s->cuts[s->ncuts++] = (Cut){home->ins.v[ci], home, ci, v, s->ntaken, s->nfound, NULL};
	for (int u = 0; u < s->nfound; u++) {
		Operand x = s->found[u];
		x.in->args[x.k] = MOVED;
		s->taken[s->ntaken++] = x;
	}
}

/* Follow v through the calls after which it is live, in the order the
 * calls are considered: blocks in order, a block's calls from the last. */
static void follow(Split *s, int v)
{
	int from = s->ncuts;
	liveness(s, v, from);
	/* the blocks where v may be live after a call: its own and those it
	 * is live into, in order; copied, as splits redo the liveness */
	int n = s->nlive_in + 1;
	grow(s->a, (void **)&s->order, &s->caporder, n, sizeof(int));
	int *blocks = s->order;
	blocks[0] = s->def_blk[v]->id;
	memcpy(blocks + 1, s->live_in, sizeof(int) * (size_t)s->nlive_in);
	qsort(blocks, (size_t)n, sizeof(int), cmp_int);
	for (int i = 0; i < n; i++) {
		if (i && blocks[i] == blocks[i - 1])
			continue;
		Blk *b = s->p->blks.v[blocks[i]];
		if (!dom_reachable(s->d, b))
			continue;
		for (int j = b->ins.n - 1; j >= 0; j--) {
			Ins *call = b->ins.v[j];
			if (!ir_is_call(call) || call == s->def[v] || !live_after(s, v, b, j))
				continue;
			if (!walk(s, v, b, j) || s->nfound < 2 || reaches_def(s, v, b, j))
				continue;
			cut(s, v, b, j);
			liveness(s, v, from);
		}
	}
}

static int cmp_cut(const void *x, const void *y)
{
	const Cut *a = x, *b = y;
	if (a->blk != b->blk)
		return (a->blk->id > b->blk->id) - (a->blk->id < b->blk->id);
	if (a->ci != b->ci)
		return (a->ci < b->ci) - (a->ci > b->ci);      /* later calls first */
	return (a->v > b->v) - (a->v < b->v);
}

/* The copies, numbered in the order the calls and values were considered,
 * each right after its call (several after one call by value). */
static void make_copies(Split *s)
{
	IrProg *p = s->p;
	qsort(s->cuts, (size_t)s->ncuts, sizeof(Cut), cmp_cut);
	for (int c = 0; c < s->ncuts; c++) {
		Cut *x = &s->cuts[c];
		Ins *cp = ir_new(s->a, I_COPY, x->call->pos, 1);
		cp->args[0] = vtmp(x->v);
		cp->dst = new_tmp(p);
		for (int u = 0; u < x->n; u++) {
			Operand o = s->taken[x->first + u];
			o.in->args[o.k] = cp->dst;
		}
		x->copy = cp;
	}
	for (int c = 0; c < s->ncuts;) {
		Blk *b = s->cuts[c].blk;
		int end = c;
		while (end < s->ncuts && s->cuts[end].blk == b)
			end++;
		Vec out = {0};
		int k = end - 1;        /* cuts of b by ascending call index */
		for (int j = 0; j < b->ins.n; j++) {
			vec_push(s->a, &out, b->ins.v[j]);
			int lo = k;
			while (lo >= c && s->cuts[lo].ci == j)
				lo--;
			for (int q = lo + 1; q <= k; q++)
				vec_push(s->a, &out, s->cuts[q].copy);
			k = lo;
		}
		b->ins = out;
		c = end;
	}
}

int pass_split(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	int nb = p->blks.n;
	Split s = {.a = a, .p = p};
	s.d = dom_build(a, p);
	s.def = def_map(a, p, &s.def_blk);
	s.ntmp0 = p->ntmp;
	s.def_at = arena_alloc(a, sizeof(int) * (size_t)(p->ntmp + 1));
	s.first_call = arena_alloc(a, sizeof(int) * (size_t)(nb + 1));
	for (int i = 0; i < nb; i++) {
		Blk *b = p->blks.v[i], *succ[2];
		s.first_call[b->id] = -1;
		for (int j = b->ins.n - 1; j >= 0; j--) {
			Ins *in = b->ins.v[j];
			if (ir_is_call(in))
				s.first_call[b->id] = j;
			if (in->dst.kind == V_TMP)
				s.def_at[in->dst.n] = j;
		}
		int ns = ir_succs(b, succ);
		for (int k = 0; k < ns && dom_reachable(s.d, b); k++)
			if (s.d->rpo_num[succ[k]->id] <= s.d->rpo_num[b->id])
				s.loops = 1;
	}
	index_uses(&s);
	size_t nbs = sizeof(int) * (size_t)(nb + 1);
	s.in_gen = arena_alloc(a, nbs);
	s.out_gen = arena_alloc(a, nbs);
	s.last_gen = arena_alloc(a, nbs);
	s.last_use = arena_alloc(a, nbs);
	s.live_in = arena_alloc(a, nbs);
	s.stack = arena_alloc(a, nbs);
	s.seen = arena_alloc(a, nbs);
	s.reach = arena_alloc(a, sizeof(int *) * (size_t)(nb + 1));
	s.nreach = arena_alloc(a, nbs);
	for (int t = 0; t < s.ntmp0; t++)
		if (s.use_at[t + 1] > s.use_at[t] && worth_splitting(&s, t))
			follow(&s, t);
	if (!s.ncuts)
		return 0;
	make_copies(&s);
	return 1;
}
