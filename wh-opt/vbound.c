/* vbound.c: bounds the verifier cannot find, made explicit. The kernel
 * verifier does not bound a modulo or a division by a register, nor a
 * shift by a register, nor what is computed from them; a pointer moved
 * by such a value is refused ("math between pkt pointer and register
 * with unbounded min value", "unbounded memory access", an access past
 * the checked bytes), even where this compiler knows the value is small:
 * `(mod 1 y)` is at most 1 whatever y is. Where the verifier's bound is
 * looser than ours, the offset is masked with all ones up to the highest
 * bit of our bound: the value is the same, and the verifier now bounds
 * it. One `and` where the kernel would otherwise refuse the program. */
#include "opt.h"

typedef struct {
	Blk *b;
	Ins *add;
	int arg;                /* the operand that moves the pointer */
	uint64_t mask;
} Site;

/* Pointers whose moves the verifier follows with the offset's bounds. */
static int bounded_pointer(IrType t)
{
	return t == T_PKT || t == T_PKT_META || t == T_MAPVAL || t == T_RINGBUF ||
	       t == T_STACK;
}

int pass_vbound(Arena *a, IrProg *p)
{
	IrType *ty = ir_infer_types(a, p);
	Range *known = range_new(a, p), *seen = range_new_verifier(a, p);
	Vec sites = {0};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op != I_ALU || in->sub != ALU_ADD || in->w32 || in->dst.kind != V_TMP)
				continue;
			for (int k = 0; k < 2; k++) {
				Val ptr = in->args[k], off = in->args[1 - k];
				if (off.kind != V_TMP || !bounded_pointer(ir_val_type(ty, ptr)) ||
				    ir_type_is_ptr(ir_val_type(ty, off)))
					continue;
				uint64_t m = range_max(known, off);
				if (m >= (uint64_t)1 << 29 || range_max(seen, off) <= range_fill(m))
					continue;
				Site *s = arena_alloc(a, sizeof *s);
				*s = (Site){b, in, 1 - k, range_fill(m)};
				vec_push(a, &sites, s);
				break;
			}
		}
	}
	/* inserted after the analyses: they know only the tmps they began with */
	for (int i = 0; i < sites.n; i++) {
		Site *s = sites.v[i];
		int at = 0;
		while (s->b->ins.v[at] != s->add)
			at++;
		Ins *and = ir_new(a, I_ALU, s->add->pos, 2);
		and->sub = ALU_AND;
		and->args[0] = s->add->args[s->arg];
		and->args[1] = (Val){V_IMM, (int64_t)s->mask};
		and->dst = new_tmp(p);
		insert_ins(a, s->b, at, and);
		s->add->args[s->arg] = and->dst;
	}
	return sites.n > 0;
}
