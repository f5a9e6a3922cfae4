/* narrow.c: upper halves nobody reads. `wX = wX` (clear the upper 32
 * bits) and `rX <<= 32; rX s>>= 32` (sign-extend the lower 32) change
 * only the upper half of rX; when every later read of that value reads
 * only its lower 32 bits (a store of 32 bits or fewer, a `w` instruction,
 * a 32-bit comparison), they are dropped: `w0 = w0; *(u32 *)(r6 + 0) = r0`
 * becomes `*(u32 *)(r6 + 0) = r0`. */
#include "emit.h"

/* Lines i.. that only change the upper half of one register: how many
 * (1 or 2), or 0. */
static int upper_only(const Vec *v, int i, int *reg)
{
	const AsmLine *l = v->v[i];
	if (is_raw(l))
		return 0;
	*reg = insn_dst(l);
	if (l->in.code == (BC_ALU | BA_MOV | BSRC_X) && insn_src(l) == *reg)
		return 1;
	if (i + 1 >= v->n || l->in.code != (BC_ALU64 | BA_LSH | BSRC_K) || l->in.imm != 32)
		return 0;
	const AsmLine *m = v->v[i + 1];
	if (is_raw(m) || insn_dst(m) != *reg || m->in.imm != 32 ||
	    (m->in.code != (BC_ALU64 | BA_ARSH | BSRC_K) && m->in.code != (BC_ALU64 | BA_RSH | BSRC_K)))
		return 0;
	return 2;
}

int drop_upper(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0;
	for (int i = 0; i < f->n; i++) {
		int x, n = upper_only(v, i, &x), ok = 0;
		if (n == 0)
			continue;
		for (int j = i + n; j < f->n; j++) {
			const AsmLine *m = v->v[j];
			if (is_label(m) || !reads_low_only(m, x))
				break;
			if ((insn_writes(m) & REGBIT(x)) || !(f->out[j] & REGBIT(x))) {
				ok = 1;
				break;
			}
			if (is_goto(m) || is_cond(m) || is_exit(m))
				break;
		}
		if (i + n == f->n || !ok)
			continue;
		for (int k = 0; k < n; k++)
			dead[i + k] = 1;
		changed = 1;
		i += n - 1;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}
