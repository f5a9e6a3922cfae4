/* coreload.c: a direct read of a kernel struct field carries its CO-RE
 * relocation on the load itself, as clang writes it:
 *     .core byte_off task_struct utime        .core byte_off task_struct utime
 *     r1 = 1488                          =>    r1 = *(u64 *)(r6 + 1488)
 *     r1 += r6
 *     r1 = *(u64 *)(r1 + 0)
 * (or `r6 += r1` when r6 dies at the load). On a load the loader patches
 * the offset and, where the field's size differs on the target kernel,
 * the load's width too (libbpf's rules; docs/language-notes.md), which a
 * relocated `mov` could not give it. */
#include "emit.h"
#include <linux/bpf.h>

/* Lines i..i+2 as above: the pointer register, or -1. */
static int core_load_at(const Flow *f, int i)
{
	if (i + 2 >= f->n)
		return -1;
	const AsmLine *mov = f->lines->v[i], *add = f->lines->v[i + 1], *ld = f->lines->v[i + 2];
	if (!is_insn(mov) || !mov->core || mov->core->kind->kind != BPF_CORE_FIELD_BYTE_OFFSET ||
	    mov->in.code != (BC_ALU64 | BA_MOV | BSRC_K) || !fits16(mov->in.imm) ||
	    !is_insn(add) || is_raw(add) || add->core ||
	    add->in.code != (BC_ALU64 | BA_ADD | BSRC_X) ||
	    !is_insn(ld) || is_raw(ld) || ld->core || (ld->in.code & 7) != BC_LDX ||
	    (ld->in.code & 0xe0) != BM_MEM || ld->in.off != 0)
		return -1;
	int k = insn_dst(mov), sum = insn_dst(add), other = insn_src(add);
	if (mem_base(ld) != sum || (sum != k && other != k) || sum == other)
		return -1;
	int ptr = sum == k ? other : sum;
	/* what the three lines leave in registers must not be needed: the
	 * offset, and the pointer when the add moved it */
	RegSet gone = REGBIT(k) | (ptr == sum ? REGBIT(ptr) : 0);
	gone &= (RegSet)~REGBIT(insn_dst(ld));
	return f->out[i + 2] & gone ? -1 : ptr;
}

int fold_core_loads(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0;
	for (int i = 0; i < f->n; i++) {
		int ptr = core_load_at(f, i);
		if (ptr < 0)
			continue;
		AsmLine *mov = p->lines.v[i], *ld = p->lines.v[i + 2];
		set_src(ld, ptr);
		ld->in.off = (int16_t)mov->in.imm;
		ld->core = mov->core;
		dead[i] = dead[i + 1] = changed = 1;
		i += 2;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}
