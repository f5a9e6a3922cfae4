/* coreadd.c: a CO-RE constant added where it is read. `rX = K` carrying
 * a relocation (a `.core` line), whose one read before rX dies or is
 * written again is `rD += rX` in the same straight run of code, becomes
 * `rD += K` with the relocation on the add: the loader patches the
 * immediate of an ALU instruction as it does that of a move
 * (docs/formats.md, asm). One instruction and one register fewer per
 * field offset, as clang writes them. */
#include "emit.h"

/* The line after i that reads rX, when it is an add that may take the
 * constant instead; -1 otherwise. */
static int only_reader(const Flow *f, int i, int x)
{
	const Vec *v = f->lines;
	for (int j = i + 1; j < f->n; j++) {
		const AsmLine *m = v->v[j];
		if (!is_insn(m) || is_raw(m) || is_goto(m) || is_cond(m) || is_exit(m))
			return -1;
		if (insn_reads(m) & REGBIT(x))
			return m->in.code == (BC_ALU64 | BA_ADD | BSRC_X) && !m->core &&
			       insn_src(m) == x && insn_dst(m) != x && !(f->out[j] & REGBIT(x)) ? j : -1;
		if (insn_writes(m) & REGBIT(x))
			return -1;
	}
	return -1;
}

int core_adds(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0;
	for (int i = 0; i < f->n; i++) {
		AsmLine *l = v->v[i];
		if (!is_insn(l) || !l->core || l->in.code != (BC_ALU64 | BA_MOV | BSRC_K))
			continue;
		int j = only_reader(f, i, insn_dst(l));
		if (j < 0)
			continue;
		AsmLine *m = v->v[j];
		m->in.code = BC_ALU64 | BA_ADD | BSRC_K;
		set_src(m, 0);
		m->in.imm = l->in.imm;
		m->core = l->core;
		dead[i] = changed = 1;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}
