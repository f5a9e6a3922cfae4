/* tomir.c: the allocated program written as mir. Tmps become their
 * registers; helper arguments are moved into r1-r5 and the result taken
 * from r0; the context pointer is taken from r1 at entry; stack objects
 * used as memory bases become r10 plus their offset, and those passed to
 * helpers or map addresses are built in the argument register; phis
 * become parallel copies at the end of their predecessors. */
#include "ra.h"

typedef struct {
	RA *r;
	Vec *out;
	Pos pos;
} Emit;

/* A source parked in the frame's scratch place while a cycle of moves
 * is broken. */
static const Val PARKED = {V_NONE, 1};

static Ins *put(Emit *e, IrOp op, int nargs)
{
	Ins *in = ir_new(e->r->a, op, e->pos, nargs);
	vec_push(e->r->a, e->out, in);
	return in;
}

static void mov(Emit *e, int dst, Val src)
{
	if (src.kind == V_REG && src.n == dst)
		return;
	Ins *in;
	if (val_eq(src, PARKED)) {
		in = put(e, I_LOAD, 1);
		in->width = 8;
		in->args[0] = vreg(BPF_REG_FP);
		in->off = frame_scratch(e->r, e->pos);
	} else {
		in = put(e, I_COPY, 1);
		in->args[0] = src;
	}
	in->dst = vreg(dst);
}

static void park(Emit *e, Val src)
{
	Ins *in = put(e, I_STORE, 2);
	in->width = 8;
	in->args[0] = vreg(BPF_REG_FP);
	in->args[1] = src;
	in->off = frame_scratch(e->r, e->pos);
}

/* dst[i] <- src[i], all at once. A register only read is read before it
 * is overwritten; a cycle is broken through `scratch`, a register free
 * here, or through the frame when there is none (-1). */
static void parallel_move(Emit *e, int *dst, Val *src, int n, int scratch)
{
	char done[2 * RA_NREG + 1] = {0};
	for (int left = n; left > 0;) {
		int progress = 0;
		for (int i = 0; i < n; i++) {
			if (done[i])
				continue;
			int blocked = 0;
			for (int j = 0; j < n && !blocked; j++)
				blocked = !done[j] && j != i && val_eq(src[j], vreg(dst[i]));
			if (blocked)
				continue;
			mov(e, dst[i], src[i]);
			done[i] = 1;
			left--;
			progress = 1;
		}
		if (progress)
			continue;
		/* only cycles are left: move one source out of the way */
		int i = 0;
		while (done[i])
			i++;
		Val from = src[i], to = scratch >= 0 ? vreg(scratch) : PARKED;
		if (scratch >= 0)
			mov(e, scratch, from);
		else
			park(e, from);
		for (int j = 0; j < n; j++)
			if (!done[j] && val_eq(src[j], from))
				src[j] = to;
	}
}

static Val where(const RA *r, Val v)
{
	if (v.kind != V_TMP)
		return v;
	if (r->itv[v.n].reg < 0)
		bug("%%%lld is used but has no register", (long long)v.n);
	return vreg(r->itv[v.n].reg);
}

/* The first register in [lo, hi] not in the mask `busy`, or -1. */
static int free_reg(unsigned busy, int lo, int hi)
{
	for (int reg = lo; reg <= hi; reg++)
		if (!(busy & 1u << reg))
			return reg;
	return -1;
}

unsigned reg_bit(Val v)
{
	return v.kind == V_REG ? 1u << v.n : 0;
}

/* Build stack object, map address or CO-RE constant t in register dst. */
static void rebuild(Emit *e, int dst, int t)
{
	const Ins *d = e->r->def[t];
	Ins *in = put(e, d->op == I_SLOT ? I_FRAME : d->op, 0);
	in->dst = vreg(dst);
	in->name = d->name;
	in->core = d->core;
	in->off = d->op == I_SLOT ? e->r->obj_off[t] : d->off;
}

static void call(Emit *e, const Ins *in)
{
	RA *r = e->r;
	int dst[5], n = 0;
	unsigned busy = 0;
	Val src[5];
	for (int k = 0; k < in->nargs; k++) {
		Val v = in->args[k];
		if (v.kind == V_TMP && !free_use(r, in, k)) {
			dst[n] = k + 1;
			src[n++] = where(r, v);
			busy |= 1u << (k + 1) | reg_bit(where(r, v));
		}
	}
	/* r0-r5 hold nothing live across a call but its arguments */
	parallel_move(e, dst, src, n, free_reg(busy, 0, 5));
	for (int k = 0; k < in->nargs; k++) {
		Val v = in->args[k];
		if (v.kind == V_TMP && free_use(r, in, k))
			rebuild(e, k + 1, (int)v.n);
		else if (v.kind == V_IMM)
			mov(e, k + 1, v);
	}
	Ins *c = put(e, I_CALL, in->nargs);
	c->name = in->name;
	if (in->dst.kind == V_TMP)      /* as in the ssa: void helpers define nothing */
		c->dst = vreg(0);
	for (int k = 0; k < in->nargs; k++)
		c->args[k] = vreg(k + 1);
	if (in->dst.kind == V_TMP && r->itv[in->dst.n].reg >= 0)
		mov(e, r->itv[in->dst.n].reg, vreg(0));
}

/* The copies phis in succ need on the edge from pred: non-trivial ones
 * only. Returns how many. */
static int phi_moves(const RA *r, const Blk *pred, const Blk *succ, int *dst, Val *src)
{
	int n = 0;
	for (int j = 0; j < succ->ins.n; j++) {
		Ins *phi = succ->ins.v[j];
		if (phi->op != I_PHI)
			break;
		if (r->itv[phi->dst.n].reg < 0)
			continue;
		for (int q = 0; q < phi->nargs; q++)
			if (phi->blks[q] == pred) {
				dst[n] = r->itv[phi->dst.n].reg;
				src[n] = where(r, phi->args[q]);
				if (!val_eq(src[n], vreg(dst[n])))
					n++;
			}
	}
	return n;
}

/* Copies before the terminator of pred: a scratch register must hold
 * nothing live out of pred, nothing the terminator reads, and be none
 * of the destinations. */
static void edge_copies(Emit *e, const Blk *pred, int *dst, Val *src, int n)
{
	const RA *r = e->r;
	unsigned busy = 0;
	for (int i = 0; i < n; i++)
		busy |= 1u << dst[i] | reg_bit(src[i]);
	for (int k = 0; k < r->live_out[pred->id].n; k++) {
		int t = r->live_out[pred->id].v[k];
		if (t < r->ntmp && r->itv[t].reg >= 0)
			busy |= 1u << r->itv[t].reg;
	}
	const Ins *term = ir_term(pred);
	for (int k = 0; term && k < term->nargs; k++)
		busy |= reg_bit(where(r, term->args[k]));
	parallel_move(e, dst, src, n, free_reg(busy, 0, RA_NREG - 1));
}

/* May the copies for the edge to one successor go before the branch? Not
 * if they overwrite a register the branch reads or the other successor
 * needs. */
static int hoistable(const RA *r, const Ins *br, const Blk *other, const int *dst, int n)
{
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < br->nargs; k++)
			if (br->args[k].kind == V_TMP && r->itv[br->args[k].n].reg == dst[i])
				return 0;
		for (int k = 0; k < r->live_in[other->id].n; k++) {
			int t = r->live_in[other->id].v[k];
			if (t < r->ntmp && r->itv[t].reg == dst[i])
				return 0;
		}
		/* phis of the other successor whose copies were trivial */
		for (int j = 0; j < other->ins.n; j++) {
			Ins *phi = other->ins.v[j];
			if (phi->op != I_PHI)
				break;
			if (r->itv[phi->dst.n].reg == dst[i])
				return 0;
		}
	}
	return 1;
}

/* Phi copies on the edges out of b, which ends in `term`. The copies of
 * a branch's edges go before it when that is safe (for both edges at
 * once), else each edge that needs copies gets a block of its own. */
static void phi_copies(Emit *e, Blk *b, Ins *term)
{
	RA *r = e->r;
	int dst[2][RA_NREG];
	Val src[2][RA_NREG];
	int n[2] = {0, 0}, ns = term->op == I_JMP ? 1 : term->op == I_BR ? 2 : 0;
	for (int s = 0; s < ns; s++)
		n[s] = phi_moves(r, b, term->blks[s], dst[s], src[s]);
	if (ns == 1 && n[0]) {
		edge_copies(e, b, dst[0], src[0], n[0]);
		return;
	}
	if (ns == 2 && n[0] + n[1] &&
	    hoistable(r, term, term->blks[1], dst[0], n[0]) &&
	    hoistable(r, term, term->blks[0], dst[1], n[1])) {
		/* both edges' copies at once, before the branch */
		int d[2 * RA_NREG];
		Val v[2 * RA_NREG];
		for (int i = 0; i < n[0] + n[1]; i++) {
			d[i] = i < n[0] ? dst[0][i] : dst[1][i - n[0]];
			v[i] = i < n[0] ? src[0][i] : src[1][i - n[0]];
		}
		edge_copies(e, b, d, v, n[0] + n[1]);
		return;
	}
	for (int s = 0; s < ns; s++) {
		if (!n[s])
			continue;
		Blk *to = term->blks[s];
		Blk *mid = ir_new_blk(r->a, r->p, arena_printf(r->a, "%s_%s", b->name, to->name));
		Emit me = {r, &mid->ins, term->pos};
		edge_copies(&me, b, dst[s], src[s], n[s]);
		Ins *j = put(&me, I_JMP, 0);
		j->blks[0] = to;
		term->blks[s] = mid;
	}
}

/* The copy of a plain instruction, on registers. */
static void plain(Emit *e, const Ins *in)
{
	RA *r = e->r;
	Ins *c = put(e, in->op, 0);
	*c = *in;
	c->args = arena_alloc(r->a, sizeof(Val) * (size_t)(in->nargs + 1));
	for (int k = 0; k < in->nargs; k++) {
		Val v = in->args[k];
		if (v.kind == V_TMP && free_use(r, in, k)) {
			c->args[k] = vreg(BPF_REG_FP);
			c->off += r->obj_off[v.n];
		} else {
			c->args[k] = where(r, v);
		}
	}
	if (in->dst.kind == V_TMP)
		c->dst = where(r, in->dst);
}

static Vec lower_block(RA *r, Blk *b, int entry)
{
	Vec out = {0};
	Emit e = {r, &out, b->ins.n ? ((Ins *)b->ins.v[0])->pos : r->p->pos};
	if (entry)
		for (int t = 0; t < r->ntmp; t++)
			if (r->def[t] && r->def[t]->op == I_PARAM && r->itv[t].reg >= 0) {
				e.pos = r->def[t]->pos;
				mov(&e, r->itv[t].reg, vreg(1));
			}
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		e.pos = in->pos;
		int t = in->dst.kind == V_TMP ? (int)in->dst.n : -1;
		if (in->op == I_PHI || in->op == I_PARAM)
			continue;
		if (t >= 0 && r->itv[t].reg < 0 && in->op != I_CALL) {
			if (ir_has_effect(in))
				bug("%s with an unused result", ir_op_info[in->op].name);
			continue;       /* unused, or built where it is used */
		}
		switch (in->op) {
		case I_CALL:
			call(&e, in);
			break;
		case I_SLOT: {
			Ins *f = put(&e, I_FRAME, 0);
			f->dst = vreg(r->itv[t].reg);
			f->off = r->obj_off[t];
			break;
		}
		case I_ALU: {
			int64_t off;
			if (!frame_offset(r, in, &off)) {
				plain(&e, in);
				break;
			}
			Ins *f = put(&e, I_FRAME, 0);       /* an address in a stack object */
			f->dst = vreg(r->itv[t].reg);
			f->off = off;
			break;
		}
		case I_RET:
			mov(&e, 0, where(r, in->args[0]));
			put(&e, I_RET, 1)->args[0] = vreg(0);
			break;
		case I_JMP: case I_BR:
			phi_copies(&e, b, in);
			plain(&e, in);
			break;
		default:
			plain(&e, in);
			break;
		}
	}
	return out;
}

void lower_to_mir(RA *r)
{
	IrProg *p = r->p;
	/* Every block's phis must still be there when any predecessor is
	 * lowered (a join may come before its predecessors in block order),
	 * so the new instruction lists replace the old ones only at the end. */
	int n = p->blks.n;                           /* not the edge blocks made here */
	Vec *outs = arena_alloc(r->a, sizeof *outs * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		outs[i] = lower_block(r, p->blks.v[i], i == 0);
	for (int i = 0; i < n; i++)
		((Blk *)p->blks.v[i])->ins = outs[i];
	p->stack = r->frame;
}
