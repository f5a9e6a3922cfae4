/* ssa.c: blocks, edges and SSA values for wh-lower. Variables follow
 * Braun et al.'s on-the-fly construction: a read looks through the
 * predecessors, phis are placed where definitions meet, and a block whose
 * predecessors are not all known yet (a loop head) is "unsealed": reads
 * there leave incomplete phis that sealing fills in. Phis that turn out
 * trivial (every operand the same value, or the phi itself) are removed
 * at the end, so the SSA is minimal.
 *
 * The current definition of a variable in a block is kept in one hash
 * table keyed by (variable, block), which holds only the pairs written
 * or looked up: memory grows with the definitions, not with variables
 * times blocks. */
#include "lower.h"
#include <stdint.h>
#include <string.h>

struct Var {
	const char *name;
	unsigned id;            /* numbers variables for the hash */
};

struct DefTable {
	struct DefEntry {
		const Var *var;         /* NULL: empty */
		int blk;
		Val val;
	} *e;
	size_t n, cap;          /* cap a power of two */
	unsigned nvars;
};

typedef struct {
	Ins *phi;
	Var *var;
} Incomplete;

static void grow(L *l, int id)
{
	if (id < l->cap)
		return;
	int cap = l->cap ? l->cap : 16;
	while (cap <= id)
		cap *= 2;
	char *s = arena_alloc(l->a, (size_t)cap);
	Vec *inc = arena_alloc(l->a, sizeof(Vec) * (size_t)cap);
	if (l->cap) {
		memcpy(s, l->sealed, (size_t)l->cap);
		memcpy(inc, l->incomplete, sizeof(Vec) * (size_t)l->cap);
	}
	l->sealed = s;
	l->incomplete = inc;
	l->cap = cap;
}

Blk *new_blk(L *l)
{
	Blk *b = ir_new_blk(l->a, l->p, NULL);
	grow(l, b->id);
	return b;
}

Ins *emit(L *l, IrOp op, int nargs)
{
	Ins *in = ir_new(l->a, op, l->pos, nargs);
	if (l->cur)
		vec_push(l->a, &l->cur->ins, in);
	if (ir_op_info[op].defines)
		in->dst = vtmp(l->p->ntmp++);
	return in;
}

void enter(L *l, Blk *b) { l->cur = b->preds.n ? b : NULL; }

static void add_edge(L *l, Blk *from, Blk *to) { vec_push(l->a, &to->preds, from); }

void jump(L *l, Blk *to)
{
	if (!l->cur)
		return;
	Ins *in = emit(l, I_JMP, 0);
	in->blks[0] = to;
	add_edge(l, l->cur, to);
	l->cur = NULL;
}

void branch(L *l, Cond cc, Val a, Val b, Blk *t, Blk *f)
{
	if (!l->cur)
		return;
	Ins *in = emit(l, I_BR, 2);
	in->sub = cc;
	in->args[0] = a;
	in->args[1] = b;
	in->blks[0] = t;
	in->blks[1] = f;
	add_edge(l, l->cur, t);
	add_edge(l, l->cur, f);
	l->cur = NULL;
}

Var *new_var(L *l, const char *name)
{
	if (!l->defs)
		l->defs = arena_alloc(l->a, sizeof *l->defs);
	Var *v = arena_alloc(l->a, sizeof *v);
	v->name = name;
	v->id = l->defs->nvars++;
	return v;
}

static size_t def_hash(unsigned var, int blk)
{
	uint64_t h = ((uint64_t)var << 32 | (uint32_t)blk) * 0x9e3779b97f4a7c15u;
	return (size_t)(h >> 17);
}

/* The entry of (v, b): found, or the empty one where it would go. */
static struct DefEntry *def_entry(const struct DefTable *t, const Var *v, int blk)
{
	size_t mask = t->cap - 1;
	for (size_t i = def_hash(v->id, blk) & mask;; i = (i + 1) & mask) {
		struct DefEntry *e = &t->e[i];
		if (!e->var || (e->var == v && e->blk == blk))
			return e;
	}
}

static void define(L *l, Var *v, Blk *b, Val val)
{
	struct DefTable *t = l->defs;
	if (2 * (t->n + 1) > t->cap) {
		struct DefTable old = *t;
		t->cap = old.cap ? 2 * old.cap : 64;
		t->e = arena_alloc(l->a, sizeof *t->e * t->cap);
		for (size_t i = 0; i < old.cap; i++)
			if (old.e[i].var)
				*def_entry(t, old.e[i].var, old.e[i].blk) = old.e[i];
	}
	struct DefEntry *e = def_entry(t, v, b->id);
	if (!e->var)
		t->n++;
	*e = (struct DefEntry){v, b->id, val};
}

/* The definition of v in b, or V_NONE. */
static Val defined(const L *l, const Var *v, const Blk *b)
{
	const struct DefTable *t = l->defs;
	if (!t->cap)
		return (Val){V_NONE, 0};
	const struct DefEntry *e = def_entry(t, v, b->id);
	return e->var ? e->val : (Val){V_NONE, 0};
}

void write_var(L *l, Var *v, Val val)
{
	if (l->cur)
		define(l, v, l->cur, val);
}

static Val read_in(L *l, Var *v, Blk *b);

static Ins *new_phi(L *l, Blk *b)
{
	Ins *phi = ir_new(l->a, I_PHI, l->pos, 0);
	phi->dst = vtmp(l->p->ntmp++);
	/* phis go first in their block */
	vec_push(l->a, &b->ins, NULL);
	memmove(&b->ins.v[1], &b->ins.v[0], sizeof(void *) * (size_t)(b->ins.n - 1));
	b->ins.v[0] = phi;
	return phi;
}

static void add_phi_operands(L *l, Var *v, Blk *b, Ins *phi)
{
	int n = b->preds.n;
	phi->args = arena_alloc(l->a, sizeof(Val) * (size_t)n);
	phi->blks = arena_alloc(l->a, sizeof(Blk *) * (size_t)n);
	phi->nargs = n;
	for (int i = 0; i < n; i++) {
		phi->blks[i] = b->preds.v[i];
		phi->args[i] = read_in(l, v, b->preds.v[i]);
	}
}

static Val read_in(L *l, Var *v, Blk *b)
{
	Val val = defined(l, v, b);
	if (val.kind != V_NONE)
		return val;
	if (!l->sealed[b->id]) {
		Ins *phi = new_phi(l, b);
		Incomplete *inc = arena_alloc(l->a, sizeof *inc);
		inc->phi = phi;
		inc->var = v;
		vec_push(l->a, &l->incomplete[b->id], inc);
		val = phi->dst;
	} else if (b->preds.n == 1) {
		val = read_in(l, v, b->preds.v[0]);
	} else if (b->preds.n == 0) {
		val = vimm(0);  /* unreachable or entry: never written */
	} else {
		Ins *phi = new_phi(l, b);
		define(l, v, b, phi->dst);      /* breaks cycles through loops */
		add_phi_operands(l, v, b, phi);
		val = phi->dst;
	}
	define(l, v, b, val);
	return val;
}

Val read_var(L *l, Var *v) { return l->cur ? read_in(l, v, l->cur) : vimm(0); }

void seal(L *l, Blk *b)
{
	Vec *inc = &l->incomplete[b->id];
	for (int i = 0; i < inc->n; i++) {
		Incomplete *c = inc->v[i];
		add_phi_operands(l, c->var, b, c->phi);
	}
	inc->n = 0;
	l->sealed[b->id] = 1;
}

/* ---- joins ---- */

void arm_done(L *l, Arms *arms, Val v, Blk *join)
{
	if (!l->cur)
		return;
	Val *pv = arena_alloc(l->a, sizeof *pv);
	*pv = v;
	vec_push(l->a, &arms->blks, l->cur);
	vec_push(l->a, &arms->vals, pv);
	jump(l, join);
}

Val join_arms(L *l, Arms *arms, Blk *join)
{
	seal(l, join);
	int n = arms->blks.n;
	if (!n) {
		l->cur = NULL;
		return vimm(0);
	}
	Val first = *(Val *)arms->vals.v[0];
	if (n == 1 && join->preds.n == 1) {
		/* one arm reaches the join: continue where it ended instead */
		Blk *b = arms->blks.v[0];
		b->ins.n--;             /* its jmp to the join */
		join->preds.n = 0;
		l->cur = b;
		return first;
	}
	l->cur = join;
	int same = 1;
	for (int i = 1; i < n; i++)
		same &= val_eq(*(Val *)arms->vals.v[i], first);
	if (same)
		return first;
	Ins *phi = new_phi(l, join);
	phi->args = arena_alloc(l->a, sizeof(Val) * (size_t)n);
	phi->blks = arena_alloc(l->a, sizeof(Blk *) * (size_t)n);
	phi->nargs = n;
	for (int i = 0; i < n; i++) {
		phi->blks[i] = arms->blks.v[i];
		phi->args[i] = *(Val *)arms->vals.v[i];
	}
	return phi->dst;
}

/* ---- trivial phis ---- */

static Val resolve(Val *repl, Val v)
{
	while (v.kind == V_TMP && repl[v.n].kind != V_NONE)
		v = repl[v.n];
	return v;
}

void remove_trivial_phis(Arena *a, IrProg *p)
{
	Val *repl = arena_alloc(a, sizeof(Val) * (size_t)(p->ntmp + 1));
	for (int changed = 1; changed;) {
		changed = 0;
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *phi = b->ins.v[j];
				if (phi->op != I_PHI || repl[phi->dst.n].kind != V_NONE)
					continue;
				Val same = {V_NONE, 0};
				int trivial = 1;
				for (int k = 0; k < phi->nargs && trivial; k++) {
					Val v = resolve(repl, phi->args[k]);
					if (val_eq(v, phi->dst) || val_eq(v, same))
						continue;
					trivial = same.kind == V_NONE;
					same = v;
				}
				if (trivial && same.kind != V_NONE) {
					repl[phi->dst.n] = same;
					changed = 1;
				}
			}
		}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		int n = 0;
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->op == I_PHI && repl[in->dst.n].kind != V_NONE)
				continue;
			for (int k = 0; k < in->nargs; k++)
				in->args[k] = resolve(repl, in->args[k]);
			b->ins.v[n++] = in;
		}
		b->ins.n = n;
	}
}
