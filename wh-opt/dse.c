/* dse.c: dead store elimination for stack objects. A store into an
 * object that does not escape is dead when no load anywhere reads any of
 * the bytes it writes. A store is also dead when a later store in the
 * same block writes all of its bytes again before anything can read
 * them: no load from the object in between, and, when the object
 * escapes, no helper call (named or raw) or atomic either; and never past
 * other raw asm, which could read any byte of the frame. */
#include "opt.h"

static int overlaps(int64_t o1, int w1, int64_t o2, int w2)
{
	return o1 < o2 + w2 && o2 < o1 + w1;
}

/* Is there a load of bytes [off, off+width) of slot anywhere? */
static int read_anywhere(const IrProg *p, const Slots *s, int slot, int64_t off, int width)
{
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int sl;
			int64_t o;
			if (in->op != I_LOAD && in->op != I_ATOMIC && !ir_is_call(in) &&
			    reads_memory(in))
				return 1;       /* raw asm could read any stack byte */
			if (in->op != I_LOAD && in->op != I_ATOMIC)
				continue;
			if (slot_access(s, in, &sl, &o) && sl == slot && overlaps(o, in->width, off, width))
				return 1;
		}
	}
	return 0;
}

/* Is the store at index j of b written over before anything may read it? */
static int overwritten(const Blk *b, int j, const Slots *s, int slot, int64_t off, int width)
{
	for (int m = j + 1; m < b->ins.n; m++) {
		Ins *in = b->ins.v[m];
		int sl;
		int64_t o;
		int at = slot_access(s, in, &sl, &o);
		if (in->op == I_STORE && at && sl == slot && o <= off &&
		    off + width <= o + in->width)
			return 1;
		if ((in->op == I_LOAD || in->op == I_ATOMIC) && (!at || sl == slot))
			if (!at ? s->escaped[slot] : overlaps(o, in->width, off, width))
				return 0;
		if (ir_is_call(in) && s->escaped[slot])
			return 0;
		if (in->op != I_LOAD && in->op != I_STORE && in->op != I_ATOMIC &&
		    !ir_is_call(in) && (reads_memory(in) || writes_memory(in)))
			return 0;       /* raw asm */
	}
	return 0;
}

int pass_dse(Arena *a, IrProg *p)
{
	Slots *s = slots_find(a, p);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int slot;
			int64_t off;
			if (in->op != I_STORE || !slot_access(s, in, &slot, &off))
				continue;
			if ((!s->escaped[slot] && !read_anywhere(p, s, slot, off, in->width)) ||
			    overwritten(b, j, s, slot, off, in->width)) {
				remove_ins(b, j--);
				changed = 1;
			}
		}
	}
	return changed;
}
