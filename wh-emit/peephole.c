/* peephole.c: cleanups on the selected instructions — moves of a
 * register to itself, jumps to the next instruction, code after an exit
 * or unconditional jump that no label reaches, unused labels — and the
 * canonical renaming of labels in order of appearance. */
#include "emit.h"
#include <string.h>

static int is_self_move(const AsmLine *l)
{
	uint8_t c = l->in.code;
	return l->kind == AL_INSN && (c == (BC_ALU64 | BA_MOV | BSRC_X)) &&
	       (l->in.regs & 15) == (l->in.regs >> 4);
}

static int is_uncond(const AsmLine *l)
{
	return l->kind == AL_INSN && (l->in.code == (BC_JMP | BJ_JA) ||
				      l->in.code == (BC_JMP | BJ_EXIT));
}

static int is_jump(const AsmLine *l) { return l->kind == AL_INSN && l->target; }

static int referenced(const Vec *v, const char *label)
{
	for (int i = 0; i < v->n; i++) {
		const AsmLine *l = v->v[i];
		if (is_jump(l) && !strcmp(l->target, label))
			return 1;
	}
	return 0;
}

static int one_round(Arena *a, AsmProg *p)
{
	Vec out = {0};
	int changed = 0;
	Vec *v = &p->lines;
	for (int i = 0; i < v->n; i++) {
		AsmLine *l = v->v[i];
		if (is_self_move(l)) {
			changed = 1;
			continue;
		}
		if (l->kind == AL_LABEL && !referenced(v, l->label)) {
			changed = 1;
			continue;
		}
		if (l->kind == AL_INSN && l->in.code == (BC_JMP | BJ_JA)) {
			/* jump to a label that follows with only labels between */
			int j = i + 1, to_next = 0;
			for (; j < v->n && ((AsmLine *)v->v[j])->kind == AL_LABEL; j++)
				if (!strcmp(((AsmLine *)v->v[j])->label, l->target))
					to_next = 1;
			if (to_next) {
				changed = 1;
				continue;
			}
		}
		vec_push(a, &out, l);
		if (is_uncond(l)) {
			/* skip unreachable instructions up to the next label */
			while (i + 1 < v->n && ((AsmLine *)v->v[i + 1])->kind == AL_INSN) {
				i++;
				changed = 1;
			}
		}
	}
	p->lines = out;
	return changed;
}

static void rename_labels(Arena *a, AsmProg *p)
{
	int n = 0;
	for (int i = 0; i < p->lines.n; i++) {
		AsmLine *l = p->lines.v[i];
		if (l->kind != AL_LABEL)
			continue;
		const char *old = l->label, *neu = arena_printf(a, "L%d", ++n);
		for (int j = 0; j < p->lines.n; j++) {
			AsmLine *k = p->lines.v[j];
			if (is_jump(k) && k->target == old)
				k->target = neu;
		}
		l->label = neu;
	}
}

void peephole(Arena *a, AsmProg *p)
{
	while (one_round(a, p))
		;
	rename_labels(a, p);
}
