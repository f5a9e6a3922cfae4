/* asmraw.c: raw jumps from `asm` in the asm format. A raw jump counts its
 * offset in instruction slots; the asm text names targets by label, so
 * the emitter, once the code is final, gives each such target a label
 * (raw1, raw2 ...) that wh-elf turns back into the same offset. */
#include "asm.h"

static int is_jump(const AsmLine *l)
{
	int cls = l->in.code & 7, op = l->in.code & 0xf0;
	return l->kind == AL_INSN && (cls == BC_JMP || cls == BC_JMP32) && op != BJ_CALL &&
	       op != BJ_EXIT;
}

static int slots(const AsmLine *l)
{
	if (l->kind != AL_INSN)
		return 0;
	return l->in.code == (BC_LD | BM_IMM | BS_DW) ? 2 : 1;
}

void asm_label_raw_jumps(Arena *a, AsmProg *p)
{
	int n = p->lines.n, at = 0, nlabels = 0;
	int *slot = arena_alloc(a, sizeof(int) * (size_t)(n + 1));
	const char **label = arena_alloc(a, sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++) {
		slot[i] = at;
		at += slots(p->lines.v[i]);
	}
	for (int i = 0; i < n; i++) {
		AsmLine *l = p->lines.v[i];
		if (!is_jump(l) || l->target)
			continue;
		int want = slot[i] + 1 + l->in.off, k = 0;
		while (k < n && !(slots(p->lines.v[k]) && slot[k] == want))
			k++;
		if (k == n)
			bug("%s: a raw jump at slot %d lands outside the program", p->name, slot[i]);
		if (!label[k])
			label[k] = arena_printf(a, "raw%d", ++nlabels);
		l->target = label[k];
	}
	if (!nlabels)
		return;
	Vec out = {0};
	for (int i = 0; i < n; i++) {
		AsmLine *l = p->lines.v[i];
		if (label[i]) {
			AsmLine *m = arena_alloc(a, sizeof *m);
			m->kind = AL_LABEL;
			m->label = label[i];
			m->pos = l->pos;
			vec_push(a, &out, m);
		}
		vec_push(a, &out, l);
	}
	p->lines = out;
}
