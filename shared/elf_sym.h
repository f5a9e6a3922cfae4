/* elf_sym.h: the file offset of a function of an executable or shared
 * library, where a uprobe goes (elf_sym.c). */
#ifndef WH_ELF_SYM_H
#define WH_ELF_SYM_H
#include <stdint.h>
#include "arena.h"

/* *off gets the file offset of function `sym` of the ELF file `path`.
 * NULL, or a message (from a). */
const char *elf_func_offset(Arena *a, const char *path, const char *sym, uint64_t *off);

#endif
