/* scratch.c: a register for what isel could not encode in place. isel
 * writes REG_SCRATCH where an instruction needs a constant or an address
 * in a register of its own (`r11 = 4294967296 ll; r1 += r11`); here each
 * such stretch, from the line that sets the placeholder to the line where
 * it dies, gets a register that holds nothing live there and that no
 * line of the stretch touches. When every register is live, one that the
 * stretch does not touch is saved in a stack slot below the frame and
 * restored after it — when the stretch ends in a conditional jump, on
 * both ways out (the taken one through a stub at the end). */
#include "emit.h"

static const int choice[] = {1, 2, 3, 4, 5, 0, 6, 7, 8, 9};
static int nstubs;

/* Insert line l before index `at` of v. */
static void insert(Arena *a, Vec *v, int at, AsmLine *l)
{
	vec_push(a, v, l);
	for (int i = v->n - 1; i > at; i--)
		v->v[i] = v->v[i - 1];
	v->v[at] = l;
}

void assign_scratch(Arena *a, AsmProg *p, int stack)
{
	Vec *v = &p->lines;
	int any = 0;
	for (int i = 0; i < v->n && !any; i++)
		any = ((insn_reads(v->v[i]) | insn_writes(v->v[i])) & REGBIT(REG_SCRATCH)) != 0;
	if (!any)
		return;
	Flow *f = flow_new(a, v);
	for (int i = 0; i < f->n; i++) {
		if (!(insn_writes(v->v[i]) & REGBIT(REG_SCRATCH)))
			continue;
		RegSet touched = 0, busy = f->live[i];
		int e = i;
		for (;; e++) {
			touched |= insn_reads(v->v[e]) | insn_writes(v->v[e]);
			busy |= f->out[e];
			if (!(f->out[e] & REGBIT(REG_SCRATCH)) || e + 1 == f->n)
				break;
		}
		int r = -1, save = -1;
		for (int k = 0; k < (int)(sizeof choice / sizeof *choice) && r < 0; k++)
			if (!((busy | touched) & REGBIT(choice[k])))
				r = choice[k];
		for (int k = 0; k < (int)(sizeof choice / sizeof *choice) && r < 0; k++)
			if (!(touched & REGBIT(choice[k])))
				r = save = choice[k];
		for (int j = i; j <= e; j++)
			rename_all(v->v[j], REG_SCRATCH, r);
		if (save >= 0) {
			Pos pos = ((AsmLine *)v->v[i])->pos;
			int slot = -((stack + 7) / 8 * 8 + 8);
			if (slot < -BPF_STACK_LIMIT)
				error_at(pos, "no register is free for a 64-bit constant, and no stack "
					 "is left to save one");
			AsmLine *end = v->v[e];
			if (is_cond(end)) {     /* taken: restore in a stub, then go on */
				const char *stub = arena_printf(a, "LS%d", nstubs++);
				vec_push(a, v, label_new(a, pos, stub));
				vec_push(a, v, insn_new(a, pos, BC_LDX | BM_MEM | BS_DW, r, BPF_REG_FP, slot, 0));
				AsmLine *go = insn_new(a, pos, BC_JMP | BJ_JA, 0, 0, 0, 0);
				go->target = end->target;
				vec_push(a, v, go);
				end->target = stub;
			}
			insert(a, v, e + 1, insn_new(a, pos, BC_LDX | BM_MEM | BS_DW, r, BPF_REG_FP, slot, 0));
			insert(a, v, i, insn_new(a, pos, BC_STX | BM_MEM | BS_DW, BPF_REG_FP, r, slot, 0));
			return assign_scratch(a, p, stack);     /* the line numbers moved */
		}
		i = e;
	}
}
