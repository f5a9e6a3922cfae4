/* ir.h: the ssa and mir formats — one data structure, one parser, one
 * canonical printer. mir is ssa after register allocation: physical
 * registers instead of virtual ones, no phi, frame addresses resolved. */
#ifndef WH_IR_H
#define WH_IR_H
#include <stdint.h>
#include "arena.h"
#include "asm.h"
#include "bpf.h"
#include "diag.h"

typedef enum { V_NONE, V_TMP, V_REG, V_IMM } ValKind;
typedef struct {
	ValKind kind;
	int64_t n;              /* tmp number, register number or immediate */
} Val;

/* Opcodes: spelling, whether it defines a value, number of fixed operands. */
#define IR_OPS(X) \
	X(PARAM,  "param",      1, 0) \
	X(COPY,   "copy",       1, 1) \
	X(ALU,    "",           1, 2) /* spelled by alu_info */ \
	X(NEG,    "neg",        1, 1) \
	X(ZEXT,   "zext",       1, 1) \
	X(BSWAP,  "bswap",      1, 1) \
	X(CMP,    "cmp",        1, 2) \
	X(LOAD,   "load",       1, 1) \
	X(STORE,  "store",      0, 2) \
	X(ATOMIC, "atomic_add", 0, 2) \
	X(SLOT,   "slot",       1, 0) \
	X(FRAME,  "frame",      1, 0) \
	X(MAPREF, "mapref",     1, 0) \
	X(CORE,   "core",       1, 0) /* a constant the loader relocates */ \
	X(CALL,   "call",       1, -1) \
	X(PHI,    "phi",        1, -1) \
	X(ASM,    "asm",        0, 0) /* one raw instruction, in raw */ \
	X(JMP,    "jmp",        0, 0) \
	X(BR,     "br",         0, 2) \
	X(RET,    "ret",        0, 1)

typedef enum {
#define X(op, name, defs, nargs) I_##op,
	IR_OPS(X)
#undef X
	I_COUNT
} IrOp;

typedef struct {
	const char *name;
	int defines;
	int nargs;              /* -1: variable */
} IrOpInfo;
extern const IrOpInfo ir_op_info[I_COUNT];

typedef struct Blk Blk;

typedef struct {
	IrOp op;
	Pos pos;
	Val dst;                /* V_NONE when nothing is defined */
	int sub;                /* AluOp for ALU, Cond for CMP/BR */
	int w32;                /* ALU on the low 32 bits (".w") */
	int width;              /* bytes: LOAD STORE ATOMIC ZEXT BSWAP */
	int64_t off;            /* LOAD/STORE/ATOMIC offset, SLOT size, FRAME
				 * offset, CORE value (on the kernel whose BTF
				 * the program was compiled with) */
	int packet;             /* LOAD from the context: the packet pointer it gives
				 * (CTX_PKT..., shared/bpf.h), as core and ssa say */
	const AsmCore *core;    /* CORE: the CO-RE relocation the value is */
	const char *name;       /* CALL helper, MAPREF map */
	int nargs;
	Val *args;              /* STORE: ptr, value; ATOMIC: ptr, value; PHI: per pred */
	Blk **blks;             /* PHI: pred of each arg; JMP: 1 target; BR: then, else */
	BpfInsn raw;            /* ASM: the instruction as written; no operands */
} Ins;

struct Blk {
	const char *name;
	int id;                 /* index in the program's block list */
	Vec ins;                /* Ins* ; the last one is JMP, BR or RET */
	Vec preds;              /* Blk*, filled by ir_fill_preds */
};

typedef struct {
	const char *name, *type, *section;
	Pos pos;
	Vec blks;               /* Blk*; the first is the entry */
	int ntmp;               /* tmp numbers are < ntmp */
	int stack;              /* mir: frame size in bytes */
} IrProg;

typedef struct {
	int mir;                /* 1: the mir format */
	const char *file, *license;
	const char *output;     /* the object file compile-to-elf names, or NULL */
	Vec maps;               /* AsmMap* */
	Vec structs;            /* AsmStruct*: defstruct/defunion, for BTF */
	Vec kstructs;           /* AsmStruct*: kernel structs (.kstruct) */
	Vec progs;              /* IrProg* */
} IrUnit;

IrUnit *ir_parse(Arena *a, const char *text, int mir);
void ir_print(Buf *out, const IrUnit *u);
void ir_print_ins(Buf *out, const Ins *in);

/* Building */
Ins *ir_new(Arena *a, IrOp op, Pos pos, int nargs);
const char *ir_blk_name(Arena *a, int n);           /* "bN" */
Blk *ir_new_blk(Arena *a, IrProg *p, const char *name);
void ir_fill_preds(Arena *a, IrProg *p);     /* recompute preds from terminators */
/* Check structural invariants (terminators, phi arity, single definition,
 * uses defined); error_at on the first violation. */
void ir_verify(const IrProg *p, int mir);

/* Operand positions that must hold a register, not an immediate: memory
 * bases, the value of an atomic add, and phi-free ALU left operands are
 * handled by the emitter; these are the ones no instruction can encode. */
int ir_operand_needs_reg(const Ins *in, int idx);
/* Instructions with effects beyond their result (never deleted as dead). */
int ir_has_effect(const Ins *in);
/* Whether the instruction calls a helper and so clobbers r0-r5: a call,
 * or an asm instruction whose opcode is a call. (Inline, with the
 * terminator and successors below: every pass asks at every block.) */
static inline int ir_is_call(const Ins *in)
{
	return in->op == I_CALL || (in->op == I_ASM && in->raw.code == (BC_JMP | BJ_CALL));
}
/* Whether the instruction ends its block without a successor: ret, or an
 * asm instruction whose opcode is exit. */
static inline int ir_is_exit(const Ins *in)
{
	return in->op == I_RET || (in->op == I_ASM && in->raw.code == (BC_JMP | BJ_EXIT));
}
static inline int ir_is_term(const Ins *in)
{
	return in->op == I_JMP || in->op == I_BR || ir_is_exit(in);
}
/* The terminator, or NULL. */
static inline Ins *ir_term(const Blk *b)
{
	if (!b->ins.n)
		return NULL;
	Ins *in = b->ins.v[b->ins.n - 1];
	return ir_is_term(in) ? in : NULL;
}
/* The successors, up to 2. */
static inline int ir_succs(const Blk *b, Blk **out)
{
	Ins *t = ir_term(b);
	if (!t || ir_is_exit(t))
		return 0;
	out[0] = t->blks[0];
	if (t->op == I_JMP)
		return 1;
	out[1] = t->blks[1];
	return out[0] == out[1] ? 1 : 2;
}
/* What is wrong with a raw instruction for the asm op (two-slot
 * ld_imm64; register numbers; unknown classes; jumps the asm text cannot
 * write), or NULL when it can be passed through. */
const char *ir_asm_problem(int64_t code, int64_t dst, int64_t src, int64_t off, int64_t imm);
/* Raw jumps (asm ja or a conditional jump; not call or exit) count their
 * offset in instructions, so they stay inside their run: the maximal
 * sequence of consecutive asm instructions in a block around them. No
 * phase inserts, deletes or reorders instructions inside a run. */
int ir_is_raw_jump(const Ins *in);
/* What is wrong with the target of instruction j of b when it is a raw
 * jump (it leaves its run), or NULL. */
const char *ir_raw_jump_target(const Blk *b, int j);

/* ---- types (irtype.c) ----
 * Every virtual register of the ssa has a type, inferred from the
 * instructions and never stored: what is known of a scalar's upper bits
 * (uN: 0 <= v < 2^N; iN: v fits N bits signed; u64: nothing known) or the
 * kind of pointer the kernel verifier will track. ptr is a pointer of
 * several kinds (a phi of two), any a pointer or a scalar. */
#define IR_TYPES(X) \
	X(NONE,     "?",                  0, 0) \
	X(U1,       "u1",                 1, 0) \
	X(U8,       "u8",                 8, 0) \
	X(U16,      "u16",               16, 0) \
	X(U32,      "u32",               32, 0) \
	X(I8,       "i8",                 8, 1) \
	X(I16,      "i16",               16, 1) \
	X(I32,      "i32",               32, 1) \
	X(U64,      "u64",               64, 0) \
	X(CTX,      "ctx",                0, 0) \
	X(PKT,      "pkt",                0, 0) \
	X(PKT_END,  "pkt_end",            0, 0) \
	X(PKT_META, "pkt_meta",           0, 0) \
	X(MAP,      "map",                0, 0) \
	X(MAPVAL,   "map_value_or_null",  0, 0) \
	X(RINGBUF,  "ringbuf_mem_or_null", 0, 0) \
	X(STACK,    "stack",              0, 0) \
	X(PTR,      "ptr",                0, 0) \
	X(ANY,      "any",                0, 0)

typedef enum {
#define X(t, name, bits, sgn) T_##t,
	IR_TYPES(X)
#undef X
	T_COUNT
} IrType;

typedef struct {
	const char *name;
	int bits;               /* scalars: significant bits; 0 for the others */
	int is_signed;
} IrTypeInfo;
extern const IrTypeInfo ir_type_info[T_COUNT];

static inline int ir_type_is_scalar(IrType t) { return ir_type_info[t].bits > 0; }
static inline int ir_type_is_ptr(IrType t) { return t >= T_CTX && t <= T_PTR; }
IrType ir_type_by_name(const char *name);       /* T_NONE when unknown */
/* The type of every tmp of an ssa program, indexed by tmp number (ntmp
 * entries; T_NONE for numbers nothing defines). */
IrType *ir_infer_types(Arena *a, const IrProg *p);
/* The type of an operand, given the types of the tmps. */
IrType ir_val_type(const IrType *types, Val v);
/* What the kernel verifier refuses whatever the path, found from the
 * types: arithmetic on pointers it forbids, memory access through
 * pointers that allow none, atomics on context or packet memory, a
 * dereference of a moved context pointer. error_at on the first. */
void ir_check_types(Arena *a, const IrProg *p);
/* What is wrong with an ALU instruction on operands of types ta and tb
 * ("an operation on two pointers" ...), or NULL: the rule of
 * ir_check_types, for wh-opt/refuse.c to apply after optimization. */
const char *ir_ptr_alu_problem(const Ins *in, IrType ta, IrType tb);

static inline Val vtmp(int n) { return (Val){V_TMP, n}; }
static inline Val vreg(int n) { return (Val){V_REG, n}; }
static inline Val vimm(int64_t n) { return (Val){V_IMM, n}; }
static inline int val_eq(Val a, Val b) { return a.kind == b.kind && a.n == b.n; }

#endif
