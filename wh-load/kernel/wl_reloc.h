/* wl_reloc.h: relocations of program code (reloc.c). */
#ifndef WH_WL_RELOC_H
#define WH_WL_RELOC_H
#include "wl.h"

/* At open: record every program's map references (refusing the rest). */
int wl_collect_relos(WlObject *o);
/* At load: patch the program's ld_imm64s with the map fds. */
int wl_apply_relos(WlObject *o, WlProg *p);

#endif
