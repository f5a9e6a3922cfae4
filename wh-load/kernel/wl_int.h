/* wl_int.h: what the loading files of the kernel layer share behind wl.h:
 * relocations of program code (reloc.c) and the object's BTF (btf_load.c). */
#ifndef WH_WL_INT_H
#define WH_WL_INT_H
#include "wl.h"

/* At open: record every program's map references (refusing the rest). */
int wl_collect_relos(WlObject *o);
/* At load: patch the program's ld_imm64s with the map fds. */
int wl_apply_relos(WlObject *o, WlProg *p);
/* Fix DATASEC sizes and VAR offsets from the ELF, as libbpf does, then
 * BPF_BTF_LOAD into o->btf_fd. */
int wl_btf_load(WlObject *o);

#endif
