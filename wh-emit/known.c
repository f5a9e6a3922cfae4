/* known.c: what registers surely hold, by a forward analysis over the
 * lines: a known constant, the same value as other registers, or the
 * address r10 + OFFSET. Two peepholes use it:
 *   mov        redundant mov elimination: a move that would put into a
 *              register what it already holds is dropped: `rX = rX`,
 *              `r0 = 0` where `if r0 != 0 goto ...` fell through,
 *              `r1 = r6` after `r6 = r1` when neither changed since
 *   stackaddr  stack address folding: a load or store through a register
 *              that holds r10 + OFFSET goes through r10 itself, so
 *              `r1 = r10; r1 += -8; *(u64 *)(r1 + 0) = r2` becomes
 *              `*(u64 *)(r10 - 8) = r2` once deaddef drops the rest
 *
 * What a conditional jump teaches is used only for comparisons with 0:
 * on that edge the verifier knows the register is 0 too (a scalar, or a
 * pointer-or-null that it turns into the scalar 0), so the dropped move
 * leaves it nothing to miss. */
#include "emit.h"
#include <string.h>

typedef struct {
	int seen;               /* 0: no path reaches this point yet */
	RegSet known;           /* registers holding k[r] */
	int64_t k[11];
	RegSet eq[11];          /* eq[r]: the registers equal to r */
	RegSet onfp;            /* registers holding r10 + fp[r] */
	int64_t fp[11];
} State;

static void forget(State *s, RegSet w)
{
	if (!w)
		return;
	RegSet keep = (RegSet)~w;
	s->known &= keep;
	s->onfp &= keep;
	for (int r = 0; r < 11; r++)
		s->eq[r] &= keep;
	for (unsigned m = w & 0x7ff; m; m &= m - 1)
		s->eq[__builtin_ctz(m)] = 0;
}

static void set_const(State *s, int d, int64_t v)
{
	s->known |= REGBIT(d);
	s->k[d] = v;
}

/* The value a constant move or ld_imm64 puts in its register. */
static int const_value(const AsmLine *l, int64_t *v)
{
	uint8_t c = l->in.code;
	if (l->core)
		return 0;       /* the loader changes it: not known here */
	if (c == (BC_ALU64 | BA_MOV | BSRC_K))
		*v = l->in.imm;
	else if (c == (BC_ALU | BA_MOV | BSRC_K))
		*v = (int64_t)(uint32_t)l->in.imm;
	else if (is_ldimm64(l) && !l->sym)
		*v = l->imm64;
	else
		return 0;
	return 1;
}

static int redundant(const State *s, const AsmLine *l)
{
	if (is_raw(l) || !s->seen)
		return 0;
	int d = insn_dst(l), r = insn_src(l);
	int64_t v;
	if (const_value(l, &v))
		return (s->known & REGBIT(d)) && s->k[d] == v;
	if (!is_mov64_reg(l))
		return 0;
	return d == r || (s->eq[d] & REGBIT(r)) ||
	       ((s->known & REGBIT(d)) && (s->known & REGBIT(r)) && s->k[d] == s->k[r]);
}

/* Whether line l leaves r10 + *off in its destination. */
static int fp_result(const State *s, const AsmLine *l, int64_t *off)
{
	int d = insn_dst(l), r = insn_src(l);
	if (is_raw(l) || l->core)
		return 0;       /* a relocated add: the loader changes it */
	if (is_mov64_reg(l) && (s->onfp & REGBIT(r))) {
		*off = s->fp[r];
		return 1;
	}
	if ((l->in.code == (BC_ALU64 | BA_ADD | BSRC_K) || l->in.code == (BC_ALU64 | BA_SUB | BSRC_K)) &&
	    (s->onfp & REGBIT(d))) {
		*off = s->fp[d] + ((l->in.code & 0xf0) == BA_ADD ? l->in.imm : -(int64_t)l->in.imm);
		return 1;
	}
	return 0;
}

static void transfer(State *s, const AsmLine *l)
{
	int d = insn_dst(l), r = insn_src(l);
	int64_t v, off;
	if (is_mov64_reg(l) && d == r)
		return;
	int onfp = fp_result(s, l, &off);
	forget(s, insn_writes(l));
	if (onfp) {
		s->onfp |= REGBIT(d);
		s->fp[d] = off;
	}
	if (const_value(l, &v)) {
		set_const(s, d, v);
	} else if (is_mov64_reg(l)) {
		RegSet same = s->eq[r] | REGBIT(r);
		s->eq[d] = same;
		for (int q = 0; q < 11; q++)
			if (same & REGBIT(q))
				s->eq[q] |= REGBIT(d);
		if (s->known & REGBIT(r))
			set_const(s, d, s->k[r]);
	} else if (l->in.code == (BC_ALU | BA_MOV | BSRC_X) && (s->known & REGBIT(r))) {
		set_const(s, d, (int64_t)(uint32_t)s->k[r]);
	}
}

/* Merge what reaches a point along one more path; 1 if it changed. */
static int meet(State *to, const State *from)
{
	if (!to->seen) {
		*to = *from;
		to->seen = 1;
		return 1;
	}
	State old = *to;
	to->known &= from->known;
	to->onfp &= from->onfp;
	for (int r = 0; r < 11; r++) {
		if ((to->known & REGBIT(r)) && to->k[r] != from->k[r])
			to->known &= (RegSet)~REGBIT(r);
		if ((to->onfp & REGBIT(r)) && to->fp[r] != from->fp[r])
			to->onfp &= (RegSet)~REGBIT(r);
		to->eq[r] &= from->eq[r];
	}
	return old.known != to->known || old.onfp != to->onfp ||
	       memcmp(old.eq, to->eq, sizeof old.eq);
}

/* For `if rX == 0` the taken edge, for `if rX != 0` the other one: the
 * register known to be 0 there, or -1. */
static int zero_on(const AsmLine *l, int taken)
{
	uint8_t c = l->in.code;
	if (l->in.imm != 0 || (c & (7 | BSRC_X)) != (BC_JMP | BSRC_K))
		return -1;
	if ((c & 0xf0) == BJ_JEQ && taken)
		return insn_dst(l);
	if ((c & 0xf0) == BJ_JNE && !taken)
		return insn_dst(l);
	return -1;
}

/* The analysis keeps a state only where a line may be entered other
 * than from the line before it: the entry, a line with other or more
 * predecessors than that, and the lines after a conditional jump (whose
 * edges teach something). The states of the lines in between follow
 * from it, one transfer each. */
typedef struct {
	int *at;                /* by line: its state in st, or -1 */
	State *st;
} Known;

static int is_head(const Flow *f, int i)
{
	if (i == 0)
		return 1;
	int np = f->pred_at[i + 1] - f->pred_at[i];
	return np != 1 || f->preds[f->pred_at[i]] != i - 1 || is_cond(f->lines->v[i - 1]);
}

/* From the state of head h, along the lines after it up to the next
 * heads, whose states take in what arrives (queued when they change). */
static void walk(Known *kn, const Flow *f, Worklist *w, int h)
{
	const Vec *v = f->lines;
	State s = kn->st[kn->at[h]];
	for (int i = h; i >= 0;) {
		transfer(&s, v->v[i]);
		int succ[2], ns = flow_succs(f, i, succ), next = -1;
		if (ns <= 1 && !is_cond(v->v[i])) {     /* one way on: s as it is */
			if (ns == 1 && kn->at[succ[0]] < 0)
				next = succ[0];
			else if (ns == 1 && meet(&kn->st[kn->at[succ[0]]], &s))
				worklist_push(w, succ[0]);
			i = next;
			continue;
		}
		State go = s;
		for (int k = 0; k < ns; k++) {
			State e = s;
			/* a conditional jump's successors: taken first */
			int z = is_cond(v->v[i]) ? zero_on(v->v[i], k == 0) : -1;
			if (z >= 0) {
				forget(&e, REGBIT(z));
				set_const(&e, z, 0);
			}
			if (kn->at[succ[k]] < 0) {
				next = succ[k];
				go = e;
			} else if (meet(&kn->st[kn->at[succ[k]]], &e)) {
				worklist_push(w, succ[k]);
			}
		}
		s = go;
		i = next;
	}
}

/* The states of the heads, made once per flow (the peepholes of a round
 * share the flow while the code stays the same): a head is looked at
 * again when what reaches it changed (the states only lose facts, so
 * this ends). */
static Known *analyze(Arena *a, Flow *f)
{
	if (f->known)
		return f->known;
	Known *kn = arena_alloc(a, sizeof *kn);
	kn->at = arena_alloc(a, sizeof(int) * (size_t)(f->n + 1));
	int nh = 0;
	for (int i = 0; i < f->n; i++)
		kn->at[i] = is_head(f, i) ? nh++ : -1;
	kn->st = arena_alloc(a, sizeof(State) * (size_t)(nh + 1));
	kn->st[0].seen = 1;
	kn->st[0].onfp = REGBIT(BPF_REG_FP);
	Worklist w;
	worklist_init(a, &w, f->n);
	worklist_push(&w, 0);
	for (int i; (i = worklist_pop(&w)) >= 0;)
		walk(kn, f, &w, i);
	f->known = kn;
	return kn;
}

/* The state before line i, the lines taken in order from 0: *s holds
 * the state before line i - 1 on entry, which line i - 1 (as it was
 * when the flow was made) is passed as `prev` to carry over. */
static void state_before(const Known *kn, int i, const AsmLine *prev, State *s)
{
	if (kn->at[i] >= 0)
		*s = kn->st[kn->at[i]];
	else
		transfer(s, prev);
}

int redundant_moves(Arena *a, AsmProg *p)
{
	Flow *f = flow_of(a, p);
	const Vec *v = &p->lines;
	if (f->n == 0)
		return 0;
	Known *kn = analyze(a, f);
	char *dead = arena_alloc(a, (size_t)f->n + 1);
	int changed = 0;
	State s = {0};
	for (int i = 0; i < f->n; i++) {
		state_before(kn, i, i ? v->v[i - 1] : NULL, &s);
		if (is_insn(v->v[i]) && redundant(&s, v->v[i]))
			dead[i] = changed = 1;
	}
	if (changed)
		drop_lines(a, p, dead);
	return changed;
}

int stack_bases(Arena *a, AsmProg *p)
{
	Flow *f = flow_of(a, p);
	const Vec *v = &p->lines;
	if (f->n == 0)
		return 0;
	Known *kn = analyze(a, f);
	int changed = 0;
	State s = {0};
	AsmLine prev;           /* the line before, as it was before a change */
	for (int i = 0; i < f->n; i++) {
		AsmLine *l = v->v[i];
		state_before(kn, i, &prev, &s);
		prev = *l;
		int b = mem_base(l);
		if (b < 0 || b == BPF_REG_FP || is_raw(l) || l->core || !s.seen ||
		    !(s.onfp & REGBIT(b)) ||
		    !fits16(l->in.off + s.fp[b]))
			continue;
		l->in.off = (int16_t)(l->in.off + s.fp[b]);
		if ((l->in.code & 7) == BC_LDX)
			set_src(l, BPF_REG_FP);
		else
			set_dst(l, BPF_REG_FP);
		changed = 1;
	}
	return changed;
}
