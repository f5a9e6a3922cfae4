/* ra.c: register allocation of one program, from ssa to mir.
 *
 *   prepare_cfg        edges.c   phi copies get edges of their own
 *   rounds of:
 *     compute_liveness live.c    intervals with holes, on the CFG
 *     linear_scan      scan.c    registers, or a list of values to spill
 *     rewrite_spills   spill.c   those values through the stack, or rebuilt
 *   layout_frame       frame.c   stack objects (objects.c) and spill slots
 *                                share frame space when not live together
 *   lower_to_mir       tomir.c   registers, moves, calls, phi copies
 *   drop_reloads       reload.c  reloads of what a register still holds
 *   hold_frame_addresses holdframe.c  stack addresses rebuilt often
 *                                kept in an unused r6-r9
 */
#include "ra.h"

static void find_defs(RA *r)
{
	IrProg *p = r->p;
	r->ntmp = p->ntmp;
	r->def = arena_alloc(r->a, sizeof(Ins *) * (size_t)(p->ntmp + 1));
	r->def_blk = arena_alloc(r->a, sizeof(Blk *) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP) {
				r->def[in->dst.n] = in;
				r->def_blk[in->dst.n] = b;
			}
		}
	}
}

/* What the positions in live.c take for granted. */
static void check_shape(const IrProg *p)
{
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_PHI && j > 0 && ((Ins *)b->ins.v[j - 1])->op != I_PHI)
				error_at(in->pos, "%s: phi after other instructions in @%s",
					 p->name, b->name);
			if (in->op == I_PARAM && i > 0)
				error_at(in->pos, "%s: param outside the entry block", p->name);
		}
	}
}

void ra_prog(Arena *a, IrProg *p)
{
	prepare_cfg(a, p);
	check_shape(p);
	RA r = {.a = a, .p = p};
	find_defs(&r);
	r.obj_off = arena_alloc(a, sizeof(int64_t) * (size_t)(p->ntmp + 1));
	for (int round = 0, limit = p->ntmp + 2;; round++) {
		if (round > limit)
			bug("%s: register allocation does not converge", p->name);
		find_defs(&r);
		compute_liveness(&r);
		if (!linear_scan(&r))
			break;
		rewrite_spills(&r);
	}
	layout_frame(&r);
	lower_to_mir(&r);
	drop_reloads(&r);
	hold_frame_addresses(&r);
}
