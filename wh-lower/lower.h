/* lower.h: the pieces of wh-lower and what they share. main.c reads the
 * declarations; forms.c lowers the value forms of core; control.c the
 * forms that branch (conditions, if, and/or, loop, return); ssa.c builds
 * blocks and SSA values; pkt.c follows packet pointers for the verifier;
 * structs.c the struct and union declarations. */
#ifndef WH_LOWER_H
#define WH_LOWER_H
#include "ir.h"
#include "sexp.h"

IrProg *lower_prog(Arena *a, const IrUnit *u, const char *name, const char *type,
		   const char *section, Sx *body, Pos pos);
/* Add core's (struct ...) or (union ...) declaration to the unit
 * (structs.c). */
void lower_struct(Arena *a, IrUnit *u, Sx *form);
void lower_kstruct(Arena *a, IrUnit *u, Sx *form);

/* ---- shared by the files of wh-lower ---- */

typedef struct Var Var;                 /* a variable bound by let or loop */
typedef struct Binding Binding;
struct Binding {
	const char *name;
	Var *var;
	Binding *up;
};

/* What the verifier will know about a value (pkt.c). */
enum { PK_NONE, PK_DATA, PK_END, PK_LEN };
typedef struct {
	int kind;               /* PK_DATA: a packet pointer; PK_END: packet end;
				 * PK_LEN: end - ptr, with end in a and ptr in b */
	Val a, b;
} PktInfo;

typedef struct {
	Arena *a;
	IrProg *p;
	const IrUnit *unit;
	const ProgTypeInfo *pt;
	Blk *cur;               /* NULL: code here is unreachable */
	Binding *scope;
	Val ctx;                /* the context pointer */
	Pos pos;                /* position of the form being lowered */
	/* ssa.c: the variables' definitions by block; per block id */
	struct DefTable *defs;
	char *sealed;
	Vec *incomplete;        /* Incomplete* */
	int cap;
	/* pkt.c: per tmp number */
	PktInfo *pkt;
	int pktcap;
} L;

/* forms.c */
Val lower(L *l, Sx *x);
int nargs_of(Sx *x);
Sx *arg(Sx *x, int i);
int64_t const_of(L *l, Sx *x, const char *what);
/* Bind NAME in a new scope entry (undo by restoring l->scope). */
Var *bind(L *l, Sx *name);
/* The forms of a body list: all but the last for effect; the last gives
 * the value, or, when t is not NULL, is lowered as a test (see lower_cond). */
Val lower_body(L *l, Sx *forms, Blk *t, Blk *f);
Val lower_let(L *l, Sx *x, Blk *t, Blk *f);

/* control.c */
int find_cmp(Sx *x, Cond *cc);
/* Lower x as a test: jump to t when it is non-zero, else to f. */
void lower_cond(L *l, Sx *x, Blk *t, Blk *f);
Val lower_cmp(L *l, Sx *x);
Val lower_if(L *l, Sx *x);
Val lower_andor(L *l, Sx *x);
Val lower_not(L *l, Sx *x);
Val lower_loop(L *l, Sx *x);
Val lower_return(L *l, Sx *x);

/* ssa.c */
Blk *new_blk(L *l);
/* A new instruction at the end of the current block (built but dropped in
 * unreachable code); it defines a fresh tmp when its op defines a value. */
Ins *emit(L *l, IrOp op, int nargs);
/* Continue in b, or in unreachable code when nothing jumps to b. */
void enter(L *l, Blk *b);
void jump(L *l, Blk *to);
void branch(L *l, Cond cc, Val a, Val b, Blk *t, Blk *f);
void seal(L *l, Blk *b);
Var *new_var(L *l, const char *name);
void write_var(L *l, Var *v, Val val);          /* in the current block */
Val read_var(L *l, Var *v);                     /* in the current block */
/* Arms that meet at a join block, each with its value. */
typedef struct {
	Vec blks, vals;         /* Blk*, Val* */
} Arms;
void arm_done(L *l, Arms *arms, Val v, Blk *join);
Val join_arms(L *l, Arms *arms, Blk *join);
/* Remove the phis whose operands are all one value or the phi itself. */
void remove_trivial_phis(Arena *a, IrProg *p);

/* pkt.c */
/* Classify the value `in` defines (after its operands are filled in). */
void pkt_note(L *l, const Ins *in);
/* `a op b` as a new value, classified by pkt_note. */
Val pkt_alu(L *l, AluOp op, Val a, Val b);
/* Rewrite `a cc b`, where one side is end - ptr and the other a constant
 * K, into `ptr + K cc' end`. `fresh` says the end - ptr operand was
 * computed by this comparison alone (its sub can be dropped). */
int pkt_rewrite_cmp(L *l, Cond *cc, Val *a, Val *b, int fresh);

#endif
