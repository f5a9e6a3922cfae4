/* irtype.c: the types of ssa values — inference from the instructions
 * (widths from loads, zext, .w and cheap arithmetic facts; pointer kinds
 * from the context's packet fields, helpers, slots and map references;
 * phis join), and the checks the types allow: what the kernel verifier
 * refuses on any path (adjust_ptr_min_max_vals and check_mem_access in
 * kernel/bpf/verifier.c). */
#include "ir.h"
#include <string.h>

const IrTypeInfo ir_type_info[T_COUNT] = {
#define X(t, name, bits, sgn) [T_##t] = {name, bits, sgn},
	IR_TYPES(X)
#undef X
};

IrType ir_type_by_name(const char *name)
{
	for (int t = T_U1; t < T_COUNT; t++)
		if (ir_type_info[t].name[0] == name[0] && !strcmp(ir_type_info[t].name, name))
			return (IrType)t;
	return T_NONE;
}

/* ---- scalars: (bits, signed) rounded up to a named type ---- */

typedef struct {
	int bits, sgn;
} Sc;

static Sc sc(IrType t)
{
	if (!ir_type_is_scalar(t))
		return (Sc){64, 0};
	return (Sc){ir_type_info[t].bits, ir_type_info[t].is_signed};
}

static const IrType unsigned_types[] = {T_U1, T_U8, T_U16, T_U32};
static const IrType signed_types[] = {T_I8, T_I16, T_I32};

static IrType named(int bits, int sgn)
{
	const IrType *v = sgn ? signed_types : unsigned_types;
	int n = sgn ? 3 : 4;
	for (int i = 0; i < n; i++)
		if (bits <= ir_type_info[v[i]].bits)
			return v[i];
	return T_U64;
}

/* Bits the value needs as a signed number. */
static int sbits(Sc s) { return s.sgn ? s.bits : s.bits + 1; }
static int max(int a, int b) { return a > b ? a : b; }
static int min(int a, int b) { return a < b ? a : b; }

static int bitlen(uint64_t v)
{
	int n = 0;
	for (; v; v >>= 1)
		n++;
	return n ? n : 1;
}

static IrType imm_type(int64_t v)
{
	return v >= 0 ? named(bitlen((uint64_t)v), 0) : named(bitlen(~(uint64_t)v) + 1, 1);
}

IrType ir_val_type(const IrType *types, Val v)
{
	switch (v.kind) {
	case V_TMP: return types[v.n];
	case V_IMM: return imm_type(v.n);
	case V_REG: return T_ANY;
	default: return T_NONE;
	}
}

static IrType join_scalar(Sc a, Sc b)
{
	if (!a.sgn && !b.sgn)
		return named(max(a.bits, b.bits), 0);
	return named(max(sbits(a), sbits(b)), 1);
}

/* A 64-bit ALU op on scalars; k is the shift count when b is a constant,
 * else -1. */
static IrType alu_scalar(int op, Sc a, Sc b, Val bv, int k)
{
	int both_u = !a.sgn && !b.sgn;
	switch (op) {
	case ALU_ADD:
		return both_u ? named(max(a.bits, b.bits) + 1, 0) :
			named(max(sbits(a), sbits(b)) + 1, 1);
	case ALU_SUB:
		return named(max(sbits(a), sbits(b)) + 1, 1);
	case ALU_MUL:
		return both_u ? named(a.bits + b.bits, 0) : named(sbits(a) + sbits(b), 1);
	case ALU_DIV:
		return a.sgn ? T_U64 : named(a.bits, 0);
	case ALU_MOD:   /* by 0 gives a */
		if (a.sgn)
			return T_U64;
		return named(bv.kind == V_IMM && bv.n > 0 ?
			     min(a.bits, bitlen((uint64_t)bv.n - 1)) : a.bits, 0);
	case ALU_AND:
		if (both_u)
			return named(min(a.bits, b.bits), 0);
		if (!a.sgn || !b.sgn)
			return named(a.sgn ? b.bits : a.bits, 0);
		return named(max(a.bits, b.bits), 1);
	case ALU_OR: case ALU_XOR:
		return join_scalar(a, b);
	case ALU_SHL:
		if (k < 0)
			return T_U64;
		return a.sgn ? named(a.bits + k, 1) : named(a.bits + k, 0);
	case ALU_SHR:
		if (k < 0)
			return a.sgn ? T_U64 : named(a.bits, 0);
		if (a.sgn || a.bits == 64)
			return k ? named(64 - k, 0) : named(a.bits, a.sgn);
		return named(max(a.bits - k, 1), 0);
	case ALU_SAR:
		if (a.bits == 64 && !a.sgn)
			return k > 0 ? named(64 - k, 1) : T_U64;
		return named(k < 0 ? a.bits : max(a.bits - k, 1), a.sgn);
	default:
		return T_U64;
	}
}

static IrType alu_type(const Ins *in, IrType ta, IrType tb)
{
	if (ta == T_NONE || tb == T_NONE)
		return T_NONE;
	int pa = ir_type_is_ptr(ta), pb = ir_type_is_ptr(tb);
	int addsub = (in->sub == ALU_ADD || in->sub == ALU_SUB) && !in->w32;
	if (pa || pb || ta == T_ANY || tb == T_ANY) {
		/* pointer plus or minus a scalar keeps its kind; a difference
		 * of pointers and anything else on a pointer is a scalar */
		if (addsub && pa && ir_type_is_scalar(tb))
			return ta;
		if (addsub && in->sub == ALU_ADD && pb && ir_type_is_scalar(ta))
			return tb;
		if (addsub && !(pa && pb))
			return T_ANY;
		return in->w32 ? T_U32 : T_U64;
	}
	Val bv = in->args[1];
	int k = bv.kind == V_IMM ? (int)(bv.n & (in->w32 ? 31 : 63)) : -1;
	IrType r = alu_scalar(in->sub, sc(ta), sc(tb), bv, k);
	if (in->w32 && (ir_type_info[r].is_signed || ir_type_info[r].bits > 32))
		r = T_U32;
	return r;
}

/* A load from the context: the packet pointer the instruction says it
 * gives (decided by the expander, carried by core and the ssa types), else
 * a value of its width. */
static IrType ctx_load_type(const Ins *in)
{
	const char *kind = ctx_ptr_name(in->packet);    /* spelled as its ssa type */
	return kind ? ir_type_by_name(kind) : named(8 * in->width, 0);
}

/* Helpers whose result is a pointer the verifier tracks. */
static const struct {
	const char *helper;
	IrType type;
} helper_ptrs[] = {
	{"map-lookup-elem", T_MAPVAL}, {"ringbuf-reserve", T_RINGBUF},
};

static IrType call_type(const Ins *in)
{
	for (unsigned i = 0; i < sizeof helper_ptrs / sizeof *helper_ptrs; i++)
		if (!strcmp(helper_ptrs[i].helper, in->name))
			return helper_ptrs[i].type;
	const HelperInfo *h = helper_by_name(in->name);
	return h && h->ret_bytes == 4 ? T_U32 : T_U64;
}

static int nullable(IrType t) { return t == T_MAPVAL || t == T_RINGBUF; }

/* The join of a phi operand v (of type t) into acc. */
static IrType join(IrType acc, IrType t, Val v)
{
	if (t == T_NONE || acc == t)
		return acc;
	if (acc == T_NONE)
		return t;
	if (ir_type_is_scalar(acc) && ir_type_is_scalar(t))
		return join_scalar(sc(acc), sc(t));
	if (nullable(acc) && v.kind == V_IMM && v.n == 0)
		return acc;     /* a null pointer of the same kind */
	if (ir_type_is_ptr(acc) && ir_type_is_ptr(t))
		return T_PTR;
	return T_ANY;
}

static IrType infer_one(const IrType *ty, const Ins *in)
{
	IrType t0 = in->nargs > 0 ? ir_val_type(ty, in->args[0]) : T_NONE;
	switch (in->op) {
	case I_PARAM: return T_CTX;
	case I_COPY: return t0;
	case I_ALU: return alu_type(in, t0, ir_val_type(ty, in->args[1]));
	case I_NEG: {
		Sc a = sc(t0);
		return t0 == T_NONE ? T_NONE : a.bits == 64 ? T_U64 : named(sbits(a) + 1, 1);
	}
	case I_ZEXT: {
		Sc a = sc(t0);
		return !a.sgn && a.bits <= 8 * in->width ? t0 : named(8 * in->width, 0);
	}
	case I_BSWAP: return named(8 * in->width, 0);
	case I_CMP: return T_U1;
	case I_LOAD: return t0 == T_CTX ? ctx_load_type(in) : named(8 * in->width, 0);
	case I_SLOT: case I_FRAME: return T_STACK;
	case I_MAPREF: return T_MAP;
	case I_CORE: return named(32, 0);   /* libbpf patches 32-bit fields */
	case I_CALL: return call_type(in);
	case I_PHI: {
		IrType acc = T_NONE;
		for (int i = 0; i < in->nargs; i++)
			acc = join(acc, ir_val_type(ty, in->args[i]), in->args[i]);
		return acc;
	}
	default: return T_U64;
	}
}

/* Forward over the blocks until nothing changes: phis at loop heads see
 * their back-edge operands on the next round. A type only ever widens
 * (each is joined with what it was), on a lattice a few levels high, so
 * the bound on rounds is never reached in practice. */
/* Whether some operand of `in` took a new type after `in` was last looked
 * at (at time `seen`): else it would give what it gave then. */
static int inputs_changed(const Ins *in, const unsigned *changed_at, unsigned seen)
{
	for (int k = 0; k < in->nargs; k++)
		if (in->args[k].kind == V_TMP && changed_at[in->args[k].n] >= seen)
			return 1;
	return 0;
}

IrType *ir_infer_types(Arena *a, const IrProg *p)
{
	IrType *ty = arena_alloc(a, sizeof *ty * (size_t)(p->ntmp + 1));
	/* the time (a count of instructions looked at) each tmp last changed
	 * and each definition was last looked at: after the first round, an
	 * instruction none of whose operands changed since is skipped */
	Arena *scratch = arena_new();
	unsigned *changed_at = arena_alloc(scratch, sizeof(unsigned) * (size_t)(p->ntmp + 1));
	unsigned *seen_at = arena_alloc(scratch, sizeof(unsigned) * (size_t)(p->ntmp + 1));
	unsigned now = 0;
	for (int round = 0, changed = 1; changed && round < 64; round++) {
		changed = 0;
		for (int i = 0; i < p->blks.n; i++) {
			Blk *b = p->blks.v[i];
			for (int j = 0; j < b->ins.n; j++) {
				Ins *in = b->ins.v[j];
				if (in->dst.kind != V_TMP)
					continue;
				int d = in->dst.n;
				if (round && !inputs_changed(in, changed_at, seen_at[d]))
					continue;
				seen_at[d] = ++now;
				IrType t = join(ty[d], infer_one(ty, in), vimm(1));
				if (t != ty[d]) {
					ty[d] = t;
					changed_at[d] = ++now;
					changed = 1;
				}
			}
		}
	}
	arena_free(scratch);
	return ty;
}

/* ---- checks ---- */

const char *ir_ptr_alu_problem(const Ins *in, IrType ta, IrType tb)
{
	int pa = ir_type_is_ptr(ta), pb = ir_type_is_ptr(tb);
	if ((!pa && !pb) || ta == T_ANY || tb == T_ANY)
		return NULL;    /* no pointer, or one side may or may not be one */
	if (pa && pb)
		return in->sub == ALU_SUB ? NULL : "an operation on two pointers";
	if (in->w32)
		return "32-bit arithmetic on a pointer";
	if (in->sub != ALU_ADD && in->sub != ALU_SUB)
		return "an operation other than add or sub on a pointer";
	if (pb && in->sub == ALU_SUB)
		return "a pointer subtracted from a scalar";
	IrType pt = pa ? ta : tb;
	Val other = in->args[pa ? 1 : 0];
	if (pt == T_PKT_END)
		return "arithmetic on the packet-end pointer";
	if (pt == T_MAP && !(in->sub == ALU_ADD && other.kind == V_IMM && other.n == 0))
		return "arithmetic on a map pointer";
	return NULL;
}

static const char *mem_problem(const Ins *in, IrType base, const Ins *def)
{
	if (base == T_PKT_END || base == T_MAP)
		return "memory access through a pointer that allows none";
	if (in->op == I_ATOMIC && (base == T_CTX || base == T_PKT || base == T_PKT_META))
		return "an atomic operation on context or packet memory";
	if (base == T_CTX && def && def->op != I_PARAM)
		return "a dereference of a moved context pointer";
	return NULL;
}

/* The instruction that defines v, looking through copies. */
static const Ins *base_def(const Ins **def, Val v)
{
	const Ins *d = NULL;
	while (v.kind == V_TMP && (d = def[v.n]) && d->op == I_COPY)
		v = d->args[0];
	return d;
}

void ir_check_types(Arena *a, const IrProg *p)
{
	IrType *ty = ir_infer_types(a, p);
	const Ins **def = arena_alloc(a, sizeof *def * (size_t)(p->ntmp + 1));
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (in->dst.kind == V_TMP)
				def[in->dst.n] = in;
		}
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			const char *why = NULL;
			IrType t0 = in->nargs ? ir_val_type(ty, in->args[0]) : T_NONE;
			if (in->op == I_ALU)
				why = ir_ptr_alu_problem(in, t0, ir_val_type(ty, in->args[1]));
			else if (in->op == I_LOAD || in->op == I_STORE || in->op == I_ATOMIC)
				why = mem_problem(in, t0, base_def(def, in->args[0]));
			if (why) {
				static Buf s;   /* reachable at exit */
				ir_print_ins(&s, in);
				error_at(in->pos, "%s: %s, which the kernel verifier refuses: %s",
					 p->name, why, s.data);
			}
		}
	}
}
