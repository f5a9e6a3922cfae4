/* dse.c: dead store elimination for stack objects. A store into an
 * object that does not escape is dead when no load anywhere reads any of
 * the bytes it writes. A store is also dead when a later store in the
 * same block writes all of its bytes again before anything can read
 * them: no load from the object in between, and, when the object
 * escapes, no helper call with arguments (named or raw) or atomic
 * either; and never past other raw asm, which could read any byte of the
 * frame. And every store
 * into an object only ever written is dead: one whose address, and every
 * address added up from it (at constant or variable offsets), is used as
 * the base of stores and nothing else. */
#include "opt.h"
#include <string.h>

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

/* Whether a load or atomic through ptr can reach a stack object: not
 * through the context, packet, map value or ring-buffer pointers. */
static int may_be_stack(const IrType *ty, Val ptr)
{
	IrType t = ir_val_type(ty, ptr);
	return t == T_STACK || t == T_PTR || t == T_ANY || t == T_NONE || ir_type_is_scalar(t);
}

/* Is the store at index j of b written over before anything may read it? */
static int overwritten(const Blk *b, int j, const Slots *s, const IrType *ty, int slot,
		       int64_t off, int width)
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
			if (!at ? s->escaped[slot] && may_be_stack(ty, in->args[0]) :
			    overlaps(o, in->width, off, width))
				return 0;
		if (ir_is_call(in) && s->escaped[slot] && !(in->op == I_CALL && in->nargs == 0))
			return 0;       /* a helper without arguments reads no memory */
		if (in->op != I_LOAD && in->op != I_STORE && in->op != I_ATOMIC &&
		    !ir_is_call(in) && (reads_memory(in) || writes_memory(in)))
			return 0;       /* raw asm */
	}
	return 0;
}

static int tmp_root(const int *root, Val v)
{
	return v.kind == V_TMP ? root[v.n] : -1;
}

/* By tmp: the stack object (its slot tmp) it is an address in, counting
 * additions of anything, or -1. Objects whose addresses meet anything but
 * a store's base or a further addition get `used` set. */
static int *addresses(Arena *a, const IrProg *p, char **used)
{
	int n = p->ntmp + 1;
	int *root = arena_alloc(a, sizeof(int) * (size_t)n);
	*used = arena_alloc(a, (size_t)n);
	for (int t = 0; t < n; t++)
		root[t] = -1;
	for (int again = 1; again;) {
		again = 0;
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *in = b->ins.v[j];
				if (in->dst.kind != V_TMP || root[in->dst.n] >= 0)
					continue;
				int r = -1;
				if (in->op == I_SLOT)
					r = (int)in->dst.n;
				else if (in->op == I_COPY ||
					 (in->op == I_ALU && !in->w32 && (in->sub == ALU_ADD || in->sub == ALU_SUB)))
					for (int k = 0; k < in->nargs && r < 0; k++)
						r = tmp_root(root, in->args[k]);
				if (r >= 0) {
					root[in->dst.n] = r;
					again = 1;
				}
			}
		}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_ASM && (reads_memory(in) || writes_memory(in)))
				memset(*used, 1, (size_t)n);    /* raw asm may read the frame */
			for (int k = 0; k < in->nargs; k++) {
				int r = tmp_root(root, in->args[k]);
				if (r < 0 || (in->op == I_STORE && k == 0))
					continue;
				int derives = in->dst.kind == V_TMP && root[in->dst.n] == r &&
					      in->op != I_SLOT && in->op != I_PHI &&
					      (in->op == I_COPY || tmp_root(root, in->args[1 - k]) < 0);
				if (!derives)
					(*used)[r] = 1;
			}
		}
	}
	return root;
}

/* Stores into objects only ever written go. */
static int drop_write_only(Arena *a, IrProg *p)
{
	char *used;
	int *root = addresses(a, p, &used);
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int r = in->op == I_STORE ? tmp_root(root, in->args[0]) : -1;
			if (r >= 0 && !used[r]) {
				remove_ins(b, j--);
				changed = 1;
			}
		}
	}
	return changed;
}

int pass_dse(Arena *a, IrProg *p)
{
	Slots *s = slots_find(a, p);
	IrType *ty = ir_infer_types(a, p);
	int changed = drop_write_only(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int slot;
			int64_t off;
			if (in->op != I_STORE || !slot_access(s, in, &slot, &off))
				continue;
			if ((!s->escaped[slot] && !read_anywhere(p, s, slot, off, in->width)) ||
			    overwritten(b, j, s, ty, slot, off, in->width)) {
				remove_ins(b, j--);
				changed = 1;
			}
		}
	}
	return changed;
}
