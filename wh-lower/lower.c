/* lower.c: core forms to SSA. Values go through Braun et al.'s on-the-fly
 * SSA construction (variables read through predecessors, phis placed
 * where definitions meet); conditions used as tests become branches. */
#include "lower.h"
#include <string.h>

typedef struct Var Var;
struct Var {
	const char *name;
	Val *def;               /* current definition per block id */
	int cap;
};

typedef struct Binding Binding;
struct Binding {
	const char *name;
	Var *var;
	Binding *up;
};

typedef struct {
	Ins *phi;
	Var *var;
} Incomplete;

typedef struct {
	Arena *a;
	IrProg *p;
	Blk *cur;               /* NULL: code here is unreachable */
	Binding *scope;
	Val ctx;                /* the context pointer */
	char *sealed;
	Vec *incomplete;        /* per block id: Incomplete* */
	int cap;
	Pos pos;
	const IrUnit *unit;
} L;

static Val lower(L *l, Sx *x);

/* ---- blocks and SSA construction ---- */

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

static Blk *new_blk(L *l)
{
	Blk *b = ir_new_blk(l->a, l->p, NULL);
	grow(l, b->id);
	return b;
}

static Val new_tmp(L *l) { return vtmp(l->p->ntmp++); }

static Ins *emit(L *l, IrOp op, int nargs)
{
	Ins *in = ir_new(l->a, op, l->pos, nargs);
	if (l->cur)
		vec_push(l->a, &l->cur->ins, in);
	if (ir_op_info[op].defines)
		in->dst = new_tmp(l);
	return in;
}

/* Continue in b, or in unreachable code when nothing jumps to b. */
static void enter(L *l, Blk *b) { l->cur = b->preds.n ? b : NULL; }

static void add_edge(L *l, Blk *from, Blk *to) { vec_push(l->a, &to->preds, from); }

static void jump(L *l, Blk *to)
{
	if (!l->cur)
		return;
	Ins *in = emit(l, I_JMP, 0);
	in->blks[0] = to;
	add_edge(l, l->cur, to);
	l->cur = NULL;
}

static void branch(L *l, Cond cc, Val a, Val b, Blk *t, Blk *f)
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

static void write_var(L *l, Var *v, Blk *b, Val val)
{
	if (b->id >= v->cap) {
		int cap = v->cap ? v->cap : 16;
		while (cap <= b->id)
			cap *= 2;
		Val *d = arena_alloc(l->a, sizeof(Val) * (size_t)cap);
		if (v->cap)
			memcpy(d, v->def, sizeof(Val) * (size_t)v->cap);
		v->def = d;
		v->cap = cap;
	}
	v->def[b->id] = val;
}

static Val read_var(L *l, Var *v, Blk *b);

static Ins *new_phi(L *l, Blk *b, int n)
{
	Ins *phi = ir_new(l->a, I_PHI, l->pos, n);
	phi->dst = new_tmp(l);
	/* phis go first in their block */
	vec_push(l->a, &b->ins, NULL);
	memmove(&b->ins.v[1], &b->ins.v[0], sizeof(void *) * (size_t)(b->ins.n - 1));
	b->ins.v[0] = phi;
	return phi;
}

static void add_phi_operands(L *l, Var *v, Blk *b, Ins *phi)
{
	int n = b->preds.n;
	if (phi->nargs != n) {
		phi->args = arena_alloc(l->a, sizeof(Val) * (size_t)n);
		phi->blks = arena_alloc(l->a, sizeof(Blk *) * (size_t)n);
		phi->nargs = n;
	}
	for (int i = 0; i < n; i++) {
		phi->blks[i] = b->preds.v[i];
		phi->args[i] = read_var(l, v, b->preds.v[i]);
	}
}

static Val read_var(L *l, Var *v, Blk *b)
{
	if (b->id < v->cap && v->def[b->id].kind != V_NONE)
		return v->def[b->id];
	Val val;
	if (!l->sealed[b->id]) {
		Ins *phi = new_phi(l, b, 0);
		Incomplete *inc = arena_alloc(l->a, sizeof *inc);
		inc->phi = phi;
		inc->var = v;
		vec_push(l->a, &l->incomplete[b->id], inc);
		val = phi->dst;
	} else if (b->preds.n == 1) {
		val = read_var(l, v, b->preds.v[0]);
	} else if (b->preds.n == 0) {
		val = vimm(0);  /* unreachable or entry: never written */
	} else {
		Ins *phi = new_phi(l, b, 0);
		write_var(l, v, b, phi->dst);
		add_phi_operands(l, v, b, phi);
		val = phi->dst;
	}
	write_var(l, v, b, val);
	return val;
}

static void seal(L *l, Blk *b)
{
	Vec *inc = &l->incomplete[b->id];
	for (int i = 0; i < inc->n; i++) {
		Incomplete *c = inc->v[i];
		add_phi_operands(l, c->var, b, c->phi);
	}
	inc->n = 0;
	l->sealed[b->id] = 1;
}

/* ---- variables ---- */

static Var *lookup(L *l, Sx *x)
{
	for (Binding *b = l->scope; b; b = b->up)
		if (b->name == x->s)
			return b->var;
	error_at(x->pos, "unknown variable '%s'", x->s);
}

/* ---- forms ---- */

static int nargs_of(Sx *x) { return sx_length(x) - 1; }
static Sx *arg(Sx *x, int i) { return sx_nth(x, i); }

static void need(Sx *x, int lo, int hi)
{
	int n = nargs_of(x);
	if (n < lo || n > hi)
		error_at(x->pos, "core form %s takes %d to %d operands, got %d",
			 x->car->s, lo, hi, n);
}

static int width_of(Sx *x)
{
	int w = x->kind == SX_SYM ? width_from_name(x->s) : 0;
	if (!w)
		error_at(x->pos, "expected a width u8, u16, u32 or u64");
	return w;
}

static int64_t const_of(Sx *x, const char *what)
{
	if (x->kind != SX_INT)
		error_at(x->pos, "%s must be an integer constant", what);
	return x->i;
}

static const struct { const char *name; AluOp op; } alu_forms[] = {
	{"+", ALU_ADD}, {"-", ALU_SUB}, {"*", ALU_MUL}, {"/", ALU_DIV},
	{"mod", ALU_MOD}, {"logand", ALU_AND}, {"logior", ALU_OR},
	{"logxor", ALU_XOR}, {"<<", ALU_SHL}, {">>", ALU_SHR}, {">>>", ALU_SAR},
};

static const struct { const char *name; Cond cc; } cmp_forms[] = {
	{"=", CC_EQ}, {"/=", CC_NE}, {">", CC_GT}, {">=", CC_GE}, {"<", CC_LT},
	{"<=", CC_LE}, {"s>", CC_SGT}, {"s>=", CC_SGE}, {"s<", CC_SLT},
	{"s<=", CC_SLE},
};

static int find_cmp(Sx *x, Cond *cc)
{
	if (x->kind != SX_CONS || x->car->kind != SX_SYM)
		return 0;
	for (unsigned i = 0; i < sizeof cmp_forms / sizeof *cmp_forms; i++)
		if (!strcmp(cmp_forms[i].name, x->car->s)) {
			need(x, 2, 2);
			*cc = cmp_forms[i].cc;
			return 1;
		}
	return 0;
}

static int is_form(Sx *x, const char *name)
{
	return x->kind == SX_CONS && x->car->kind == SX_SYM && !strcmp(x->car->s, name);
}

/* Lower x as a test: jump to t when non-zero, to f otherwise. */
static void lower_cond(L *l, Sx *x, Blk *t, Blk *f)
{
	Pos saved = l->pos;
	if (x->kind == SX_CONS)
		l->pos = x->pos;
	Cond cc;
	if (x->kind == SX_INT) {
		jump(l, x->i ? t : f);
	} else if (find_cmp(x, &cc)) {
		Val a = lower(l, arg(x, 1));
		Val b = lower(l, arg(x, 2));
		branch(l, cc, a, b, t, f);
	} else if (is_form(x, "not")) {
		need(x, 1, 1);
		lower_cond(l, arg(x, 1), f, t);
	} else if (is_form(x, "and") || is_form(x, "or")) {
		int is_and = !strcmp(x->car->s, "and");
		int n = nargs_of(x);
		for (int i = 1; i < n; i++) {
			Blk *next = new_blk(l);
			if (is_and)
				lower_cond(l, arg(x, i), next, f);
			else
				lower_cond(l, arg(x, i), t, next);
			seal(l, next);
			enter(l, next);
		}
		if (n >= 1)
			lower_cond(l, arg(x, n), t, f);
		else
			jump(l, is_and ? t : f);
	} else {
		Val v = lower(l, x);
		branch(l, CC_NE, v, vimm(0), t, f);
	}
	l->pos = saved;
}

/* Join: the value of each arm, merged by a phi. */
typedef struct {
	Blk *blk[64];
	Val val[64];
	int n;
} Arms;

static void arm_done(L *l, Arms *arms, Val v, Blk *join)
{
	if (!l->cur)
		return;
	if (arms->n == 64)
		error_at(l->pos, "too many branches joining here");
	arms->blk[arms->n] = l->cur;
	arms->val[arms->n++] = v;
	jump(l, join);
}

static Val join_arms(L *l, Arms *arms, Blk *join)
{
	seal(l, join);
	if (!arms->n) {
		l->cur = NULL;
		return vimm(0);
	}
	l->cur = join;
	int same = 1;
	for (int i = 1; i < arms->n; i++)
		same &= val_eq(arms->val[i], arms->val[0]);
	if (same)
		return arms->val[0];
	Ins *phi = new_phi(l, join, arms->n);
	for (int i = 0; i < arms->n; i++) {
		phi->blks[i] = arms->blk[i];
		phi->args[i] = arms->val[i];
	}
	return phi->dst;
}

static Val lower_if(L *l, Sx *x)
{
	need(x, 2, 3);
	Blk *t = new_blk(l), *f = new_blk(l), *join = new_blk(l);
	lower_cond(l, arg(x, 1), t, f);
	seal(l, t);
	seal(l, f);
	Arms arms = {.n = 0};
	enter(l, t);
	Val v = lower(l, arg(x, 2));
	arm_done(l, &arms, v, join);
	enter(l, f);
	v = nargs_of(x) == 3 ? lower(l, arg(x, 3)) : vimm(0);
	arm_done(l, &arms, v, join);
	return join_arms(l, &arms, join);
}

/* (and a b c): 0 as soon as one is 0, else c. (or a b c): first non-zero. */
static Val lower_andor(L *l, Sx *x)
{
	int is_and = !strcmp(x->car->s, "and");
	int n = nargs_of(x);
	if (n == 0)
		return vimm(is_and);
	Blk *join = new_blk(l);
	Arms arms = {.n = 0};
	for (int i = 1; i <= n; i++) {
		Val v = lower(l, arg(x, i));
		if (i == n) {
			arm_done(l, &arms, v, join);
			break;
		}
		Blk *next = new_blk(l), *out = new_blk(l);
		if (is_and)
			branch(l, CC_NE, v, vimm(0), next, out);
		else
			branch(l, CC_EQ, v, vimm(0), next, out);
		seal(l, next);
		seal(l, out);
		enter(l, out);
		arm_done(l, &arms, is_and ? vimm(0) : v, join);
		enter(l, next);
	}
	return join_arms(l, &arms, join);
}

static Val lower_let(L *l, Sx *x)
{
	need(x, 1, 1000000);
	Binding *saved = l->scope;
	for (Sx *b = arg(x, 1); b->kind == SX_CONS; b = b->cdr) {
		Sx *bind = b->car;
		/* (NAME INIT) or (NAME TYPE INIT): values are 64-bit here, the
		 * type is the narrowest width the value is known to fit */
		int n = sx_length(bind);
		if ((n != 2 && n != 3) || bind->car->kind != SX_SYM)
			error_at(bind->pos, "core let: bad binding");
		Val v = lower(l, arg(bind, n - 1));
		Var *var = arena_alloc(l->a, sizeof *var);
		var->name = bind->car->s;
		Binding *nb = arena_alloc(l->a, sizeof *nb);
		nb->name = var->name;
		nb->var = var;
		nb->up = l->scope;
		l->scope = nb;
		if (l->cur)
			write_var(l, var, l->cur, v);
	}
	Val v = vimm(0);
	for (Sx *b = x->cdr->cdr; b->kind == SX_CONS; b = b->cdr)
		v = lower(l, b->car);
	l->scope = saved;
	return v;
}

static Val materialize(L *l, Val v)
{
	if (v.kind != V_IMM)
		return v;
	Ins *in = emit(l, I_COPY, 1);
	in->args[0] = v;
	return in->dst;
}

static Val lower_mem(L *l, Sx *x, IrOp op)
{
	int n = op == I_LOAD ? 3 : 4;
	need(x, n, n);
	int w = width_of(arg(x, 1));
	if (op == I_ATOMIC && w != 4 && w != 8)
		error_at(x->pos, "atomic-add works on u32 or u64");
	Val ptr = lower(l, arg(x, 2));
	Sx *offx = arg(x, 3);
	int64_t off = 0;
	if (offx->kind == SX_INT) {
		off = offx->i;
	} else {
		Val o = lower(l, offx);
		Ins *add = emit(l, I_ALU, 2);
		add->sub = ALU_ADD;
		add->args[0] = ptr;
		add->args[1] = o;
		ptr = add->dst;
	}
	if (off < -32768 || off > 32767)
		error_at(x->pos, "memory offset %lld does not fit in 16 bits", (long long)off);
	Val val = op == I_LOAD ? vimm(0) : lower(l, arg(x, 4));
	ptr = materialize(l, ptr);
	if (op == I_ATOMIC)
		val = materialize(l, val);
	Ins *in = emit(l, op, op == I_LOAD ? 1 : 2);
	in->width = w;
	in->off = off;
	in->args[0] = ptr;
	if (op != I_LOAD)
		in->args[1] = val;
	return op == I_LOAD ? in->dst : val;
}

static Val lower_call(L *l, Sx *x)
{
	int n = nargs_of(x);
	if (n < 1 || arg(x, 1)->kind != SX_SYM)
		error_at(x->pos, "core call needs a helper name");
	const HelperInfo *h = helper_by_name(arg(x, 1)->s);
	if (!h)
		error_at(x->pos, "unknown helper '%s'", arg(x, 1)->s);
	if (n - 1 != h->nargs)
		error_at(x->pos, "helper %s takes %d arguments, got %d", h->name, h->nargs, n - 1);
	Val args[5];
	for (int i = 0; i < n - 1; i++)
		args[i] = lower(l, arg(x, i + 2));
	Ins *in = emit(l, I_CALL, n - 1);
	in->name = intern(h->name);
	for (int i = 0; i < n - 1; i++)
		in->args[i] = args[i];
	return in->dst;
}

static Val unary(L *l, IrOp op, int width, Val a)
{
	Ins *in = emit(l, op, 1);
	in->width = width;
	in->args[0] = a;
	return in->dst;
}

static Val lower_form(L *l, Sx *x)
{
	if (x->car->kind != SX_SYM)
		error_at(x->pos, "core form must start with a name");
	const char *h = x->car->s;
	for (unsigned i = 0; i < sizeof alu_forms / sizeof *alu_forms; i++)
		if (!strcmp(alu_forms[i].name, h)) {
			need(x, 2, 2);
			Val a = lower(l, arg(x, 1)), b = lower(l, arg(x, 2));
			Ins *in = emit(l, I_ALU, 2);
			in->sub = alu_forms[i].op;
			in->args[0] = a;
			in->args[1] = b;
			return in->dst;
		}
	Cond cc;
	if (find_cmp(x, &cc)) {
		Val a = lower(l, arg(x, 1)), b = lower(l, arg(x, 2));
		Ins *in = emit(l, I_CMP, 2);
		in->sub = cc;
		in->args[0] = a;
		in->args[1] = b;
		return in->dst;
	}
	if (!strcmp(h, "progn")) {
		Val v = vimm(0);
		for (Sx *b = x->cdr; b->kind == SX_CONS; b = b->cdr)
			v = lower(l, b->car);
		return v;
	}
	if (!strcmp(h, "let"))
		return lower_let(l, x);
	if (!strcmp(h, "set")) {
		need(x, 2, 2);
		Var *v = lookup(l, arg(x, 1));
		Val val = lower(l, arg(x, 2));
		if (l->cur)
			write_var(l, v, l->cur, val);
		return val;
	}
	if (!strcmp(h, "if"))
		return lower_if(l, x);
	if (!strcmp(h, "and") || !strcmp(h, "or"))
		return lower_andor(l, x);
	if (!strcmp(h, "not")) {
		need(x, 1, 1);
		Ins *in = emit(l, I_CMP, 2);
		in->sub = CC_EQ;
		in->args[0] = lower(l, arg(x, 1));
		in->args[1] = vimm(0);
		return in->dst;
	}
	if (!strcmp(h, "return")) {
		need(x, 1, 1);
		Val v = lower(l, arg(x, 1));
		Ins *in = emit(l, I_RET, 1);
		in->args[0] = v;
		l->cur = NULL;
		return vimm(0);
	}
	if (!strcmp(h, "neg")) {
		need(x, 1, 1);
		return unary(l, I_NEG, 0, lower(l, arg(x, 1)));
	}
	if (!strcmp(h, "cast") || !strcmp(h, "bswap")) {
		need(x, 2, 2);
		int w = width_of(arg(x, 1));
		Val v = lower(l, arg(x, 2));
		if (h[0] == 'c' && w == 8)
			return v;
		if (h[0] == 'b' && w == 1)
			error_at(x->pos, "bswap of u8");
		return unary(l, h[0] == 'c' ? I_ZEXT : I_BSWAP, w, v);
	}
	if (!strcmp(h, "load"))
		return lower_mem(l, x, I_LOAD);
	if (!strcmp(h, "store"))
		return lower_mem(l, x, I_STORE);
	if (!strcmp(h, "atomic-add"))
		return lower_mem(l, x, I_ATOMIC);
	if (!strcmp(h, "ctx-ptr")) {
		need(x, 0, 0);
		return l->ctx;
	}
	if (!strcmp(h, "ctx-load") || !strcmp(h, "ctx-store")) {
		int st = h[4] == 's';
		need(x, st ? 3 : 2, st ? 3 : 2);
		int w = width_of(arg(x, 1));
		int64_t off = const_of(arg(x, 2), "a context offset");
		Ins *in = emit(l, st ? I_STORE : I_LOAD, st ? 2 : 1);
		in->width = w;
		in->off = off;
		in->args[0] = l->ctx;
		if (st) {
			in->args[1] = lower(l, arg(x, 3));
			return in->args[1];
		}
		return in->dst;
	}
	if (!strcmp(h, "stack-alloc")) {
		need(x, 1, 1);
		int64_t n = const_of(arg(x, 1), "a stack object size");
		if (n <= 0 || n > BPF_STACK_LIMIT)
			error_at(x->pos, "stack object of %lld bytes does not fit the "
				 "512-byte BPF stack", (long long)n);
		Ins *in = emit(l, I_SLOT, 0);
		in->off = n;
		return in->dst;
	}
	if (!strcmp(h, "map-ref")) {
		need(x, 1, 1);
		Sx *name = arg(x, 1);
		int known = 0;
		for (int i = 0; name->kind == SX_SYM && i < l->unit->maps.n; i++)
			known |= !strcmp(((AsmMap *)l->unit->maps.v[i])->name, name->s);
		if (!known)
			error_at(x->pos, "map-ref of undeclared map %s", sx_brief(l->a, name, 30));
		Ins *in = emit(l, I_MAPREF, 0);
		in->name = name->s;
		return in->dst;
	}
	if (!strcmp(h, "call"))
		return lower_call(l, x);
	error_at(x->pos, "unknown core form '%s'", h);
}

static Val lower(L *l, Sx *x)
{
	switch (x->kind) {
	case SX_INT:
		return vimm(x->i);
	case SX_SYM: {
		Var *v = lookup(l, x);
		return l->cur ? read_var(l, v, l->cur) : vimm(0);
	}
	case SX_CONS: {
		Pos saved = l->pos;
		l->pos = x->pos;
		Val v = lower_form(l, x);
		l->pos = saved;
		return v;
	}
	default:
		error_at(x->pos, "unexpected %s in core", sx_brief(l->a, x, 30));
	}
}

IrProg *lower_prog(Arena *a, const IrUnit *u, const char *name, const char *type,
		   const char *section, Sx *body, Pos pos)
{
	IrProg *p = arena_alloc(a, sizeof *p);
	p->name = name;
	p->type = type;
	p->section = section;
	p->pos = pos;
	L l = {.a = a, .p = p, .unit = u, .pos = pos};
	Blk *entry = new_blk(&l);
	seal(&l, entry);
	l.cur = entry;
	Ins *param = emit(&l, I_PARAM, 0);
	l.ctx = param->dst;
	Val v = lower(&l, body);
	if (l.cur) {
		Ins *in = emit(&l, I_RET, 1);
		in->args[0] = v;
	}
	/* Drop blocks no path reaches (arms after return) and renumber. */
	ir_fill_preds(a, p);
	Vec kept = {0};
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (i == 0 || b->preds.n)
			vec_push(a, &kept, b);
	}
	p->blks = kept;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		b->name = i == 0 ? "entry" : arena_printf(a, "b%d", i);
		if (!ir_term(b)) {
			/* a block that only fell into unreachable code */
			Ins *in = ir_new(a, I_RET, pos, 1);
			in->args[0] = vimm(0);
			vec_push(a, &b->ins, in);
		}
	}
	ir_fill_preds(a, p);
	return p;
}
