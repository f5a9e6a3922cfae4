/* storeup.c: stack stores move up over helper calls that take no
 * arguments. A value computed before such a call (get-current-pid-tgid,
 * ktime-get-ns, get-prandom-u32 ...) and only stored after it would live
 * across the call, in one of the four callee-saved registers; stored
 * before the call, it dies there. A helper without arguments cannot see
 * the stack, so the store may go up to its operands' definitions, over
 * pure instructions, such calls, and memory accesses that cannot touch
 * the same stack object: other objects, and anything else when the
 * object does not escape. Moved only when that crosses a call. */
#include "opt.h"

static int defines_operand(const Ins *x, const Ins *st)
{
	return x->dst.kind == V_TMP &&
	       (val_eq(x->dst, st->args[0]) || val_eq(x->dst, st->args[1]));
}

/* Whether the store to `slot` may move above x. */
static int can_cross(const Slots *s, const Ins *x, int slot)
{
	if (x->op == I_PHI || x->op == I_ASM)
		return 0;
	if (ir_is_call(x))
		return x->op == I_CALL && x->nargs == 0;
	if (!reads_memory(x) && !writes_memory(x))
		return 1;
	int other;
	int64_t off;
	if (slot_access(s, x, &other, &off))
		return other != slot;
	return (x->op == I_LOAD || x->op == I_STORE || x->op == I_ATOMIC) && !s->escaped[slot];
}

int pass_storeup(Arena *a, IrProg *p)
{
	Slots *s = slots_find(a, p);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 1; j < b->ins.n; j++) {
			Ins *st = b->ins.v[j];
			int slot, to = j;
			int64_t off;
			if (st->op != I_STORE || !slot_access(s, st, &slot, &off))
				continue;
			int at_slot = -1;   /* the object's `slot`, when crossed */
			for (int k = j - 1; k >= 0; k--) {
				Ins *x = b->ins.v[k];
				if (x->op == I_SLOT && val_eq(x->dst, st->args[0]) &&
				    !val_eq(x->dst, st->args[1])) {
					at_slot = k;        /* it moves up with the store */
					continue;
				}
				if (defines_operand(x, st) || !can_cross(s, x, slot))
					break;
				if (ir_is_call(x))
					to = k;     /* just above the highest call crossed */
			}
			if (to == j)
				continue;
			remove_ins(b, j);
			if (at_slot > to) {
				Ins *def = b->ins.v[at_slot];
				remove_ins(b, at_slot);
				insert_ins(a, b, to++, def);
			}
			insert_ins(a, b, to, st);
			changed = 1;
		}
	}
	return changed;
}
