/* ssaupdate.c: SSA repair after a block has been copied. A value the
 * block defined now has two definitions, one in each copy; every use
 * outside the two reads the definition that reaches it, through phis
 * placed where the paths from the two copies meet (found on demand by
 * walking predecessors, in the manner of Braun et al.'s SSA construction;
 * trivial phis are left to the phis pass). */
#include "opt.h"

typedef struct {
	Arena *a;
	IrProg *p;
	Blk *b1, *b2;
	Val v1, v2;
	Val *memo;              /* by block id: the value on entry */
} Upd;

static Val read_start(Upd *u, Blk *x);

static Val read_end(Upd *u, Blk *x)
{
	if (x == u->b1)
		return u->v1;
	if (x == u->b2)
		return u->v2;
	return read_start(u, x);
}

static Val read_start(Upd *u, Blk *x)
{
	/* up the chain of single-predecessor blocks above x: the value is the
	 * one at the end of its top, or on entry to the join it starts at (a
	 * chain that comes back to x, unreachable, has none) */
	Blk *top = x;
	for (int steps = 0; top->preds.n == 1 && u->memo[top->id].kind == V_NONE; steps++) {
		Blk *q = top->preds.v[0];
		if (q == u->b1 || q == u->b2 || steps > u->p->blks.n) {
			u->memo[x->id] = steps > u->p->blks.n ? vimm(0) : read_end(u, q);
			return u->memo[x->id];
		}
		top = q;
	}
	if (u->memo[top->id].kind != V_NONE)
		return u->memo[x->id] = u->memo[top->id];
	if (top->preds.n == 0)
		return u->memo[x->id] = vimm(0);        /* no definition reaches: undefined */
	/* a join: its phi is known before its operands are read, so a loop
	 * that comes back here finds it */
	Ins *phi = ir_new(u->a, I_PHI, ((Ins *)top->ins.v[0])->pos, top->preds.n);
	phi->dst = new_tmp(u->p);
	insert_ins(u->a, top, 0, phi);
	u->memo[top->id] = phi->dst;
	for (int k = 0; k < top->preds.n; k++) {
		phi->blks[k] = top->preds.v[k];
		phi->args[k] = read_end(u, top->preds.v[k]);
	}
	return u->memo[x->id] = phi->dst;
}

typedef struct {
	Blk *b;
	Ins *in;
	int k;
} Use;

void ssa_two_defs(Arena *a, IrProg *p, Blk *b1, Val v1, Blk *b2, Val v2)
{
	Upd u = {a, p, b1, b2, v1, v2, NULL};
	u.memo = arena_alloc(a, sizeof(Val) * (size_t)(p->blks.n + 1));
	Vec uses = {0};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (b == b1 || b == b2)
			continue;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++)
				if (val_eq(in->args[k], v1)) {
					Use *us = arena_alloc(a, sizeof *us);
					*us = (Use){b, in, k};
					vec_push(a, &uses, us);
				}
		}
	}
	for (int i = 0; i < uses.n; i++) {
		Use *us = uses.v[i];
		us->in->args[us->k] = us->in->op == I_PHI ? read_end(&u, us->in->blks[us->k])
							  : read_start(&u, us->b);
	}
}
