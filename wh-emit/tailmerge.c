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

/* The tails grouped by where they go, each group in the order of the
 * tails: those going to key k are by_key[at[k + 1]] up to by_key[at[k + 2]]. */
static int *group_by_key(Arena *tmp, const Tail *t, int n, int nlines, int **at_out)
{
	int *at = arena_alloc(tmp, sizeof(int) * (size_t)(nlines + 3));
	int *by_key = arena_alloc(tmp, sizeof(int) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		at[t[i].key + 2]++;
	for (int k = 1; k <= nlines + 2; k++)
		at[k] += at[k - 1];
	for (int i = 0; i < n; i++)
		by_key[at[t[i].key + 1]++] = i;
	/* filling moved each start to the next group's: shift back */
	for (int k = nlines + 1; k > 0; k--)
		at[k] = at[k - 1];
	at[0] = 0;
	*at_out = at;
	return by_key;
}

/* One merge, of the longest common tail; 0 when there is none. What
 * lasts only for the search (tails, groups, the flow) is in `tmp`; the
 * merged lines are written back over the old ones. */
static int merge_one(Arena *a, Arena *tmp, AsmProg *p, const Flow *f)
{
	Vec *v = &p->lines;
	Tail *t;
	int n = tails(tmp, f, &t), best = 0, from = -1, to = -1, *at;
	int *by_key = group_by_key(tmp, t, n, f->n, &at);
	/* longest first; between equals, a forward jump, to the last copy;
	 * only tails going to the same place pair up, taken in their order */
	for (int i = 0; i < n; i++) {
		if (!t[i].explicit)
			continue;
		for (int g = at[t[i].key + 1]; g < at[t[i].key + 2]; g++) {
			int j = by_key[g];
			if (j == i)
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
	/* at most as many lines as before: k + 1 go, two at most come */
	void **out = arena_alloc(tmp, sizeof(void *) * (size_t)(v->n + 2));
	int m = 0;
	for (int i = 0; i < v->n; i++) {
		if (i == start && lab)
			out[m++] = lab;
		if (i >= cut && i <= x->term) {
			if (i == x->term)
				out[m++] = jump;
			continue;
		}
		out[m++] = v->v[i];
	}
	if (m > v->n)
		bug("tail merge grew the code");
	for (int i = 0; i < m; i++)
		v->v[i] = out[i];
	v->n = m;
	return 1;
}

/* Merges one after the other, each on the code the last one left, in one
 * call rather than one peephole round (every peephole re-run) per merge;
 * on the corpus (tests/programs, random samples, twins) the code is the
 * same as with a round per merge. */
int tail_merge(Arena *a, AsmProg *p)
{
	Arena *tmp = arena_new();
	int merged = merge_one(a, tmp, p, flow_of(a, p));
	while (merged) {
		arena_free(tmp);
		tmp = arena_new();
		if (!merge_one(a, tmp, p, flow_jumps(tmp, &p->lines)))
			break;
	}
	arena_free(tmp);
	return merged;
}
