/* bittests.c: two tests of the bits of one value that fail to the same
 * place become one. `(and (logand flags SYN) (not (logand flags ACK)))`
 * is `br set x, 2` to a block that only does `br set x, 16`, both
 * leaving for the same block when they fail: two branches, and a goto
 * since `set` has no inverse. It holds exactly when the two bits are 1
 * and 0: `%t = and x, 18; br eq %t, 2`, one branch for the verifier to
 * walk. A test is (x & M) == V: `br set x, K` taken is one when K is a
 * single bit (K, K), not taken is (K, 0); `br eq (and x, M), V` is
 * (M, V) (its other side, when M is one bit: (M, V ^ M)). Two tests on
 * disjoint bits, or agreeing where they overlap, make (M1 | M2, V1 | V2);
 * a chain of them folds from the top. */
#include "opt.h"

typedef struct {
	Val x;
	uint64_t m, v;
	int ok;
} Test;

static int one_bit(uint64_t k) { return k && !(k & (k - 1)); }

/* The test under which br goes to its slot s. */
static Test test_of(const Ins *br, Ins **def, int s)
{
	Test t = {{V_NONE, 0}, 0, 0, 0};
	Val a = br->args[0], b = br->args[1];
	if (br->op != I_BR || a.kind != V_TMP || b.kind != V_IMM)
		return t;
	uint64_t k = (uint64_t)b.n;
	if (br->sub == CC_SET) {
		if (s == 0 && !one_bit(k))
			return t;
		return (Test){a, k, s == 0 ? k : 0, 1};
	}
	if (br->sub != CC_EQ && br->sub != CC_NE)
		return t;
	const Ins *d = def[a.n];
	if (!d || d->op != I_ALU || d->sub != ALU_AND || d->w32 || d->args[0].kind != V_TMP ||
	    d->args[1].kind != V_IMM)
		return t;
	uint64_t m = (uint64_t)d->args[1].n;
	if (k & ~m)
		return t;
	int equal_side = br->sub == CC_EQ ? 0 : 1;
	if (s == equal_side)
		return (Test){d->args[0], m, k, 1};
	return one_bit(m) ? (Test){d->args[0], m, k ^ m, 1} : t;
}

/* Whether block q holds only its branch (and the `and` that branch
 * reads, used nowhere else). */
static int only_test(const Blk *q, const int *uses)
{
	if (q->ins.n == 1)
		return 1;
	if (q->ins.n != 2)
		return 0;
	const Ins *d = q->ins.v[0], *br = q->ins.v[1];
	return d->op == I_ALU && d->dst.kind == V_TMP && val_eq(br->args[0], d->dst) &&
	       uses[d->dst.n] == 1;
}

static int phi_slot(const Ins *phi, const Blk *pred)
{
	for (int k = 0; k < phi->nargs; k++)
		if (phi->blks[k] == pred)
			return k;
	return -1;
}

/* f reached from p and from q: its phis must read the same on both. */
static int same_phis(const Blk *f, const Blk *p, const Blk *q)
{
	for (int j = 0; j < f->ins.n; j++) {
		const Ins *in = f->ins.v[j];
		if (in->op != I_PHI)
			continue;
		int a = phi_slot(in, p), b = phi_slot(in, q);
		if (a < 0 || b < 0 || !val_eq(in->args[a], in->args[b]))
			return 0;
	}
	return 1;
}

static int fuse(Arena *a, IrProg *p, Blk *b, Ins **def, const int *uses)
{
	Ins *br = ir_term(b);
	if (!br || br->op != I_BR || br->blks[0] == br->blks[1])
		return 0;
	for (int s1 = 0; s1 < 2; s1++) {
		Blk *q = br->blks[s1], *f = br->blks[!s1];
		Ins *br2 = ir_term(q);
		if (q == b || q->preds.n != 1 || !br2 || br2->op != I_BR || !only_test(q, uses))
			continue;
		int s2 = br2->blks[0] == f ? 1 : br2->blks[1] == f ? 0 : -1;
		if (s2 < 0 || br2->blks[s2] == f || br2->blks[s2] == q || br2->blks[s2] == b)
			continue;
		Test t1 = test_of(br, def, s1), t2 = test_of(br2, def, s2);
		if (!t1.ok || !t2.ok || !val_eq(t1.x, t2.x) ||
		    ((t1.v ^ t2.v) & t1.m & t2.m) || !same_phis(f, b, q))
			continue;
		Blk *s = br2->blks[s2];
		uint64_t m = t1.m | t2.m, v = t1.v | t2.v;
		Ins *and = ir_new(a, I_ALU, br->pos, 2);
		and->sub = ALU_AND;
		and->args[0] = t1.x;
		and->args[1] = vimm((int64_t)m);
		and->dst = new_tmp(p);
		insert_ins(a, b, b->ins.n - 1, and);
		br->sub = CC_EQ;
		br->args[0] = and->dst;
		br->args[1] = vimm((int64_t)v);
		br->blks[0] = s;
		br->blks[1] = f;
		drop_phi_operand(f, q);
		rename_phi_pred(s, q, b);
		drop_block(p, q);
		return 1;
	}
	return 0;
}

int pass_bittests(Arena *a, IrProg *p)
{
	int changed = 0;
	for (int again = 1, round = 0; again && round < 64; round++) {
		again = 0;
		ir_fill_preds(a, p);
		Ins **def = def_map(a, p, NULL);
		int *uses = use_counts(a, p);
		for (int i = 0; i < p->blks.n && !again; i++)
			again = fuse(a, p, p->blks.v[i], def, uses);
		changed |= again;
	}
	return changed;
}
