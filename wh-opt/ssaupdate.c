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
	char *busy;
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
	if (u->memo[x->id].kind != V_NONE)
		return u->memo[x->id];
	if (x->preds.n == 0 || u->busy[x->id])
		return vimm(0);         /* no definition reaches: undefined */
	if (x->preds.n == 1) {
		u->busy[x->id] = 1;
		Val r = read_end(u, x->preds.v[0]);
		u->busy[x->id] = 0;
		u->memo[x->id] = r;
		return r;
	}
	Ins *phi = ir_new(u->a, I_PHI, ((Ins *)x->ins.v[0])->pos, x->preds.n);
	phi->dst = new_tmp(u->p);
	insert_ins(u->a, x, 0, phi);
	u->memo[x->id] = phi->dst;
	for (int k = 0; k < x->preds.n; k++) {
		phi->blks[k] = x->preds.v[k];
		phi->args[k] = read_end(u, x->preds.v[k]);
	}
	return phi->dst;
}

typedef struct {
	Blk *b;
	Ins *in;
	int k;
} Use;

void ssa_two_defs(Arena *a, IrProg *p, Blk *b1, Val v1, Blk *b2, Val v2)
{
	Upd u = {a, p, b1, b2, v1, v2, NULL, NULL};
	u.memo = arena_alloc(a, sizeof(Val) * (size_t)(p->blks.n + 1));
	u.busy = arena_alloc(a, (size_t)p->blks.n + 1);
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
