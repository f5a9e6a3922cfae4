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
/* The target of CO-RE relocations: vmlinux's BTF, then the modules'
 * split BTF (each continuing vmlinux's), which are read from `dir` the
 * first time a struct is not in vmlinux (mods_read: done, or given). */
typedef struct {
	const char *path;
	const Btf *btf;
} WlCoreBtf;
typedef struct {
	Arena *a;
	const char *path;       /* vmlinux's BTF, as messages name it */
	const Btf *vmlinux;
	const char *dir;        /* where the modules' BTF is; NULL: no modules */
	WlCoreBtf *mods;
	int nmods, mods_read;
} WlCoreTarget;
/* The same against a target already read. */
int wl_core_relocate_to(WlObject *o, WlProg *p, WlCoreTarget *t);
/* Fix DATASEC sizes and VAR offsets from the ELF, as libbpf does, then
 * BPF_BTF_LOAD into o->btf_fd. */
int wl_btf_load(WlObject *o);

#endif
