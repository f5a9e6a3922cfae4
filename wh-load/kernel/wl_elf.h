/* wl_elf.h: the ELF view of an object: sections, symbols and relocations,
 * read once with libelf and checked against the file's size, so the rest of
 * wh-load never touches an offset it has not validated. */
#ifndef WH_WL_ELF_H
#define WH_WL_ELF_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

typedef struct {
	uint64_t offset;        /* r_offset: byte offset in the target section */
	uint32_t type;          /* R_BPF_* */
	uint32_t sym;           /* index into WlElf.sym, checked */
} WlElfRel;

typedef struct {
	const char *name;
	uint32_t type;          /* SHT_* */
	uint64_t flags;         /* SHF_* */
	uint64_t size;
	uint32_t link, info;
	const uint8_t *data;    /* size bytes inside the image; NULL if NOBITS or empty */
	WlElfRel *rel;          /* SHT_REL against code: the entries */
	size_t nrel;
} WlElfSec;

typedef struct {
	const char *name;       /* "" when unnamed */
	uint64_t value, size;
	uint32_t shndx;         /* < nsec, or SHN_UNDEF / SHN_ABS / SHN_COMMON */
	uint8_t type, bind;     /* STT_*, STB_* */
} WlElfSym;

struct WlElf {
	WlElfSec *sec;
	size_t nsec;
	WlElfSym *sym;
	size_t nsym;
};

/* Check that image is an ELF64 little-endian relocatable BPF object and
 * read its tables. The image must outlive the result. */
int wl_elf_read(Arena *a, const void *image, size_t len, struct WlElf **out);
/* Index of the section with this name, or -1. */
int wl_elf_section(const struct WlElf *e, const char *name);
/* Pointer to [off, off+n) of a section, or NULL when out of bounds. */
const uint8_t *wl_elf_bytes(const WlElfSec *s, uint64_t off, uint64_t n);

#endif
