/* select.c: return-value hoisting, for code that returns one of two
 * values on a test:
 *	if C goto L; r0 = A; exit; ... L: r0 = B; exit
 * becomes
 *	r0 = B; if C goto E; r0 = A; E: exit
 * when nothing else jumps to L, whose block goes, and the test does not
 * read r0: four instructions instead of five. */
#include "emit.h"

/* `r0 = V` where V is a constant or a register other than r0. */
static int sets_r0(const AsmLine *l)
{
	uint8_t c = l->in.code & (uint8_t)~BSRC_X;
	return l->kind == AL_INSN && !is_raw(l) && (c == (BC_ALU64 | BA_MOV) || c == (BC_ALU | BA_MOV)) &&
	       insn_dst(l) == 0 && !(insn_reads(l) & REGBIT(0));
}

static const char *fresh_label(Arena *a)
{
	static int n;
	return arena_printf(a, "LE%d", n++);
}

int hoist_returns(Arena *a, AsmProg *p)
{
	Flow *f = flow_of(a, p);
	const Vec *v = &p->lines;
	int *uses = arena_alloc(a, sizeof(int) * (size_t)(f->n + 1));
	for (int i = 0; i < f->n; i++)
		if (f->target[i] >= 0)
			uses[next_insn(v, f->target[i])]++;
	for (int i = 0; i + 2 < f->n; i++) {
		AsmLine *br = v->v[i], *ex = v->v[i + 2];
		if (!is_cond(br) || (insn_reads(br) & REGBIT(0)) || !sets_r0(v->v[i + 1]) ||
		    !is_exit(ex) || is_raw(ex))
			continue;
		int g = label_group(v, f->target[i]), b = next_insn(v, g);
		if (g == 0 || !is_uncond(v->v[g - 1]) || b + 1 >= f->n || uses[b] != 1 ||
		    !sets_r0(v->v[b]) || !is_exit(v->v[b + 1]) || is_raw(v->v[b + 1]))
			continue;       /* L is fallen into, jumped to twice, or not r0 = B; exit */
		const AsmLine *setb = v->v[b];
		AsmLine *hoisted = insn_new(a, setb->pos, setb->in.code, 0, insn_src(setb),
					    setb->in.off, setb->in.imm);
		const char *e = fresh_label(a);
		br->target = e;
		Vec out = {0};
		for (int k = 0; k < f->n; k++) {
			if (k == i)
				vec_push(a, &out, hoisted);
			if (k == i + 2)
				vec_push(a, &out, label_new(a, ex->pos, e));
			if (k != b && k != b + 1)       /* L: r0 = B; exit */
				vec_push(a, &out, v->v[k]);
		}
		p->lines = out;
		return 1;
	}
	return 0;
}
