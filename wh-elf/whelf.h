/* whelf.h: what wh-elf's parts share. assemble.c turns an AsmUnit into an
 * Obj (encoded code per ELF section, program symbols, relocations, line
 * records, map layout); btf.c encodes .BTF/.BTF.ext from it; elfout.c
 * writes the ELF object; disasm.c reads an object back into an AsmUnit. */
#ifndef WH_ELF_H
#define WH_ELF_H
#include <stdint.h>
#include "arena.h"
#include "asm.h"
#include "bpf.h"

/* One program: a STT_FUNC symbol inside its section. */
typedef struct {
	const AsmProg *prog;
	uint32_t off, size;     /* bytes within the section */
	uint32_t btf_func;      /* BTF FUNC type id (set by btf_build) */
} ObjFunc;

/* ld_imm64 at byte offset off refers to map number map (R_BPF_64_64). */
typedef struct {
	uint32_t off;
	int map;
} ObjReloc;

/* A line_info record: the instruction at byte offset off has position pos. */
typedef struct {
	uint32_t off;
	Pos pos;
} ObjLine;

/* One executable ELF section holding one or more programs. */
typedef struct {
	const char *name;
	uint8_t *code;          /* little-endian instructions */
	uint32_t size;          /* bytes */
	Vec funcs;              /* ObjFunc* in offset order */
	Vec relocs;             /* ObjReloc* */
	Vec lines;              /* ObjLine* in offset order */
} ObjSection;

/* The members of a BTF-defined map, each an 8-byte pointer in .maps. */
enum { MAP_MEMBERS_MAX = 5 };
typedef struct {
	const char *name;       /* "type", "key_size", ... */
	uint32_t value;
} MapMember;

typedef struct {
	const AsmMap *map;
	const MapTypeInfo *mt;
	MapMember members[MAP_MEMBERS_MAX];
	int nmembers;
	uint32_t off, size;     /* in .maps */
} ObjMap;

#define LICENSE_SYMBOL "LICENSE"

typedef struct {
	const AsmUnit *u;
	Vec secs;               /* ObjSection* in order of first use */
	Vec maps;               /* ObjMap* in declaration order */
	uint32_t maps_size;
} Obj;

/* assemble.c: resolve labels and maps, encode; errors at asm positions. */
Obj *assemble(Arena *a, const AsmUnit *u);

/* btf.c: the .BTF and .BTF.ext section contents (sets ObjFunc.btf_func). */
void btf_build(Arena *a, Obj *o, Buf *btf, Buf *ext);

/* elfout.c: the whole ELF object, written all-or-nothing to path. */
void elf_write(Arena *a, Obj *o, const char *path);

/* disasm.c: an ELF object (ours or clang's) as asm; bad input is fatal. */
AsmUnit *elf_disasm(Arena *a, char *image, size_t len, const char *what);

/* le.c: little-endian fields (BPF objects are ELFDATA2LSB) */
void put_u16(uint8_t *p, uint16_t v);
void put_u32(uint8_t *p, uint32_t v);
void buf_u32(Buf *b, uint32_t v);
uint16_t get_u16(const uint8_t *p);
uint32_t get_u32(const uint8_t *p);

#endif
