/* strength.c: strength reduction of sums indexed by a loop counter. In a
 * loop entered from one block and closed by one latch, whose header has a
 * counter i = phi(0, i + C) (C a constant), a sum `base + i * K` (or
 * `base + (i << s)`) whose base is defined outside the loop and used
 * nowhere else becomes a second counter p = phi(base, p + C*K): one
 * addition per turn instead of a multiplication and an addition, and the
 * base's register is the counter's. The kernel verifier walks a bounded
 * loop once per turn, so every instruction taken out of the body counts
 * once per turn in its processed instructions too.
 *
 * Integers only: the verifier tracks a pointer's offset and checks the
 * arithmetic done on it, so a pointer keeps the form the program wrote.
 * 64-bit operations only, whose sums and products agree modulo 2^64
 * whatever their order. */
#include "opt.h"

typedef struct {
	Arena *a;
	IrProg *p;
	Ins **def;
	Blk **blk_of;
	int *uses;
	IrType *ty;
	int ntmp;               /* tmps the pass found (ty knows them) */
	char *in;               /* by block id: in the loop looked at */
} Sr;

static int outside(const Sr *s, Val v)
{
	return v.kind == V_TMP && (!s->blk_of[v.n] || !s->in[s->blk_of[v.n]->id]);
}

int loop_counter(Ins **def, const Ins *i, Blk *out, Blk *latch,
		 int64_t *start, int64_t *step, Ins **next)
{
	if (i->op != I_PHI || i->nargs != 2)
		return 0;
	int from_out = i->blks[0] == out ? 0 : 1;
	if (i->blks[from_out] != out || i->blks[1 - from_out] != latch)
		return 0;
	Val init = i->args[from_out], back = i->args[1 - from_out];
	if (init.kind != V_IMM || back.kind != V_TMP)
		return 0;
	Ins *d = def[back.n];
	if (!d || d->op != I_ALU || d->sub != ALU_ADD || d->w32 ||
	    !val_eq(d->args[0], i->dst) || d->args[1].kind != V_IMM)
		return 0;
	*start = init.n;
	*step = d->args[1].n;
	*next = d;
	return 1;
}

/* The factor K when `m` is `i * K` or `i << s` (64-bit) of the phi `i`. */
static int scaled(const Sr *s, Val m, Val *i, int64_t *k)
{
	if (m.kind != V_TMP || s->uses[m.n] != 1)
		return 0;
	Ins *d = s->def[m.n];
	if (!d || d->op != I_ALU || d->w32 || d->args[0].kind != V_TMP || d->args[1].kind != V_IMM)
		return 0;
	if (d->sub == ALU_MUL)
		*k = d->args[1].n;
	else if (d->sub == ALU_SHL && d->args[1].n >= 0 && d->args[1].n < 31)
		*k = (int64_t)1 << d->args[1].n;
	else
		return 0;
	*i = d->args[0];
	return 1;
}

/* Whether the phi `iv` of header h is a counter, with its constants. */
static int header_counter(const Sr *s, Blk *h, Val iv, Blk *out, Blk *latch,
			  int64_t *start, int64_t *step, Ins **next)
{
	if (iv.kind != V_TMP || s->blk_of[iv.n] != h || !ir_type_is_scalar(s->ty[iv.n]))
		return 0;
	return loop_counter(s->def, s->def[iv.n], out, latch, start, step, next);
}

/* Reduces the sums of one loop (in[] set); whether it changed one. */
static int reduce_loop(Sr *s, Blk *h, Vec *body, Blk *out, Blk *latch)
{
	int changed = 0;
	for (int bi = 0; bi < body->n; bi++) {
		Blk *b = body->v[bi];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *t = b->ins.v[j];
			if (t->dst.kind != V_TMP || t->dst.n >= s->ntmp || t->op != I_ALU || t->sub != ALU_ADD || t->w32 ||
			    !ir_type_is_scalar(s->ty[t->dst.n]))
				continue;
			for (int side = 0; side < 2; side++) {
				Val base = t->args[1 - side], iv;
				int64_t k, start, step, init, inc;
				Ins *next;
				if (!outside(s, base) || s->uses[base.n] != 1 ||
				    !ir_type_is_scalar(s->ty[base.n]) ||
				    !scaled(s, t->args[side], &iv, &k) ||
				    !header_counter(s, h, iv, out, latch, &start, &step, &next) ||
				    __builtin_mul_overflow(start, k, &init) || init ||
				    __builtin_mul_overflow(step, k, &inc) || !fits_s32(inc))
					continue;
				/* p = phi(out: base, latch: p + C*K); p + C*K right
				 * after i + C, where the latch's value of i is made */
				Ins *phi = ir_new(s->a, I_PHI, t->pos, 2);
				phi->dst = new_tmp(s->p);
				Ins *bump = ir_new(s->a, I_ALU, t->pos, 2);
				bump->sub = ALU_ADD;
				bump->dst = new_tmp(s->p);
				bump->args[0] = phi->dst;
				bump->args[1] = vimm(inc);
				phi->args[0] = base;
				phi->blks[0] = out;
				phi->args[1] = bump->dst;
				phi->blks[1] = latch;
				Blk *nb = s->blk_of[next->dst.n];
				for (int m = 0; m < nb->ins.n; m++)
					if (nb->ins.v[m] == next) {
						insert_ins(s->a, nb, m + 1, bump);
						break;
					}
				insert_ins(s->a, h, 0, phi);
				for (j = 0; b->ins.v[j] != t; j++)
					;
				s->uses[t->args[side].n]--;
				make_copy(s->a, t, phi->dst);
				changed = 1;
				break;
			}
		}
	}
	return changed;
}

int pass_strength(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Dom *d = dom_build(a, p);
	Sr s = {a, p, NULL, NULL, use_counts(a, p), ir_infer_types(a, p),
		p->ntmp, arena_alloc(a, (size_t)p->blks.n + 1)};
	s.def = def_map(a, p, &s.blk_of);
	int nb = p->blks.n, changed = 0;
	for (int i = 0; i < nb; i++) {
		Blk *h = p->blks.v[i];
		if (!d->loop_head[i] || h->preds.n != 2)
			continue;
		Blk *latch = NULL;
		for (int k = 0; k < h->preds.n; k++)
			if (dominates(d, h, h->preds.v[k]))
				latch = latch ? NULL : h->preds.v[k];
		if (!latch)
			continue;
		Vec body = {0};
		s.in[h->id] = 1;
		vec_push(a, &body, h);
		loop_mark_body(a, h, latch, s.in, &body);
		Blk *out = loop_entry(h, s.in);
		if (out && reduce_loop(&s, h, &body, out, latch))
			changed = 1;
		for (int k = 0; k < body.n; k++)
			s.in[((Blk *)body.v[k])->id] = 0;
	}
	return changed;
}
