/* wl_int.h: what the loading files of the kernel layer share behind wl.h:
 * relocations of program code (reloc.c) and the object's BTF (btf_load.c). */
#ifndef WH_WL_INT_H
#define WH_WL_INT_H
#include "wl.h"

/* At open: record every program's map references (refusing the rest). */
int wl_collect_relos(WlObject *o);
/* At load: patch the program's ld_imm64s with the map fds. */
int wl_apply_relos(WlObject *o, WlProg *p);
/* At load: patch the fields the program's CO-RE records name for the
 * target BTF (core.c). Once per program. */
int wl_core_relocate(WlObject *o, WlProg *p);
/* The same against a BTF already read (tpath names it in messages). */
int wl_core_relocate_to(WlObject *o, WlProg *p, const Btf *tb, const char *tpath);
/* Fix DATASEC sizes and VAR offsets from the ELF, as libbpf does, then
 * BPF_BTF_LOAD into o->btf_fd. */
int wl_btf_load(WlObject *o);

#endif
