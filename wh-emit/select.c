/* select.c: return-value hoisting, for code that returns one of two
 * values on a test:
 *	if C goto L; r0 = A; exit; ... L: r0 = B; exit
 * becomes
 *	r0 = B; if C goto E; r0 = A; E: exit
 * when nothing else jumps to L, whose block goes, and the test does not
 * read r0: four instructions instead of five.
 *
 * And an early return, a test that skips a return to go on:
 *	if C goto L; r0 = A; exit; L: ...
 * becomes
 *	r0 = A; if !C goto E; L: ...
 * where E is another exit of the program, when the code from L does not
 * read r0 before setting it: two instructions instead of three, the exits
 * shared (clang -O2 writes an unrolled search loop so). */
#include "emit.h"
#include <string.h>

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

/* The last exit of the program other than line `not`, with a label
 * before it (one added when it has none): its label, or NULL. */
static const char *shared_exit(Arena *a, AsmProg *p, int not)
{
	Vec *v = &p->lines;
	for (int k = v->n - 1; k >= 0; k--) {
		AsmLine *l = v->v[k];
		if (k == not || !is_exit(l) || is_raw(l))
			continue;
		if (k > 0 && is_label(v->v[k - 1]))
			return ((AsmLine *)v->v[k - 1])->label;
		AsmLine *lab = label_new(a, l->pos, fresh_label(a));
		vec_push(a, v, lab);
		memmove(&v->v[k + 1], &v->v[k], sizeof(void *) * (size_t)(v->n - 1 - k));
		v->v[k] = lab;
		return lab->label;
	}
	return NULL;
}

int early_returns(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	const Vec *v = &p->lines;
	for (int i = 0; i + 3 < f->n; i++) {
		AsmLine *br = v->v[i], *set = v->v[i + 1], *ex = v->v[i + 2];
		if (!is_cond(br) || is_raw(br) || !br->target || (insn_reads(br) & REGBIT(0)) ||
		    !sets_r0(set) || !is_exit(ex) || is_raw(ex))
			continue;
		int at = next_insn(v, i + 3), inv = inverse_op(br->in.code & 0xf0);
		if (inv < 0 || at >= f->n || !label_before(v, at, br->target) ||
		    (f->live[at] & REGBIT(0)))
			continue;       /* not a skip over the return, or r0 read on */
		const char *e = shared_exit(a, p, i + 2);
		if (!e)
			continue;
		flow_forget();
		while (v->v[i] != br)
			i++;            /* past a label shared_exit put above */
		br->in.code = (uint8_t)((br->in.code & 0x0f) | inv);
		br->target = e;
		v->v[i] = set;          /* r0 = A; if !C goto E; (the exit goes) */
		v->v[i + 1] = br;
		char *dead = arena_alloc(a, (size_t)v->n + 1);
		for (int k = 0; k < v->n; k++)
			dead[k] = v->v[k] == ex;
		drop_lines(a, p, dead);
		return 1;
	}
	return 0;
}
