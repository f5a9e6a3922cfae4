/* isel.c: instruction selection, mir to BPF assembly. Two-address ALU
 * forms, immediate operands where the encoding has them, block layout
 * with fall-through, and branch inversion toward the next block. */
#include "emit.h"
#include <string.h>

typedef struct {
	Arena *a;
	AsmProg *out;
	Pos pos;
	int nlabels;
} Sel;

static AsmLine *line(Sel *s, uint8_t code, int dst, int src, int16_t off, int32_t imm)
{
	AsmLine *l = arena_alloc(s->a, sizeof *l);
	l->kind = AL_INSN;
	l->pos = s->pos;
	l->in.code = code;
	l->in.regs = (uint8_t)((dst & 15) | ((src & 15) << 4));
	l->in.off = off;
	l->in.imm = imm;
	vec_push(s->a, &s->out->lines, l);
	return l;
}

static void label(Sel *s, const char *name)
{
	AsmLine *l = arena_alloc(s->a, sizeof *l);
	l->kind = AL_LABEL;
	l->label = name;
	l->pos = s->pos;
	vec_push(s->a, &s->out->lines, l);
}

static int fits32(int64_t v) { return v >= INT32_MIN && v <= INT32_MAX; }

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
		return;
	}
	AsmLine *l = line(s, BC_LD | BM_IMM | BS_DW, dst, 0, 0, (int32_t)v);
	l->imm64 = v;
}

static void mov(Sel *s, int dst, Val src, int w32)
{
	if (src.kind == V_IMM) {
		mov_imm(s, dst, src.n, w32);
		return;
	}
	line(s, (w32 ? BC_ALU : BC_ALU64) | BA_MOV | BSRC_X, dst, reg_of(src), 0, 0);
}

/* dst OP= src */
static void alu(Sel *s, AluOp op, int w32, int dst, Val src)
{
	uint8_t cls = w32 ? BC_ALU : BC_ALU64;
	if (src.kind == V_IMM) {
		if (!fits32(src.n))
			error_at(s->pos, "constant %lld does not fit a 32-bit immediate",
				 (long long)src.n);
		line(s, cls | alu_info[op].op | BSRC_K, dst, 0, 0, (int32_t)src.n);
	} else {
		line(s, cls | alu_info[op].op | BSRC_X, dst, reg_of(src), 0, 0);
	}
}

static const char *new_label(Sel *s)
{
	return arena_printf(s->a, "LC%d", s->nlabels++);
}

static void jump_cond(Sel *s, Cond cc, Val a, Val b, const char *target)
{
	if (a.kind == V_IMM && b.kind != V_IMM) {
		Val t = a;
		a = b;
		b = t;
		cc = cond_info[cc].swapped;
	}
	AsmLine *l;
	if (b.kind == V_IMM) {
		if (!fits32(b.n))
			error_at(s->pos, "constant %lld does not fit a 32-bit immediate",
				 (long long)b.n);
		l = line(s, BC_JMP | cond_info[cc].op | BSRC_K, reg_of(a), 0, 0, (int32_t)b.n);
	} else {
		l = line(s, BC_JMP | cond_info[cc].op | BSRC_X, reg_of(a), reg_of(b), 0, 0);
	}
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

static void select_ins(Sel *s, Ins *in, const char **blabel, Blk *next)
{
	int d = in->dst.kind == V_REG ? (int)in->dst.n : -1;
	Val a = in->nargs > 0 ? in->args[0] : (Val){V_NONE, 0};
	Val b = in->nargs > 1 ? in->args[1] : (Val){V_NONE, 0};
	switch (in->op) {
	case I_COPY:
		if (!(a.kind == V_REG && a.n == d))
			mov(s, d, a, 0);
		break;
	case I_ALU: {
		int comm = alu_info[in->sub].commutative;
		if (a.kind == V_IMM && comm && b.kind == V_REG) {
			Val t = a;
			a = b;
			b = t;
		}
		if (a.kind == V_REG && a.n == d) {
			alu(s, in->sub, in->w32, d, b);
		} else if (b.kind == V_REG && b.n == d) {
			if (!comm)
				bug("operand order for a non-commutative ALU");
			alu(s, in->sub, in->w32, d, a);
		} else {
			mov(s, d, a, in->w32);
			alu(s, in->sub, in->w32, d, b);
		}
		break;
	}
	case I_NEG:
		mov(s, d, a, 0);
		line(s, BC_ALU64 | BA_NEG, d, 0, 0, 0);
		break;
	case I_ZEXT:
		if (in->width == 4) {
			mov(s, d, a, 1);
		} else {
			mov(s, d, a, 0);
			alu(s, ALU_AND, 0, d, vimm(in->width == 1 ? 0xff : 0xffff));
		}
		break;
	case I_BSWAP:
		mov(s, d, a, 0);
		line(s, BC_ALU | BA_END | BEND_BE, d, 0, 0, in->width * 8);
		break;
	case I_CMP: {
		const char *skip = new_label(s);
		mov_imm(s, d, 1, 0);
		jump_cond(s, in->sub, a, b, skip);
		mov_imm(s, d, 0, 0);
		label(s, skip);
		break;
	}
	case I_LOAD:
		line(s, BC_LDX | BM_MEM | width_size(in->width), d, reg_of(a), (int16_t)in->off, 0);
		break;
	case I_STORE:
		if (b.kind == V_IMM) {
			if (!fits32(b.n))
				error_at(in->pos, "stored constant does not fit 32 bits");
			line(s, BC_ST | BM_MEM | width_size(in->width), reg_of(a), 0,
			     (int16_t)in->off, (int32_t)b.n);
		} else {
			line(s, BC_STX | BM_MEM | width_size(in->width), reg_of(a), reg_of(b),
			     (int16_t)in->off, 0);
		}
		break;
	case I_ATOMIC:
		line(s, BC_STX | BM_ATOMIC | width_size(in->width), reg_of(a), reg_of(b),
		     (int16_t)in->off, BA_ADD);
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
	case I_CALL: {
		const HelperInfo *h = helper_by_name(in->name);
		if (!h)
			error_at(in->pos, "unknown helper '%s'", in->name);
		line(s, BC_JMP | BJ_CALL, 0, 0, 0, h->id);
		break;
	}
	case I_RET:
		if (!(a.kind == V_REG && a.n == 0))
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
		if (i > 0)
			label(&s, blabel[i]);
		for (int j = 0; j < b->ins.n; j++) {
			Ins *in = b->ins.v[j];
			s.pos = in->pos;
			select_ins(&s, in, blabel, next);
		}
	}
	return out;
}
