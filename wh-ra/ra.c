/* ra.c: linear-scan register allocation from ssa to mir.
 * Values live across a helper call go to R6-R9; others to R0-R5 with
 * hints toward the register a call or return wants them in. Stack
 * objects get frame offsets; their addresses and map references are
 * rematerialized where they are used instead of occupying registers.
 * Phis become parallel copies at the end of predecessors. */
#include "ra.h"
#include <stdlib.h>
#include <string.h>

typedef struct {
	Arena *a;
	IrProg *p;
	int n;                  /* tmps */
	int *start, *end;       /* live interval per tmp, -1: none */
	int *reg;               /* assigned register, -1: none */
	int *hint;
	char *remat;            /* defined by SLOT/MAPREF, used only where it can be rebuilt */
	Ins **def;
	int64_t *slot_off;      /* SLOT tmps: frame offset (negative) */
	int *calls;             /* positions of call instructions */
	int ncalls;
	int frame;
} RA;

/* ---- critical edges ---- */

static int has_phi(Blk *b)
{
	for (int j = 0; j < b->ins.n; j++)
		if (((Ins *)b->ins.v[j])->op == I_PHI)
			return 1;
	return 0;
}

static void split_critical_edges(Arena *a, IrProg *p)
{
	int n = p->blks.n;
	for (int i = 0; i < n; i++) {
		Blk *b = p->blks.v[i];
		Ins *t = ir_term(b);
		if (t->op != I_BR)
			continue;
		for (int s = 0; s < 2; s++) {
			Blk *to = t->blks[s];
			if (to->preds.n < 2 || !has_phi(to))
				continue;
			Blk *mid = ir_new_blk(a, p, arena_printf(a, "%s_%s", b->name, to->name));
			Ins *j = ir_new(a, I_JMP, t->pos, 0);
			j->blks[0] = to;
			vec_push(a, &mid->ins, j);
			t->blks[s] = mid;
			for (int k = 0; k < to->ins.n; k++) {
				Ins *phi = to->ins.v[k];
				if (phi->op == I_PHI)
					for (int q = 0; q < phi->nargs; q++)
						if (phi->blks[q] == b) {
							phi->blks[q] = mid;
							break;
						}
			}
		}
	}
	ir_fill_preds(a, p);
}

/* ---- analysis ---- */

static int uses_allow_remat(RA *r, int t)
{
	IrOp dop = r->def[t]->op;
	for (int i = 0; i < r->p->blks.n; i++) {
		Blk *b = r->p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++) {
				if (in->args[k].kind != V_TMP || in->args[k].n != t)
					continue;
				if (in->op == I_CALL)
					continue;
				if (dop == I_SLOT && k == 0 &&
				    (in->op == I_LOAD || in->op == I_STORE || in->op == I_ATOMIC))
					continue;
				return 0;
			}
		}
	}
	return 1;
}

static void extend(RA *r, int t, int pos)
{
	if (r->start[t] < 0 || pos < r->start[t])
		r->start[t] = pos;
	if (pos > r->end[t])
		r->end[t] = pos;
}

/* Position of the use of operand k of instruction `in` at position pos. */
static int use_pos(const Ins *in, int k, int pos)
{
	/* Operands the emitter reads after writing the destination must not
	 * share its register. */
	if (in->op == I_CMP)
		return pos + 1;
	if (in->op == I_ALU && k == 1 && !alu_info[in->sub].commutative)
		return pos + 1;
	if (in->op == I_ALU && k == 1 && in->args[0].kind == V_IMM)
		return pos + 1;
	return pos;
}

static void liveness(RA *r)
{
	IrProg *p = r->p;
	int nb = p->blks.n, n = r->n;
	int *bstart = arena_alloc(r->a, sizeof(int) * (size_t)nb);
	int *bend = arena_alloc(r->a, sizeof(int) * (size_t)nb);
	char **livein = arena_alloc(r->a, sizeof(char *) * (size_t)nb);
	char **liveout = arena_alloc(r->a, sizeof(char *) * (size_t)nb);
	int pos = 0;
	for (int i = 0; i < nb; i++) {
		Blk *b = p->blks.v[i];
		livein[i] = arena_alloc(r->a, (size_t)n + 1);
		liveout[i] = arena_alloc(r->a, (size_t)n + 1);
		bstart[i] = pos;
		pos += 2 * b->ins.n;
		bend[i] = pos - 1;
	}
	/* iterate to a fixed point: in = uses ∪ (out − defs); phi operands
	 * are live out of their predecessor. */
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = nb - 1; i >= 0; i--) {
			Blk *b = p->blks.v[i], *s[2];
			char *out = liveout[i];
			int ns = ir_succs(b, s);
			for (int k = 0; k < ns; k++) {
				char *in = livein[s[k]->id];
				for (int t = 0; t < n; t++)
					if (in[t] && !out[t])
						out[t] = changed = 1;
				for (int j = 0; j < s[k]->ins.n; j++) {
					Ins *phi = s[k]->ins.v[j];
					if (phi->op != I_PHI)
						continue;
					for (int q = 0; q < phi->nargs; q++)
						if (phi->blks[q] == b && phi->args[q].kind == V_TMP &&
						    !out[phi->args[q].n])
							out[phi->args[q].n] = changed = 1;
				}
			}
			char *live = arena_alloc(r->a, (size_t)n + 1);
			memcpy(live, out, (size_t)n);
			for (int j = b->ins.n - 1; j >= 0; j--) {
				Ins *in = b->ins.v[j];
				if (in->dst.kind == V_TMP)
					live[in->dst.n] = 0;
				if (in->op == I_PHI)
					continue;
				for (int k = 0; k < in->nargs; k++)
					if (in->args[k].kind == V_TMP)
						live[in->args[k].n] = 1;
			}
			for (int t = 0; t < n; t++)
				if (live[t] && !livein[i][t])
					livein[i][t] = changed = 1;
		}
	}
	/* intervals */
	for (int i = 0; i < nb; i++) {
		Blk *b = p->blks.v[i];
		for (int t = 0; t < n; t++) {
			if (livein[i][t])
				extend(r, t, bstart[i]);
			if (liveout[i][t])
				extend(r, t, bend[i] + 1);
		}
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int at = bstart[i] + 2 * j;
			if (in->dst.kind == V_TMP)
				extend(r, (int)in->dst.n, in->op == I_PHI ? bstart[i] : at + 1);
			if (in->op == I_PHI)
				continue;
			for (int k = 0; k < in->nargs; k++)
				if (in->args[k].kind == V_TMP)
					extend(r, (int)in->args[k].n, use_pos(in, k, at));
			if (in->op == I_CALL)
				r->calls[r->ncalls++] = at;
		}
	}
}

static int crosses_call(RA *r, int t)
{
	for (int i = 0; i < r->ncalls; i++)
		if (r->start[t] < r->calls[i] && r->end[t] > r->calls[i] + 1)
			return 1;
	return 0;
}

static void hints(RA *r)
{
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_CALL && in->dst.kind == V_TMP)
				r->hint[in->dst.n] = 0;
			if (in->op == I_PARAM)
				r->hint[in->dst.n] = 1;
			if (in->op == I_CALL)
				for (int k = 0; k < in->nargs; k++)
					if (in->args[k].kind == V_TMP && r->hint[in->args[k].n] < 0)
						r->hint[in->args[k].n] = k + 1;
			if (in->op == I_RET && in->args[0].kind == V_TMP &&
			    r->hint[in->args[0].n] < 0)
				r->hint[in->args[0].n] = 0;
			/* two-address ALU: the result likes its left operand's register */
		}
	}
}

static int cmp_start(const void *x, const void *y, void *ctx)
{
	const RA *r = ctx;
	int a = *(const int *)x, b = *(const int *)y;
	return r->start[a] != r->start[b] ? r->start[a] - r->start[b] : a - b;
}

static void sort_by_start(RA *r, int *order, int n)
{
	/* insertion sort: programs are small */
	for (int i = 1; i < n; i++) {
		int v = order[i], j = i;
		while (j > 0 && cmp_start(&order[j - 1], &v, r) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = v;
	}
}

static void allocate(RA *r)
{
	int *order = arena_alloc(r->a, sizeof(int) * (size_t)(r->n + 1));
	int n = 0;
	for (int t = 0; t < r->n; t++)
		if (r->start[t] >= 0 && !r->remat[t])
			order[n++] = t;
	sort_by_start(r, order, n);
	int busy_until[11];
	for (int i = 0; i < 11; i++)
		busy_until[i] = -1;
	static const int caller_order[] = {1, 2, 3, 4, 5, 0, 6, 7, 8, 9};
	static const int callee_order[] = {6, 7, 8, 9};
	for (int i = 0; i < n; i++) {
		int t = order[i];
		int s = r->start[t];
		int cross = crosses_call(r, t);
		int chosen = -1;
		int h = r->hint[t];
		if (h >= 0 && busy_until[h] < s && (!cross || h >= 6))
			chosen = h;
		/* ALU results prefer their left operand's register (no mov) */
		Ins *d = r->def[t];
		if (chosen < 0 && d && (d->op == I_ALU || d->op == I_NEG || d->op == I_ZEXT ||
					d->op == I_BSWAP) && d->args[0].kind == V_TMP) {
			int lr = r->reg[d->args[0].n];
			if (lr >= 0 && busy_until[lr] < s && (!cross || lr >= 6))
				chosen = lr;
		}
		const int *ord = cross ? callee_order : caller_order;
		int nord = cross ? 4 : 10;
		for (int k = 0; k < nord && chosen < 0; k++)
			if (busy_until[ord[k]] < s)
				chosen = ord[k];
		if (chosen < 0)
			error_at(d ? d->pos : r->p->pos,
				 "%s: too many values live at once for the BPF registers "
				 "(spilling is not implemented yet)", r->p->name);
		r->reg[t] = chosen;
		busy_until[chosen] = r->end[t];
	}
}

/* ---- rewriting to mir ---- */

typedef struct {
	Vec *out;
	Arena *a;
	Pos pos;
} Emit;

static Ins *put(Emit *e, IrOp op, int nargs)
{
	Ins *in = ir_new(e->a, op, e->pos, nargs);
	vec_push(e->a, e->out, in);
	return in;
}

static void mov(Emit *e, int dst, Val src)
{
	if (src.kind == V_REG && src.n == dst)
		return;
	Ins *in = put(e, I_COPY, 1);
	in->dst = vreg(dst);
	in->args[0] = src;
}

/* Parallel move: dst[i] <- src[i] at once. Registers only in src that are
 * not destinations are read before being overwritten. `scratch` is a
 * register free at this point (for cycles), or -1. */
static void parallel_move(Emit *e, int *dst, Val *src, int n, int scratch)
{
	int done[16] = {0};
	for (int left = n; left > 0;) {
		int progress = 0;
		for (int i = 0; i < n; i++) {
			if (done[i])
				continue;
			int blocked = 0;
			for (int j = 0; j < n; j++)
				if (!done[j] && j != i && src[j].kind == V_REG && src[j].n == dst[i])
					blocked = 1;
			if (blocked)
				continue;
			mov(e, dst[i], src[i]);
			done[i] = 1;
			left--;
			progress = 1;
		}
		if (progress)
			continue;
		/* a cycle: park one source in the scratch register */
		if (scratch < 0)
			bug("parallel move cycle without a free register");
		for (int i = 0; i < n; i++)
			if (!done[i]) {
				mov(e, scratch, src[i]);
				for (int j = 0; j < n; j++)
					if (!done[j] && src[j].kind == V_REG && src[j].n == src[i].n)
						src[j] = vreg(scratch);
				break;
			}
	}
}

static Val where(RA *r, Val v)
{
	if (v.kind != V_TMP)
		return v;
	if (r->reg[v.n] < 0)
		return vimm(0);         /* never defined on this path (undefined value) */
	return vreg(r->reg[v.n]);
}

/* Rebuild a rematerialized value into register `dst`. */
static void remat_into(RA *r, Emit *e, int dst, int t)
{
	Ins *d = r->def[t];
	Ins *in = put(e, d->op == I_SLOT ? I_FRAME : I_MAPREF, 0);
	in->dst = vreg(dst);
	in->name = d->name;
	in->off = r->slot_off[t];
}

static void rewrite_call(RA *r, Emit *e, Ins *in)
{
	int dst[5];
	Val src[5];
	int n = 0;
	for (int k = 0; k < in->nargs; k++) {
		Val v = in->args[k];
		if (v.kind == V_TMP && !r->remat[v.n] && r->reg[v.n] >= 0) {
			dst[n] = k + 1;
			src[n++] = where(r, v);
		}
	}
	parallel_move(e, dst, src, n, 0);
	for (int k = 0; k < in->nargs; k++) {
		Val v = in->args[k];
		if (v.kind == V_TMP && r->remat[v.n])
			remat_into(r, e, k + 1, (int)v.n);
		else if (v.kind == V_IMM || (v.kind == V_TMP && r->reg[v.n] < 0))
			mov(e, k + 1, where(r, v));
	}
	Ins *c = put(e, I_CALL, 0);
	c->name = in->name;
	c->nargs = in->nargs;       /* arguments are in r1..rN */
	c->args = arena_alloc(e->a, sizeof(Val) * 5);
	for (int k = 0; k < in->nargs; k++)
		c->args[k] = vreg(k + 1);
	if (in->dst.kind == V_TMP && r->reg[in->dst.n] >= 0) {
		c->dst = vreg(0);
		mov(e, r->reg[in->dst.n], vreg(0));
	} else {
		c->dst = vreg(0);
	}
}

static void phi_copies(RA *r, Emit *e, Blk *pred, Blk *succ)
{
	int dst[16];
	Val src[16];
	int n = 0;
	for (int j = 0; j < succ->ins.n; j++) {
		Ins *phi = succ->ins.v[j];
		if (phi->op != I_PHI || r->reg[phi->dst.n] < 0)
			continue;
		for (int q = 0; q < phi->nargs; q++)
			if (phi->blks[q] == pred) {
				if (n == 16)
					error_at(phi->pos, "too many phis in one block");
				dst[n] = r->reg[phi->dst.n];
				Val v = phi->args[q];
				if (v.kind == V_TMP && r->remat[v.n])
					bug("rematerialized value reaches a phi");
				src[n++] = where(r, v);
			}
	}
	/* scratch: r0 is free at block ends unless it holds a phi source */
	int scratch = 0;
	for (int i = 0; i < n; i++)
		if ((src[i].kind == V_REG && src[i].n == 0) || dst[i] == 0)
			scratch = -1;
	parallel_move(e, dst, src, n, scratch);
}

static void rewrite(RA *r)
{
	IrProg *p = r->p;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		Vec out = {0};
		Emit e = {&out, r->a, p->pos};
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			e.pos = in->pos;
			if (in->op == I_PHI)
				continue;
			int t = in->dst.kind == V_TMP ? (int)in->dst.n : -1;
			int dreg = t >= 0 ? r->reg[t] : -1;
			if (t >= 0 && r->remat[t])
				continue;       /* rebuilt at its uses */
			if (t >= 0 && dreg < 0 && !ir_has_effect(in))
				continue;       /* dead value */
			switch (in->op) {
			case I_CALL:
				rewrite_call(r, &e, in);
				continue;
			case I_PARAM:
				mov(&e, dreg, vreg(1));
				continue;
			case I_SLOT: {
				Ins *f = put(&e, I_FRAME, 0);
				f->dst = vreg(dreg);
				f->off = r->slot_off[t];
				continue;
			}
			case I_JMP: case I_BR: {
				Blk *s[2];
				int ns = ir_succs(b, s);
				if (ns == 1 && in->op == I_JMP)
					phi_copies(r, &e, b, s[0]);
				break;
			}
			case I_RET:
				mov(&e, 0, where(r, in->args[0]));
				{
					Ins *ret = put(&e, I_RET, 1);
					ret->args[0] = vreg(0);
				}
				continue;
			default:
				break;
			}
			Ins *c = ir_new(r->a, in->op, in->pos, in->nargs);
			*c = *in;
			c->args = arena_alloc(r->a, sizeof(Val) * (size_t)(in->nargs + 1));
			for (int k = 0; k < in->nargs; k++) {
				Val v = in->args[k];
				if (v.kind == V_TMP && r->remat[v.n]) {
					/* a stack object used as a memory base: r10 + offset */
					c->args[k] = vreg(BPF_REG_FP);
					c->off += r->slot_off[v.n];
				} else {
					c->args[k] = where(r, v);
				}
			}
			if (t >= 0)
				c->dst = vreg(dreg);
			vec_push(r->a, &out, c);
		}
		b->ins = out;
	}
}

static void layout_frame(RA *r)
{
	int off = 0;
	for (int t = 0; t < r->n; t++) {
		Ins *d = r->def[t];
		if (!d || d->op != I_SLOT)
			continue;
		int size = (int)d->off;
		int align = size >= 8 ? 8 : size >= 4 ? 4 : size >= 2 ? 2 : 1;
		off += size;
		off = (off + align - 1) / align * align;
		if (off > BPF_STACK_LIMIT)
			error_at(d->pos, "%s: stack objects need %d bytes; the BPF stack "
				 "holds 512", r->p->name, off);
		r->slot_off[t] = -off;
	}
	r->frame = (off + 7) / 8 * 8;
}

void ra_prog(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	split_critical_edges(a, p);
	RA r = {.a = a, .p = p, .n = p->ntmp};
	size_t n = (size_t)p->ntmp + 1;
	r.start = arena_alloc(a, sizeof(int) * n);
	r.end = arena_alloc(a, sizeof(int) * n);
	r.reg = arena_alloc(a, sizeof(int) * n);
	r.hint = arena_alloc(a, sizeof(int) * n);
	r.remat = arena_alloc(a, n);
	r.def = arena_alloc(a, sizeof(Ins *) * n);
	r.slot_off = arena_alloc(a, sizeof(int64_t) * n);
	int ninsn = 0;
	for (int i = 0; i < p->blks.n; i++)
		ninsn += ((Blk *)p->blks.v[i])->ins.n;
	r.calls = arena_alloc(a, sizeof(int) * (size_t)(ninsn + 1));
	for (int t = 0; t < p->ntmp; t++) {
		r.start[t] = r.end[t] = -1;
		r.reg[t] = r.hint[t] = -1;
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP)
				r.def[in->dst.n] = in;
		}
	}
	for (int t = 0; t < p->ntmp; t++)
		if (r.def[t] && (r.def[t]->op == I_SLOT || r.def[t]->op == I_MAPREF))
			r.remat[t] = (char)uses_allow_remat(&r, t);
	layout_frame(&r);
	liveness(&r);
	hints(&r);
	allocate(&r);
	rewrite(&r);
	p->stack = r.frame;
}
