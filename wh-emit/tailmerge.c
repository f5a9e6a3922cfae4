/* tailmerge.c: tail merge. Two stretches of straight-line code that end
 * the same way — both in exit, or both going to the same place by a goto
 * or by falling through — and whose last instructions are identical keep
 * one copy: the other becomes a goto to it. `r0 = 2; exit` written four
 * times becomes one, and with branch inversion each early exit is a
 * single conditional jump.
 *
 * Memory accesses through any base but r10 are never merged: the
 * verifier gives a load or store one pointer type for all the paths that
 * reach it ("same insn cannot be used with different pointers").
 *
 * The merges are made one at a time, the best pair first (the longest
 * common tail; between equals, a forward jump to the last copy), each on
 * the code the last one left. A merge changes only the two tails it
 * joins and the place the goto now goes, so the tails are found once,
 * grouped by where they go, and only the groups a merge touched look for
 * their best pair again. The lines keep their numbers until the end:
 * merged lines are marked dead and new labels wait beside the line they
 * precede, and the code is rewritten once. */
#include "emit.h"

typedef struct {
	int order;              /* place in the code: 2 * line, or 2 * line - 1
				 * for the label a merge puts before line */
	int term;               /* the exit or goto line; -1 for a fall-through */
	int first, last;        /* the mergeable lines before it: first..last */
	int key;                /* where it goes: -1 exit, else the line index */
	int explicit;           /* 1: exit or goto, which the merge removes */
	int group;
} Tail;

/* The tails going to one place, and their best pair (k 0: none). */
typedef struct {
	int *v, n, cap;
	int k, from, to;
	int dirty;
} Group;

typedef struct {
	Arena *tmp;
	const Vec *lines;
	Tail *t;
	int nt;
	Group *g;
	int ng;
	int *group_of;          /* by key + 1: the group, -1 none */
	int *dirty, ndirty;     /* the groups whose tails changed */
	char *dead;             /* by line: merged away */
	AsmLine **label_at;     /* by line: the label a merge put before it */
} Merger;

static int mergeable(const AsmLine *l)
{
	if (!is_insn(l) || is_raw(l) || is_goto(l) || is_cond(l) || is_exit(l))
		return 0;
	int base = mem_base(l);
	return base < 0 || base == BPF_REG_FP;
}

/* The first line of the mergeable run that ends at `last`. */
static int run_start(const Vec *v, int last)
{
	int i = last;
	while (i >= 0 && mergeable(v->v[i]))
		i--;
	return i + 1;
}

/* How many identical instructions end both runs. */
static int common(const Vec *v, const Tail *x, const Tail *y)
{
	int k = 0;
	for (int i = x->last, j = y->last; i >= x->first && j >= y->first; i--, j--, k++)
		if (!same_insn(v->v[i], v->v[j]))
			break;
	return k;
}

static const char *fresh_label(Arena *a)
{
	static int n;
	return arena_printf(a, "LM%d", n++);
}

/* Whether pair (k, from, to) beats pair (bk, bfrom, bto): the longer
 * common tail; between equals, a forward jump before a backward one;
 * between forward jumps the one to the later copy, then the one from the
 * earlier tail; between backward ones the one from the earlier tail, then
 * to the earlier copy. */
static int better(const Tail *t, int k, int from, int to, int bk, int bfrom, int bto)
{
	if (k != bk)
		return k > bk;
	int fwd = t[to].order > t[from].order, bfwd = t[bto].order > t[bfrom].order;
	if (fwd != bfwd)
		return fwd;
	if (fwd && t[to].order != t[bto].order)
		return t[to].order > t[bto].order;
	if (t[from].order != t[bfrom].order)
		return t[from].order < t[bfrom].order;
	return fwd ? 0 : t[to].order < t[bto].order;
}

static void group_best(Merger *m, Group *g)
{
	g->k = 0;
	g->dirty = 0;
	for (int a = 0; a < g->n; a++) {
		int i = g->v[a];
		if (!m->t[i].explicit)
			continue;
		for (int b = 0; b < g->n; b++) {
			int j = g->v[b];
			if (j == i)
				continue;
			int k = common(m->lines, &m->t[i], &m->t[j]);
			if (k > 0 && (!g->k || better(m->t, k, i, j, g->k, g->from, g->to))) {
				g->k = k;
				g->from = i;
				g->to = j;
			}
		}
	}
}

static void touch(Merger *m, int gi)
{
	if (!m->g[gi].dirty) {
		m->g[gi].dirty = 1;
		m->dirty[m->ndirty++] = gi;
	}
}

static void group_add(Merger *m, int key, int i)
{
	int gi = m->group_of[key + 1];
	if (gi < 0) {
		gi = m->group_of[key + 1] = m->ng++;
		m->g[gi] = (Group){0};
	}
	Group *g = &m->g[gi];
	if (g->n == g->cap) {
		int cap = g->cap ? 2 * g->cap : 4;
		int *nv = arena_alloc(m->tmp, sizeof(int) * (size_t)cap);
		for (int k = 0; k < g->n; k++)
			nv[k] = g->v[k];
		g->v = nv;
		g->cap = cap;
	}
	g->v[g->n++] = i;
	touch(m, gi);
	m->t[i].key = key;
	m->t[i].group = gi;
}

static void group_remove(Merger *m, int i)
{
	Group *g = &m->g[m->t[i].group];
	int k = 0;
	for (int a = 0; a < g->n; a++)
		if (g->v[a] != i)
			g->v[k++] = g->v[a];
	g->n = k;
	touch(m, m->t[i].group);
}

static void add_tail(Merger *m, Tail t, int key)
{
	m->t[m->nt] = t;
	group_add(m, key, m->nt++);
}

static void find_tails(Merger *m, const Flow *f)
{
	const Vec *v = f->lines;
	for (int i = 1; i < f->n; i++) {
		const AsmLine *l = v->v[i], *prev = v->v[i - 1];
		Tail t = {2 * i, i, 0, i - 1, 0, 1, 0};
		int key;
		if (is_exit(l) && !is_raw(l))
			key = -1;
		else if (is_goto(l))
			key = next_insn(v, f->target[i]);
		else if (is_label(l) && !is_label(prev) && !is_uncond(prev)) {
			key = next_insn(v, i);
			t.term = -1;
			t.explicit = 0;
		} else
			continue;
		t.first = run_start(v, i - 1);
		add_tail(m, t, key);
	}
}

/* Tail `from` gives up its last k lines and its exit or goto for a goto
 * to the same lines of tail `to`. */
static void merge(Arena *a, Merger *m, int from, int to, int k)
{
	Vec *v = (Vec *)m->lines;
	Tail *x = &m->t[from], *y = &m->t[to];
	int start = y->last - k + 1, cut = x->last - k + 1;
	const AsmLine *term = v->v[x->term], *prev = start > 0 ? v->v[start - 1] : NULL;
	const char *name;
	int fresh = 0;
	if (m->label_at[start])
		name = m->label_at[start]->label;
	else if (prev && is_label(prev))
		name = prev->label;
	else {
		name = fresh_label(a);
		m->label_at[start] = label_new(a, term->pos, name);
		fresh = 1;
	}
	AsmLine *jump = insn_new(a, term->pos, BC_JMP | BJ_JA, 0, 0, 0, 0);
	jump->target = name;
	for (int i = cut; i <= x->last; i++)
		m->dead[i] = 1;
	v->v[x->term] = jump;
	/* the new label ends the code before the copy kept, which falls
	 * into it: a tail of its own */
	if (fresh && prev && !is_label(prev) && !is_uncond(prev)) {
		Tail p = {2 * start - 1, -1, y->first, start - 1, 0, 0, 0};
		add_tail(m, p, start);
	}
	y->first = start;
	x->last = cut - 1;
	group_remove(m, from);
	group_add(m, start, from);
}

/* The merges, the best first, each on the code the last one left, in one
 * call rather than one peephole round (every peephole re-run) per merge;
 * on the corpus (tests/programs, random samples, twins) the code is the
 * same as with a round per merge. */
int tail_merge(Arena *a, AsmProg *p)
{
	const Flow *f = flow_of(a, p);
	Arena *tmp = arena_new();
	int n = f->n;
	Merger m = {.tmp = tmp, .lines = &p->lines};
	/* a tail ends at an exit, a goto or a label; every merge adds at
	 * most one tail, and there are fewer merges than tails */
	int room = 2;
	for (int i = 0; i < n; i++) {
		const AsmLine *l = p->lines.v[i];
		room += 2 * (is_label(l) || is_exit(l) || is_goto(l));
	}
	m.t = arena_alloc(tmp, sizeof *m.t * (size_t)room);
	m.g = arena_alloc(tmp, sizeof *m.g * (size_t)room);
	m.dirty = arena_alloc(tmp, sizeof(int) * (size_t)room);
	m.group_of = arena_alloc(tmp, sizeof(int) * (size_t)(n + 2));
	for (int i = 0; i < n + 2; i++)
		m.group_of[i] = -1;
	m.dead = arena_alloc(tmp, (size_t)n + 1);
	m.label_at = arena_alloc(tmp, sizeof(AsmLine *) * (size_t)(n + 1));
	find_tails(&m, f);
	int *cand = arena_alloc(tmp, sizeof(int) * (size_t)room), ncand = 0;
	char *listed = arena_alloc(tmp, (size_t)room);
	int merged = 0;
	for (;;) {
		/* groups whose tails changed look again; those with a pair
		 * stay candidates */
		for (int d = 0; d < m.ndirty; d++) {
			int gi = m.dirty[d];
			Group *g = &m.g[gi];
			group_best(&m, g);
			if (g->k && !listed[gi]) {
				listed[gi] = 1;
				cand[ncand++] = gi;
			}
		}
		m.ndirty = 0;
		int best = -1, kept = 0;
		for (int c = 0; c < ncand; c++) {
			Group *g = &m.g[cand[c]];
			if (!g->k) {
				listed[cand[c]] = 0;
				continue;
			}
			cand[kept++] = cand[c];
			if (best < 0 || better(m.t, g->k, g->from, g->to,
					       m.g[best].k, m.g[best].from, m.g[best].to))
				best = cand[c];
		}
		ncand = kept;
		if (best < 0)
			break;
		merge(a, &m, m.g[best].from, m.g[best].to, m.g[best].k);
		merged = 1;
	}
	if (merged) {
		void **out = arena_alloc(a, sizeof(void *) * (size_t)(n + room));
		int k = 0;
		for (int i = 0; i < n; i++) {
			if (m.label_at[i])
				out[k++] = m.label_at[i];
			if (!m.dead[i])
				out[k++] = p->lines.v[i];
		}
		p->lines.v = out;
		p->lines.n = k;
		p->lines.cap = n + room;
	}
	arena_free(tmp);
	return merged;
}
