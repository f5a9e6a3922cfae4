/* tailmerge.c: tail merge. Two stretches of straight-line code that end
 * the same way — both in exit, or both going to the same place by a goto
 * or by falling through — and whose last instructions are identical keep
 * one copy: the other becomes a goto to it. `r0 = 2; exit` written four
 * times becomes one, and with branch inversion each early exit is a
 * single conditional jump.
 *
 * Memory accesses through any base but r10 are never merged: the
 * verifier gives a load or store one pointer type for all the paths that
 * reach it ("same insn cannot be used with different pointers"). */
#include "emit.h"

typedef struct {
	int term;               /* the exit or goto line; for a fall-through, the label */
	int last;               /* the last line of the code before it */
	int key;                /* where it goes: -1 exit, else the line index */
	int explicit;           /* 1: exit or goto, which the merge removes */
} Tail;

static int mergeable(const AsmLine *l)
{
	if (!is_insn(l) || is_raw(l) || is_goto(l) || is_cond(l) || is_exit(l))
		return 0;
	int base = mem_base(l);
	return base < 0 || base == BPF_REG_FP;
}

static int tails(Arena *a, const Flow *f, Tail **out)
{
	const Vec *v = f->lines;
	Tail *t = arena_alloc(a, sizeof *t * (size_t)(f->n + 1));
	int n = 0;
	for (int i = 1; i < f->n; i++) {
		const AsmLine *l = v->v[i], *prev = v->v[i - 1];
		if (is_exit(l) && !is_raw(l))
			t[n++] = (Tail){i, i - 1, -1, 1};
		else if (is_goto(l))
			t[n++] = (Tail){i, i - 1, next_insn(v, f->target[i]), 1};
		else if (is_label(l) && !is_label(prev) && !is_uncond(prev))
			t[n++] = (Tail){i, i - 1, next_insn(v, i), 0};
	}
	*out = t;
	return n;
}

/* How many identical mergeable instructions end both stretches. */
static int common(const Vec *v, const Tail *x, const Tail *y)
{
	int k = 0;
	for (int i = x->last, j = y->last; i >= 0 && j >= 0; i--, j--, k++)
		if (!mergeable(v->v[i]) || !mergeable(v->v[j]) || !same_insn(v->v[i], v->v[j]))
			break;
	return k;
}

static const char *fresh_label(Arena *a)
{
	static int n;
	return arena_printf(a, "LM%d", n++);
}

/* One merge, of the longest common tail; 0 when there is none. */
static int merge_one(Arena *a, AsmProg *p, const Flow *f)
{
	const Vec *v = &p->lines;
	Tail *t;
	int n = tails(a, f, &t), best = 0, from = -1, to = -1;
	/* longest first; between equals, a forward jump, to the last copy */
	for (int i = 0; i < n; i++) {
		if (!t[i].explicit)
			continue;
		for (int j = 0; j < n; j++) {
			if (j == i || t[j].key != t[i].key)
				continue;
			int k = common(v, &t[i], &t[j]), fwd = t[j].term > t[i].term;
			if (k > 0 && (k > best || (k == best && fwd && (t[to].term < t[from].term ||
									t[j].term > t[to].term)))) {
				best = k;
				from = i;
				to = j;
			}
		}
	}
	if (best == 0)
		return 0;
	const Tail *x = &t[from], *y = &t[to];
	int k = best, start = y->last - k + 1, cut = x->last - k + 1;
	const AsmLine *term = v->v[x->term];
	const char *name;
	AsmLine *lab = NULL;
	if (start > 0 && is_label(v->v[start - 1])) {
		name = ((AsmLine *)v->v[start - 1])->label;
	} else {
		name = fresh_label(a);
		lab = label_new(a, term->pos, name);
	}
	AsmLine *jump = insn_new(a, term->pos, BC_JMP | BJ_JA, 0, 0, 0, 0);
	jump->target = name;
	Vec out = {0};
	for (int i = 0; i < v->n; i++) {
		if (i == start && lab)
			vec_push(a, &out, lab);
		if (i >= cut && i <= x->term) {
			if (i == x->term)
				vec_push(a, &out, jump);
			continue;
		}
		vec_push(a, &out, v->v[i]);
	}
	p->lines = out;
	return 1;
}

/* Merges one after the other, each on the code the last one left, in one
 * call rather than one peephole round (every peephole re-run) per merge;
 * on the corpus (tests/programs, random samples, twins) the code is the
 * same as with a round per merge. */
int tail_merge(Arena *a, AsmProg *p)
{
	if (!merge_one(a, p, flow_of(a, p)))
		return 0;
	while (merge_one(a, p, flow_jumps(a, &p->lines)))
		;
	return 1;
}
