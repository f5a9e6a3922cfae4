/* whelf.h: what wh-elf's parts share. assemble.c turns an AsmUnit into
 * Code (encoded instructions per ELF section, program symbols, map
 * references, line records, the maps); btf.c chooses the .BTF types and
 * .BTF.ext records of it; layout.c lays it out as an object model
 * (shared/obj.h), which shared/obj_write.c writes; disasm.c reads an
 * object model back into an AsmUnit; describe.c summarizes one. */
#ifndef WH_ELF_H
#define WH_ELF_H
#include <stdint.h>
#include "arena.h"
#include "asm.h"
#include "bpf.h"
#include "obj.h"

/* One program: a STT_FUNC symbol inside its section. */
typedef struct {
	const AsmProg *prog;
	uint32_t off, size;     /* bytes within the section */
	uint32_t btf_func;      /* BTF FUNC type id (set by code_btf) */
} CodeFunc;

/* ld_imm64 at byte offset off refers to map number map (R_BPF_64_64). */
typedef struct {
	uint32_t off;
	int map;
} CodeReloc;

/* A line_info record: the instruction at byte offset off has position pos. */
typedef struct {
	uint32_t off;
	Pos pos;
} CodeLine;

/* A CO-RE relocation: the instruction at byte offset off (docs/formats.md). */
typedef struct {
	uint32_t off;
	const AsmCore *core;
} CodeCore;

/* One executable ELF section holding one or more programs. */
typedef struct {
	const char *name;
	uint8_t *code;          /* little-endian instructions */
	uint32_t size;          /* bytes */
	Vec funcs;              /* CodeFunc* in offset order */
	Vec relocs;             /* CodeReloc* */
	Vec lines;              /* CodeLine* in offset order */
	Vec cores;              /* CodeCore* in offset order */
} CodeSection;

typedef struct {
	const AsmUnit *u;
	Vec secs;               /* CodeSection* in order of first use */
	ObjMap *maps;           /* in declaration order; off and size set by code_btf */
	int nmaps;
	uint64_t maps_size;     /* bytes of .maps (set by code_btf) */
} Code;

/* assemble.c: resolve labels and maps, encode; errors at asm positions. */
Code *assemble(Arena *a, const AsmUnit *u);

/* btf.c: the .BTF type graph and the .BTF.ext records (sets
 * CodeFunc.btf_func and the maps' layout in .maps). */
void code_btf(Arena *a, Code *c, Btf **btf, ObjExt **ext);
/* The BTF name of a kernel struct member's integer of `bytes` bytes
 * (__u32, __s64 ...; a .kmember's uN/iN), or NULL for other widths. */
const char *kernel_int_name(uint32_t bytes, int is_signed);

/* layout.c: the object model of the whole ELF object. */
ObjFile *code_layout(Arena *a, Code *c);

/* disasm.c: an object (ours or clang's) as asm; bad input is fatal
 * ("WHAT: message"). */
AsmUnit *elf_disasm(Arena *a, const ObjFile *o, const char *what);
/* The object's model; bad input is fatal ("WHAT: message"). */
ObjFile *elf_read(Arena *a, const char *image, size_t len, const char *what);

/* describe.c: the summary (shared/obj.h) of what the disassembly holds. */
void elf_describe(Buf *out, const ObjFile *o, const AsmUnit *u);

#endif
