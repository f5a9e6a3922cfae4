/* cse.c: common subexpression elimination over the dominator tree. An
 * operation computed again where an identical one dominates it becomes a
 * copy of the first result. Loads count as identical only while no store,
 * atomic, helper call or unknown instruction can have come in between
 * (the memory "generation" is inherited by a block from its immediate
 * dominator when that is its only predecessor, or when no block on the
 * paths between them writes memory). Memory comes in the regions the
 * pointer kinds of the types tell apart (context, packet, stack, map
 * values, ringbuf records), each with its own generation: a store into a
 * ringbuf record leaves a context load valid. A pointer of unknown kind
 * may point anywhere. Nothing is reused across a helper call:
 * a value kept alive over a call needs one of the four callee-saved
 * registers, which costs more than the one instruction it saves. Map
 * references and stack objects are never merged: they are rebuilt where
 * they are used anyway.
 *
 * The available operations are hashed (an operation and its commuted or
 * swapped form alike), each bucket a chain from the newest, and taken
 * off again when the walk leaves the dominator subtree that made them. */
#include "opt.h"
#include <string.h>

/* memory regions: one per pointer kind that cannot alias the others,
 * and the rest (unknown kinds), which any write may change */
enum { R_CTX, R_PKT, R_STACK, R_MAPVAL, R_RINGBUF, R_ANY, NREGION };

typedef struct {
	int g[NREGION];
} Gen;

typedef struct {
	Ins *in;
	Gen gen;
	int cgen;
	int next;               /* the older entry of its bucket, -1 none */
	unsigned bucket;
} Avail;

typedef struct {
	Arena *a;
	Dom *d;
	IrType *type;
	char *writes;           /* per block: has an instruction that writes memory */
	int *seen;              /* scratch for quiet_between: stamp per block */
	int stamp;
	Blk **stack;            /* scratch for quiet_between */
	Avail *v;               /* the available operations, oldest first */
	int n, cap;
	int *head;              /* per bucket: its newest entry in v, -1 none */
	unsigned mask;          /* buckets - 1 */
	int clock;
	int changed;
} Cse;

static int args_eq(const Ins *x, const Ins *y, int swap)
{
	if (x->nargs != y->nargs)
		return 0;
	if (swap)
		return val_eq(x->args[0], y->args[1]) && val_eq(x->args[1], y->args[0]);
	for (int k = 0; k < x->nargs; k++)
		if (!val_eq(x->args[k], y->args[k]))
			return 0;
	return 1;
}

static int same(const Ins *x, const Ins *y)
{
	if (x->op != y->op || x->w32 != y->w32 || x->width != y->width || x->off != y->off)
		return 0;
	switch (x->op) {
	case I_ALU:
		if (x->sub != y->sub)
			return 0;
		return args_eq(x, y, 0) || (alu_info[x->sub].commutative && args_eq(x, y, 1));
	case I_CMP:
		if (x->sub == y->sub && args_eq(x, y, 0))
			return 1;
		return cond_info[x->sub].swapped == (Cond)y->sub && args_eq(x, y, 1);
	default:
		return args_eq(x, y, 0);
	}
}

static unsigned mix(unsigned h, Val v)
{
	uint64_t x = ((uint64_t)v.kind << 56) ^ (uint64_t)v.n;
	x *= 0x9e3779b97f4a7c15u;
	return (h ^ (unsigned)(x >> 32)) * 16777619u;
}

/* A hash on which `same` instructions agree. */
static unsigned hash(const Ins *in)
{
	unsigned h = (unsigned)in->op * 31u + (unsigned)in->w32 * 7u +
		     (unsigned)in->width * 131u + (unsigned)in->off * 2654435761u;
	if (in->op == I_ALU && in->nargs == 2 && alu_info[in->sub].commutative)
		return mix(h + (unsigned)in->sub, in->args[0]) + mix(h + (unsigned)in->sub, in->args[1]);
	if (in->op == I_CMP && in->nargs == 2) {
		unsigned x = mix(mix(h + (unsigned)in->sub, in->args[0]), in->args[1]);
		Cond sw = cond_info[in->sub].swapped;
		unsigned y = mix(mix(h + (unsigned)sw, in->args[1]), in->args[0]);
		return x < y ? x : y;
	}
	if (in->op == I_ALU)
		h += (unsigned)in->sub;
	for (int k = 0; k < in->nargs; k++)
		h = mix(h, in->args[k]);
	return h;
}

static int candidate(const Ins *in)
{
	if (in->dst.kind != V_TMP)
		return 0;
	return (is_pure(in) && in->op != I_COPY) || in->op == I_LOAD;
}

/* helper calls and instructions the optimizer does not know */
static int barrier(const Ins *in)
{
	return writes_memory(in) && in->op != I_STORE && in->op != I_ATOMIC;
}

static int region(const Cse *c, Val ptr)
{
	switch (ir_val_type(c->type, ptr)) {
	case T_CTX: return R_CTX;
	case T_PKT: case T_PKT_META: return R_PKT;
	case T_STACK: return R_STACK;
	case T_MAPVAL: return R_MAPVAL;
	case T_RINGBUF: return R_RINGBUF;
	default: return R_ANY;
	}
}

/* A write: a store or atomic changes its region (and what unknown
 * pointers may read); anything else, every region. */
static void written(Cse *c, const Ins *in, Gen *gen)
{
	int r = in->op == I_STORE || in->op == I_ATOMIC ? region(c, in->args[0]) : R_ANY;
	for (int k = 0; k < NREGION; k++)
		if (r == R_ANY || k == r || k == R_ANY)
			gen->g[k] = ++c->clock;
}

static void push(Cse *c, Ins *in, unsigned bucket, Gen gen, int cgen)
{
	if (c->n == c->cap) {
		int cap = c->cap ? 2 * c->cap : 64;
		Avail *v = arena_alloc(c->a, sizeof(Avail) * (size_t)cap);
		for (int i = 0; i < c->n; i++)
			v[i] = c->v[i];
		c->v = v;
		c->cap = cap;
	}
	c->v[c->n] = (Avail){in, gen, cgen, c->head[bucket], bucket};
	c->head[bucket] = c->n++;
}

/* Back to the first n entries: the newer ones leave their buckets. */
static void pop_to(Cse *c, int n)
{
	while (c->n > n) {
		Avail *av = &c->v[--c->n];
		c->head[av->bucket] = av->next;
	}
}

/* Whether no block on a path from b to k (both excluded) writes memory;
 * b is k's immediate dominator, so every such path stays below b. */
static int quiet_between(Cse *c, Blk *b, Blk *k)
{
	int stamp = ++c->stamp, sp = 0;
	Blk **stack = c->stack;
	c->seen[b->id] = c->seen[k->id] = stamp;
	for (int i = 0; i < k->preds.n; i++) {
		Blk *q = k->preds.v[i];
		if (c->seen[q->id] != stamp) {
			c->seen[q->id] = stamp;
			stack[sp++] = q;
		}
	}
	while (sp) {
		Blk *q = stack[--sp];
		if (c->writes[q->id])
			return 0;
		for (int i = 0; i < q->preds.n; i++) {
			Blk *r = q->preds.v[i];
			if (c->seen[r->id] != stamp) {
				c->seen[r->id] = stamp;
				stack[sp++] = r;
			}
		}
	}
	return 1;
}

static void walk(Cse *c, IrProg *p, Blk *b, Gen gen, int cgen)
{
	int saved = c->n;
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (writes_memory(in))
			written(c, in, &gen);
		if (barrier(in))
			cgen = ++c->clock;
		if (!candidate(in))
			continue;
		Avail *hit = NULL;
		unsigned bucket = hash(in) & c->mask;
		for (int i = c->head[bucket]; i >= 0 && !hit; i = c->v[i].next) {
			Avail *av = &c->v[i];
			if (av->cgen == cgen && same(av->in, in) &&
			    (in->op != I_LOAD ||
			     av->gen.g[region(c, in->args[0])] == gen.g[region(c, in->args[0])]))
				hit = av;
		}
		if (hit) {
			make_copy(c->a, in, hit->in->dst);
			c->changed = 1;
		} else {
			push(c, in, bucket, gen, cgen);
		}
	}
	Vec *kids = &c->d->kids[b->id];
	for (int i = 0; i < kids->n; i++) {
		Blk *k = kids->v[i];
		if (k->preds.n == 1 || quiet_between(c, b, k))
			walk(c, p, k, gen, cgen);
		else {
			Gen g;
			for (int r = 0; r < NREGION; r++)
				g.g[r] = ++c->clock;
			walk(c, p, k, g, ++c->clock);
		}
	}
	pop_to(c, saved);
}

int pass_cse(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	Cse c = {.a = a, .d = dom_build(a, p), .type = ir_infer_types(a, p)};
	c.writes = arena_alloc(a, (size_t)p->blks.n + 1);
	c.seen = arena_alloc(a, sizeof(int) * (size_t)(p->blks.n + 1));
	c.stack = arena_alloc(a, sizeof(Blk *) * (size_t)(p->blks.n + 1));
	int nins = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		nins += b->ins.n;
		for (int j = 0; j < b->ins.n; j++)
			c.writes[i] |= writes_memory(b->ins.v[j]);
	}
	unsigned nb = 64;
	while (nb < (unsigned)nins)
		nb *= 2;
	c.mask = nb - 1;
	c.head = arena_alloc(a, sizeof(int) * nb);
	memset(c.head, 0xff, sizeof(int) * nb);
	walk(&c, p, p->blks.v[0], (Gen){{0}}, 0);
	return c.changed;
}
