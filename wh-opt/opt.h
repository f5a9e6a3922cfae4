/* opt.h: the pass interface of wh-opt and the helpers passes share. */
#ifndef WH_OPT_H
#define WH_OPT_H
#include "ir.h"

/* A pass returns non-zero when it changed the program. */
typedef int (*PassFn)(Arena *a, IrProg *p);

typedef struct {
	const char *name;
	PassFn fn;
	const char *what;
} Pass;

/* refuse.c: an error at the Lisp form for what the kernel verifier would
 * refuse for a reason known here (run on the optimized program). */
void opt_refuse(Arena *a, const IrUnit *u, IrProg *p);

/* compact.c: p's blocks and instructions copied into `to` (p->blks
 * with them); what they were copied from may then be freed. Block ids
 * become positions. */
void compact_prog(Arena *to, IrProg *p);

/* util.c */
Val *subst_new(Arena *a, const IrProg *p);          /* identity map over tmps */
int subst_apply(IrProg *p, Val *map);               /* rewrite uses; changed? */
int *use_counts(Arena *a, const IrProg *p);
void remove_ins(Blk *b, int idx);
void insert_ins(Arena *a, Blk *b, int idx, Ins *in);
/* Whether immediate v may stand as operand k of `in`: not where a register
 * is needed, and within 32 signed bits where the instruction encodes it. */
int imm_fits(const Ins *in, int k, int64_t v);
int fits_s32(int64_t v);
/* The defining instruction of every tmp (NULL when none), and its block. */
Ins **def_map(Arena *a, const IrProg *p, Blk ***blk_of);
Val new_tmp(IrProg *p);
/* Phi `phi` reads v from the new predecessor nb too. */
void add_phi_operand(Arena *a, Ins *phi, Blk *nb, Val v);
/* Phi operands of `b` that come from `pred` are dropped. */
void drop_phi_operand(Blk *b, Blk *pred);
/* Terminator slots of `from` that go to `to` now go to `by`. */
void retarget(Blk *from, Blk *to, Blk *by);
/* Phi operands of `b` said to come from `from` now come from `to`. */
void rename_phi_pred(Blk *b, Blk *from, Blk *to);
/* The name of the block at position i when a pass names them by their
 * place: "entry", then b1, b2 ... (each made once, for the process). */
const char *block_name(int i);
/* Block x leaves the layout (nothing may jump to it any more). */
void drop_block(IrProg *p, Blk *x);
/* A new empty block at position `at` of the layout, named PREFIX<k>: the
 * smallest k from the block count up that no block has. */
Blk *new_block_at(Arena *a, IrProg *p, int at, const char *prefix);
/* For a pass that makes many blocks: the names taken are scanned once
 * (fresh_names_init, for up to `room` new blocks), then each
 * new_block_named appends a block, named as new_block_at would name it. */
typedef struct {
	const char *prefix;
	int from, room;
	char *taken;            /* by k - from: PREFIX<k> is a block's name */
} FreshNames;
void fresh_names_init(Arena *a, FreshNames *f, const IrProg *p, const char *prefix, int room);
Blk *new_block_named(Arena *a, IrProg *p, FreshNames *f);
/* Phis first in their block: phis turned copies move below the others. */
void phis_first(Blk *b);
/* Turn `in` into `copy v` (dst kept). */
void make_copy(Arena *a, Ins *in, Val v);
/* A branch of block b becomes `jmp` to its slot `keep` (0 then, 1 else);
 * the block no longer reached loses its phi operands from b. */
void fold_branch(Blk *b, int keep);
/* Whether the instruction may read memory, write it, or do anything the
 * optimizer cannot see (calls, unknown opcodes). */
int reads_memory(const Ins *in);
int writes_memory(const Ins *in);
/* fn on every instruction, in block order; whether any call returned
 * non-zero (changed something). */
int each_ins(IrProg *p, int (*fn)(Ins *in, void *ctx), void *ctx);
/* Pure: the result depends on the operands only, no effect, no memory. */
int is_pure(const Ins *in);

/* eval.c: operations on constants, as the BPF machine computes them
 * (alu_eval and alu_partial of shared/alu.c for the ALU) */
uint64_t eval_bswap(uint64_t v, int bytes);
uint64_t eval_zext(uint64_t v, int bytes);
/* The value of a pure instruction whose operands are the constants k[]:
 * 1 and *out set, or 0 when it cannot be computed. */
int eval_ins(const Ins *in, const uint64_t *k, uint64_t *out);

/* range.c: an upper bound on each value from its definition (UINT64_MAX:
 * none known). */
typedef struct Range Range;
Range *range_new(Arena *a, const IrProg *p);
/* Only the bounds the kernel verifier finds too: for dropping a mask or
 * an extension, which the verifier may need to bound a pointer offset. */
Range *range_new_verifier(Arena *a, const IrProg *p);
uint64_t range_max(Range *r, Val v);
uint64_t range_sat_add(uint64_t x, uint64_t y);     /* UINT64_MAX on overflow */
uint64_t range_fill(uint64_t x);    /* all ones up to the highest bit of x */

/* slots.c: addresses inside stack objects, and the objects that escape. */
typedef struct {
	int *slot_of;           /* by tmp: the slot it points into, -1 none */
	int64_t *delta;         /* by tmp: its offset from the slot's start */
	char *escaped;          /* by slot tmp */
	int64_t *size;          /* by slot tmp: its size in bytes */
} Slots;
Slots *slots_find(Arena *a, const IrProg *p);
/* A load, store or atomic within the bytes of a stack object: 1, with the
 * slot and the byte offset of the access in it. */
int slot_access(const Slots *s, const Ins *in, int *slot, int64_t *off);

/* dom.c: reverse postorder, dominator tree, loop headers. Build after
 * ir_fill_preds; indexes are block ids. */
typedef struct {
	int nblk;
	Blk **rpo;              /* reachable blocks, reverse postorder */
	int nrpo;
	int *rpo_num;           /* by id: position in rpo, -1 unreachable */
	Blk **idom;             /* by id: immediate dominator, NULL for entry */
	Vec *kids;              /* by id: children in the dominator tree */
	int *pre, *post;        /* by id: dominator-tree DFS numbering */
	char *loop_head;        /* by id: target of a back edge */
	Blk **edge_up;          /* by id: the nearest block on the way up the
				 * tree (itself included, the entry not) that
				 * one edge enters, NULL none */
} Dom;
Dom *dom_build(Arena *a, IrProg *p);
int dom_reachable(const Dom *d, const Blk *b);
int dominates(const Dom *d, const Blk *a, const Blk *b);   /* reflexive */
/* dom_build keeps the last tree for a program whose flow has not changed
 * since; this forgets it (before the memory it is in is freed). */
void dom_forget(void);

/* licm.c: marks in in[] (by block id) the blocks of the loop headed by h
 * that reach `latch` without passing h, and appends each block it marks
 * to `body` (call once per latch, then mark h itself). */
void loop_mark_body(Arena *a, Blk *h, Blk *latch, char *in, Vec *body);
/* The one block outside the loop (in[] as above) that enters it at h, or
 * NULL when there are several. */
Blk *loop_entry(Blk *h, const char *in);

/* strength.c: whether the phi `i` (of a loop header entered from `out`
 * and closed by `latch`) counts i = phi(S, i + C), S and C constants:
 * then 1, with S, C and the instruction `i + C`. */
int loop_counter(Ins **def, const Ins *i, Blk *out, Blk *latch,
		 int64_t *start, int64_t *step, Ins **next);

/* verify.c: ir_verify plus SSA dominance (every use is dominated by its
 * definition) for --verify. */
void opt_verify(Arena *a, IrProg *p);

/* facts.c: what a branch taken along an edge says about its operands,
 * and whether a set of such facts decides another condition. */
typedef struct {
	Cond cc;
	Val a, b;
	int holds;              /* 1: a CC b is true; 0: it is false */
} Fact;
typedef struct {
	Fact *v;
	int n, cap;
} Facts;
void facts_add(Arena *a, Facts *f, Cond cc, Val x, Val y, int holds);
/* The fact the edge from `from` to `to` establishes, if any (added to f). */
void facts_edge(Arena *a, Facts *f, Blk *from, Blk *to);
/* Facts holding on entry to b: its own edge and those of the dominator
 * edges above it. */
void facts_at(Arena *a, Facts *f, const Dom *d, Blk *b);
/* 1 or 0 when the facts (and what the definitions of the operands say)
 * decide `x CC y`; -1 when they do not. */
int facts_decide(const Facts *f, Ins **defs, Cond cc, Val x, Val y);
/* The facts about comparisons' results opened up: for each of the first
 * 64 facts (those added included) that says whether a comparison holds,
 * that comparison is added. facts_expand_one does one fact. */
void facts_expand(Arena *a, Facts *f, Ins **defs);
void facts_expand_one(Arena *a, Facts *f, Ins **defs, Fact fa);

/* factindex.c: the facts of the dominating edges listed by the values
 * they name, for asking at every block without walking every dominating
 * branch. Built from a Dom and the definitions (def_map). */
typedef struct FactIndex FactIndex;
FactIndex *facts_index(Arena *a, const IrProg *p, const Dom *d, Ins **defs);
/* After the facts already in f: facts_at(b) then facts_expand, or, when
 * that list is long, only the facts of it that deciding `x CC y`
 * (facts_decide) reads, in the same order: the answer is the same. */
void facts_for(Arena *a, Facts *f, FactIndex *ix, Blk *b, Val x, Val y);

/* ssaupdate.c: after a block has been copied, the values it defines have
 * two definitions; uses outside both blocks read a phi where paths meet. */
void ssa_two_defs(Arena *a, IrProg *p, Blk *b1, Val v1, Blk *b2, Val v2);

/* cmpval.c: what decides whether a comparison becomes arithmetic — the
 * bounds (range.c) and types of the tmps a program has now (ntmp; later
 * tmps count as unknown). */
typedef struct {
	Range *r;
	IrType *ty;
	int ntmp;
} ValFacts;
ValFacts *val_facts(Arena *a, const IrProg *p);
uint64_t val_bound(const ValFacts *f, Val v);  /* UINT64_MAX: none known */
/* Whether cmpval computes `cmp CC a, b` without a branch: not for
 * pointers, nor for an order of two values nothing bounds. */
int cmp_branch_free(const ValFacts *f, Cond cc, Val a, Val b);

/* witness.c: a concrete run of the program (packet length and contents,
 * values read, lookups found or not chosen among a few) that reads or
 * writes past the packet's end, which the kernel verifier would follow
 * and refuse. 1 with *w when one is found within the search's budget. */
typedef struct {
	const Ins *access;      /* the packet load or store */
	int64_t at, end;        /* the bytes of the packet it touches */
	int64_t len;            /* the packet's length on that run */
	const Ins *checks[8];   /* the last comparisons with the packet's end the run made */
	int nchecks;
} Witness;
int witness_packet_overrun(Arena *a, const IrUnit *u, const IrProg *p, Ins **def,
			   const IrType *ty, Witness *w);

/* the passes, one file each */
int pass_copyprop(Arena *a, IrProg *p);
int pass_constfold(Arena *a, IrProg *p);
int pass_dce(Arena *a, IrProg *p);
int pass_phis(Arena *a, IrProg *p);
int pass_cfg(Arena *a, IrProg *p);
int pass_deaddst(Arena *a, IrProg *p);
int pass_thread(Arena *a, IrProg *p);
int pass_sccp(Arena *a, IrProg *p);
int pass_cse(Arena *a, IrProg *p);
int pass_bswapcmp(Arena *a, IrProg *p);
int pass_offsets(Arena *a, IrProg *p);
int pass_forward(Arena *a, IrProg *p);
int pass_dse(Arena *a, IrProg *p);
int pass_bitmask(Arena *a, IrProg *p);
int pass_demand(Arena *a, IrProg *p);
int pass_licm(Arena *a, IrProg *p);
int pass_strength(Arena *a, IrProg *p);
int pass_unroll(Arena *a, IrProg *p);
int pass_layout(Arena *a, IrProg *p);
int pass_narrow(Arena *a, IrProg *p);
int pass_vbound(Arena *a, IrProg *p);
int pass_split(Arena *a, IrProg *p);
int pass_storeup(Arena *a, IrProg *p);
int pass_cmpfold(Arena *a, IrProg *p);
int pass_edgeconst(Arena *a, IrProg *p);
int pass_reassoc(Arena *a, IrProg *p);
int pass_loopeval(Arena *a, IrProg *p);
int pass_cmpval(Arena *a, IrProg *p);
int pass_andor(Arena *a, IrProg *p);
int pass_bittests(Arena *a, IrProg *p);

#endif
