/* cfg.c: control-flow simplification — branches to one place become
 * jumps, empty blocks are jumped over, a block with one predecessor that
 * jumps to it is merged into it, and blocks no path reaches are removed
 * (with their phi operands). */
#include "opt.h"

static void drop_phi_operand(Blk *b, Blk *pred)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI)
			continue;
		for (int k = 0; k < in->nargs; k++)
			if (in->blks[k] == pred) {
				in->args[k] = in->args[in->nargs - 1];
				in->blks[k] = in->blks[in->nargs - 1];
				in->nargs--;
				k--;
			}
	}
}

static int has_phi(Blk *b)
{
	for (int j = 0; j < b->ins.n; j++)
		if (((Ins *)b->ins.v[j])->op == I_PHI)
			return 1;
	return 0;
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

int pass_cfg(Arena *a, IrProg *p)
{
	int changed = 0, again = 1;
	while (again) {
		again = 0;
		ir_fill_preds(a, p);
		for (int i = 0; i < p->blks.n && !again; i++) {
			Blk *b = p->blks.v[i];
			Ins *t = ir_term(b);
			if (t->op == I_BR && t->blks[0] == t->blks[1] && !has_phi(t->blks[0])) {
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
		/* jump over blocks holding only `jmp` (when no phi cares) */
		for (int i = 1; i < p->blks.n && !again; i++) {
			Blk *b = p->blks.v[i];
			Ins *t = ir_term(b);
			if (b->ins.n != 1 || t->op != I_JMP || t->blks[0] == b || has_phi(t->blks[0]))
				continue;
			Blk *to = t->blks[0];
			for (int k = 0; k < b->preds.n; k++) {
				Ins *pt = ir_term(b->preds.v[k]);
				int nb = pt->op == I_BR ? 2 : 1;
				for (int q = 0; q < nb; q++)
					if (pt->blks[q] == b) {
						pt->blks[q] = to;
						again = 1;
					}
			}
		}
		again |= remove_unreachable(a, p);
		changed |= again;
	}
	for (int i = 0; changed && i < p->blks.n; i++)
		((Blk *)p->blks.v[i])->name = i ? arena_printf(a, "b%d", i) : "entry";
	return changed;
}
