/* emit.h: the files of wh-emit: instruction selection and peephole. */
#ifndef WH_EMIT_H
#define WH_EMIT_H
#include "asm.h"
#include "ir.h"

AsmProg *select_prog(Arena *a, IrProg *p);
void peephole(Arena *a, AsmProg *p);

#endif
