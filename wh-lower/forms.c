/* forms.c: the core forms that compute values, one function per form and
 * one table mapping names to them (with their operand counts), the
 * variables of let, and lower_prog, which lowers one program body. */
#include "lower.h"
#include "symtab.h"
#include <string.h>

/* ---- operands ---- */

int nargs_of(Sx *x) { return sx_length(x) - 1; }
Sx *arg(Sx *x, int i) { return sx_nth(x, i); }

/* Where to report an error about x: its own position, else the form's. */
static Pos at(L *l, Sx *x) { return x->pos.line > 0 ? x->pos : l->pos; }

static int width_of(L *l, Sx *x)
{
	int w = x->kind == SX_SYM ? width_from_name(x->s) : 0;
	if (!w)
		error_at(at(l, x), "expected a width u8, u16, u32 or u64, got %s",
			 sx_brief(l->a, x, 30));
	return w;
}

int64_t const_of(L *l, Sx *x, const char *what)
{
	if (x->kind != SX_INT)
		error_at(at(l, x), "%s must be an integer constant, got %s", what,
			 sx_brief(l->a, x, 30));
	return x->i;
}

static Val materialize(L *l, Val v)
{
	if (v.kind != V_IMM)
		return v;
	Ins *in = emit(l, I_COPY, 1);
	in->args[0] = v;
	return in->dst;
}

static Val unary(L *l, IrOp op, int width, Val a)
{
	Ins *in = emit(l, op, 1);
	in->width = width;
	in->args[0] = a;
	pkt_note(l, in);
	return in->dst;
}

/* ---- variables ---- */

Var *bind(L *l, Sx *name)
{
	if (name->kind != SX_SYM)
		error_at(at(l, name), "expected a variable name, got %s", sx_brief(l->a, name, 30));
	Binding *nb = arena_alloc(l->a, sizeof *nb);
	nb->name = name->s;
	nb->var = new_var(l, name->s);
	nb->up = l->scope;
	l->scope = nb;
	return nb->var;
}

static Var *lookup(L *l, Sx *x)
{
	for (Binding *b = l->scope; b; b = b->up)
		if (b->name == x->s)
			return b->var;
	error_at(at(l, x), "unknown variable '%s'", x->s);
}

Val lower_body(L *l, Sx *forms, Blk *t, Blk *f)
{
	Val v = vimm(0);
	if (forms->kind != SX_CONS) {
		if (t)
			jump(l, f);
		return v;
	}
	for (; forms->cdr->kind == SX_CONS; forms = forms->cdr)
		lower(l, forms->car);
	if (t) {
		lower_cond(l, forms->car, t, f);
		return v;
	}
	return lower(l, forms->car);
}

/* (let ((NAME [W] INIT) ...) BODY...): bound one after the other. A width
 * W says the value fits in W; the expander has already cast INIT when it
 * did not, and the value's ssa type follows from that zext or load
 * (ir_infer_types; docs/formats.md, "ssa"). */
Val lower_let(L *l, Sx *x, Blk *t, Blk *f)
{
	Binding *saved = l->scope;
	Sx *b = arg(x, 1);
	if (b->kind != SX_CONS && b->kind != SX_NIL)
		error_at(l->pos, "core let: expected a list of bindings");
	for (; b->kind == SX_CONS; b = b->cdr) {
		Sx *bnd = b->car;
		int n = bnd->kind == SX_CONS ? sx_length(bnd) : 0;
		if ((n != 2 && n != 3) || bnd->car->kind != SX_SYM)
			error_at(at(l, bnd), "core let: a binding is (NAME INIT) or (NAME WIDTH INIT)");
		if (n == 3)
			width_of(l, arg(bnd, 1));
		Val v = lower(l, arg(bnd, n - 1));
		write_var(l, bind(l, bnd->car), v);
	}
	Val v = lower_body(l, x->cdr->cdr, t, f);
	l->scope = saved;
	return v;
}

/* ---- the forms ---- */

static Val f_alu(L *l, Sx *x)
{
	AluOp op = alu_by_core_name(x->car->s);
	Val a = lower(l, arg(x, 1)), b = lower(l, arg(x, 2));
	return pkt_alu(l, op, a, b);
}

static Val f_progn(L *l, Sx *x) { return lower_body(l, x->cdr, NULL, NULL); }
static Val f_let(L *l, Sx *x) { return lower_let(l, x, NULL, NULL); }

static Val f_set(L *l, Sx *x)
{
	if (arg(x, 1)->kind != SX_SYM)
		error_at(l->pos, "core set: expected a variable name");
	Var *v = lookup(l, arg(x, 1));
	Val val = lower(l, arg(x, 2));
	write_var(l, v, val);
	return val;
}

static Val f_neg(L *l, Sx *x) { return unary(l, I_NEG, 0, lower(l, arg(x, 1))); }

static Val f_cast(L *l, Sx *x)
{
	int w = width_of(l, arg(x, 1));
	Val v = lower(l, arg(x, 2));
	return w == 8 ? v : unary(l, I_ZEXT, w, v);
}

static Val f_bswap(L *l, Sx *x)
{
	int w = width_of(l, arg(x, 1));
	if (w == 1)
		error_at(l->pos, "bswap of u8");
	return unary(l, I_BSWAP, w, lower(l, arg(x, 2)));
}

/* (load W PTR OFF), (store W PTR OFF V), (atomic-add W PTR OFF V) */
static Val mem(L *l, Sx *x, IrOp op)
{
	int w = width_of(l, arg(x, 1));
	if (op == I_ATOMIC && w != 4 && w != 8)
		error_at(l->pos, "atomic-add works on u32 or u64");
	Val ptr = lower(l, arg(x, 2));
	Sx *offx = arg(x, 3);
	int64_t off = 0;
	if (offx->kind == SX_INT) {
		off = offx->i;
	} else {
		ptr = pkt_alu(l, ALU_ADD, ptr, lower(l, offx));
	}
	if (off < INT16_MIN || off > INT16_MAX)
		error_at(l->pos, "memory offset %lld does not fit in 16 bits", (long long)off);
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

static Val f_load(L *l, Sx *x) { return mem(l, x, I_LOAD); }
static Val f_store(L *l, Sx *x) { return mem(l, x, I_STORE); }
static Val f_atomic(L *l, Sx *x) { return mem(l, x, I_ATOMIC); }

/* (ctx-load W OFF [KIND]), (ctx-store W OFF V): the context at a constant
 * offset; KIND names the packet pointer a load gives. */
static Val f_ctx(L *l, Sx *x)
{
	int st = !strcmp(x->car->s, "ctx-store");
	int packet = CTX_VALUE;
	if (!st && nargs_of(x) == 3) {
		Sx *k = arg(x, 3);
		packet = k->kind == SX_SYM ? ctx_ptr_kind(k->s) : CTX_VALUE;
		if (packet == CTX_VALUE)
			error_at(l->pos, "ctx-load: %s is not a packet pointer kind (pkt, pkt_end, pkt_meta)",
				 k->kind == SX_SYM ? k->s : "the third operand");
	}
	int w = width_of(l, arg(x, 1));
	int64_t off = const_of(l, arg(x, 2), "a context offset");
	if (off < 0 || off > INT16_MAX)
		error_at(l->pos, "context offset %lld out of range", (long long)off);
	Val v = st ? lower(l, arg(x, 3)) : vimm(0);
	Ins *in = emit(l, st ? I_STORE : I_LOAD, st ? 2 : 1);
	in->width = w;
	in->off = off;
	in->args[0] = l->ctx;
	if (st) {
		in->args[1] = v;
		return v;
	}
	in->packet = packet;
	pkt_note(l, in);
	return in->dst;
}

static Val f_ctx_ptr(L *l, Sx *x)
{
	(void)x;
	return l->ctx;
}

static Val f_stack_alloc(L *l, Sx *x)
{
	int64_t n = const_of(l, arg(x, 1), "a stack object size");
	if (n <= 0 || n > BPF_STACK_LIMIT)
		error_at(l->pos, "stack object of %lld bytes does not fit the "
			 "512-byte BPF stack", (long long)n);
	Ins *in = emit(l, I_SLOT, 0);
	in->off = n;
	return in->dst;
}

static const AsmMap *find_map(L *l, Sx *name)
{
	for (int i = 0; name->kind == SX_SYM && i < l->unit->maps.n; i++) {
		const AsmMap *m = l->unit->maps.v[i];
		if (!strcmp(m->name, name->s))
			return m;
	}
	return NULL;
}

/* (core KIND STRUCT MEMBER VALUE): a constant the loader relocates, as
 * the kstruct declarations describe it. */
static Val f_core(L *l, Sx *x)
{
	for (int i = 1; i <= 3; i++)
		if (arg(x, i)->kind != SX_SYM)
			error_at(at(l, x), "core: expected (core KIND STRUCT MEMBER VALUE)");
	AsmCore *c = arena_alloc(l->a, sizeof *c);
	c->kind = core_kind_by_name(arg(x, 1)->s);
	if (!c->kind || !c->kind->field)
		error_at(at(l, x), "core: unknown CO-RE field relocation '%s'", arg(x, 1)->s);
	c->type = arg(x, 2)->s;
	c->member = arg(x, 3)->s;
	AsmUnit decls = {.kstructs = l->unit->kstructs};
	int64_t want;
	const char *why = asm_core_value(l->a, &decls, c, &want);
	if (why)
		error_at(at(l, x), "core: %s", why);
	int64_t v = const_of(l, arg(x, 4), "a core value");
	if (v != want)
		error_at(at(l, x), "core: %s of %s.%s is %lld, not %lld", c->kind->name,
			 c->type, c->member, (long long)want, (long long)v);
	Ins *in = emit(l, I_CORE, 0);
	in->off = v;
	in->core = c;
	return in->dst;
}

static Val f_map_ref(L *l, Sx *x)
{
	Sx *name = arg(x, 1);
	if (!find_map(l, name))
		error_at(l->pos, "map-ref of undeclared map %s", sx_brief(l->a, name, 30));
	Ins *in = emit(l, I_MAPREF, 0);
	in->name = name->s;
	return in->dst;
}

static void check_map_arg(L *l, Sx *x, const HelperInfo *h)
{
	if (!h->map_arg)
		return;
	Sx *m = arg(x, h->map_arg + 1);
	if (m->kind != SX_CONS || m->car->kind != SX_SYM || strcmp(m->car->s, "map-ref") ||
	    nargs_of(m) != 1)
		return;
	const AsmMap *map = find_map(l, arg(m, 1));
	char types[128];
	if (map && !helper_takes_map(h, map->type))
		error_at(l->pos, "%s needs a %s map; %s is a :%s map", h->name,
			 helper_map_types_text(h, types, sizeof types), map->name, map->type);
}

/* (call HELPER ARG...): arguments evaluated left to right, then the call */
static Val f_call(L *l, Sx *x)
{
	int n = nargs_of(x);
	if (arg(x, 1)->kind != SX_SYM)
		error_at(l->pos, "core call needs a helper name");
	const HelperInfo *h = helper_by_name(arg(x, 1)->s);
	if (!h)
		error_at(l->pos, "unknown helper '%s'", arg(x, 1)->s);
	if (n - 1 != h->nargs)
		error_at(l->pos, "helper %s takes %d argument%s, got %d", h->name, h->nargs,
			 h->nargs == 1 ? "" : "s", n - 1);
	check_map_arg(l, x, h);
	Val args[5];
	for (int i = 0; i < n - 1; i++)
		args[i] = lower(l, arg(x, i + 2));
	Ins *in = emit(l, I_CALL, n - 1);
	in->name = intern(h->name);
	for (int i = 0; i < n - 1; i++)
		in->args[i] = args[i];
	if (!h->ret_bytes) {    /* RET_VOID: no value; the form's value is 0 */
		in->dst = (Val){V_NONE, 0};
		return vimm(0);
	}
	return in->dst;
}

/* (asm OPCODE DST SRC OFF IMM): one raw instruction. It has no operands
 * the register allocator knows of; a raw exit ends the block. Consecutive
 * asm forms stay consecutive in their block: a run, inside which raw
 * jumps may go (check_raw_jumps). */
static Val f_asm(L *l, Sx *x)
{
	static const char *const what[] = {"", "an asm opcode", "an asm destination register",
		"an asm source register", "an asm offset", "an asm immediate"};
	int64_t f[6];
	for (int i = 1; i <= 5; i++)
		f[i] = const_of(l, arg(x, i), what[i]);
	const char *why = ir_asm_problem(f[1], f[2], f[3], f[4], f[5]);
	if (why)
		error_at(l->pos, "asm: %s", why);
	Ins *in = emit(l, I_ASM, 0);
	in->raw = (BpfInsn){(uint8_t)f[1], (uint8_t)(f[2] | f[3] << 4), (int16_t)f[4],
			    (int32_t)(uint32_t)f[5]};
	if (ir_is_exit(in))
		l->cur = NULL;
	return vimm(0);
}

static Val f_if(L *l, Sx *x) { return lower_if(l, x); }

typedef Val (*FormFn)(L *l, Sx *x);
static const struct {
	const char *name;
	int lo, hi;             /* operand counts; hi -1: any */
	FormFn fn;
} forms[] = {
	{"progn", 0, -1, f_progn},       {"let", 1, -1, f_let},
	{"set", 2, 2, f_set},            {"if", 2, 3, f_if},
	{"and", 0, -1, lower_andor},     {"or", 0, -1, lower_andor},
	{"not", 1, 1, lower_not},        {"return", 1, 1, lower_return},
	{"loop", 3, 3, lower_loop},      {"neg", 1, 1, f_neg},
	{"cast", 2, 2, f_cast},          {"bswap", 2, 2, f_bswap},
	{"load", 3, 3, f_load},          {"store", 4, 4, f_store},
	{"atomic-add", 4, 4, f_atomic},  {"ctx-load", 2, 3, f_ctx},
	{"ctx-store", 3, 3, f_ctx},      {"ctx-ptr", 0, 0, f_ctx_ptr},
	{"stack-alloc", 1, 1, f_stack_alloc}, {"map-ref", 1, 1, f_map_ref},
	{"core", 4, 4, f_core},
	{"call", 1, 6, f_call},          {"asm", 5, 5, f_asm},
	{"+", 2, 2, f_alu}, {"-", 2, 2, f_alu}, {"*", 2, 2, f_alu}, {"/", 2, 2, f_alu},
	{"mod", 2, 2, f_alu}, {"logand", 2, 2, f_alu}, {"logior", 2, 2, f_alu},
	{"logxor", 2, 2, f_alu}, {"<<", 2, 2, f_alu}, {">>", 2, 2, f_alu},
	{">>>", 2, 2, f_alu},
	{"=", 2, 2, lower_cmp}, {"/=", 2, 2, lower_cmp}, {"<", 2, 2, lower_cmp},
	{"<=", 2, 2, lower_cmp}, {">", 2, 2, lower_cmp}, {">=", 2, 2, lower_cmp},
	{"s<", 2, 2, lower_cmp}, {"s<=", 2, 2, lower_cmp}, {"s>", 2, 2, lower_cmp},
	{"s>=", 2, 2, lower_cmp},
};

static Val lower_form(L *l, Sx *x)
{
	if (x->car->kind != SX_SYM)
		error_at(l->pos, "core form must start with a name");
	if (sx_length(x) < 0)
		error_at(l->pos, "core form %s is not a proper list", x->car->s);
	const char *h = x->car->s;
	/* the forms by interned name, index + 1 */
	static SymTab by_name;
	if (!by_name.n)
		for (size_t i = 0; i < sizeof forms / sizeof *forms; i++)
			symtab_put(&by_name, intern(forms[i].name), (void *)(i + 1));
	size_t found = (size_t)symtab_get(&by_name, h);
	if (found) {
		size_t i = found - 1;
		int n = nargs_of(x), lo = forms[i].lo, hi = forms[i].hi;
		if (n < lo || (hi >= 0 && n > hi)) {
			if (lo == hi)
				error_at(l->pos, "core form %s takes %d operand%s, got %d", h, lo,
					 lo == 1 ? "" : "s", n);
			if (hi < 0)
				error_at(l->pos, "core form %s takes at least %d operand%s, got %d",
					 h, lo, lo == 1 ? "" : "s", n);
			error_at(l->pos, "core form %s takes %d to %d operands, got %d", h, lo, hi, n);
		}
		return forms[i].fn(l, x);
	}
	error_at(l->pos, "unknown core form '%s'", h);
}

Val lower(L *l, Sx *x)
{
	switch (x->kind) {
	case SX_INT:
		return vimm(x->i);
	case SX_SYM:
		return read_var(l, lookup(l, x));
	case SX_CONS: {
		Pos saved = l->pos;
		if (x->pos.line > 0)
			l->pos = x->pos;        /* else the enclosing form's */
		Val v = lower_form(l, x);
		l->pos = saved;
		return v;
	}
	default:
		error_at(at(l, x), "unexpected %s in core", sx_brief(l->a, x, 30));
	}
}

/* ---- a program ---- */

/* Blocks in reverse postorder, the then-side of a branch first: every
 * block after its predecessors except along loop back edges, in the order
 * the source reads. */
static void postorder(Blk *b, char *seen, Vec *out, Arena *a)
{
	seen[b->id] = 1;
	Blk *s[2];
	int n = ir_succs(b, s);
	for (int i = n - 1; i >= 0; i--)
		if (!seen[s[i]->id])
			postorder(s[i], seen, out, a);
	vec_push(a, out, b);
}

static void reverse_postorder(Arena *a, IrProg *p)
{
	ir_fill_preds(a, p);
	char *seen = arena_alloc(a, (size_t)p->blks.n + 1);
	Vec po = {0}, rpo = {0};
	postorder(p->blks.v[0], seen, &po, a);
	for (int i = po.n - 1; i >= 0; i--)
		vec_push(a, &rpo, po.v[i]);
	p->blks = rpo;
	ir_fill_preds(a, p);
}

/* Number the tmps in the order their definitions appear, from %0. */
static void renumber(Arena *a, IrProg *p)
{
	int *map = arena_alloc(a, sizeof(int) * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->ntmp; i++)
		map[i] = -1;
	int n = 0;
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP)
				map[in->dst.n] = n++;
		}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP)
				in->dst.n = map[in->dst.n];
			for (int k = 0; k < in->nargs; k++)
				if (in->args[k].kind == V_TMP) {
					if (map[in->args[k].n] < 0)
						bug("%s: %%%lld is used but never defined", p->name,
						    (long long)in->args[k].n);
					in->args[k].n = map[in->args[k].n];
				}
		}
	}
	p->ntmp = n;
}

/* Raw jumps land inside their run of consecutive asm forms, or just
 * after it (docs/formats.md, "ssa"): checked once the blocks are final. */
static void check_raw_jumps(const IrProg *p)
{
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			const char *why = ir_raw_jump_target(b, j);
			if (why)
				error_at(((Ins *)b->ins.v[j])->pos, "asm: %s", why);
		}
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
	L l = {.a = a, .p = p, .unit = u, .pos = pos, .pt = prog_type_by_keyword(type)};
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
	/* Every reachable block ends in a terminator (a block that only fell
	 * into unreachable code gets one); then the blocks go in reverse
	 * postorder, which drops those no path reaches (arms after return). */
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if ((i == 0 || b->preds.n) && !ir_term(b)) {
			Ins *in = ir_new(a, I_RET, pos, 1);
			in->args[0] = vimm(0);
			vec_push(a, &b->ins, in);
		}
	}
	reverse_postorder(a, p);
	remove_trivial_phis(a, p);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		b->name = i == 0 ? "entry" : ir_blk_name(a, i);
	}
	ir_fill_preds(a, p);
	renumber(a, p);
	check_raw_jumps(p);
	return p;
}
