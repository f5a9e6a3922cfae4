/* sccp.c: sparse conditional constant propagation (Wegman and Zadeck).
 * Every value starts unknown (no evidence yet), every edge unexecuted;
 * evaluating the instructions of executed blocks in reverse postorder,
 * sweep after sweep until nothing moves, lowers values to a constant or
 * to "varies" and marks the edges a branch can take. A sweep skips the
 * instructions whose inputs did not move since they were last evaluated
 * (evaluating them again would change nothing): an instruction is
 * pending when an edge first makes its block executed, a phi when
 * another edge into its block is marked, and an instruction when a value
 * it reads moves. Pending instructions after the current one wait in
 * this sweep's heap, the others in the next's: the order is the full
 * sweeps' order, which matters, as an operation on a value that varies
 * and one still unknown is taken to vary. Sweeping every instruction
 * took a sweep per loop over the whole of a row of loops. A phi only
 * meets the operands of executed edges, so constants
 * flow through joins that plain folding cannot see through. Then values
 * found constant become copies of it, and branches with one executed edge
 * become jumps (the blocks never executed are left unreachable for cfg). */
#include "opt.h"

enum { UNKNOWN, CONST, VARIES };
typedef struct {
	int state;
	uint64_t k;
} Lat;

typedef struct {
	IrProg *p;
	Lat *val;               /* by tmp */
	char *exec;             /* by block id */
	char (*edge)[2];        /* by block id: terminator slot executed */
	/* instructions numbered block by block in reverse postorder */
	Ins **ins;
	Blk **ins_blk;
	int *first;             /* by block id: number of its first instruction */
	int *use_at, *users;    /* by tmp: the instructions that read it,
				 * users[use_at[t]] up to users[use_at[t + 1]] */
	int *heap[2], nheap[2];         /* pending: this sweep's, the next's */
	int cur, at;            /* which heap is this sweep's; the instruction
				 * being evaluated */
	char *queued;           /* by instruction */
} S;

/* min-heaps of instruction numbers */
static void heap_push(int *h, int *n, int k)
{
	int i = (*n)++;
	for (; i > 0 && h[(i - 1) / 2] > k; i = (i - 1) / 2)
		h[i] = h[(i - 1) / 2];
	h[i] = k;
}

static int heap_pop(int *h, int *n)
{
	int top = h[0], last = h[--*n], i = 0;
	for (;;) {
		int c = 2 * i + 1;
		if (c >= *n)
			break;
		if (c + 1 < *n && h[c + 1] < h[c])
			c++;
		if (h[c] >= last)
			break;
		h[i] = h[c];
		i = c;
	}
	if (*n)
		h[i] = last;
	return top;
}

static void push(S *s, int k)
{
	if (s->queued[k])
		return;
	s->queued[k] = 1;
	int w = k > s->at ? s->cur : !s->cur;
	heap_push(s->heap[w], &s->nheap[w], k);
}

/* b has just become executed: all its instructions; or another edge into
 * it was marked: its phis. */
static void push_block(S *s, const Blk *b, int phis_only)
{
	for (int j = 0; j < b->ins.n; j++)
		if (!phis_only || ((Ins *)b->ins.v[j])->op == I_PHI)
			push(s, s->first[b->id] + j);
}

/* Number the instructions of the reachable blocks and list, per tmp, the
 * instructions that read it (counted first, then filled in). */
static void number(Arena *a, S *s, const Dom *d)
{
	int nt = s->p->ntmp, n = 0;
	s->first = arena_alloc(a, sizeof(int) * (size_t)(s->p->blks.n + 1));
	for (int i = 0; i < d->nrpo; i++) {
		s->first[d->rpo[i]->id] = n;
		n += d->rpo[i]->ins.n;
	}
	s->ins = arena_alloc(a, sizeof(Ins *) * (size_t)(n + 1));
	s->ins_blk = arena_alloc(a, sizeof(Blk *) * (size_t)(n + 1));
	s->heap[0] = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	s->heap[1] = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	s->queued = arena_alloc(a, (size_t)n + 1);
	s->use_at = arena_alloc(a, sizeof(int) * (size_t)(nt + 2));
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < d->nrpo; i++) {
			Blk *b = d->rpo[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *in = b->ins.v[j];
				int k = s->first[b->id] + j;
				s->ins[k] = in;
				s->ins_blk[k] = b;
				for (int q = 0; q < in->nargs; q++) {
					Val v = in->args[q];
					if (v.kind != V_TMP || v.n >= nt)
						continue;
					if (pass == 0)
						s->use_at[v.n + 2]++;
					else
						s->users[s->use_at[v.n + 1]++] = k;
				}
			}
		}
		if (pass == 0) {
			for (int t = 2; t <= nt + 1; t++)
				s->use_at[t] += s->use_at[t - 1];
			s->users = arena_alloc(a, sizeof(int) * (size_t)(s->use_at[nt + 1] + 1));
		}
	}
}

static Lat lat_of(S *s, Val v)
{
	if (v.kind == V_IMM)
		return (Lat){CONST, (uint64_t)v.n};
	if (v.kind == V_TMP)
		return s->val[v.n];
	return (Lat){VARIES, 0};
}

/* Move dst down the lattice: unknown, then one constant, then varies. */
static void lower(S *s, Val dst, Lat l)
{
	if (dst.kind != V_TMP || l.state == UNKNOWN)
		return;
	Lat *o = &s->val[dst.n];
	if (o->state == VARIES || (o->state == CONST && l.state == CONST && o->k == l.k))
		return;
	if (o->state == CONST)
		l.state = VARIES;
	*o = l;
	for (int k = s->use_at[dst.n]; k < s->use_at[dst.n + 1]; k++)
		push(s, s->users[k]);
}

static void mark_edge(S *s, Blk *b, int slot)
{
	if (s->edge[b->id][slot])
		return;
	s->edge[b->id][slot] = 1;
	Ins *t = ir_term(b);
	Blk *to = t->blks[slot];
	push_block(s, to, s->exec[to->id]);
	s->exec[to->id] = 1;
}

static int edge_executed(S *s, Blk *from, Blk *to)
{
	Ins *t = ir_term(from);
	if (!s->exec[from->id] || !t)
		return 0;
	int n = t->op == I_BR ? 2 : t->op == I_JMP ? 1 : 0;
	for (int q = 0; q < n; q++)
		if (t->blks[q] == to && s->edge[from->id][q])
			return 1;
	return 0;
}

/* An operation one constant operand decides whatever the other holds
 * (x * 0, x / 0, 0 << y ...: alu_partial): 1 and *k its value. */
static int decided(const Ins *in, const Lat *l, uint64_t *k)
{
	if (in->op != I_ALU)
		return 0;
	for (int q = 0; q < 2; q++)
		if (l[q].state == CONST &&
		    alu_partial(in->sub, in->w32, q == 1, l[q].k, k) == ALU_CONST)
			return 1;
	return 0;
}

static void visit(S *s, Blk *b, Ins *in)
{
	Lat l[2] = {{VARIES, 0}, {VARIES, 0}};
	for (int q = 0; q < in->nargs && q < 2; q++)
		l[q] = lat_of(s, in->args[q]);
	switch (in->op) {
	case I_PHI: {
		Lat m = {UNKNOWN, 0};
		for (int k = 0; k < in->nargs; k++) {
			if (!edge_executed(s, in->blks[k], b))
				continue;
			Lat x = lat_of(s, in->args[k]);
			if (x.state == UNKNOWN)
				continue;
			if (m.state == UNKNOWN)
				m = x;
			else if (x.state == VARIES || m.k != x.k)
				m.state = VARIES;
		}
		if (m.state != UNKNOWN)
			lower(s, in->dst, m);
		return;
	}
	case I_JMP:
		mark_edge(s, b, 0);
		return;
	case I_BR:
		if (l[0].state == CONST && l[1].state == CONST)
			mark_edge(s, b, cond_holds(in->sub, l[0].k, l[1].k) ? 0 : 1);
		else if (l[0].state == VARIES || l[1].state == VARIES) {
			mark_edge(s, b, 0);
			mark_edge(s, b, 1);
		}
		return;
	default:
		break;
	}
	if (in->dst.kind != V_TMP)
		return;
	if (!is_pure(in)) {
		lower(s, in->dst, (Lat){VARIES, 0});
		return;
	}
	uint64_t k[2] = {l[0].k, l[1].k}, r;
	if (decided(in, l, &r)) {
		lower(s, in->dst, (Lat){CONST, r});
		return;
	}
	int unknown = 0, varies = 0;
	for (int q = 0; q < in->nargs && q < 2; q++) {
		unknown |= l[q].state == UNKNOWN;
		varies |= l[q].state == VARIES;
	}
	if (varies)
		lower(s, in->dst, (Lat){VARIES, 0});
	else if (!unknown && eval_ins(in, k, &r))
		lower(s, in->dst, (Lat){CONST, r});
}

int pass_sccp(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	S s = {.p = p};
	s.val = arena_alloc(a, sizeof(Lat) * (size_t)(p->ntmp + 1));
	s.exec = arena_alloc(a, (size_t)p->blks.n + 1);
	s.edge = arena_alloc(a, sizeof(*s.edge) * (size_t)(p->blks.n + 1));
	number(a, &s, d);
	s.exec[0] = 1;
	s.at = -1;
	push_block(&s, p->blks.v[0], 0);
	while (s.nheap[s.cur] || s.nheap[!s.cur]) {
		if (!s.nheap[s.cur]) {
			s.cur = !s.cur;         /* the next sweep */
			s.at = -1;
		}
		int k = heap_pop(s.heap[s.cur], &s.nheap[s.cur]);
		s.queued[k] = 0;
		s.at = k;
		if (s.exec[s.ins_blk[k]->id])
			visit(&s, s.ins_blk[k], s.ins[k]);
	}
	int changed = 0;
	for (int i = 0; i < d->nrpo; i++) {
		Blk *b = d->rpo[i];
		if (!s.exec[b->id])
			continue;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind != V_TMP || in->op == I_COPY)
				continue;
			Lat l = s.val[in->dst.n];
			if (l.state == CONST && (is_pure(in) || in->op == I_PHI)) {
				make_copy(a, in, vimm((int64_t)l.k));
				changed = 1;
			}
		}
		Ins *t = ir_term(b);
		if (t->op == I_BR && t->blks[0] != t->blks[1] &&
		    s.edge[b->id][0] != s.edge[b->id][1]) {
			fold_branch(b, s.edge[b->id][0] ? 0 : 1);
			changed = 1;
		}
	}
	for (int i = 0; changed && i < p->blks.n; i++)
		phis_first(p->blks.v[i]);
	return changed;
}
