/* isel.c: instruction selection, mir to BPF assembly.
 * - Blocks in mir order; a jump to the next block falls through, and a
 *   branch whose true side is the next block is inverted.
 * - Two-address ALU forms; immediate operands wherever the encoding takes
 *   them: a 32-bit signed immediate for 64-bit instructions, any value
 *   (its low 32 bits) for the `w` instructions that `.w` ops become; a
 *   shift amount below the width, never an immediate 0 divisor.
 * - Constants: `rD = IMM` when the value fits 32 bits signed, `wD = IMM`
 *   when it fits 32 bits unsigned, else ld_imm64 (two slots).
 * - bswap as be16/be32/be64: the target is little-endian, so a byte swap
 *   is a conversion to big endian (ntohs is `r = be16 r`).
 * - atomic_add as `lock *(uW *)(rP + OFF) += rV`.
 * A value no encoding takes (a 64-bit constant as an operand, an offset
 * beyond 16 bits) goes through the placeholder REG_SCRATCH, which
 * scratch.c replaces with a free register once the program is selected. */
#include "emit.h"
#include <string.h>

typedef struct {
	Arena *a;
	AsmProg *out;
	Pos pos;
	int nlabels;
} Sel;

static AsmLine *line(Sel *s, uint8_t code, int dst, int src, int off, int32_t imm)
{
	AsmLine *l = insn_new(s->a, s->pos, code, dst, src, off, imm);
	vec_push(s->a, &s->out->lines, l);
	return l;
}

static void label(Sel *s, const char *name)
{
	vec_push(s->a, &s->out->lines, label_new(s->a, s->pos, name));
}

static int reg_of(Val v)
{
	if (v.kind != V_REG)
		bug("expected a register operand");
	return (int)v.n;
}

static void mov_imm(Sel *s, int dst, int64_t v, int w32)
{
	if (w32 || fits32(v)) {
		line(s, (w32 ? BC_ALU : BC_ALU64) | BA_MOV | BSRC_K, dst, 0, 0, (int32_t)v);
	} else if (v > 0 && v <= (int64_t)UINT32_MAX) {
		line(s, BC_ALU | BA_MOV | BSRC_K, dst, 0, 0, (int32_t)(uint32_t)v);
	} else {
		AsmLine *l = line(s, BC_LD | BM_IMM | BS_DW, dst, 0, 0, (int32_t)v);
		l->imm64 = v;
	}
}

static void mov(Sel *s, int dst, Val src, int w32)
{
	if (src.kind == V_IMM)
		mov_imm(s, dst, src.n, w32);
	else if (w32 || reg_of(src) != dst)
		line(s, (w32 ? BC_ALU : BC_ALU64) | BA_MOV | BSRC_X, dst, reg_of(src), 0, 0);
}

/* A register holding v for an operand: v itself when it is one, else the
 * scratch register loaded with it. */
static int in_reg(Sel *s, Val v)
{
	if (v.kind == V_REG)
		return (int)v.n;
	mov_imm(s, REG_SCRATCH, v.n, 0);
	return REG_SCRATCH;
}

static void alu(Sel *s, AluOp op, int w32, int dst, Val src);

/* dst OP= v (64-bit) for a v no immediate holds. */
static void alu_wide(Sel *s, AluOp op, int dst, int64_t v)
{
	if (op == ALU_AND && v == (int64_t)UINT32_MAX) {
		line(s, BC_ALU | BA_MOV | BSRC_X, dst, dst, 0, 0);      /* wD = wD */
		return;
	}
	if ((op == ALU_ADD || op == ALU_SUB) && v != INT64_MIN && fits32(-v)) {
		alu(s, op == ALU_ADD ? ALU_SUB : ALU_ADD, 0, dst, vimm(-v));
		return;
	}
	line(s, BC_ALU64 | alu_info[op].op | BSRC_X, dst, in_reg(s, vimm(v)), 0, 0);
}

/* The immediate that leaves a 64-bit register as it is, per operation
 * (x + 0, x * 1, x & -1 ...); mod has none. */
static const struct {
	int has;
	int64_t v;
} identity[ALU_COUNT] = {
	[ALU_ADD] = {1, 0}, [ALU_SUB] = {1, 0}, [ALU_MUL] = {1, 1}, [ALU_DIV] = {1, 1},
	[ALU_AND] = {1, -1}, [ALU_OR] = {1, 0}, [ALU_XOR] = {1, 0},
	[ALU_SHL] = {1, 0}, [ALU_SHR] = {1, 0}, [ALU_SAR] = {1, 0},
};

/* dst OP= src. A shift takes its amount modulo the width, as the machine
 * does for a register (an immediate must be below the width); an
 * immediate 0 divisor, which the verifier refuses, goes through a
 * register (BPF: x / 0 = 0, x mod 0 = x). */
static void alu(Sel *s, AluOp op, int w32, int dst, Val src)
{
	uint8_t cls = w32 ? BC_ALU : BC_ALU64;
	if (src.kind == V_IMM && (op == ALU_SHL || op == ALU_SHR || op == ALU_SAR))
		src.n &= w32 ? 31 : 63;
	if (src.kind == V_IMM && (op == ALU_DIV || op == ALU_MOD) &&
	    (w32 ? (uint32_t)src.n : (uint64_t)src.n) == 0)
		src = vreg(in_reg(s, vimm(0)));
	if (!w32 && src.kind == V_IMM && identity[op].has && identity[op].v == src.n)
		return;         /* the 32-bit forms still clear the upper half */
	if (src.kind == V_REG)
		line(s, cls | alu_info[op].op | BSRC_X, dst, reg_of(src), 0, 0);
	else if (w32 || fits32(src.n))
		line(s, cls | alu_info[op].op | BSRC_K, dst, 0, 0, (int32_t)src.n);
	else
		alu_wide(s, op, dst, src.n);
}

/* d = a OP b in two-address form */
static void select_alu(Sel *s, AluOp op, int w32, int d, Val a, Val b)
{
	int comm = alu_info[op].commutative;
	uint8_t cls = w32 ? BC_ALU : BC_ALU64;
	if (a.kind == V_IMM && b.kind == V_REG && comm) {
		Val t = a;
		a = b;
		b = t;
	}
	if (op == ALU_AND && !w32 && b.kind == V_IMM && b.n == (int64_t)UINT32_MAX) {
		mov(s, d, a, 1);                                        /* wD = wA */
	} else if (a.kind == V_REG && a.n == d) {
		alu(s, op, w32, d, b);
	} else if (b.kind == V_REG && b.n == d && comm) {
		alu(s, op, w32, d, a);
	} else if (b.kind == V_REG && b.n == d && op == ALU_SUB) {
		line(s, cls | BA_NEG, d, 0, 0, 0);                      /* a - d = -d + a */
		alu(s, ALU_ADD, w32, d, a);
	} else if (b.kind == V_REG && b.n == d) {
		mov(s, REG_SCRATCH, a, w32);
		alu(s, op, w32, REG_SCRATCH, b);
		mov(s, d, vreg(REG_SCRATCH), 0);
	} else {
		mov(s, d, a, w32);
		alu(s, op, w32, d, b);
	}
}

static const char *new_label(Sel *s)
{
	return arena_printf(s->a, "LC%d", s->nlabels++);
}

static void jump_cond(Sel *s, Cond cc, Val a, Val b, const char *target)
{
	if (a.kind == V_IMM) {
		Val t = a;
		a = b;
		b = t;
		cc = cond_info[cc].swapped;
	}
	int ra = in_reg(s, a);
	AsmLine *l;
	if (b.kind == V_IMM && fits32(b.n))
		l = line(s, BC_JMP | cond_info[cc].op | BSRC_K, ra, 0, 0, (int32_t)b.n);
	else if (b.kind == V_IMM && ra == REG_SCRATCH)
		bug("a branch on two constants");
	else
		l = line(s, BC_JMP | cond_info[cc].op | BSRC_X, ra, in_reg(s, b), 0, 0);
	l->target = target;
}

static void jump(Sel *s, const char *target)
{
	line(s, BC_JMP | BJ_JA, 0, 0, 0, 0)->target = target;
}

static int width_size(int bytes)
{
	int i = width_index(bytes);
	if (i < 0)
		bug("bad width %d", bytes);
	return width_info[i].size;
}

/* d = (a CC b) as 1 or 0 */
static void select_cmp(Sel *s, Cond cc, int d, Val a, Val b)
{
	if (a.kind == V_IMM && b.kind == V_IMM) {
		mov_imm(s, d, cond_holds(cc, (uint64_t)a.n, (uint64_t)b.n), 0);
		return;
	}
	const char *done = new_label(s);
	if (!(a.kind == V_REG && a.n == d) && !(b.kind == V_REG && b.n == d)) {
		mov_imm(s, d, 1, 0);
		jump_cond(s, cc, a, b, done);
		mov_imm(s, d, 0, 0);
	} else {                /* d is an operand: set it after the test */
		const char *yes = new_label(s);
		jump_cond(s, cc, a, b, yes);
		mov_imm(s, d, 0, 0);
		jump(s, done);
		label(s, yes);
		mov_imm(s, d, 1, 0);
	}
	label(s, done);
}

/* The base register and offset of a memory operand; an offset beyond 16
 * bits is added to a copy of the base in `tmp`. */
static int mem_operand(Sel *s, Val ptr, int64_t *off, int tmp)
{
	if (ptr.kind != V_REG)
		error_at(s->pos, "the address of a load or store must be in a register, not %lld",
			 (long long)ptr.n);
	int base = reg_of(ptr);
	if (fits16(*off))
		return base;
	if (!fits32(*off))
		error_at(s->pos, "memory offset %lld is out of range", (long long)*off);
	mov(s, tmp, ptr, 0);
	alu(s, ALU_ADD, 0, tmp, vimm(*off));
	*off = 0;
	return tmp;
}

/* The immediate of a store of `bytes` bytes of v: its low bits. */
static int32_t narrow(int64_t v, int bytes)
{
	switch (bytes) {
	case 1: return (int32_t)(v & 0xff);
	case 2: return (int32_t)(v & 0xffff);
	default: return (int32_t)v;
	}
}

static void select_store(Sel *s, Ins *in, Val ptr, Val v)
{
	int64_t off = in->off;
	int wide = v.kind == V_IMM && in->width == 8 && !fits32(v.n);
	if (wide && !fits16(off))
		error_at(in->pos, "a 64-bit constant stored at offset %lld: compute the address first",
			 (long long)off);
	int base = mem_operand(s, ptr, &off, REG_SCRATCH);
	uint8_t size = (uint8_t)width_size(in->width);
	if (v.kind == V_IMM && !wide)   /* a narrower store keeps only the low bits */
		line(s, BC_ST | BM_MEM | size, base, 0, (int)off, narrow(v.n, in->width));
	else
		line(s, BC_STX | BM_MEM | size, base, in_reg(s, v), (int)off, 0);
}

static void select_atomic(Sel *s, Ins *in, Val ptr, Val v)
{
	int64_t off = in->off;
	if (v.kind == V_IMM && !fits16(off))
		error_at(in->pos, "an atomic add of a constant at offset %lld: compute the address first",
			 (long long)off);
	int base = mem_operand(s, ptr, &off, REG_SCRATCH);
	line(s, BC_STX | BM_ATOMIC | width_size(in->width), base, in_reg(s, v), (int)off, BA_ADD);
}

static void select_ins(Sel *s, Ins *in, const char **blabel, Blk *next)
{
	int d = in->dst.kind == V_REG ? (int)in->dst.n : -1;
	Val a = in->nargs > 0 ? in->args[0] : (Val){V_NONE, 0};
	Val b = in->nargs > 1 ? in->args[1] : (Val){V_NONE, 0};
	switch (in->op) {
	case I_COPY:
		mov(s, d, a, 0);
		break;
	case I_ALU:
		select_alu(s, in->sub, in->w32, d, a, b);
		break;
	case I_NEG:
		mov(s, d, a, 0);
		line(s, BC_ALU64 | BA_NEG, d, 0, 0, 0);
		break;
	case I_ZEXT:
		if (in->width >= 4) {
			mov(s, d, a, in->width == 4);
		} else if (a.kind == V_IMM) {
			mov_imm(s, d, a.n & (in->width == 1 ? 0xff : 0xffff), 0);
		} else {
			mov(s, d, a, 0);
			alu(s, ALU_AND, 0, d, vimm(in->width == 1 ? 0xff : 0xffff));
		}
		break;
	case I_BSWAP:
		mov(s, d, a, 0);
		line(s, BC_ALU | BA_END | BEND_BE, d, 0, 0, in->width * 8);
		break;
	case I_CMP:
		select_cmp(s, in->sub, d, a, b);
		break;
	case I_LOAD: {
		int64_t off = in->off;
		int base = mem_operand(s, a, &off, d);
		line(s, BC_LDX | BM_MEM | width_size(in->width), d, base, (int)off, 0);
		break;
	}
	case I_STORE:
		select_store(s, in, a, b);
		break;
	case I_ATOMIC:
		select_atomic(s, in, a, b);
		break;
	case I_FRAME:
		mov(s, d, vreg(BPF_REG_FP), 0);
		alu(s, ALU_ADD, 0, d, vimm(in->off));
		break;
	case I_MAPREF: {
		AsmLine *l = line(s, BC_LD | BM_IMM | BS_DW, d, 0, 0, 0);
		l->sym = in->name;
		break;
	}
	case I_CORE: {  /* the loader patches the immediate (docs/formats.md) */
		AsmLine *l = line(s, BC_ALU64 | BA_MOV, d, 0, 0, (int32_t)in->off);
		l->core = in->core;
		break;
	}
	case I_CALL: {
		const HelperInfo *h = helper_by_name(in->name);
		if (!h)
			error_at(in->pos, "unknown helper '%s'", in->name);
		line(s, BC_JMP | BJ_CALL, 0, 0, 0, h->id);
		break;
	}
	case I_ASM: /* passed through as written (see docs/formats.md, "asm") */
		line(s, in->raw.code, in->raw.regs & 15, in->raw.regs >> 4, in->raw.off, in->raw.imm);
		break;
	case I_RET:
		mov(s, 0, a, 0);
		line(s, BC_JMP | BJ_EXIT, 0, 0, 0, 0);
		break;
	case I_JMP:
		if (in->blks[0] != next)
			jump(s, blabel[in->blks[0]->id]);
		break;
	case I_BR: {
		Blk *t = in->blks[0], *f = in->blks[1];
		Cond cc = in->sub;
		if (a.kind == V_IMM && b.kind == V_IMM) {
			Blk *to = cond_holds(cc, (uint64_t)a.n, (uint64_t)b.n) ? t : f;
			if (to != next)
				jump(s, blabel[to->id]);
			break;
		}
		if (t == next && cond_info[cc].inverse != CC_COUNT) {
			jump_cond(s, cond_info[cc].inverse, a, b, blabel[f->id]);
			break;
		}
		jump_cond(s, cc, a, b, blabel[t->id]);
		if (f != next)
			jump(s, blabel[f->id]);
		break;
	}
	case I_PARAM: case I_SLOT: case I_PHI:
	case I_COUNT:
		bug("%s in mir", ir_op_info[in->op].name);
	}
}

AsmProg *select_prog(Arena *a, IrProg *p)
{
	AsmProg *out = arena_alloc(a, sizeof *out);
	out->name = p->name;
	out->type = p->type;
	out->section = p->section;
	out->pos = p->pos;
	Sel s = {a, out, p->pos, 0};
	const char **blabel = arena_alloc(a, sizeof(char *) * (size_t)(p->blks.n + 1));
	for (int i = 0; i < p->blks.n; i++)
		blabel[i] = arena_printf(a, "L%d", i);
	for (int i = 0; i < p->blks.n; i++) {
		Blk *b = p->blks.v[i];
		Blk *next = i + 1 < p->blks.n ? p->blks.v[i + 1] : NULL;
		label(&s, blabel[i]);   /* dropped later when no jump names it */
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			int first = out->lines.n;
			s.pos = in->pos;
			select_ins(&s, in, blabel, next);
			if (in->op == I_ASM)
				for (int k = first; k < out->lines.n; k++)
					mark_raw(out->lines.v[k]);
		}
	}
	assign_scratch(a, out, p->stack);
	return out;
}
