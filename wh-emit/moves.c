/* moves.c: the peepholes on register moves, all within straight-line
 * code and driven by liveness.
 *   deaddef  an instruction whose only effect is a register nobody reads
 *   retval   return-value folding, in general: `...rS...; rD = rS` where
 *            rS dies at the copy computes into rD directly, so
 *            `r1 = 2; r0 = r1; exit` becomes `r0 = 2; exit`
 *   forward  `rX = rB` whose later reads of rX can read rB instead; also
 *            `wX = wB` when those reads see only the lower 32 bits */
#include "emit.h"

int dead_defs(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0;
	for (int i = 0; i < f->n; i++) {
		const AsmLine *l = p->lines.v[i];
		RegSet w = insn_writes(l);
		if (is_pure(l) && !(w & REGBIT(BPF_REG_FP)) && !(w & f->out[i]))
			dead[i] = changed = 1;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}

static int straight(const AsmLine *l)
{
	return is_insn(l) && !is_goto(l) && !is_cond(l) && !is_exit(l) && !is_call(l);
}

/* The line that starts computing rS for the copy `rD = rS` at k: a
 * definition of rS that does not read it, followed by lines that may
 * read or update rS but leave rD alone. -1 if there is none in the
 * straight-line code before k. */
static int chain_start(const Vec *v, int k, int s, int d)
{
	for (int j = k - 1; j >= 0; j--) {
		const AsmLine *m = v->v[j];
		if (!straight(m))
			return -1;
		RegSet r = insn_reads(m), w = insn_writes(m);
		if (is_raw(m) && ((r | w) & (REGBIT(s) | REGBIT(d))))
			return -1;
		if ((w & REGBIT(s)) && !(w & REGBIT(d)) && !(r & REGBIT(s)))
			return j;       /* it may read rD: that happens before */
		if ((r | w) & REGBIT(d))
			return -1;
	}
	return -1;
}

int fold_return(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0, done = -1;    /* lines up to `done` were rewritten */
	for (int k = 0; k < f->n; k++) {
		AsmLine *l = v->v[k];
		if (!is_mov64_reg(l) || is_raw(l))
			continue;
		int d = insn_dst(l), s = insn_src(l);
		if (d == s || d == BPF_REG_FP || s == BPF_REG_FP || (f->out[k] & REGBIT(s)))
			continue;
		int j = chain_start(v, k, s, d);
		if (j <= done)
			continue;
		for (int i = j; i < k; i++)
			rename_all(v->v[i], s, d);
		const AsmLine *first = v->v[j];
		if (is_mov64_reg(first) && insn_src(first) == d)
			dead[j] = 1;            /* it became rD = rD */
		dead[k] = changed = 1;
		done = k;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}

/* The copy `rX = rB` (or `wX = wB`, low32) at i: the lines after it
 * that read rX, in fields that can read rB instead (and only its lower
 * half, for low32), up to where rX is written or dies, with rB unchanged
 * until then. Returns the last line of that stretch, or -1. */
static int forward_uses(const Flow *f, int i, int x, int b, int low32)
{
	const Vec *v = f->lines;
	for (int j = i + 1; j < f->n; j++) {
		const AsmLine *m = v->v[j];
		if (is_label(m))
			return -1;
		RegSet r = insn_reads(m), w = insn_writes(m);
		if ((r & REGBIT(x)) && (is_raw(m) || !(insn_plain_reads(m) & REGBIT(x))))
			return -1;
		if (low32 && !reads_low_only(m, x))
			return -1;
		if ((w & REGBIT(x)) || !(f->out[j] & REGBIT(x)))
			return j;
		if ((w & REGBIT(b)) || is_goto(m) || is_cond(m) || is_exit(m))
			return -1;
	}
	return -1;
}

int forward_copies(Arena *a, AsmProg *p)
{
	Flow *f = flow_live_of(a, p);
	const Vec *v = &p->lines;
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0, done = -1;
	for (int i = 0; i < f->n; i++) {
		AsmLine *l = v->v[i];
		int low32 = l->in.code == (BC_ALU | BA_MOV | BSRC_X);
		if (!(is_mov64_reg(l) || low32) || is_raw(l) || i <= done)
			continue;
		int x = insn_dst(l), b = insn_src(l);
		if (x == b || x == BPF_REG_FP)
			continue;
		int e = forward_uses(f, i, x, b, low32);
		if (e < 0)
			continue;
		for (int j = i + 1; j <= e; j++) {
			AsmLine *m = v->v[j];
			rename_reads(m, x, b);
			if (is_mov64_reg(m) && insn_dst(m) == insn_src(m))
				dead[j] = 1;    /* it became rB = rB */
		}
		dead[i] = changed = 1;
		done = e;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}
