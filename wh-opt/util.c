/* util.c: what the passes of wh-opt share — use substitution and counts,
 * instruction insertion and removal, definitions, branch folding, and the
 * classification of instructions by what they touch. */
#include "opt.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Val *subst_new(Arena *a, const IrProg *p)
{
	Val *m = arena_alloc(a, sizeof(Val) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->ntmp; i++)
		m[i] = vtmp(i);
	return m;
}

static Val resolve(Val *map, Val v)
{
	for (int guard = 0; v.kind == V_TMP && !val_eq(map[v.n], v) && guard < 1000000; guard++)
		v = map[v.n];
	return v;
}

int fits_s32(int64_t v)
{
	return v >= INT32_MIN && v <= INT32_MAX;
}

int imm_fits(const Ins *in, int k, int64_t v)
{
	if (ir_operand_needs_reg(in, k))
		return 0;
	switch (in->op) {
	case I_COPY: case I_PHI: case I_CALL: case I_RET:
		return 1;               /* moved into a register, ld_imm64 if need be */
	case I_ALU: case I_CMP: case I_BR: case I_STORE:
		return fits_s32(v);
	case I_NEG: case I_ZEXT: case I_BSWAP:
		return 1;
	default:
		return 0;               /* unknown instructions keep their operands */
	}
}

int subst_apply(IrProg *p, Val *map)
{
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++) {
				Val v = resolve(map, in->args[k]);
				if (val_eq(v, in->args[k]))
					continue;
				if (v.kind == V_IMM && in->op == I_STORE && k == 1 && in->width <= 4)
					v = vimm((int32_t)(uint32_t)v.n);   /* only the low bytes are stored */
				if (v.kind == V_IMM && !imm_fits(in, k, v.n))
					continue;
				in->args[k] = v;
				changed = 1;
			}
		}
	}
	return changed;
}

int *use_counts(Arena *a, const IrProg *p)
{
	int *n = arena_alloc(a, sizeof(int) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++)
				if (in->args[k].kind == V_TMP)
					n[in->args[k].n]++;
		}
	}
	return n;
}

void remove_ins(Blk *b, int idx)
{
	memmove(&b->ins.v[idx], &b->ins.v[idx + 1],
		sizeof(void *) * (size_t)(b->ins.n - idx - 1));
	b->ins.n--;
}

void insert_ins(Arena *a, Blk *b, int idx, Ins *in)
{
	vec_push(a, &b->ins, in);
	memmove(&b->ins.v[idx + 1], &b->ins.v[idx],
		sizeof(void *) * (size_t)(b->ins.n - idx - 1));
	b->ins.v[idx] = in;
}

Ins **def_map(Arena *a, const IrProg *p, Blk ***blk_of)
{
	Ins **d = arena_alloc(a, sizeof(Ins *) * (size_t)(p->ntmp + 1));
	Blk **bo = blk_of ? arena_alloc(a, sizeof(Blk *) * (size_t)(p->ntmp + 1)) : NULL;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind != V_TMP)
				continue;
			d[in->dst.n] = in;
			if (bo)
				bo[in->dst.n] = b;
		}
	}
	if (blk_of)
		*blk_of = bo;
	return d;
}

Val new_tmp(IrProg *p)
{
	return vtmp(p->ntmp++);
}

void add_phi_operand(Arena *a, Ins *phi, Blk *nb, Val v)
{
	Val *args = arena_alloc(a, sizeof(Val) * (size_t)(phi->nargs + 1));
	Blk **blks = arena_alloc(a, sizeof(Blk *) * (size_t)(phi->nargs + 1));
	memcpy(args, phi->args, sizeof(Val) * (size_t)phi->nargs);
	memcpy(blks, phi->blks, sizeof(Blk *) * (size_t)phi->nargs);
	args[phi->nargs] = v;
	blks[phi->nargs] = nb;
	phi->args = args;
	phi->blks = blks;
	phi->nargs++;
}

void drop_phi_operand(Blk *b, Blk *pred)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI)
			continue;
		for (int k = 0; k < in->nargs; k++)
			if (in->blks[k] == pred) {
				in->args[k] = in->args[in->nargs - 1];
				in->blks[k] = in->blks[in->nargs - 1];
				in->nargs--;
				k--;
			}
	}
}

void retarget(Blk *from, Blk *to, Blk *by)
{
	Ins *t = ir_term(from);
	int n = t->op == I_BR ? 2 : t->op == I_JMP ? 1 : 0;
	for (int q = 0; q < n; q++)
		if (t->blks[q] == to)
			t->blks[q] = by;
}

void make_copy(Arena *a, Ins *in, Val v)
{
	if (!in->args)
		in->args = arena_alloc(a, sizeof(Val));
	in->op = I_COPY;
	in->nargs = 1;
	in->args[0] = v;
	in->blks = NULL;
	in->w32 = 0;
}

void fold_branch(Blk *b, int keep)
{
	Ins *t = ir_term(b);
	Blk *to = t->blks[keep], *gone = t->blks[!keep];
	if (gone != to)
		drop_phi_operand(gone, b);
	t->op = I_JMP;
	t->nargs = 0;
	t->blks[0] = to;
}

int reads_memory(const Ins *in)
{
	switch (in->op) {
	case I_PARAM: case I_COPY: case I_ALU: case I_NEG: case I_ZEXT:
	case I_BSWAP: case I_CMP: case I_SLOT: case I_MAPREF: case I_CORE: case I_PHI:
	case I_JMP: case I_BR: case I_RET: case I_STORE:
		return 0;
	default:
		return 1;               /* load, atomic, call, anything new */
	}
}

int writes_memory(const Ins *in)
{
	switch (in->op) {
	case I_PARAM: case I_COPY: case I_ALU: case I_NEG: case I_ZEXT:
	case I_BSWAP: case I_CMP: case I_SLOT: case I_MAPREF: case I_CORE: case I_PHI:
	case I_JMP: case I_BR: case I_RET: case I_LOAD:
		return 0;
	default:
		return 1;               /* store, atomic, call, anything new */
	}
}

int is_pure(const Ins *in)
{
	switch (in->op) {
	case I_COPY: case I_ALU: case I_NEG: case I_ZEXT: case I_BSWAP: case I_CMP:
		return in->dst.kind == V_TMP;
	default:
		return 0;
	}
}

/* Phis stay at the head of their block: a phi turned copy moves below
 * the phis that remain (the order of the others is kept). */
void phis_first(Blk *b)
{
	int nphi = 0;
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op != I_PHI)
			continue;
		for (int k = j; k > nphi; k--)
			b->ins.v[k] = b->ins.v[k - 1];
		b->ins.v[nphi++] = in;
	}
}

/* The names PREFIX<k> from k = `from` on that blocks of p have: one scan
 * of the names, for the `room` numbers fresh_name may try. */
void fresh_names_init(Arena *a, FreshNames *f, const IrProg *p, const char *prefix, int room)
{
	size_t plen = strlen(prefix);
	f->prefix = prefix;
	f->from = p->blks.n;
	f->room = p->blks.n + room + 1;   /* every taken number, then `room` */
	f->taken = arena_alloc(a, (size_t)f->room);
	for (int i = 0; i < p->blks.n; i++) {
		const char *s = ((Blk *)p->blks.v[i])->name;
		if (strncmp(s, prefix, plen))
			continue;
		s += plen;
		if (!*s || (*s == '0' && s[1]))   /* "h" or "h01": no PREFIX<k> */
			continue;
		long k = 0;
		for (; *s >= '0' && *s <= '9' && k <= f->from + f->room; s++)
			k = k * 10 + (*s - '0');
		if (!*s && k >= f->from && k < f->from + f->room)
			f->taken[k - f->from] = 1;
	}
}

/* The first PREFIX<k>, k from the block count up, that no block has. */
static const char *fresh_name(Arena *a, FreshNames *f, const IrProg *p)
{
	int k = p->blks.n;
	while (k - f->from < f->room && f->taken[k - f->from])
		k++;
	if (k - f->from >= f->room)
		bug("fresh_name: more blocks than announced");
	f->taken[k - f->from] = 1;
	return arena_printf(a, "%s%d", f->prefix, k);
}

Blk *new_block_named(Arena *a, IrProg *p, FreshNames *f)
{
	return ir_new_blk(a, p, fresh_name(a, f, p));
}

Blk *new_block_at(Arena *a, IrProg *p, int at, const char *prefix)
{
	FreshNames f;
	fresh_names_init(a, &f, p, prefix, 1);
	Blk *nb = new_block_named(a, p, &f);
	memmove(&p->blks.v[at + 1], &p->blks.v[at],
		sizeof(void *) * (size_t)(p->blks.n - 1 - at));
	p->blks.v[at] = nb;
	for (int i = 0; i < p->blks.n; i++)
		((Blk *)p->blks.v[i])->id = i;
	return nb;
}

int each_ins(IrProg *p, int (*fn)(Ins *in, void *ctx), void *ctx)
{
	int changed = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++)
			changed |= fn(b->ins.v[j], ctx);
	}
	return changed;
}

void rename_phi_pred(Blk *b, Blk *from, Blk *to)
{
	for (int j = 0; j < b->ins.n; j++) {
		Ins *in = b->ins.v[j];
		if (in->op == I_PHI)
			for (int k = 0; k < in->nargs; k++)
				if (in->blks[k] == from)
					in->blks[k] = to;
	}
}

void drop_block(IrProg *p, Blk *x)
{
	int at = x->id;
	memmove(&p->blks.v[at], &p->blks.v[at + 1], sizeof(void *) * (size_t)(p->blks.n - at - 1));
	p->blks.n--;
	for (int i = 0; i < p->blks.n; i++)
		((Blk *)p->blks.v[i])->id = i;
}

const char *block_name(int i)
{
	/* the names live in memory of their own, not in a run's arena: the
	 * fuzz harness runs wh-opt again in one process after freeing the
	 * arenas of the run before. Each name is its own allocation, made
	 * when first asked for, so a name given out stays put when the table
	 * of them grows. */
	static char **names;
	static int n;
	if (i >= n) {
		int cap = 2 * i + 64;
		char **v = realloc(names, sizeof *v * (size_t)cap);
		if (!v)
			fatal("out of memory");
		memset(v + n, 0, sizeof *v * (size_t)(cap - n));
		names = v;
		n = cap;
	}
	if (!names[i]) {
		char tmp[16], *s = tmp + sizeof tmp;
		*--s = 0;
		for (unsigned k = (unsigned)i; k; k /= 10)
			*--s = (char)('0' + k % 10);
		*--s = 'b';
		if (!(names[i] = strdup(i ? s : "entry")))
			fatal("out of memory");
	}
	return names[i];
}
