/* slots.c: which values are addresses inside a stack object (`slot`, plus
 * constant additions and copies), at what offset, and which objects
 * escape: their address goes anywhere but the base of a load, store or
 * atomic (a helper argument, a stored value, a phi, a comparison ...).
 * What is stored in an object that does not escape can only be read by
 * loads through these addresses, and only changed by stores through them
 * (helpers are trusted to stay within the sizes they are given). */
#include "opt.h"

Slots *slots_find(Arena *a, const IrProg *p)
{
	Slots *s = arena_alloc(a, sizeof *s);
	int n = p->ntmp + 1;
	s->slot_of = arena_alloc(a, sizeof(int) * (size_t)n);
	s->delta = arena_alloc(a, sizeof(int64_t) * (size_t)n);
	s->escaped = arena_alloc(a, (size_t)n);
	s->size = arena_alloc(a, sizeof(int64_t) * (size_t)n);
	for (int i = 0; i < n; i++)
		s->slot_of[i] = -1;
	/* derived addresses, until no new one appears (operands come first in
	 * dominance order, so this settles in a few rounds) */
	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *in = b->ins.v[j];
				if (in->dst.kind != V_TMP || s->slot_of[in->dst.n] >= 0)
					continue;
				int d = (int)in->dst.n;
				if (in->op == I_SLOT) {
					s->slot_of[d] = d;
					s->size[d] = in->off;
					s->delta[d] = 0;
					again = 1;
					continue;
				}
				Val x = in->nargs > 0 ? in->args[0] : (Val){V_NONE, 0};
				if (x.kind != V_TMP || s->slot_of[x.n] < 0)
					continue;
				int64_t k = 0;
				if (in->op == I_COPY)
					k = 0;
				else if (in->op == I_ALU && !in->w32 && in->args[1].kind == V_IMM &&
					 (in->sub == ALU_ADD || in->sub == ALU_SUB) &&
					 in->args[1].n > INT32_MIN && in->args[1].n < INT32_MAX)
					k = in->sub == ALU_ADD ? in->args[1].n : -in->args[1].n;
				else
					continue;
				s->slot_of[d] = s->slot_of[x.n];
				s->delta[d] = s->delta[x.n] + k;
				again = 1;
			}
		}
	}
	/* escapes: any use of an address but as a memory base or to derive
	 * another address. An access outside its object's bytes, or an address
	 * made from one with a value not known at compile time, could reach
	 * any object of the frame: then they all count as escaped. */
	int wild = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++) {
				Val v = in->args[k];
				if (v.kind != V_TMP || s->slot_of[v.n] < 0)
					continue;
				int mem = k == 0 && (in->op == I_LOAD || in->op == I_STORE ||
						     in->op == I_ATOMIC);
				int derive = k == 0 && in->dst.kind == V_TMP &&
					     s->slot_of[in->dst.n] >= 0;
				if (!mem && !derive)
					s->escaped[s->slot_of[v.n]] = 1;
				if (!mem && !derive && in->op == I_ALU)
					wild = 1;
				if (mem) {
					int64_t at = s->delta[v.n] + in->off;
					if (at < 0 || at + in->width > s->size[s->slot_of[v.n]])
						wild = 1;
				}
			}
		}
	}
	for (int i = 0; wild && i < n; i++)
		if (s->slot_of[i] == i)
			s->escaped[i] = 1;
	return s;
}

int slot_access(const Slots *s, const Ins *in, int *slot, int64_t *off)
{
	if ((in->op != I_LOAD && in->op != I_STORE && in->op != I_ATOMIC) ||
	    in->args[0].kind != V_TMP || s->slot_of[in->args[0].n] < 0)
		return 0;
	*slot = s->slot_of[in->args[0].n];
	*off = s->delta[in->args[0].n] + in->off;
	return *off >= 0 && *off + in->width <= s->size[*slot];
}
