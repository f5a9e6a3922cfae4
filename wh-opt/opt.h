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

/* util.c */
Val *subst_new(Arena *a, const IrProg *p);          /* identity map over tmps */
int subst_apply(IrProg *p, Val *map);               /* rewrite uses; changed? */
int *use_counts(Arena *a, const IrProg *p);
void remove_ins(Blk *b, int idx);

/* the passes, one file each */
int pass_copyprop(Arena *a, IrProg *p);
int pass_constfold(Arena *a, IrProg *p);
int pass_dce(Arena *a, IrProg *p);
int pass_phis(Arena *a, IrProg *p);
int pass_cfg(Arena *a, IrProg *p);

#endif
