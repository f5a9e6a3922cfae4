/* ra.h: register allocation of one program (ssa in, mir out, in place),
 * and the state its files share.
 *
 * The allocator works in rounds. Each round computes liveness on the CFG
 * (live intervals with holes), runs a linear scan over them and, if some
 * values did not get a register, rewrites those values through the
 * stack (or rebuilds them where they are used) and starts again. The
 * last round's assignment is then lowered to mir. */
#ifndef WH_RA_H
#define WH_RA_H
#include "ir.h"

enum { RA_NREG = 10 };          /* r0-r9; r10 is the frame pointer */

typedef struct {
	int *v;
	int n, cap;
} IntVec;
void ivec_push(Arena *a, IntVec *v, int x);

/* A position is an even number for the operands an instruction reads and
 * the odd number after it for the value it writes; see live.c. */
typedef struct {
	int s, e;               /* closed */
} Range;

/* The life of one variable: a tmp, or a spill slot (see live.c). */
typedef struct {
	Range *r;               /* sorted, disjoint */
	int nr;
	IntVec use;             /* positions it is read at, sorted */
	int reg;                /* tmps: assigned register, -1 none */
	int hint;               /* preferred register, -1 none */
	char cross;             /* live across a helper call */
	char fixed;             /* a spill or reload temporary: never spilled */
	char spill;             /* chosen to go through the stack this round */
} Itv;

typedef struct {
	Arena *a;
	IrProg *p;
	int ntmp;               /* p->ntmp of this round */
	Ins **def;              /* per tmp: its defining instruction */
	Blk **def_blk;          /* per tmp: the block of that instruction */
	char *fixed;            /* per tmp: spill/reload temporary (kept across rounds) */
	int nfixed;             /* size of `fixed` */
	/* frame */
	int64_t *obj_off;       /* per SLOT tmp: frame offset of its stack object */
	Vec frame_refs;         /* Ins*: `frame` rebuilding a stack object's address
				 * (spill.c), its offset set with the layout */
	IntVec frame_ref_obj;   /* per frame_refs entry: the object's slot tmp */
	int nslots;             /* spill slots (8 bytes each) */
	int frame;              /* frame size so far */
	int scratch_off;        /* parallel moves' parking place, 0: none */
	/* liveness of this round: variables are tmps, then spill slots */
	int nvar;
	Itv *itv;
	IntVec *live_in, *live_out;     /* per block: the variables live there */
	int *bstart, *bend;             /* per block: first and last position */
} RA;

/* spill loads and stores carry their slot number + 1 in Ins.sub (unused by
 * memory operations) until the reloads are dropped (reload.c) */
static inline int spill_slot_of(const Ins *in)
{
	return (in->op == I_LOAD || in->op == I_STORE) && in->sub > 0 ? in->sub - 1 : -1;
}

/* edges.c */
void prepare_cfg(Arena *a, IrProg *p);
/* live.c */
int free_use(const RA *r, const Ins *in, int k);
/* Whether `in` is `add SLOT, K`, an address at a constant offset in a
 * stack object: 1, with its frame offset in *off (when off is not NULL;
 * known once the frame is laid out). */
int frame_offset(const RA *r, const Ins *in, int64_t *off);
void compute_liveness(RA *r);
int itv_intersect(const Itv *x, const Itv *y);
/* Add [s, e] after x's last range (cap: its room), joined to that range
 * when s is at most `join` past its end (2 spans the unused position
 * between two blocks). */
void itv_add(Arena *a, Itv *x, int *cap, int s, int e, int join);
int itv_covers(const Itv *x, int pos);
int itv_overlaps(const Itv *x, int s, int e);
int itv_next_use(const Itv *x, int pos);
/* scan.c */
int linear_scan(RA *r);         /* returns how many values it spilled */
/* spill.c */
int rematerializable(const RA *r, int t);
void rewrite_spills(RA *r);
/* objects.c: per tmp, the interval where the stack object it makes (a
 * `slot`) is live; NULL for other tmps */
Itv **object_lives(RA *r);
/* frame.c */
void layout_frame(RA *r);
int frame_scratch(RA *r, Pos pos);
/* tomir.c */
void lower_to_mir(RA *r);
unsigned reg_bit(Val v);        /* 1 << the register v is, or 0 */
/* reload.c */
void drop_reloads(RA *r);
/* holdframe.c */
void hold_frame_addresses(RA *r);

void ra_prog(Arena *a, IrProg *p);

#endif
