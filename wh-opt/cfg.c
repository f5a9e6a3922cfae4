/* cfg.c: control-flow simplification — branches to one place become
 * jumps, empty blocks are jumped over (their predecessors take their place
 * in the target's phis; not a branch's into a loop header, whose edge
 * would have to be split again for the phi copies), a block with one
 * predecessor that
 * jumps to it is merged into it, blocks that only return the same
 * constant become one, and blocks no path reaches are removed (with their
 * phi operands). */
#include "opt.h"

static int has_phi(Blk *b)
{
	for (int j = 0; j < b->ins.n; j++)
		if (((Ins *)b->ins.v[j])->op == I_PHI)
			return 1;
	return 0;
}

static int loop_head(Arena *a, IrProg *p, Blk *b)
{
	Dom *d = dom_build(a, p);
	for (int k = 0; k < b->preds.n; k++)
		if (dominates(d, b, b->preds.v[k]))
			return 1;
	return 0;
}

static int is_pred(Blk *b, Blk *q)
{
	for (int k = 0; k < b->preds.n; k++)
		if (b->preds.v[k] == q)
			return 1;
	return 0;
}

/* The phis of b take from `q` what they took from `from` (which stays). */
static void copy_phi_operand(Arena *a, Blk *b, Blk *from, Blk *q)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI)
			continue;
		for (int k = 0; k < in->nargs; k++)
			if (in->blks[k] == from) {
				Val *args = arena_alloc(a, sizeof(Val) * (size_t)(in->nargs + 1));
				Blk **blks = arena_alloc(a, sizeof(Blk *) * (size_t)(in->nargs + 1));
				for (int m = 0; m < in->nargs; m++) {
					args[m] = in->args[m];
					blks[m] = in->blks[m];
				}
				args[in->nargs] = in->args[k];
				blks[in->nargs] = q;
				in->args = args;
				in->blks = blks;
				in->nargs++;
				break;
			}
	}
}

static void rename_phi_pred(Blk *b, Blk *from, Blk *to)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op == I_PHI)
			for (int k = 0; k < in->nargs; k++)
				if (in->blks[k] == from)
					in->blks[k] = to;
	}
}

static int remove_unreachable(Arena *a, IrProg *p)
{
	char *seen = arena_alloc(a, (size_t)p->blks.n + 1);
	Blk **stack = arena_alloc(a, sizeof(Blk *) * (size_t)(p->blks.n + 1));
	int sp = 0;
	stack[sp++] = p->blks.v[0];
	seen[0] = 1;
	while (sp) {
		Blk *s[2], *b = stack[--sp];
		int n = ir_succs(b, s);
		for (int i = 0; i < n; i++)
			if (!seen[s[i]->id]) {
				seen[s[i]->id] = 1;
				stack[sp++] = s[i];
			}
	}
	int changed = 0;
	Vec kept = {0};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (seen[i]) {
			vec_push(a, &kept, b);
			continue;
		}
		Blk *s[2];
		int n = ir_succs(b, s);
		for (int k = 0; k < n; k++)
			drop_phi_operand(s[k], b);
		changed = 1;
	}
	p->blks = kept;
	ir_fill_preds(a, p);
	return changed;
}

/* Blocks that only return the same constant become one. */
static int merge_returns(IrProg *p)
{
	int changed = 0;
	for (int i = 1; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		Ins *t = ir_term(b);
		if (b->ins.n != 1 || t->op != I_RET || t->args[0].kind != V_IMM)
			continue;
		for (int j = 0; j < i; j++) {
			Blk *c = p->blks.v[j];
			Ins *u = ir_term(c);
			if (c->ins.n != 1 || u->op != I_RET || !val_eq(u->args[0], t->args[0]))
				continue;
			for (int k = 0; k < b->preds.n; k++)
				retarget(b->preds.v[k], b, c);
			changed |= b->preds.n > 0;
			break;
		}
	}
	return changed;
}

int pass_cfg(Arena *a, IrProg *p)
{
	int changed = 0, again = 1;
	while (again) {
		again = 0;
		ir_fill_preds(a, p);
		for (int i = 0; i < p->blks.n && !again; i++) {
			Blk *b = p->blks.v[i];
			Ins *t = ir_term(b);
			if (t->op == I_BR && t->blks[0] == t->blks[1]) {
				t->op = I_JMP;
				t->nargs = 0;
				again = 1;
				break;
			}
			if (t->op != I_JMP)
				continue;
			Blk *c = t->blks[0];
			/* merge c into b when b is its only predecessor */
			if (c != b && c->id != 0 && c->preds.n == 1) {
				for (int j = 0; j < c->ins.n; j++) {
					Ins *in = c->ins.v[j];
					if (in->op == I_PHI) {
						in->op = I_COPY;
						in->nargs = 1;
						in->blks = NULL;
					}
				}
				b->ins.n--;     /* the jmp */
				for (int j = 0; j < c->ins.n; j++)
					vec_push(a, &b->ins, c->ins.v[j]);
				Blk *s[2];
				int n = ir_succs(c, s);
				for (int k = 0; k < n; k++)
					rename_phi_pred(s[k], c, b);
				c->ins.n = 0;
				c->preds.n = 0;
				/* c is now unreachable and empty: give it a ret so the
				 * removal below sees a well-formed block */
				Ins *r = ir_new(a, I_RET, b->ins.n ? ((Ins *)b->ins.v[0])->pos : p->pos, 1);
				r->args[0] = vimm(0);
				vec_push(a, &c->ins, r);
				again = 1;
				break;
			}
		}
		/* jump over blocks holding only `jmp` */
		for (int i = 1; i < p->blks.n && !again; i++) {
			Blk *b = p->blks.v[i];
			Ins *t = ir_term(b);
			if (b->ins.n != 1 || t->op != I_JMP || t->blks[0] == b)
				continue;
			Blk *to = t->blks[0];
			for (int k = 0; k < b->preds.n; k++) {
				Blk *pb = b->preds.v[k];
				if (has_phi(to) && (is_pred(to, pb) ||
						    (ir_term(pb)->op != I_JMP && loop_head(a, p, to))))
					continue;       /* the phi could not tell the paths apart,
							 * or the edge into the loop would need
							 * splitting again for the phi's copies */
				retarget(pb, b, to);
				if (has_phi(to)) {
					copy_phi_operand(a, to, b, pb);
					vec_push(a, &to->preds, pb);
				}
				again = 1;
			}
		}
		if (!again)
			again = merge_returns(p);
		again |= remove_unreachable(a, p);
		changed |= again;
	}
	for (int i = 0; changed && i < p->blks.n; i++)
		((Blk *)p->blks.v[i])->name = i ? arena_printf(a, "b%d", i) : "entry";
	return changed;
}
