/* jumps.c: the peepholes on control flow.
 *   dead    lines the entry never reaches (after exit or goto)
 *   thread  a jump to a goto goes to the goto's target; a goto to exit
 *           becomes exit
 *   next    a jump to the instruction that follows anyway
 *   invert  `if C goto A; goto B; A:` becomes `if !C goto B; A:`
 *   place   a block that nothing falls into and that ends in exit or goto
 *           moves to just after a goto to it, which then goes: an exit
 *           block in the middle of the code moves to the end */
#include "emit.h"
#include <string.h>

int dead_code(Arena *a, AsmProg *p)
{
	Flow *f = flow_of(a, p);
	char *seen = flow_reachable(a, f), *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0;
	for (int i = 0; i < f->n; i++)
		if (!seen[i])
			dead[i] = changed = 1;
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}

int thread_jumps(Arena *a, AsmProg *p)
{
	Flow *f = flow_of(a, p);
	const Vec *v = &p->lines;
	int changed = 0;
	for (int i = 0; i < f->n; i++) {
		AsmLine *l = v->v[i];
		if (f->target[i] < 0)
			continue;
		/* follow gotos; more hops than lines means a cycle */
		int t = f->target[i], j = next_insn(v, t), hops = 0;
		while (j < f->n && is_goto(v->v[j]) && j != i && hops <= f->n) {
			t = f->target[j];
			j = next_insn(v, t);
			hops++;
		}
		if (hops > f->n)
			continue;
		if (is_goto(l) && j < f->n && is_exit(v->v[j])) {
			l->in.code = BC_JMP | BJ_EXIT;
			l->target = NULL;
			changed = 1;
			continue;
		}
		const char *name = ((AsmLine *)v->v[label_group(v, t)])->label;
		if (strcmp(name, l->target)) {
			l->target = name;
			changed = 1;
		}
	}
	return changed;
}

int jump_to_next(Arena *a, AsmProg *p)
{
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)v->n + 1);
	int changed = 0;
	for (int i = 0; i < v->n; i++) {
		const AsmLine *l = v->v[i];
		if ((is_goto(l) || is_cond(l)) && l->target &&
		    label_before(v, next_insn(v, i + 1), l->target))
			dead[i] = changed = 1;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}

int inverse_op(uint8_t op)
{
	for (int c = 0; c < CC_COUNT; c++)
		if (cond_info[c].op == op)
			return cond_info[c].inverse == CC_COUNT ? -1 : cond_info[cond_info[c].inverse].op;
	return -1;
}

int invert_branches(Arena *a, AsmProg *p)
{
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)v->n + 1);
	int changed = 0;
	for (int i = 0; i + 1 < v->n; i++) {
		AsmLine *l = v->v[i], *g = v->v[i + 1];
		if (!is_cond(l) || !l->target || !is_goto(g) || dead[i])
			continue;
		int inv = inverse_op(l->in.code & 0xf0);
		if (inv < 0 || !label_before(v, next_insn(v, i + 2), l->target))
			continue;
		l->in.code = (uint8_t)((l->in.code & 0x0f) | inv);
		l->target = g->target;
		dead[i + 1] = changed = 1;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}

int place_blocks(Arena *a, AsmProg *p)
{
	Flow *f = flow_of(a, p);
	const Vec *v = &p->lines;
	for (int g = 0; g < f->n; g++) {
		if (!is_goto(v->v[g]))
			continue;
		int s = label_group(v, f->target[g]), e = s;
		if (s == 0 || !is_uncond(v->v[s - 1]))
			continue;       /* the entry, or code falls into it */
		while (e < f->n && !is_uncond(v->v[e]))
			e++;
		if (e == f->n || (g >= s - 1 && g <= e))
			continue;       /* no end, already next, or holds the goto */
		Vec out = {0};
		for (int i = 0; i < f->n; i++) {
			if (i >= s && i <= e)
				continue;
			if (i != g) {
				vec_push(a, &out, v->v[i]);
				continue;
			}
			for (int k = s; k <= e; k++)
				vec_push(a, &out, v->v[k]);
		}
		p->lines = out;
		return 1;
	}
	return 0;
}
