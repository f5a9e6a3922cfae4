/* ir.c: the ssa/mir formats: construction helpers, the parser, the
 * canonical printer and the structural verifier. */
#include "ir.h"
#include "sexp.h"
#include <stdbool.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const IrOpInfo ir_op_info[I_COUNT] = {
#define X(op, name, defs, nargs) [I_##op] = {name, defs, nargs},
	IR_OPS(X)
#undef X
};

Ins *ir_new(Arena *a, IrOp op, Pos pos, int nargs)
{
	Ins *in = arena_alloc(a, sizeof *in);
	in->op = op;
	in->pos = pos;
	in->nargs = nargs;
	if (nargs)
		in->args = arena_alloc(a, sizeof(Val) * (size_t)nargs);
	if (op == I_PHI && nargs)
		in->blks = arena_alloc(a, sizeof(Blk *) * (size_t)nargs);
	else if (op == I_JMP || op == I_BR)
		in->blks = arena_alloc(a, sizeof(Blk *) * 2);
	return in;
}

const char *ir_blk_name(Arena *a, int n)
{
	char tmp[16], *s = tmp + sizeof tmp;
	unsigned k = (unsigned)n;
	do
		*--s = (char)('0' + k % 10);
	while (k /= 10);
	*--s = 'b';
	return arena_strndup(a, s, (size_t)(tmp + sizeof tmp - s));
}

Blk *ir_new_blk(Arena *a, IrProg *p, const char *name)
{
	Blk *b = arena_alloc(a, sizeof *b);
	b->name = name ? name : ir_blk_name(a, p->blks.n);
	b->id = p->blks.n;
	vec_push(a, &p->blks, b);
	return b;
}


void ir_fill_preds(Arena *a, IrProg *p)
{
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		b->id = i;
		b->preds.n = 0;
	}
	for (int i = 0; i < p->blks.n; i++) {
		Blk *s[2], *b = p->blks.v[i];
		int n = ir_succs(b, s);
		for (int j = 0; j < n; j++) {
			Vec *v = &s[j]->preds;
			if (v->n < v->cap)
				v->v[v->n++] = b;       /* the room of the last time */
			else
				vec_push(a, v, b);
		}
	}
}

int ir_operand_needs_reg(const Ins *in, int idx)
{
	switch (in->op) {
	case I_LOAD: case I_STORE: return idx == 0;
	case I_ATOMIC: return 1;
	default: return 0;
	}
}

int ir_has_effect(const Ins *in)
{
	switch (in->op) {
	case I_STORE: case I_ATOMIC: case I_CALL: case I_ASM: case I_JMP: case I_BR: case I_RET:
		return 1;
	default:
		return 0;
	}
}

static const char *raw_jump_problem(int code, int64_t dst, int64_t src, int64_t imm);

const char *ir_asm_problem(int64_t code, int64_t dst, int64_t src, int64_t off, int64_t imm)
{
	if (code < 0 || code > 255)
		return "the opcode must be 0-255";
	if (dst < 0 || dst > 10 || src < 0 || src > 10)
		return "registers must be 0-10";
	if (off < INT16_MIN || off > INT16_MAX)
		return "the offset must fit 16 bits (signed)";
	if (imm < INT32_MIN || imm > UINT32_MAX)
		return "the immediate must fit 32 bits";
	int cls = (int)code & 7, op = (int)code & 0xf0;
	if (code == (BC_LD | BM_IMM | BS_DW))
		return "ld_imm64 takes two instruction slots; write the constant as a value";
	if (cls == BC_LD)
		return "legacy packet loads (class ld) are not supported; use load";
	if (cls == BC_JMP && op == BJ_EXIT)
		return NULL;
	if (cls == BC_JMP && op == BJ_CALL)
		return src == 0 || src == 2 ? NULL :
			"a bpf-to-bpf call needs a target the asm form cannot name";
	if (cls == BC_JMP || cls == BC_JMP32)
		return raw_jump_problem((int)code, dst, src, imm);
	int mode = (int)code & 0xe0;
	if ((cls == BC_LDX || cls == BC_ST) && mode != BM_MEM)
		return "a load or store must have the mode mem (0x60 in the opcode)";
	if (cls == BC_STX && mode != BM_MEM && mode != BM_ATOMIC)
		return "a store must have the mode mem (0x60) or atomic (0xc0) in the opcode";
	const BpfRefusal *r = bpf_refused(&(BpfInsn){(uint8_t)code, (uint8_t)(dst | src << 4),
						      (int16_t)off, (int32_t)(uint32_t)imm});
	if (r) {
		static char msg[160];
		snprintf(msg, sizeof msg, "the verifier refuses an instruction that %s", r->why);
		return msg;
	}
	return NULL;
}

/* A raw jump is one the asm text can write: `goto` (ja in class jmp,
 * every other field 0) or a comparison from the condition table, with
 * the source register 0 when it compares with the immediate and the
 * immediate 0 when it compares registers. */
static const char *raw_jump_problem(int code, int64_t dst, int64_t src, int64_t imm)
{
	int op = code & 0xf0;
	if (op == BJ_JA)
		return code == (BC_JMP | BJ_JA) && !dst && !src && !imm ? NULL :
			"a raw goto is opcode 0x05 with registers and immediate 0";
	int known = 0;
	for (int i = 0; i < CC_COUNT; i++)
		known |= cond_info[i].op == op;
	if (!known)
		return "unknown jump opcode";
	if (code & BSRC_X ? imm != 0 : src != 0)
		return "a raw comparison with a register has immediate 0, one with an "
		       "immediate has source register 0";
	return NULL;
}

int ir_is_raw_jump(const Ins *in)
{
	int cls = in->raw.code & 7, op = in->raw.code & 0xf0;
	return in->op == I_ASM && (cls == BC_JMP || cls == BC_JMP32) && op != BJ_CALL &&
	       op != BJ_EXIT;
}

const char *ir_raw_jump_target(const Blk *b, int j)
{
	const Ins *in = b->ins.v[j];
	if (!ir_is_raw_jump(in))
		return NULL;
	int start = j, end = j + 1;
	while (start > 0 && ((Ins *)b->ins.v[start - 1])->op == I_ASM)
		start--;
	while (end < b->ins.n && ((Ins *)b->ins.v[end])->op == I_ASM)
		end++;
	long target = (long)j + 1 + in->raw.off;
	if (target >= start && target < end)
		return NULL;
	if (target == end && end < b->ins.n)
		return NULL;    /* just after the run, onto the code that follows */
	return "a raw jump must land inside its run of consecutive asm "
	       "instructions or just after it (a raw exit ends a run)";
}

/* ---- printer ---- */

static void print_val(Buf *o, Val v)
{
	switch (v.kind) {
	case V_TMP: buf_putc(o, '%'); buf_put_int(o, (long long)v.n); break;
	case V_REG: buf_putc(o, 'r'); buf_put_int(o, (long long)v.n); break;
	case V_IMM: buf_put_int(o, (long long)v.n); break;
	case V_NONE: buf_puts(o, "?"); break;
	}
}

static const char *wname(int bytes)
{
	int i = width_index(bytes);
	return i < 0 ? "u?" : width_info[i].name;
}

/* types: per tmp, to annotate definitions (ssa), or NULL; a value nothing
 * gives a type (a cycle of phis only) is printed without one */
static void print_ins(Buf *o, const Ins *in, const IrType *types)
{
	if (in->dst.kind != V_NONE) {
		print_val(o, in->dst);
		if (types && in->dst.kind == V_TMP && types[in->dst.n] != T_NONE) {
			buf_putc(o, ':');
			buf_puts(o, ir_type_info[types[in->dst.n]].name);
		}
		buf_puts(o, " = ");
	}
	if (in->op == I_ALU) {
		buf_puts(o, alu_info[in->sub].name);
		if (in->w32)
			buf_puts(o, ".w");
	} else
		buf_puts(o, ir_op_info[in->op].name);
	switch (in->op) {
	case I_CMP: case I_BR:
		buf_putc(o, ' ');
		buf_puts(o, cond_info[in->sub].name);
		break;
	case I_LOAD: case I_STORE: case I_ATOMIC: case I_ZEXT: case I_BSWAP:
		buf_putc(o, ' ');
		buf_puts(o, wname(in->width));
		break;
	case I_SLOT: case I_FRAME:
		buf_putc(o, ' ');
		buf_put_int(o, (long long)in->off);
		break;
	case I_MAPREF: case I_CALL:
		buf_putc(o, ' ');
		buf_puts(o, in->name);
		break;
	case I_CORE:
		buf_printf(o, " %s %s %s %lld", in->core->kind->name, in->core->type,
			   in->core->member, (long long)in->off);
		break;
	case I_ASM:
		buf_printf(o, " 0x%02x %d %d %d %d", in->raw.code, in->raw.regs & 15,
			   in->raw.regs >> 4, in->raw.off, in->raw.imm);
		break;
	default:
		break;
	}
	for (int i = 0; i < in->nargs; i++) {
		buf_puts(o, i ? ", " : " ");
		if (in->op == I_PHI) {
			buf_putc(o, '@');
			buf_puts(o, in->blks[i]->name);
			buf_putc(o, ' ');
		}
		print_val(o, in->args[i]);
		if (i == 0 && (in->op == I_LOAD || in->op == I_STORE || in->op == I_ATOMIC)) {
			buf_puts(o, ", ");
			buf_put_int(o, (long long)in->off);
		}
	}
	for (int i = 0; i < (in->op == I_JMP ? 1 : in->op == I_BR ? 2 : 0); i++) {
		buf_puts(o, in->op == I_BR ? ", @" : " @");
		buf_puts(o, in->blks[i]->name);
	}
}

void ir_print_ins(Buf *o, const Ins *in) { print_ins(o, in, NULL); }

/* The declarations: the asm format's (asm_print_decls). */
static AsmUnit decls_of(const IrUnit *u)
{
	return (AsmUnit){.file = u->file, .license = u->license, .output = u->output,
			 .maps = u->maps, .structs = u->structs, .kstructs = u->kstructs};
}

void ir_print(Buf *o, const IrUnit *u)
{
	buf_puts(o, u->mir ? "#!mir\n" : "#!ssa\n");
	AsmUnit d = decls_of(u);
	asm_print_decls(o, &d);
	for (int i = 0; i < u->progs.n; i++) {
		IrProg *p = u->progs.v[i];
		asm_print_prog_line(o, p->name, p->type, p->section, p->pos);
		if (u->mir)
			buf_printf(o, ".stack %d\n", p->stack);
		Arena *ta = arena_new();
		const IrType *types = u->mir ? NULL : ir_infer_types(ta, p);
		Pos cur = {0, 0};
		for (int j = 0; j < p->blks.n; j++) {
			Blk *b = p->blks.v[j];
			buf_putc(o, '@');
			buf_puts(o, b->name);
			buf_putc(o, '\n');
			for (int k = 0; k < b->ins.n; k++) {
				Ins *in = b->ins.v[k];
				if (in->pos.line > 0 &&
				    (in->pos.line != cur.line || in->pos.col != cur.col)) {
					buf_puts(o, "\t.loc ");
					buf_put_int(o, in->pos.line);
					buf_putc(o, ':');
					buf_put_int(o, in->pos.col);
					buf_putc(o, '\n');
					cur = in->pos;
				}
				buf_putc(o, '\t');
				print_ins(o, in, types);
				buf_putc(o, '\n');
			}
		}
		arena_free(ta);
	}
}

/* ---- parser ---- */

typedef struct {
	Arena *a;
	int mir;
	int line;
	const char *p;          /* cursor in the current line */
	const char *lstart;
	IrProg *prog;
	Blk *blk;
	Pos loc;
	Vec pending;            /* Ins* with unresolved block names */
	Vec pending_names;      /* const char** per pending ins */
	Vec annots;             /* Annot*: types written on definitions */
	Blk **by_name;          /* the current prog's blocks, hashed by name */
	size_t name_cap;        /* a power of two, or 0 */
	const AsmUnit *decls;   /* the declarations read so far */
} Parser;

static Pos here(Parser *ps) { return (Pos){ps->line, (int)(ps->p - ps->lstart) + 1}; }

static void skip_ws(Parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == ',')
		ps->p++;
}

static int at_eol(Parser *ps)
{
	skip_ws(ps);
	return *ps->p == '\n' || *ps->p == 0;
}

/* The characters that end a word: the end of the text, white space (as
 * isspace), ',', '=' and '"'. */
static const bool ends_word[256] = {
	[0] = 1, [' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1,
	[','] = 1, ['='] = 1, ['"'] = 1,
};

/* A word: letters, digits, and _-.#:@%$ */
static const char *word(Parser *ps, const char *what)
{
	skip_ws(ps);
	const char *s = ps->p;
	while (!ends_word[(unsigned char)*ps->p])
		ps->p++;
	if (ps->p == s)
		error_at(here(ps), "expected %s", what);
	return arena_strndup(ps->a, s, (size_t)(ps->p - s));
}

static void expect(Parser *ps, char c)
{
	skip_ws(ps);
	if (*ps->p != c)
		error_at(here(ps), "expected '%c'", c);
	ps->p++;
}

static int64_t integer(Parser *ps, const char *what)
{
	skip_ws(ps);
	Pos at = here(ps);
	char *end;
	long long v = 0;
	const char *d = ps->p + (*ps->p == '-');
	int n = 0;
	while (d[n] >= '0' && d[n] <= '9' && n < 19)
		n++;
	if (n > 0 && n < 19 && !(d[n] >= '0' && d[n] <= '9')) {
		/* up to 18 digits: no overflow, no strtoll */
		for (int k = 0; k < n; k++)
			v = v * 10 + (d[k] - '0');
		if (*ps->p == '-')
			v = -v;
		end = (char *)d + n;
	} else {
		errno = 0;
		v = strtoll(ps->p, &end, 10);
		if (end == ps->p || errno)
			error_at(at, "expected %s (an integer)", what);
	}
	if (*end && !isspace((unsigned char)*end) && *end != ',' && *end != ':')
		error_at(at, "expected %s (an integer)", what);
	ps->p = end;
	return v;
}

static Val value(Parser *ps)
{
	skip_ws(ps);
	Pos at = here(ps);
	if (*ps->p == '%') {
		if (ps->mir)
			error_at(at, "virtual register in mir input");
		ps->p++;
		int64_t n = integer(ps, "a register number");
		if (n < 0 || n > 1000000)
			error_at(at, "register number out of range");
		if (n >= ps->prog->ntmp)
			ps->prog->ntmp = (int)n + 1;
		return vtmp((int)n);
	}
	if (*ps->p == 'r' && isdigit((unsigned char)ps->p[1])) {
		if (!ps->mir)
			error_at(at, "physical register in ssa input");
		ps->p++;
		int64_t n = integer(ps, "a register number");
		if (n < 0 || n > 10)
			error_at(at, "no register r%lld (r0-r10)", (long long)n);
		return vreg((int)n);
	}
	return vimm(integer(ps, "a value"));
}

static int width_arg(Parser *ps)
{
	Pos at = here(ps);
	const char *w = word(ps, "a width");
	int bytes = width_from_name(w);
	if (!bytes)
		error_at(at, "unknown width '%s'", w);
	return bytes;
}

static int cond_arg(Parser *ps)
{
	Pos at = here(ps);
	const char *c = word(ps, "a condition");
	for (int i = 0; i < CC_COUNT; i++)
		if (!strcmp(cond_info[i].name, c))
			return i;
	error_at(at, "unknown condition '%s'", c);
}

/* core KIND STRUCT MEMBER VALUE: the value must be what the declaration
 * of the member gives (asm_core_value). */
static void core_value(Parser *ps, Ins *in)
{
	Pos at = here(ps);
	AsmCore *c = arena_alloc(ps->a, sizeof *c);
	const char *kind = word(ps, "a CO-RE relocation kind");
	c->kind = core_kind_by_name(kind);
	if (!c->kind || !c->kind->field)
		error_at(at, "unknown CO-RE field relocation '%s' (byte_off, byte_sz, "
			 "field_exists, signed, lshift_u64, rshift_u64)", kind);
	c->type = word(ps, "a kernel struct name");
	c->member = word(ps, "a member name");
	int64_t want;
	const char *why = asm_core_value(ps->a, ps->decls, c, &want);
	if (why)
		error_at(at, "%s", why);
	Pos vat = here(ps);
	in->off = integer(ps, "the value");
	if (in->off != want)
		error_at(vat, "%s of %s.%s is %lld, not %lld", c->kind->name, c->type,
			 c->member, (long long)want, (long long)in->off);
	in->core = c;
}

/* asm CODE DST SRC OFF IMM: the opcode in hex (0x85) or decimal. */
static void raw_insn(Parser *ps, BpfInsn *raw)
{
	skip_ws(ps);
	Pos at = here(ps);
	int64_t f[5];
	if (ps->p[0] == '0' && (ps->p[1] == 'x' || ps->p[1] == 'X')) {
		char *end;
		errno = 0;
		f[0] = strtoll(ps->p + 2, &end, 16);
		if (end == ps->p + 2 || errno || (*end && !isspace((unsigned char)*end)))
			error_at(at, "expected an opcode");
		ps->p = end;
	} else {
		f[0] = integer(ps, "an opcode");
	}
	static const char *const what[] = {"", "a destination register",
		"a source register", "an offset", "an immediate"};
	for (int i = 1; i < 5; i++)
		f[i] = integer(ps, what[i]);
	const char *why = ir_asm_problem(f[0], f[1], f[2], f[3], f[4]);
	if (why)
		error_at(at, "asm: %s", why);
	raw->code = (uint8_t)f[0];
	raw->regs = (uint8_t)(f[1] | f[2] << 4);
	raw->off = (int16_t)f[3];
	raw->imm = (int32_t)(uint32_t)f[4];
}

static void block_ref(Parser *ps, Ins *in)
{
	skip_ws(ps);
	if (*ps->p != '@')
		error_at(here(ps), "expected a block name (@name)");
	ps->p++;
	const char *name = word(ps, "a block name");
	vec_push(ps->a, &ps->pending, in);
	vec_push(ps->a, &ps->pending_names, (void *)name);
}

/* `%N:TYPE =`: checked against the inference once the program is read.
 * On a load from the context, a packet type (pkt, pkt_end, pkt_meta) is
 * also the fact itself: the instruction's `packet`. */
typedef struct {
	IrProg *prog;
	int tmp;
	IrType type;
	Pos at;
} Annot;

static IrType annotation(Parser *ps, Val dst)
{
	Pos at = here(ps);
	ps->p++;
	if (ps->mir)
		error_at(at, "a type on a register in mir input");
	const char *name = word(ps, "a type");
	Annot *an = arena_alloc(ps->a, sizeof *an);
	*an = (Annot){ps->prog, (int)dst.n, ir_type_by_name(name), at};
	if (an->type == T_NONE)
		error_at(at, "unknown type '%s'", name);
	vec_push(ps->a, &ps->annots, an);
	return an->type;
}

static void check_annots(Parser *ps)
{
	IrProg *p = NULL;
	IrType *ty = NULL;
	for (int i = 0; i < ps->annots.n; i++) {
		Annot *an = ps->annots.v[i];
		if (an->prog != p) {
			p = an->prog;
			ty = ir_infer_types(ps->a, p);
		}
		if (ty[an->tmp] != an->type)
			error_at(an->at, "%%%d is written as %s but its definition makes it %s",
				 an->tmp, ir_type_info[an->type].name,
				 ir_type_info[ty[an->tmp]].name);
	}
}

static Ins *parse_ins(Parser *ps)
{
	Pos at = here(ps);
	Val dst = {V_NONE, 0};
	IrType annotated = T_NONE;
	const char *save = ps->p;
	skip_ws(ps);
	if (*ps->p == '%' || (*ps->p == 'r' && isdigit((unsigned char)ps->p[1]))) {
		dst = value(ps);
		if (*ps->p == ':')
			annotated = annotation(ps, dst);
		expect(ps, '=');
	} else {
		ps->p = save;
	}
	skip_ws(ps);
	Pos opat = here(ps);
	const char *m = word(ps, "an instruction");
	IrOp op = I_COUNT;
	int sub = 0, w32 = 0;
	for (int i = 0; i < I_COUNT && op == I_COUNT; i++)
		if (ir_op_info[i].name[0] == m[0] && !strcmp(ir_op_info[i].name, m))
			op = (IrOp)i;
	if (op == I_COUNT) {
		size_t n = strlen(m);
		if (n > 2 && !strcmp(m + n - 2, ".w")) {
			w32 = 1;
			n -= 2;
		}
		for (int i = 0; i < ALU_COUNT; i++)
			if (strlen(alu_info[i].name) == n && !strncmp(alu_info[i].name, m, n)) {
				op = I_ALU;
				sub = i;
			}
	}
	if (op == I_COUNT)
		error_at(opat, "unknown instruction '%s'", m);
	if (ir_op_info[op].defines && dst.kind == V_NONE && op != I_CALL)
		error_at(at, "'%s' needs a destination", m);
	if (!ir_op_info[op].defines && dst.kind != V_NONE)
		error_at(at, "'%s' defines no value", m);
	if (ps->mir && (op == I_PHI || op == I_SLOT))
		error_at(opat, "'%s' is not allowed in mir", m);
	if (!ps->mir && op == I_FRAME)
		error_at(opat, "'frame' is only allowed in mir");

	Val args[64];
	int nargs = 0;
	Ins tmp = {0};
	tmp.op = op;
	tmp.sub = sub;
	tmp.w32 = w32;
	switch (op) {
	case I_CMP: case I_BR:
		tmp.sub = cond_arg(ps);
		break;
	case I_LOAD: case I_STORE: case I_ATOMIC: case I_ZEXT: case I_BSWAP:
		tmp.width = width_arg(ps);
		if (op == I_ATOMIC && !BPF_ATOMIC_WIDTH_OK(tmp.width))
			error_at(opat, "atomic_add of %d bytes: BPF atomics are 4 or 8 bytes",
				 tmp.width);
		break;
	case I_SLOT:
		tmp.off = integer(ps, "a size");
		if (tmp.off <= 0 || tmp.off > BPF_STACK_LIMIT)
			error_at(at, "slot size out of range");
		break;
	case I_FRAME:
		tmp.off = integer(ps, "a frame offset");
		break;
	case I_MAPREF: case I_CALL:
		tmp.name = intern(word(ps, op == I_CALL ? "a helper name" : "a map name"));
		break;
	case I_ASM:
		raw_insn(ps, &tmp.raw);
		break;
	case I_CORE:
		core_value(ps, &tmp);
		break;
	default:
		break;
	}
	const char *phinames[64];
	if (op == I_PHI) {
		while (!at_eol(ps)) {
			if (nargs == 64)
				error_at(at, "too many phi operands");
			expect(ps, '@');
			phinames[nargs] = word(ps, "a block name");
			args[nargs++] = value(ps);
		}
	} else if (op == I_JMP) {
		/* target parsed below */
	} else {
		int fixed = ir_op_info[op].nargs;
		while (!at_eol(ps) && *ps->p != '@') {
			if (nargs == 64)
				error_at(at, "too many operands");
			args[nargs++] = value(ps);
			if (nargs == 1 && (op == I_LOAD || op == I_STORE || op == I_ATOMIC))
				tmp.off = integer(ps, "an offset");
			if (fixed >= 0 && nargs == fixed)
				break;
		}
		if (fixed >= 0 && nargs != fixed)
			error_at(at, "'%s' takes %d operand%s", m, fixed, fixed == 1 ? "" : "s");
		if (op == I_CALL && nargs > 5)
			error_at(at, "a helper call takes at most 5 arguments");
	}
	Ins *in = ir_new(ps->a, op, ps->loc, nargs);
	in->dst = dst;
	in->sub = tmp.sub;
	in->w32 = tmp.w32;
	in->width = tmp.width;
	in->off = tmp.off;
	in->name = tmp.name;
	if (op == I_LOAD && annotated != T_NONE)
		in->packet = ctx_ptr_kind(ir_type_info[annotated].name);
	in->raw = tmp.raw;
	in->core = tmp.core;
	if (nargs)
		memcpy(in->args, args, sizeof(Val) * (size_t)nargs);
	if (op == I_PHI)
		for (int i = 0; i < nargs; i++) {
			vec_push(ps->a, &ps->pending, in);
			vec_push(ps->a, &ps->pending_names, (void *)phinames[i]);
		}
	if (op == I_JMP)
		block_ref(ps, in);
	if (op == I_BR) {
		block_ref(ps, in);
		block_ref(ps, in);
	}
	if (!at_eol(ps))
		error_at(here(ps), "unexpected text after the instruction");
	return in;
}

static size_t name_hash(const char *s)
{
	size_t h = 5381;
	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* The slot of block `name` in ps->by_name: its block, or an empty slot. */
static Blk **block_slot(Parser *ps, const char *name)
{
	size_t mask = ps->name_cap - 1;
	for (size_t i = name_hash(name) & mask;; i = (i + 1) & mask)
		if (!ps->by_name[i] || !strcmp(ps->by_name[i]->name, name))
			return &ps->by_name[i];
}

static Blk *find_block(Parser *ps, const char *name)
{
	return ps->name_cap ? *block_slot(ps, name) : NULL;
}

static void add_block(Parser *ps, Blk *b)
{
	if (2 * (size_t)ps->prog->blks.n > ps->name_cap) {
		size_t cap = ps->name_cap ? 2 * ps->name_cap : 64;
		ps->by_name = arena_alloc(ps->a, sizeof(Blk *) * cap);
		ps->name_cap = cap;
		for (int j = 0; j < ps->prog->blks.n; j++) {
			Blk *x = ps->prog->blks.v[j];
			*block_slot(ps, x->name) = x;
		}
	} else {
		*block_slot(ps, b->name) = b;
	}
}

static void resolve_blocks(Parser *ps)
{
	/* Pending entries in order: per ins, its block refs in slot order. */
	Ins *last = NULL;
	int slot = 0;
	for (int i = 0; i < ps->pending.n; i++) {
		Ins *in = ps->pending.v[i];
		const char *name = ps->pending_names.v[i];
		slot = in == last ? slot + 1 : 0;
		last = in;
		Blk *found = find_block(ps, name);
		if (!found)
			error_at(in->pos, "undefined block @%s in .prog %s", name, ps->prog->name);
		in->blks[slot] = found;
	}
	ps->pending.n = ps->pending_names.n = 0;
}

IrUnit *ir_parse(Arena *a, const char *text, int mir)
{
	IrUnit *u = arena_alloc(a, sizeof *u);
	u->mir = mir;
	const char *hdr = mir ? "#!mir" : "#!ssa";
	size_t hl = strcspn(text, "\n");
	if (hl != strlen(hdr) || strncmp(text, hdr, hl)) {
		if (!strncmp(text, "#!", 2))
			error_at((Pos){1, 1}, "expected %s input, got %.*s", hdr,
				 (int)(hl > 20 ? 20 : hl), text);
		error_at((Pos){1, 1}, "expected %s input, got no format header", hdr);
	}
	Parser ps = {.a = a, .mir = mir, .line = 1};
	AsmUnit decls = {0};    /* .file, .license, .map, .struct: asm's */
	ps.decls = &decls;
	const char *line = text;
	for (;;) {
		const char *nl = strchr(line, '\n');
		if (!nl)
			nl = line + strlen(line);
		if (ps.line > 1 && nl > line) {
			ps.p = ps.lstart = line;
			AsmProg *hdr;
			if (line[0] == '.' &&
			    asm_parse_decl(a, &decls, ps.prog != NULL, line, nl, ps.line, &hdr)) {
				if (hdr) {
					if (ps.prog)
						resolve_blocks(&ps);
					IrProg *p = arena_alloc(a, sizeof *p);
					p->name = hdr->name;
					p->type = hdr->type;
					p->section = hdr->section;
					p->pos = hdr->pos;
					vec_push(a, &u->progs, p);
					ps.prog = p;
					ps.by_name = NULL;
					ps.name_cap = 0;
					ps.blk = NULL;
					ps.loc = (Pos){0, 0};
				}
			} else if (line[0] == '.') {
				const char *d = word(&ps, "a directive");
				if (!strcmp(d, ".stack") && mir && ps.prog) {
					int64_t n = integer(&ps, "a frame size");
					if (n < 0 || n > BPF_STACK_LIMIT)
						error_at(here(&ps), "frame size out of range");
					ps.prog->stack = (int)n;
				} else {
					error_at((Pos){ps.line, 1}, "unknown directive '%s'", d);
				}
				if (!at_eol(&ps))
					error_at(here(&ps), "unexpected text after %s", d);
			} else if (line[0] == '@') {
				if (!ps.prog)
					error_at(here(&ps), "block outside a .prog");
				ps.p++;
				const char *name = word(&ps, "a block name");
				if (find_block(&ps, name))
					error_at((Pos){ps.line, 1}, "block @%s defined twice", name);
				ps.blk = ir_new_blk(a, ps.prog, name);
				add_block(&ps, ps.blk);
				if (!at_eol(&ps))
					error_at(here(&ps), "unexpected text after the block name");
			} else if (line[0] == '\t') {
				ps.p++;
				if (!ps.blk)
					error_at(here(&ps), "instruction outside a block");
				if (!strncmp(ps.p, ".loc ", 5)) {
					ps.p += 5;
					Pos l;
					l.line = (int)integer(&ps, "a line");
					expect(&ps, ':');
					l.col = (int)integer(&ps, "a column");
					ps.loc = l;
					if (!at_eol(&ps))
						error_at(here(&ps), "unexpected text after .loc");
				} else {
					Ins *in = parse_ins(&ps);
					if (ir_term(ps.blk))
						error_at((Pos){ps.line, 1}, "instruction after the end of block @%s",
							 ps.blk->name);
					vec_push(a, &ps.blk->ins, in);
				}
			} else if (line[0] != '#') {
				error_at((Pos){ps.line, 1}, "cannot parse this line");
			}
		}
		if (!*nl)
			break;
		line = nl + 1;
		ps.line++;
	}
	if (ps.prog)
		resolve_blocks(&ps);
	u->file = decls.file;
	u->license = decls.license;
	u->output = decls.output;
	u->maps = decls.maps;
	u->structs = decls.structs;
	u->kstructs = decls.kstructs;
	for (int i = 0; i < u->progs.n; i++)
		ir_fill_preds(a, u->progs.v[i]);
	check_annots(&ps);
	return u;
}

/* ---- verifier ---- */

void ir_verify(const IrProg *p, int mir)
{
	Pos none = {0, 0};
	/* kept between calls (and reachable at exit, even when a check
	 * below exits with an error) */
	static char *defined;
	static size_t cap;
	size_t need = (size_t)p->ntmp + 1;
	if (need > cap) {
		char *d = realloc(defined, need);
		if (!d)
			fatal("out of memory");
		defined = d;
		cap = need;
	}
	memset(defined, 0, need);
	if (!p->blks.n)
		error_at(p->pos, "program %s has no blocks", p->name);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		if (!ir_term(b))
			error_at(p->pos, "%s: block @%s does not end in jmp, br, ret or an exit",
				 p->name, b->name);
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			if (j < b->ins.n - 1 && ir_is_term(in))
				error_at(in->pos, "%s: terminator in the middle of @%s", p->name, b->name);
			if (in->op == I_PHI) {
				if (mir)
					error_at(in->pos, "phi in mir");
				if (in->nargs != b->preds.n)
					error_at(in->pos, "%s: phi in @%s has %d operands for %d "
						 "predecessors", p->name, b->name, in->nargs, b->preds.n);
				for (int k = 0; k < in->nargs; k++) {
					int ok = 0;
					for (int q = 0; q < b->preds.n; q++)
						ok |= b->preds.v[q] == in->blks[k];
					if (!ok)
						error_at(in->pos, "%s: phi in @%s names @%s, which is "
							 "not a predecessor", p->name, b->name,
							 in->blks[k]->name);
				}
			}
			if (in->dst.kind == V_TMP) {
				if (defined[in->dst.n])
					error_at(in->pos, "%s: %%%lld is defined twice", p->name,
						 (long long)in->dst.n);
				defined[in->dst.n] = 1;
			}
			if (in->dst.kind == V_REG && in->dst.n == BPF_REG_FP)
				error_at(in->pos, "%s: r10 is read-only", p->name);
			const char *why = ir_raw_jump_target(b, j);
			if (why)
				error_at(in->pos, "%s: asm in @%s: %s", p->name, b->name, why);
		}
	}
	/* every used tmp is defined somewhere */
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			for (int k = 0; k < in->nargs; k++)
				if (in->args[k].kind == V_TMP && !defined[in->args[k].n])
					error_at(in->pos.line ? in->pos : none,
						 "%s: %%%lld is used but never defined", p->name,
						 (long long)in->args[k].n);
		}
	}
}
