/* obj.h: the object file, the eighth format: an ELF64 little-endian
 * relocatable BPF object with its .BTF, .BTF.ext, .maps and license, as
 * an in-memory model (docs/formats.md, "The object file"). One reader
 * (obj_read.c) and one writer (obj_write.c); wh-elf writes with it and
 * disassembles from it, wh-load loads from it.
 *
 * Two levels. The file: sections, symbols, relocations, the BTF type
 * graph and the .BTF.ext records, which is all the writer needs. The
 * views the reader derives from it: license, maps (BTF-defined, libbpf
 * style) and programs (global functions in executable sections) with
 * their instructions, relocations and .BTF.ext records.
 *
 * Everything lives in the model's arena: the reader copies the image and
 * every string it returns, so nothing points into libelf's memory.
 * Nothing here prints or exits: errors are returned as messages. */
#ifndef WH_OBJ_H
#define WH_OBJ_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"
#include "bpf.h"
#include "btf.h"

/* ---- the file ---- */

typedef struct {
	uint64_t off;           /* r_offset: byte offset in the target section */
	uint32_t type;          /* R_BPF_* */
	uint32_t sym;           /* index into ObjFile.sym (checked) */
} ObjRel;

/* A section. The writer makes the contents of .symtab (from sym), the
 * string tables (from the names), SHT_REL sections with entries (rel),
 * .BTF (from btf) and .BTF.ext (from ext); it writes the others' data as
 * it is. The reader keeps every section's bytes as read, and decodes the
 * entries of the relocation sections of code (those of debug info, .BTF
 * and .BTF.ext are for linkers: they stay bytes). */
typedef struct {
	const char *name;
	uint32_t type;          /* SHT_* */
	uint64_t flags;         /* SHF_* */
	uint32_t link, info;
	uint64_t align, entsize;
	const uint8_t *data;    /* size bytes; NULL when empty or SHT_NOBITS */
	uint64_t size;
	ObjRel *rel;            /* SHT_REL of code: its entries; else NULL */
	size_t nrel;
} ObjSec;

typedef struct {
	const char *name;       /* "" when unnamed */
	uint64_t value, size;
	uint32_t shndx;         /* < nsec, or SHN_UNDEF / SHN_ABS / SHN_COMMON */
	uint8_t type, bind;     /* STT_*, STB_* */
	uint8_t other;          /* st_other (visibility) */
} ObjSym;

/* .BTF.ext records; off is a byte offset in the code section. */
typedef struct {
	uint32_t off, type_id;  /* a FUNC */
} ObjFuncInfo;

typedef struct {
	uint32_t off;
	const char *file, *text;        /* "" when none */
	uint32_t line, col;
} ObjLineInfo;

typedef struct {
	uint32_t off, type_id;
	const char *access;     /* "0:1:2" */
	uint32_t kind;          /* enum bpf_core_relo_kind */
} ObjCoreRelo;

typedef enum { EXT_FUNC, EXT_LINE, EXT_CORE, EXT_KINDS } ObjExtKind;

/* The records of one kind for one code section (named). */
typedef struct {
	const char *sec;
	Vec recs;               /* ObjFuncInfo*, ObjLineInfo* or ObjCoreRelo* */
} ObjExtGroup;

typedef struct {
	int present[EXT_KINDS];         /* the subsection is there (maybe empty) */
	Vec groups[EXT_KINDS];          /* ObjExtGroup* in file order */
} ObjExt;

/* ---- the views ---- */

/* A relocation inside a program. */
typedef struct {
	uint32_t off;           /* byte offset from the program's start */
	uint32_t type;          /* R_BPF_* */
	uint32_t sym;
	int map;                /* an R_BPF_64_64 on an ld_imm64 that reaches a
				 * map definition of .maps: its index; else -1 */
} ObjProgRel;

typedef struct {
	const char *name;
	uint32_t sec;                   /* ELF section index */
	const char *section;            /* its name */
	const SectionInfo *kind;        /* the libbpf convention for it ('?'
					 * prefix dropped); NULL: unknown */
	uint64_t off;                   /* byte offset of the first insn */
	BpfInsn *insns;                 /* a copy */
	uint32_t ninsns;
	ObjProgRel *rels;
	int nrels;
	Vec ext[EXT_KINDS];             /* its .BTF.ext records, file order */
} ObjProg;

/* A map of .maps: the attributes its BTF definition gives. */
typedef struct {
	const char *name;
	uint32_t type, key_size, value_size, max_entries, flags;
	uint32_t numa_node, pinning;
	uint32_t btf_var;               /* its VAR */
	uint32_t btf_key_type_id, btf_value_type_id;    /* __type(key/value, T); 0: none */
	uint64_t off, size;             /* the definition in .maps */
} ObjMap;

typedef struct {
	Arena *a;
	uint32_t e_flags;
	ObjSec *sec;            /* [0] is the null section */
	size_t nsec, shstrndx;
	ObjSym *sym;            /* [0] is the null symbol */
	size_t nsym;
	Btf *btf;               /* NULL: no .BTF */
	ObjExt *ext;            /* NULL: no .BTF.ext */
	/* views, set by the reader */
	const char *license;    /* NULL: no license section */
	int maps_sec;           /* index of .maps, or -1 */
	ObjMap *maps;
	int nmaps;
	ObjProg *progs;
	int nprogs;
} ObjFile;

#define OBJ_LICENSE_SYMBOL "LICENSE"
/* The largest section alignment an object may ask for (a page): the
 * reader refuses more, which the writer would pad out in gigabytes. */
#define OBJ_MAX_SECTION_ALIGN 4096

/* ---- reading (obj_read.c) ---- */
/* Read and check an object: ELF tables, sections, symbols, relocations,
 * .BTF, .BTF.ext, then the views. The image is copied into a. NULL on
 * success, else a message (from a). */
const char *obj_read(Arena *a, const void *image, size_t len, ObjFile **out);
/* Index of the section with this name, or -1. */
int obj_section(const ObjFile *o, const char *name);
/* [off, off+n) of a section's bytes, or NULL when out of bounds. */
const uint8_t *obj_bytes(const ObjSec *s, uint64_t off, uint64_t n);
/* A symbol's name, or for a section symbol its section's. */
const char *obj_sym_name(const ObjFile *o, const ObjSym *y);

/* ---- .maps definitions (obj_maps.c) ---- */
/* The maps of .maps from the VARs of its DATASEC (obj_read calls it). */
const char *obj_read_maps(ObjFile *o);
/* Encode one map's definition as libbpf's BTF-defined map: a STRUCT of
 * __uint members (PTR -> ARRAY(int, N), the PTRs shared by equal N
 * across the calls with the same `shared`) and, for a map with
 * btf_key_type_id (btf_value_type_id) set, a __type(key, T) member
 * (PTR -> T) instead of key_size (value_size); and its VAR. Returns the
 * VAR's id; *size gets the bytes of the definition in .maps. t_int is
 * "int", t_index the arrays' index type. */
typedef struct ObjMapTypes ObjMapTypes;
ObjMapTypes *obj_map_types_new(Arena *a, BtfOut *b, uint32_t t_int, uint32_t t_index);
uint32_t obj_map_btf(ObjMapTypes *shared, const ObjMap *m, uint32_t *size);

/* ---- .BTF.ext (obj_ext.c) ---- */
const char *obj_read_ext(ObjFile *o, const uint8_t *data, size_t len);
/* The blob; strings go into b (which holds the .BTF types). */
void obj_write_ext(const ObjExt *x, BtfOut *b, Buf *out);
/* A new group of records for section `sec`. */
ObjExtGroup *obj_ext_group(Arena *a, ObjExt *x, ObjExtKind k, const char *sec);
/* Give each program the records of its section that fall inside it
 * (obj_read calls it). NULL or a message. */
const char *obj_ext_for_progs(ObjFile *o);
const char *obj_ext_kind_name(ObjExtKind k);    /* "func_info" ... */

/* ---- writing (obj_write.c) ---- */
/* The object's bytes (into out). NULL, or a message when the model
 * cannot be written (a libelf failure). */
const char *obj_write(const ObjFile *o, Buf *out);
/* .BTF and .BTF.ext as the writer encodes them (o->btf must be set).
 * With keep, *keep gets the builder, whose btf_out_str() gives the
 * offset of each string in that .BTF (free it with btf_out_free). */
void obj_encode_btf(const ObjFile *o, Buf *btf, Buf *ext, BtfOut **keep);

/* ---- a one-line-per-fact summary (obj_describe.c) ----
 * What a tool makes of an object, for comparing tools' views: wh-elf
 * --describe and wh-load describe fill it from their own readings. */
typedef struct {
	const char *name, *section;
	uint32_t insns;                 /* slots */
	uint32_t func_info, line_info, core_relo;
	Vec relocs;                     /* ObjSummaryReloc* */
} ObjSummaryProg;

typedef struct {
	uint32_t insn;
	const char *map;
} ObjSummaryReloc;

typedef struct {
	const char *license;            /* NULL: none */
	Vec progs;                      /* ObjSummaryProg* */
	Vec maps;                       /* ObjMap* (name and attributes) */
	uint32_t btf_types;             /* 0: no .BTF */
	uint32_t btf_kinds[NR_BTF_KINDS];
} ObjSummary;

/* BTF kinds counted into s from b. */
void obj_summary_btf(ObjSummary *s, const Btf *b);
/* Sorts s (maps and programs by name), then prints it. */
void obj_summary_print(Buf *out, ObjSummary *s);

#endif
