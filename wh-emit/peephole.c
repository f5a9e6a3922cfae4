/* peephole.c: the peephole table and its driver. The chosen peepholes run
 * in table order, round after round, until none changes the code; before
 * the first round and after each, every jump is pointed at the first of
 * a run of labels and labels no jump names are dropped. Labels are then renamed L1, L2, ... in
 * order of appearance. The peepholes of a round share one flow (flow_of)
 * until one of them changes the code. A program holding a jump wh-emit did not select
 * (raw code from `asm`, with offsets that count instructions) is left
 * as it is. */
#include "emit.h"
#include <string.h>

const Peephole peepholes[] = {
	{"dead",      dead_code,       "drop code after exit or goto that no jump reaches"},
	{"thread",    thread_jumps,    "a jump to a goto goes to the goto's target; goto to exit is exit"},
	{"next",      jump_to_next,    "drop jumps to the next instruction"},
	{"invert",    invert_branches, "if C goto A; goto B; A: becomes if !C goto B"},
	{"place",     place_blocks,    "move a block nothing falls into after a goto to it"},
	{"mov",       redundant_moves, "drop moves of what the register already holds (rX = rX)"},
	{"retval",    fold_return,     "compute a value in the register it is copied to (r0 = 2; exit)"},
	{"forward",   forward_copies,  "read the source of a copy instead of the copy"},
	{"stackaddr", stack_bases,     "access the stack through r10: *(u64 *)(r10 - 8), not r1 = r10 - 8"},
	{"coreload",  fold_core_loads, "a kernel struct field read with its relocation on the load: r1 = *(u64 *)(r6 + 1488)"},
	{"offsets",   fold_offsets,    "fold r1 += 14; r0 = *(u8 *)(r1 + 9) into *(u8 *)(r1 + 23)"},
	{"coreadd",   core_adds,       "r1 = K (CO-RE); r3 += r1 becomes r3 += K, the relocation on the add"},
	{"deaddef",   dead_defs,       "drop instructions whose result no one reads"},
	{"narrow",    drop_upper,      "drop w1 = w1 or r1 <<= 32; r1 s>>= 32 before 32-bit uses"},
	{"tailmerge", tail_merge,      "merge identical tails before the same exit"},
	{"select",    hoist_returns,   "if C goto L; r0 = A; exit; L: r0 = B; exit: set r0 = B first"},
	{"early",     early_returns,   "if C goto L; r0 = A; exit; L: becomes r0 = A; if !C goto (an exit); L:"},
};
const int npeepholes = (int)(sizeof peepholes / sizeof *peepholes);

unsigned peephole_mask(const char *list)
{
	unsigned mask = 0;
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ",");
		int found = -1;
		for (int i = 0; i < npeepholes; i++)
			if (strlen(peepholes[i].name) == n && !strncmp(peepholes[i].name, p, n))
				found = i;
		if (found < 0)
			usage_error("unknown peephole '%.*s'", (int)n, p);
		mask |= 1u << found;
		p += n + (p[n] == ',');
	}
	return mask;
}

/* Jumps name the first label of a run; labels no jump names go. */
static void tidy_labels(Arena *a, AsmProg *p)
{
	Flow *f = flow_jumps(a, &p->lines);
	char *used = arena_alloc(a, (size_t)f->n + 1), *dead = arena_alloc(a, (size_t)f->n + 1);
	for (int i = 0; i < f->n; i++) {
		int t = f->target[i];
		if (t < 0)
			continue;
		t = label_group(&p->lines, t);
		((AsmLine *)p->lines.v[i])->target = ((AsmLine *)p->lines.v[t])->label;
		used[t] = 1;
	}
	for (int i = 0; i < f->n; i++)
		dead[i] = is_label(p->lines.v[i]) && !used[i];
	drop_lines(a, p, dead);
}

static void rename_labels(Arena *a, AsmProg *p)
{
	Flow *f = flow_jumps(a, &p->lines);
	const char **name = arena_alloc(a, sizeof(char *) * (size_t)(f->n + 1));
	int n = 0;
	for (int i = 0; i < f->n; i++)
		if (is_label(p->lines.v[i]))
			name[i] = arena_printf(a, "L%d", ++n);
	for (int i = 0; i < f->n; i++) {
		AsmLine *l = p->lines.v[i];
		if (is_label(l))
			l->label = name[i];
		else if (f->target[i] >= 0)
			l->target = name[f->target[i]];
	}
}

void peephole(Arena *a, AsmProg *p, unsigned mask)
{
	if (has_raw_jump(&p->lines))
		return;
	tidy_labels(a, p);
	flow_forget();
	int changed = 1;
	while (changed) {
		changed = 0;
		for (int i = 0; i < npeepholes; i++)
			if ((mask & (1u << i)) && peepholes[i].run(a, p)) {
				flow_forget();
				check_output(p, "peephole", peepholes[i].name);
				changed = 1;
			}
		tidy_labels(a, p);
		flow_forget();
	}
	rename_labels(a, p);
}
