/* facts.c: conditions known to hold, and what they decide.
 * A fact is "x CC y is true (or false)", learnt from a branch taken along
 * an edge. Facts about one value against constants become a set of
 * unsigned intervals (signed conditions too: a signed interval is one or
 * two unsigned ones) and known bits; facts relating two values become the
 * set of orders (unsigned, signed) the pair may be in. A condition is
 * decided when every value the facts allow gives the same answer. The
 * definition of a value adds its own facts: a u8 load is below 256. */
#include "opt.h"

#define UMAX UINT64_MAX
#define SMIN ((uint64_t)1 << 63)         /* INT64_MIN as unsigned */
#define SMAX (SMIN - 1)

enum { MAXR = 16 };
typedef struct {
	uint64_t lo[MAXR], hi[MAXR];    /* sorted, disjoint, inclusive */
	int n;
	int over;                       /* too many pieces: treat as unknown */
} Set;

static void add_range(Set *s, uint64_t lo, uint64_t hi)
{
	if (lo > hi)
		return;
	if (s->n == MAXR) {
		s->over = 1;
		return;
	}
	s->lo[s->n] = lo;
	s->hi[s->n++] = hi;
}

static Set full(void)
{
	Set s = {.n = 0};
	add_range(&s, 0, UMAX);
	return s;
}

/* a signed interval [lo, hi] as one or two unsigned ones */
static void add_signed(Set *s, int64_t lo, int64_t hi)
{
	if (lo > hi)
		return;
	if (lo >= 0 || hi < 0) {
		add_range(s, (uint64_t)lo, (uint64_t)hi);
		return;
	}
	add_range(s, 0, (uint64_t)hi);
	add_range(s, (uint64_t)lo, UMAX);
}

static Set complement(const Set *s)
{
	Set r = {.n = 0, .over = s->over};
	uint64_t from = 0;
	int open = 1;
	for (int i = 0; i < s->n; i++) {
		if (open && s->lo[i] > from)
			add_range(&r, from, s->lo[i] - 1);
		if (s->hi[i] == UMAX) {
			open = 0;
			break;
		}
		from = s->hi[i] + 1;
	}
	if (open)
		add_range(&r, from, UMAX);
	return r;
}

static Set meet(const Set *x, const Set *y)
{
	Set r = {.n = 0, .over = x->over || y->over};
	int i = 0, j = 0;
	while (i < x->n && j < y->n) {
		uint64_t lo = x->lo[i] > y->lo[j] ? x->lo[i] : y->lo[j];
		uint64_t hi = x->hi[i] < y->hi[j] ? x->hi[i] : y->hi[j];
		if (lo <= hi)
			add_range(&r, lo, hi);
		if (x->hi[i] < y->hi[j])
			i++;
		else
			j++;
	}
	return r;
}

/* The values v with `v CC k` (sorted pieces); 0 when not an interval. */
static int cond_set(Cond cc, uint64_t k, Set *s)
{
	int64_t sk = (int64_t)k;
	Set t = {.n = 0};
	switch (cc) {
	case CC_EQ: add_range(&t, k, k); break;
	case CC_NE:
		if (k > 0)
			add_range(&t, 0, k - 1);
		if (k < UMAX)
			add_range(&t, k + 1, UMAX);
		break;
	case CC_GT: if (k < UMAX) add_range(&t, k + 1, UMAX); break;
	case CC_GE: add_range(&t, k, UMAX); break;
	case CC_LT: if (k > 0) add_range(&t, 0, k - 1); break;
	case CC_LE: add_range(&t, 0, k); break;
	case CC_SGT: if (sk < INT64_MAX) add_signed(&t, sk + 1, INT64_MAX); break;
	case CC_SGE: add_signed(&t, sk, INT64_MAX); break;
	case CC_SLT: if (sk > INT64_MIN) add_signed(&t, INT64_MIN, sk - 1); break;
	case CC_SLE: add_signed(&t, INT64_MIN, sk); break;
	default: return 0;
	}
	/* add_signed may leave the pieces unsorted: [0,hi] then [lo,MAX] is
	 * sorted already; a single piece is trivially sorted */
	*s = t;
	return 1;
}

static int subset(const Set *x, const Set *y)
{
	Set c = complement(y);
	Set m = meet(x, &c);
	return !m.over && !x->over && m.n == 0;
}

static int disjoint(const Set *x, const Set *y)
{
	Set m = meet(x, y);
	return !m.over && m.n == 0;
}

/* ---- orders of a pair of values ---- */

/* combos of (unsigned order, signed order): 0 (=,=), 1 (<,<), 2 (<,>),
 * 3 (>,<), 4 (>,>); the mask of combos where `a CC b` holds */
static int order_mask(Cond cc)
{
	static const int m[CC_COUNT] = {
		[CC_EQ] = 0x01, [CC_NE] = 0x1e, [CC_GT] = 0x18, [CC_GE] = 0x19,
		[CC_LT] = 0x06, [CC_LE] = 0x07, [CC_SGT] = 0x14, [CC_SGE] = 0x15,
		[CC_SLT] = 0x0a, [CC_SLE] = 0x0b, [CC_SET] = -1,
	};
	return m[cc];
}

/* ---- building fact lists ---- */

void facts_add(Arena *a, Facts *f, Cond cc, Val x, Val y, int holds)
{
	if (f->n == f->cap) {
		int cap = f->cap ? 2 * f->cap : 16;
		Fact *v = arena_alloc(a, sizeof(Fact) * (size_t)cap);
		for (int i = 0; i < f->n; i++)
			v[i] = f->v[i];
		f->v = v;
		f->cap = cap;
	}
	f->v[f->n++] = (Fact){cc, x, y, holds};
}

void facts_edge(Arena *a, Facts *f, Blk *from, Blk *to)
{
	Ins *t = ir_term(from);
	if (!t || t->op != I_BR || t->blks[0] == t->blks[1])
		return;
	if (t->blks[0] == to)
		facts_add(a, f, t->sub, t->args[0], t->args[1], 1);
	else if (t->blks[1] == to)
		facts_add(a, f, t->sub, t->args[0], t->args[1], 0);
}

void facts_at(Arena *a, Facts *f, const Dom *d, Blk *b)
{
	Blk *c = dom_reachable(d, b) ? d->edge_up[b->id] : NULL;
	for (; c; c = d->edge_up[d->idom[c->id]->id])
		facts_edge(a, f, c->preds.v[0], c);
}

/* A fact about a comparison's result against a constant, when it tells
 * whether the comparison holds: that comparison, added to f. */
void facts_expand_one(Arena *a, Facts *f, Ins **defs, Fact fa)
{
	Val x = fa.a, y = fa.b;
	if (x.kind != V_TMP || y.kind != V_IMM || !defs[x.n] || defs[x.n]->op != I_CMP)
		return;
	Ins *c = defs[x.n];
	int t0 = cond_holds(fa.cc, 0, (uint64_t)y.n) == fa.holds;
	int t1 = cond_holds(fa.cc, 1, (uint64_t)y.n) == fa.holds;
	if (t0 != t1)
		facts_add(a, f, c->sub, c->args[0], c->args[1], t1);
}

void facts_expand(Arena *a, Facts *f, Ins **defs)
{
	for (int i = 0; i < f->n && i < 64; i++)
		facts_expand_one(a, f, defs, f->v[i]);
}

/* ---- deciding ---- */

typedef struct {
	const Facts *f;
	Ins **defs;
	int depth;
} Ctx;

static int decide(Ctx *c, Cond cc, Val x, Val y);

static Ins *def_of(Ctx *c, Val v)
{
	return v.kind == V_TMP && c->defs ? c->defs[v.n] : NULL;
}

/* x is `and z, K` compared with 0 by eq/ne: the test of bits K of z */
static int as_bit_test(Ctx *c, Cond cc, Val x, Val y, Val *z, uint64_t *k)
{
	Ins *d = def_of(c, x);
	if (!d || d->op != I_ALU || d->sub != ALU_AND || d->w32 ||
	    y.kind != V_IMM || y.n != 0 || (cc != CC_EQ && cc != CC_NE))
		return 0;
	if (d->args[1].kind == V_IMM && d->args[0].kind == V_TMP) {
		*z = d->args[0];
		*k = (uint64_t)d->args[1].n;
		return 1;
	}
	return 0;
}

/* What the definition of v says about its value. */
static void def_range(Ctx *c, Val v, Set *s, uint64_t *zeros)
{
	Ins *d = def_of(c, v);
	uint64_t top = UMAX;
	if (!d)
		return;
	switch (d->op) {
	case I_LOAD: case I_ZEXT:
		if (d->op == I_LOAD && d->packet) {
			/* a u32 context field the kernel makes a pointer */
			Set t = {.n = 0};
			add_range(&t, KERNEL_PTR_MIN, KERNEL_PTR_MAX);
			*s = meet(s, &t);
			return;
		}
		top = eval_zext(UMAX, d->width);
		break;
	case I_BSWAP:
		top = eval_zext(UMAX, d->width);
		break;
	case I_CMP:
		top = 1;
		break;
	case I_ALU:
		if (d->w32)
			top = 0xffffffffu;
		if (d->sub == ALU_AND && d->args[1].kind == V_IMM) {
			uint64_t k = (uint64_t)d->args[1].n;
			*zeros |= ~k;
			if (k < top)
				top = k;
		}
		if (d->sub == ALU_SHR && d->args[1].kind == V_IMM && !d->w32)
			top = UMAX >> (d->args[1].n & 63);
		break;
	default:
		break;
	}
	if (top != UMAX) {
		Set t = {.n = 0};
		add_range(&t, 0, top);
		*s = meet(s, &t);
		*zeros |= top == 0 ? UMAX : ~(UMAX >> __builtin_clzll(top));
	}
}

/* Decide `x CC k` from the facts about x against constants. */
static int decide_const(Ctx *c, Cond cc, Val x, uint64_t k)
{
	Set s = full();
	uint64_t ones = 0, zeros = 0;
	def_range(c, x, &s, &zeros);
	for (int i = 0; i < c->f->n; i++) {
		Fact *fa = &c->f->v[i];
		Cond fc = fa->cc;
		Val fx = fa->a, fy = fa->b;
		if (fx.kind == V_IMM && fy.kind != V_IMM) {
			Val t = fx;
			fx = fy;
			fy = t;
			fc = cond_info[fc].swapped;
		}
		if (!val_eq(fx, x) || fy.kind != V_IMM)
			continue;
		uint64_t fk = (uint64_t)fy.n;
		if (fc == CC_SET) {
			if (fa->holds && fk && !(fk & (fk - 1)))
				ones |= fk;
			else if (!fa->holds)
				zeros |= fk;
			continue;
		}
		Set t;
		if (!cond_set(fc, fk, &t))
			continue;
		if (!fa->holds)
			t = complement(&t);
		s = meet(&s, &t);
	}
	/* bit tests of x learnt through `and x, K` compared with zero */
	for (int i = 0; i < c->f->n; i++) {
		Fact *fa = &c->f->v[i];
		Val z;
		uint64_t bits;
		if (!as_bit_test(c, fa->cc, fa->a, fa->b, &z, &bits) || !val_eq(z, x))
			continue;
		int set = (fa->cc == CC_NE) == fa->holds;
		if (set && bits && !(bits & (bits - 1)))
			ones |= bits;
		else if (!set)
			zeros |= bits;
	}
	if (s.over)
		return -1;
	if (s.n == 0)
		return -1;              /* no value possible: a dead path, leave it */
	if (s.n == 1 && s.lo[0] == s.hi[0]) {
		ones |= s.lo[0];
		zeros |= ~s.lo[0];
	}
	if (ones & zeros)
		return -1;
	if (cc == CC_SET) {
		if (k & ones)
			return 1;
		if (!(k & ~zeros))
			return 0;
		return -1;
	}
	Set q;
	if (!cond_set(cc, k, &q))
		return -1;
	if (subset(&s, &q))
		return 1;
	if (disjoint(&s, &q))
		return 0;
	return -1;
}

/* Decide `x CC y` for two values from the facts relating them. */
static int decide_pair(Ctx *c, Cond cc, Val x, Val y)
{
	int q = order_mask(cc), m = 0x1f;
	if (q < 0)
		return -1;
	if (val_eq(x, y))
		m = 0x01;
	for (int i = 0; i < c->f->n; i++) {
		Fact *fa = &c->f->v[i];
		Cond fc;
		if (val_eq(fa->a, x) && val_eq(fa->b, y))
			fc = fa->cc;
		else if (val_eq(fa->a, y) && val_eq(fa->b, x))
			fc = cond_info[fa->cc].swapped;
		else
			continue;
		int fm = order_mask(fc);
		if (fm < 0)
			continue;
		m &= fa->holds ? fm : ~fm & 0x1f;
	}
	if (!m)
		return -1;
	if (!(m & ~q))
		return 1;
	if (!(m & q))
		return 0;
	return -1;
}

static int decide(Ctx *c, Cond cc, Val x, Val y)
{
	if (x.kind == V_IMM && y.kind == V_IMM)
		return cond_holds(cc, (uint64_t)x.n, (uint64_t)y.n);
	if (x.kind == V_IMM) {
		Val t = x;
		x = y;
		y = t;
		cc = cond_info[cc].swapped;
	}
	if (x.kind != V_TMP || (y.kind != V_TMP && y.kind != V_IMM))
		return -1;
	int r = y.kind == V_IMM ? decide_const(c, cc, x, (uint64_t)y.n) : decide_pair(c, cc, x, y);
	if (r >= 0 || c->depth > 4)
		return r;
	/* x is a comparison's 0 or 1: decide that comparison first */
	Ins *d = def_of(c, x);
	if (d && d->op == I_CMP && y.kind == V_IMM) {
		c->depth++;
		int v = decide(c, d->sub, d->args[0], d->args[1]);
		c->depth--;
		if (v >= 0)
			return cond_holds(cc, (uint64_t)v, (uint64_t)y.n);
	}
	/* a bit test written `and z, K` compared with zero */
	Val z;
	uint64_t bits;
	if (as_bit_test(c, cc, x, y, &z, &bits)) {
		c->depth++;
		int v = decide(c, CC_SET, z, vimm((int64_t)bits));
		c->depth--;
		if (v >= 0)
			return cc == CC_NE ? v : !v;
	}
	return -1;
}

int facts_decide(const Facts *f, Ins **defs, Cond cc, Val x, Val y)
{
	Ctx c = {f, defs, 0};
	return decide(&c, cc, x, y);
}
