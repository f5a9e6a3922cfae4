/* flow.c: control flow over the lines of one program — the line a jump
 * goes to, the successors of a line, which lines the entry reaches, and
 * which registers are live before and after each line; the worklist of
 * lines the analyses over them share. */
#include "emit.h"
#include <string.h>

static uint32_t hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 16777619u;
	return h;
}

/* Index of every label line, by name: open addressing over a power of
 * two at least twice the number of lines. */
static int *label_table(Arena *a, const Vec *lines, int *mask)
{
	int size = 16;
	while (size < 2 * lines->n + 2)
		size *= 2;
	int *t = arena_alloc(a, sizeof(int) * (size_t)size);
	for (int i = 0; i < size; i++)
		t[i] = -1;
	for (int i = 0; i < lines->n; i++) {
		const AsmLine *l = lines->v[i];
		if (l->kind != AL_LABEL)
			continue;
		uint32_t h = hash(l->label) & (uint32_t)(size - 1);
		while (t[h] >= 0)
			h = (h + 1) & (uint32_t)(size - 1);
		t[h] = i;
	}
	*mask = size - 1;
	return t;
}

static int lookup(const int *t, int mask, const Vec *lines, const char *name)
{
	for (uint32_t h = hash(name) & (uint32_t)mask; t[h] >= 0; h = (h + 1) & (uint32_t)mask) {
		const AsmLine *l = lines->v[t[h]];
		if (!strcmp(l->label, name))
			return t[h];
	}
	return -1;
}

static int succs_of(const Flow *f, int i, int out[2])
{
	const AsmLine *l = f->lines->v[i];
	int n = 0;
	if (l->kind == AL_INSN && (is_goto(l) || is_cond(l)) && f->target[i] >= 0)
		out[n++] = f->target[i];
	if (!is_uncond(l) && i + 1 < f->n)
		out[n++] = i + 1;
	return n;
}

int flow_succs(const Flow *f, int i, int out[2])
{
	if (!f->nsucc)
		return succs_of(f, i, out);
	out[0] = f->succ[2 * i];
	out[1] = f->succ[2 * i + 1];
	return f->nsucc[i];
}

/* The successors of every line, found once for the analyses. */
static void find_succs(Arena *a, Flow *f)
{
	int *succ = arena_alloc(a, sizeof(int) * (size_t)(2 * f->n + 2));
	unsigned char *nsucc = arena_alloc(a, (size_t)f->n + 1);
	for (int i = 0; i < f->n; i++)
		nsucc[i] = (unsigned char)succs_of(f, i, &succ[2 * i]);
	f->succ = succ;
	f->nsucc = nsucc;
}

/* The predecessors of every line, counted first, then filled in. */
static void find_preds(Arena *a, Flow *f)
{
	f->pred_at = arena_alloc(a, sizeof(int) * (size_t)(f->n + 2));
	for (int i = 0; i < f->n; i++) {
		int s[2], ns = flow_succs(f, i, s);
		for (int k = 0; k < ns; k++)
			f->pred_at[s[k] + 2]++;
	}
	for (int i = 2; i <= f->n + 1; i++)
		f->pred_at[i] += f->pred_at[i - 1];
	f->preds = arena_alloc(a, sizeof(int) * (size_t)(f->pred_at[f->n + 1] + 1));
	for (int i = 0; i < f->n; i++) {
		int s[2], ns = flow_succs(f, i, s);
		for (int k = 0; k < ns; k++)
			f->preds[f->pred_at[s[k] + 1]++] = i;
	}
}

void worklist_init(Arena *a, Worklist *w, int n)
{
	w->v = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	w->queued = arena_alloc(a, (size_t)n + 1);
	w->size = n + 1;
	w->head = w->tail = 0;
}

void worklist_push(Worklist *w, int i)
{
	if (w->queued[i])
		return;
	w->queued[i] = 1;
	w->v[w->tail] = i;
	w->tail = (w->tail + 1) % w->size;
}

int worklist_pop(Worklist *w)
{
	if (w->head == w->tail)
		return -1;
	int i = w->v[w->head];
	w->head = (w->head + 1) % w->size;
	w->queued[i] = 0;
	return i;
}

/* Registers live before and after each line: a line is looked at again
 * when what is live after it may have grown. */
static void liveness(Arena *a, Flow *f)
{
	f->live = arena_alloc(a, sizeof(RegSet) * (size_t)(f->n + 1));
	f->out = arena_alloc(a, sizeof(RegSet) * (size_t)(f->n + 1));
	Worklist w;
	worklist_init(a, &w, f->n);
	for (int i = f->n - 1; i >= 0; i--)
		worklist_push(&w, i);
	for (int i; (i = worklist_pop(&w)) >= 0;) {
		int s[2], ns = flow_succs(f, i, s);
		RegSet out = 0;
		for (int k = 0; k < ns; k++)
			out |= f->live[s[k]];
		const AsmLine *l = f->lines->v[i];
		RegSet in = insn_reads(l) | (out & (RegSet)~insn_writes(l));
		f->out[i] = out;
		if (in == f->live[i])
			continue;
		f->live[i] = in;
		for (int k = f->pred_at[i]; k < f->pred_at[i + 1]; k++)
			worklist_push(&w, f->preds[k]);
	}
}

Flow *flow_jumps(Arena *a, const Vec *lines)
{
	Flow *f = arena_alloc(a, sizeof *f);
	f->lines = lines;
	f->n = lines->n;
	f->target = arena_alloc(a, sizeof(int) * (size_t)(f->n + 1));
	f->live = f->out = NULL;
	f->known = NULL;
	f->pred_at = f->preds = NULL;
	f->succ = NULL;
	f->nsucc = NULL;
	int mask, *t = label_table(a, lines, &mask);
	for (int i = 0; i < f->n; i++) {
		const AsmLine *l = lines->v[i];
		f->target[i] = l->kind == AL_INSN && l->target ? lookup(t, mask, lines, l->target) : -1;
		if (l->kind == AL_INSN && l->target && f->target[i] < 0)
			bug("jump to an undefined label %s", l->target);
	}
	return f;
}

/* The jumps, successors and predecessors: all but liveness. */
static Flow *flow_shape(Arena *a, const Vec *lines)
{
	Flow *f = flow_jumps(a, lines);
	find_succs(a, f);
	find_preds(a, f);
	return f;
}

Flow *flow_new(Arena *a, const Vec *lines)
{
	Flow *f = flow_shape(a, lines);
	liveness(a, f);
	return f;
}

/* The flow the peepholes of a round share: built for one program's lines
 * and kept while no peephole changes them (the driver calls flow_forget
 * after every change). Liveness is found when a peephole first asks for
 * it (flow_live_of): the peepholes on jumps alone do not. */
static struct {
	const AsmProg *prog;
	void **data;
	int n;
	Flow *flow;
} shared_flow;

Flow *flow_of(Arena *a, const AsmProg *p)
{
	if (!shared_flow.flow || shared_flow.prog != p || shared_flow.data != p->lines.v ||
	    shared_flow.n != p->lines.n) {
		shared_flow.flow = flow_shape(a, &p->lines);
		shared_flow.prog = p;
		shared_flow.data = p->lines.v;
		shared_flow.n = p->lines.n;
	}
	return shared_flow.flow;
}

Flow *flow_live_of(Arena *a, const AsmProg *p)
{
	Flow *f = flow_of(a, p);
	if (!f->live)
		liveness(a, f);
	return f;
}

void flow_forget(void)
{
	shared_flow.flow = NULL;
}

char *flow_reachable(Arena *a, const Flow *f)
{
	char *seen = arena_alloc(a, (size_t)f->n + 1);
	int *stack = arena_alloc(a, sizeof(int) * (size_t)(f->n + 1)), sp = 0;
	if (f->n > 0) {
		seen[0] = 1;
		stack[sp++] = 0;
	}
	while (sp > 0) {
		int s[2], i = stack[--sp], ns = flow_succs(f, i, s);
		for (int k = 0; k < ns; k++)
			if (!seen[s[k]]) {
				seen[s[k]] = 1;
				stack[sp++] = s[k];
			}
	}
	return seen;
}

int label_group(const Vec *lines, int t)
{
	while (t > 0 && ((const AsmLine *)lines->v[t - 1])->kind == AL_LABEL)
		t--;
	return t;
}

int next_insn(const Vec *lines, int i)
{
	while (i < lines->n && ((const AsmLine *)lines->v[i])->kind == AL_LABEL)
		i++;
	return i;
}

int label_before(const Vec *lines, int i, const char *name)
{
	for (int j = i - 1; j >= 0; j--) {
		const AsmLine *l = lines->v[j];
		if (l->kind != AL_LABEL)
			return 0;
		if (!strcmp(l->label, name))
			return 1;
	}
	return 0;
}
