/* emit.h: the files of wh-emit and what they share.
 *   isel.c       mir instructions to BPF instructions
 *   scratch.c    a free register for the constants isel could not place
 *   code.c       lines: kinds, registers read and written, editing
 *   flow.c       jump targets, successors, reachability, liveness
 *   peephole.c   the peephole table, run to a fixed point; labels
 *   jumps.c      dead code, jump threading, jump-to-next, branch inversion,
 *                block placement
 *   known.c      what registers hold: redundant moves, stack address folding
 *   moves.c      return-value folding, copy forwarding, dead definitions
 *   narrow.c     extensions to 64 bits that only 32-bit uses read
 *   offsets.c    constant adds folded into memory offsets
 *   coreload.c   CO-RE relocations moved onto the loads they feed
 *   coreadd.c    CO-RE constants added in place
 *   tailmerge.c  identical tails before the same exit merged
 *   select.c     r0 set before a test that picks between two return values,
 *                or before a test that returns early
 *   check.c      no instruction the verifier refuses by construction leaves */
#ifndef WH_EMIT_H
#define WH_EMIT_H
#include "asm.h"
#include "ir.h"

/* isel.c and scratch.c */
/* The placeholder register isel names when a constant needs a register
 * of its own (a 64-bit immediate, an offset beyond 16 bits); scratch.c
 * replaces it with a register that is free there. */
enum { REG_SCRATCH = 11 };
AsmProg *select_prog(Arena *a, IrProg *p);
void assign_scratch(Arena *a, AsmProg *p, int stack);    /* stack: frame size */

/* check.c: internal error (naming `pass`, and `peephole` unless NULL) when
 * a line of p is one the verifier refuses whatever the program
 * (shared/bpf_refused.c); the same as a user error for an asm file
 * (--check). */
void check_output(const AsmProg *p, const char *pass, const char *peephole);
void check_asm_file(const AsmUnit *u);

/* code.c */
typedef uint16_t RegSet;                 /* bit r: register r (0..11) */
#define REGBIT(r) ((RegSet)(1u << (r)))
AsmLine *insn_new(Arena *a, Pos pos, uint8_t code, int dst, int src, int off, int32_t imm);
AsmLine *label_new(Arena *a, Pos pos, const char *name);
void mark_raw(AsmLine *l);
extern const char raw_mark[];           /* the label field of a raw line */
void set_dst(AsmLine *l, int r);
void set_src(AsmLine *l, int r);

/* What kind of line l is (inline: the peepholes ask at every line). */
static inline int is_raw(const AsmLine *l)      /* from `asm`: never touched */
{
	return l->kind == AL_INSN && l->label == raw_mark;
}
static inline int insn_dst(const AsmLine *l) { return l->in.regs & 15; }
static inline int insn_src(const AsmLine *l) { return l->in.regs >> 4; }
static inline int is_insn(const AsmLine *l) { return l->kind == AL_INSN; }
static inline int is_label(const AsmLine *l) { return l->kind == AL_LABEL; }
static inline int is_jmp_class(const AsmLine *l)
{
	return l->kind == AL_INSN && ((l->in.code & 7) == BC_JMP || (l->in.code & 7) == BC_JMP32);
}
static inline int is_goto(const AsmLine *l)
{
	return is_jmp_class(l) && (l->in.code & 7) == BC_JMP && (l->in.code & 0xf0) == BJ_JA;
}
static inline int is_exit(const AsmLine *l)
{
	return is_jmp_class(l) && (l->in.code & 0xf0) == BJ_EXIT;
}
static inline int is_call(const AsmLine *l)
{
	return is_jmp_class(l) && (l->in.code & 0xf0) == BJ_CALL;
}
static inline int is_cond(const AsmLine *l)     /* conditional jump */
{
	int op = l->in.code & 0xf0;
	return is_jmp_class(l) && op != BJ_JA && op != BJ_EXIT && op != BJ_CALL;
}
static inline int is_uncond(const AsmLine *l) { return is_goto(l) || is_exit(l); }  /* goto or exit */
static inline int is_ldimm64(const AsmLine *l)
{
	return l->kind == AL_INSN && l->in.code == (BC_LD | BM_IMM | BS_DW);
}
static inline int is_mov64_reg(const AsmLine *l)        /* rD = rS */
{
	return l->kind == AL_INSN && l->in.code == (BC_ALU64 | BA_MOV | BSRC_X);
}
int mem_base(const AsmLine *l);         /* base register of a load or store, or -1 */
int is_pure(const AsmLine *l);          /* no effect beyond its register result */
int has_raw_jump(const Vec *lines);
RegSet insn_reads(const AsmLine *l);    /* explicit and implicit */
RegSet insn_writes(const AsmLine *l);
/* Registers read through operand fields that may be renamed alone: not
 * the implicit reads of call and exit, not a read-modify-write destination. */
RegSet insn_plain_reads(const AsmLine *l);
/* Whether l reads register x, if at all, only in its lower 32 bits. */
int reads_low_only(const AsmLine *l, int x);
void rename_reads(AsmLine *l, int from, int to);   /* in plain-read fields */
void rename_all(AsmLine *l, int from, int to);     /* in every register field */
int same_insn(const AsmLine *a, const AsmLine *b);
int fits16(int64_t v);
int fits32(int64_t v);
void drop_lines(Arena *a, AsmProg *p, const char *dead);

/* flow.c */
typedef struct {
	const Vec *lines;
	int n;
	int *target;            /* per line: index of the label a jump names, or -1 */
	RegSet *live;           /* per line: registers live before it */
	RegSet *out;            /* per line: registers live after it (both
				 * NULL from flow_jumps and flow_of) */
	void *known;            /* known.c's analysis of these lines, once made */
	int *pred_at, *preds;   /* the lines that may run just before line i:
				 * preds[pred_at[i]] up to preds[pred_at[i + 1]] */
	int *succ;              /* the successors of line i: succ[2 * i] and
				 * on, nsucc[i] of them, as the lines were when
				 * flow_new made them (NULL from flow_jumps) */
	unsigned char *nsucc;
} Flow;
Flow *flow_new(Arena *a, const Vec *lines);
Flow *flow_jumps(Arena *a, const Vec *lines);        /* targets only: no liveness */
/* p's flow for a peephole: one Flow serves the peepholes of a round until
 * one of them changes the code and the driver calls flow_forget. */
Flow *flow_of(Arena *a, const AsmProg *p);            /* no liveness */
Flow *flow_live_of(Arena *a, const AsmProg *p);       /* with liveness */
void flow_forget(void);
int flow_succs(const Flow *f, int i, int out[2]);
/* Lines to look at again, each queued at most once, first in first out. */
typedef struct {
	int *v, size, head, tail;
	char *queued;
} Worklist;
void worklist_init(Arena *a, Worklist *w, int n);
void worklist_push(Worklist *w, int i);
int worklist_pop(Worklist *w);              /* -1 when empty */
char *flow_reachable(Arena *a, const Flow *f);       /* per line: 1 if reached */
int next_insn(const Vec *lines, int i);
/* jumps.c: the jump opcode (BJ_...) testing the opposite condition, or -1. */
int inverse_op(uint8_t op);              /* first non-label at or after i */
int label_group(const Vec *lines, int t);            /* first of the labels just before t, or t */
int label_before(const Vec *lines, int i, const char *name); /* in the labels just before i */

/* peephole.c */
typedef int (*PeepholeFn)(Arena *a, AsmProg *p);     /* 1 if it changed something */
typedef struct {
	const char *name;
	PeepholeFn run;
	const char *what;
} Peephole;
extern const Peephole peepholes[];
extern const int npeepholes;
/* Bit i: peepholes[i]. From a comma-separated list of names; usage error
 * on an unknown name. */
unsigned peephole_mask(const char *list);
void peephole(Arena *a, AsmProg *p, unsigned mask);

/* the peepholes */
int dead_code(Arena *a, AsmProg *p);
int thread_jumps(Arena *a, AsmProg *p);
int jump_to_next(Arena *a, AsmProg *p);
int invert_branches(Arena *a, AsmProg *p);
int place_blocks(Arena *a, AsmProg *p);
int redundant_moves(Arena *a, AsmProg *p);
int dead_defs(Arena *a, AsmProg *p);
int fold_return(Arena *a, AsmProg *p);
int forward_copies(Arena *a, AsmProg *p);
int stack_bases(Arena *a, AsmProg *p);
int fold_offsets(Arena *a, AsmProg *p);
int fold_core_loads(Arena *a, AsmProg *p);
int core_adds(Arena *a, AsmProg *p);
int drop_upper(Arena *a, AsmProg *p);
int tail_merge(Arena *a, AsmProg *p);
int hoist_returns(Arena *a, AsmProg *p);
int early_returns(Arena *a, AsmProg *p);

#endif
