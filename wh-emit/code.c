/* code.c: the selected lines as the rest of wh-emit sees them — making
 * instructions and labels, what kind of instruction a line is, which
 * registers it reads and writes (explicitly in its operands, or
 * implicitly: a helper call reads its arguments and clobbers r0-r5, exit
 * reads r0), and dropping lines from a program. */
#include "emit.h"
#include <string.h>

AsmLine *insn_new(Arena *a, Pos pos, uint8_t code, int dst, int src, int off, int32_t imm)
{
	AsmLine *l = arena_alloc(a, sizeof *l);
	l->kind = AL_INSN;
	l->pos = pos;
	l->in.code = code;
	l->in.regs = (uint8_t)((dst & 15) | ((src & 15) << 4));
	l->in.off = (int16_t)off;
	l->in.imm = imm;
	return l;
}

AsmLine *label_new(Arena *a, Pos pos, const char *name)
{
	AsmLine *l = arena_alloc(a, sizeof *l);
	l->kind = AL_LABEL;
	l->pos = pos;
	l->label = name;
	return l;
}

/* Raw instructions (from the mir's `asm`) are kept exactly as written:
 * no peephole deletes or rewrites one (block placement may move one with
 * its block). An instruction line has no
 * use for its label field, which marks them. (Only dead code removal
 * drops one: the verifier refuses instructions nothing reaches.) */
const char raw_mark[] = "(raw)";
void mark_raw(AsmLine *l) { l->label = raw_mark; }

void set_dst(AsmLine *l, int r) { l->in.regs = (uint8_t)((l->in.regs & 0xf0) | (r & 15)); }
void set_src(AsmLine *l, int r) { l->in.regs = (uint8_t)((l->in.regs & 0x0f) | ((r & 15) << 4)); }

static int cls(const AsmLine *l) { return l->in.code & 7; }
static int op(const AsmLine *l) { return l->in.code & 0xf0; }

int is_mov(const AsmLine *l)
{
	return l->kind == AL_INSN && (cls(l) == BC_ALU64 || cls(l) == BC_ALU) && op(l) == BA_MOV;
}

int mem_base(const AsmLine *l)
{
	if (l->kind != AL_INSN)
		return -1;
	switch (cls(l)) {
	case BC_LDX: return insn_src(l);
	case BC_ST: case BC_STX: return insn_dst(l);
	default: return -1;
	}
}

/* Whether the program holds a jump wh-emit did not select: raw code
 * whose offsets count instructions, which no peephole may move. */
int has_raw_jump(const Vec *lines)
{
	for (int i = 0; i < lines->n; i++) {
		const AsmLine *l = lines->v[i];
		if ((is_cond(l) || is_goto(l)) && !l->target)
			return 1;
		if (is_call(l) && insn_src(l) != 0)     /* bpf-to-bpf or kfunc call */
			return 1;
	}
	return 0;
}

static RegSet call_args(const AsmLine *l)
{
	const HelperInfo *h = helper_by_id(l->in.imm);
	int n = h ? h->nargs : 5;
	RegSet s = 0;
	for (int r = 1; r <= n; r++)
		s |= REGBIT(r);
	return s;
}

enum { CALL_CLOBBERS = 0x3f };  /* r0-r5 */

RegSet insn_reads(const AsmLine *l)
{
	if (l->kind != AL_INSN)
		return 0;
	int d = insn_dst(l), s = insn_src(l), x = l->in.code & BSRC_X;
	switch (cls(l)) {
	case BC_ALU: case BC_ALU64:
		if (op(l) == BA_MOV)
			return x ? REGBIT(s) : 0;
		if (op(l) == BA_NEG || op(l) == BA_END)
			return REGBIT(d);
		return REGBIT(d) | (x ? REGBIT(s) : 0);
	case BC_LD: return 0;
	case BC_LDX: return REGBIT(s);
	case BC_ST: return REGBIT(d);
	case BC_STX: {
		RegSet r = REGBIT(d) | REGBIT(s);
		if ((l->in.code & 0xe0) == BM_ATOMIC && l->in.imm == (0xf0 | BATOMIC_FETCH))
			r |= REGBIT(0);         /* cmpxchg compares with r0 */
		return r;
	}
	case BC_JMP: case BC_JMP32:
		switch (op(l)) {
		case BJ_JA: return 0;
		case BJ_EXIT: return REGBIT(0);
		case BJ_CALL: return call_args(l);
		default: return REGBIT(d) | (x ? REGBIT(s) : 0);
		}
	}
	return 0;
}

RegSet insn_writes(const AsmLine *l)
{
	if (l->kind != AL_INSN)
		return 0;
	switch (cls(l)) {
	case BC_ALU: case BC_ALU64: case BC_LD: case BC_LDX:
		return REGBIT(insn_dst(l));
	case BC_STX:
		if ((l->in.code & 0xe0) != BM_ATOMIC)
			return 0;
		if (l->in.imm == (0xf0 | BATOMIC_FETCH))
			return REGBIT(0);
		return l->in.imm & BATOMIC_FETCH ? REGBIT(insn_src(l)) : 0;
	case BC_JMP: case BC_JMP32:
		return op(l) == BJ_CALL ? CALL_CLOBBERS : 0;
	}
	return 0;
}

/* How an instruction uses its two register fields: named (F_DST,
 * F_SRC), read (..._R), written (..._W). */
enum {
	F_DST = 1, F_DST_R = 2, F_DST_W = 4,
	F_SRC = 8, F_SRC_R = 16, F_SRC_W = 32,
};

static int reg_fields(const AsmLine *l)
{
	if (l->kind != AL_INSN)
		return 0;
	int x = l->in.code & BSRC_X ? F_SRC | F_SRC_R : 0;
	switch (cls(l)) {
	case BC_ALU: case BC_ALU64:
		if (op(l) == BA_MOV)
			return F_DST | F_DST_W | x;
		if (op(l) == BA_NEG || op(l) == BA_END)
			return F_DST | F_DST_R | F_DST_W;
		return F_DST | F_DST_R | F_DST_W | x;
	case BC_LD: return F_DST | F_DST_W;
	case BC_LDX: return F_DST | F_DST_W | F_SRC | F_SRC_R;
	case BC_ST: return F_DST | F_DST_R;
	case BC_STX:
		if ((l->in.code & 0xe0) == BM_ATOMIC && (l->in.imm & BATOMIC_FETCH))
			return F_DST | F_DST_R | F_SRC | F_SRC_R | F_SRC_W;
		return F_DST | F_DST_R | F_SRC | F_SRC_R;
	case BC_JMP: case BC_JMP32:
		if (op(l) == BJ_JA || op(l) == BJ_EXIT || op(l) == BJ_CALL)
			return 0;
		return F_DST | F_DST_R | (x ? F_SRC | F_SRC_R : 0);
	}
	return 0;
}

static int plain_field(int f, int named, int read, int written)
{
	return (f & named) && (f & read) && !(f & written);
}

RegSet insn_plain_reads(const AsmLine *l)
{
	int f = reg_fields(l);
	RegSet plain = 0, fields = 0, other;
	if (f & F_DST_R)
		fields |= REGBIT(insn_dst(l));
	if (f & F_SRC_R)
		fields |= REGBIT(insn_src(l));
	if (plain_field(f, F_DST, F_DST_R, F_DST_W))
		plain |= REGBIT(insn_dst(l));
	if (plain_field(f, F_SRC, F_SRC_R, F_SRC_W))
		plain |= REGBIT(insn_src(l));
	/* read another way too: a read-modify-write field, or implicitly */
	other = insn_reads(l) & (RegSet)~fields;
	if ((f & F_DST_R) && (f & F_DST_W))
		other |= REGBIT(insn_dst(l));
	if ((f & F_SRC_R) && (f & F_SRC_W))
		other |= REGBIT(insn_src(l));
	return plain & (RegSet)~other;
}

void rename_reads(AsmLine *l, int from, int to)
{
	int f = reg_fields(l);
	if (plain_field(f, F_DST, F_DST_R, F_DST_W) && insn_dst(l) == from)
		set_dst(l, to);
	if (plain_field(f, F_SRC, F_SRC_R, F_SRC_W) && insn_src(l) == from)
		set_src(l, to);
}

void rename_all(AsmLine *l, int from, int to)
{
	int f = reg_fields(l);
	if ((f & F_DST) && insn_dst(l) == from)
		set_dst(l, to);
	if ((f & F_SRC) && insn_src(l) == from)
		set_src(l, to);
}

int reads_low_only(const AsmLine *m, int x)
{
	if (!(insn_reads(m) & REGBIT(x)))
		return 1;
	if (is_raw(m))
		return 0;
	uint8_t c = m->in.code;
	switch (c & 7) {
	case BC_STX:    /* the stored value of a narrow store, not its base */
		return (c & 0xe0) == BM_MEM && (c & 0x18) != BS_DW &&
		       insn_dst(m) != x && insn_src(m) == x;
	case BC_ALU:
		return (c & 0xf0) != BA_END || m->in.imm <= 32;
	case BC_JMP32:
		return 1;
	default:
		return 0;
	}
}

/* Only its register result matters: deleting it when the result is
 * dead changes nothing. */
int is_pure(const AsmLine *l)
{
	if (l->kind != AL_INSN || is_raw(l))
		return 0;
	switch (cls(l)) {
	case BC_ALU: case BC_ALU64: case BC_LD: case BC_LDX:
		return 1;
	}
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int same_insn(const AsmLine *a, const AsmLine *b)
{
	return a->kind == AL_INSN && b->kind == AL_INSN &&
	       a->in.code == b->in.code && a->in.regs == b->in.regs &&
	       a->in.off == b->in.off && a->in.imm == b->in.imm &&
	       a->imm64 == b->imm64 && same_str(a->sym, b->sym) &&
	       same_str(a->target, b->target) && a->core == b->core;
}

int fits16(int64_t v) { return v >= INT16_MIN && v <= INT16_MAX; }
int fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

void drop_lines(Arena *a, AsmProg *p, const char *dead)
{
	Vec out = {arena_alloc(a, sizeof(void *) * (size_t)(p->lines.n + 1)), 0, p->lines.n + 1};
	for (int i = 0; i < p->lines.n; i++)
		if (!dead[i])
			out.v[out.n++] = p->lines.v[i];
	p->lines = out;
}
