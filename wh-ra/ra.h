/* ra.h: register allocation of one program (ssa in, mir out, in place). */
#ifndef WH_RA_H
#define WH_RA_H
#include "ir.h"

void ra_prog(Arena *a, IrProg *p);

#endif
