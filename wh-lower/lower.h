/* lower.h: the interface between wh-lower's driver and its lowering. */
#ifndef WH_LOWER_H
#define WH_LOWER_H
#include "ir.h"
#include "sexp.h"

IrProg *lower_prog(Arena *a, const IrUnit *u, const char *name, const char *type,
		   const char *section, Sx *body, Pos pos);

#endif
