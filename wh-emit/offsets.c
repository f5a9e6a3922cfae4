/* offsets.c: constant offset folding. `rX += K` whose later reads of rX
 * are all as the base of a load or store, until rX is written or dies, is
 * folded into their offsets: `r1 += 14; r0 = *(u8 *)(r1 + 9)` becomes
 * `r0 = *(u8 *)(r1 + 23)`, for any base register (a packet pointer, a map
 * value). Stack addresses are known.c's business; an add that carries a
 * CO-RE relocation keeps its immediate, the value the loader patches. */
#include "emit.h"

/* Whether line m reads rX, and only as the base of its memory access. */
static int base_only(const AsmLine *m, int x)
{
	if (mem_base(m) != x)
		return 0;
	if ((m->in.code & 7) != BC_STX)
		return 1;
	if (insn_src(m) == x)
		return 0;               /* the stored value, not the base */
	return !(x == 0 && (m->in.code & 0xe0) == BM_ATOMIC &&
		 m->in.imm == (0xf0 | BATOMIC_FETCH));  /* cmpxchg reads r0 */
}

/* The stretch after the add at i in which rX is read only as a base,
 * with every offset still fitting: its last line, or -1. */
static int fold_stretch(const Flow *f, int i, int x, int64_t k)
{
	const Vec *v = f->lines;
	for (int j = i + 1; j < f->n; j++) {
		const AsmLine *m = v->v[j];
		if (is_label(m))
			return -1;
		if (insn_reads(m) & REGBIT(x)) {
			/* a relocated offset (coreload.c) must stay the field's */
			if (is_raw(m) || m->core || !base_only(m, x) || !fits16(m->in.off + k))
				return -1;
		}
		if ((insn_writes(m) & REGBIT(x)) || !(f->out[j] & REGBIT(x)))
			return j;
		if (is_goto(m) || is_cond(m) || is_exit(m))
			return -1;
	}
	return -1;
}

int fold_offsets(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0, done = -1;
	for (int i = 0; i < f->n; i++) {
		AsmLine *l = v->v[i];
		if (i <= done || !is_insn(l) || is_raw(l) || l->core ||
		    l->in.code != (BC_ALU64 | BA_ADD | BSRC_K))
			continue;
		int x = insn_dst(l);
		int e = x == BPF_REG_FP ? -1 : fold_stretch(f, i, x, l->in.imm);
		if (e < 0)
			continue;
		int used = 0;
		for (int j = i + 1; j <= e; j++) {
			AsmLine *m = v->v[j];
			if (insn_reads(m) & REGBIT(x)) {
				m->in.off = (int16_t)(m->in.off + l->in.imm);
				used = 1;
			}
		}
		if (!used)
			continue;       /* a dead add: dead_defs' business */
		dead[i] = changed = 1;
		done = e;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}
