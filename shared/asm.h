/* asm.h: the asm format (BPF assembly in the syntax the verifier log,
 * llvm-objdump and clang's assembler share, plus Whistler directives).
 * One parser and one canonical printer; grammar in docs/formats.md. */
#ifndef WH_ASM_H
#define WH_ASM_H
#include <stdint.h>
#include "arena.h"
#include "bpf.h"
#include "diag.h"

typedef enum { AL_INSN, AL_LABEL } AsmLineKind;

/* A CO-RE relocation (.core): the instruction's immediate or offset is
 * `kind` (byte_off, byte_sz, ...) of `member` of the kernel struct
 * `type` (a .kstruct or .kunion), as the running kernel has it. */
typedef struct {
	const CoreKindInfo *kind;
	const char *type;
	const char *member;
} AsmCore;

typedef struct {
	AsmLineKind kind;
	Pos pos;                /* Lisp source position (from the last .loc) */
	const char *label;      /* AL_LABEL: the label defined here */
	BpfInsn in;             /* AL_INSN: opcode, registers, off, imm */
	int64_t imm64;          /* ld_imm64 (code 0x18): the full 64-bit value */
	const char *target;     /* jumps: label name (in.off is resolved by wh-elf) */
	const char *sym;        /* ld_imm64 of a map: map name (relocation) */
	const AsmCore *core;    /* a CO-RE relocation on it, or NULL */
	Pos line_pos;           /* position of this line in the asm text itself */
} AsmLine;

typedef struct {
	const char *name;       /* symbol name (C identifier) */
	const char *type;       /* program type keyword: "xdp", "kprobe", ... */
	const char *section;    /* ELF section */
	Pos pos;
	Vec lines;              /* AsmLine* */
} AsmProg;

/* The type of a map's key or value (defmap :key-type, :value-type): a
 * scalar (u8 .. u64, i8 .. i64) or a struct or union of the unit, or an
 * array of count of them. name NULL: untyped (the sizes alone). */
typedef struct {
	const char *name;
	uint32_t count;         /* array elements; 0 for one */
} AsmMapType;

typedef struct {
	const char *name;
	const char *type;       /* map type keyword: "array", "ringbuf", ... */
	uint32_t key_size, value_size, max_entries, flags;
	AsmMapType key, value;
	Pos pos;
} AsmMap;

/* The type of a member of a kernel struct (.kmember): as much of the
 * kernel's BTF type as CO-RE relocation and a reader of .BTF need. */
typedef enum { KT_INT, KT_VOID, KT_PTR, KT_ARRAY, KT_STRUCT, KT_UNION, KT_ENUM } AsmKTypeKind;
typedef struct AsmKType AsmKType;
struct AsmKType {
	AsmKTypeKind kind;
	uint32_t size;          /* INT, ENUM, an anonymous STRUCT or UNION: bytes */
	int is_signed;          /* INT */
	const char *name;       /* STRUCT, UNION, ENUM: its name; NULL: anonymous */
	uint32_t count;         /* ARRAY: elements */
	const AsmKType *elem;   /* PTR: the pointee; ARRAY: the element */
};

/* A member of a defstruct/defunion: a scalar or array of uW, or (unions)
 * a struct declared before. */
typedef struct {
	const char *name;
	const char *type;       /* "u8" .. "u64", or a struct's name */
	uint32_t offset;        /* bytes */
	uint32_t count;         /* array elements; 0 for a scalar */
	const AsmKType *ktype;  /* a kernel struct's member: its type (type,
				 * count unused) */
} AsmMember;

typedef struct {
	const char *name;
	int is_union;
	uint32_t size, align;   /* align: 0 for a kernel struct */
	Pos pos;
	Vec members;            /* AsmMember*; a kernel struct's have ktype */
} AsmStruct;

typedef struct {
	const char *file;       /* Lisp source file name, or NULL */
	const char *license;    /* NULL: none given */
	const char *output;     /* the object file compile-to-elf names, or NULL */
	Vec maps;               /* AsmMap* */
	Vec structs;            /* AsmStruct* in declaration order */
	Vec kstructs;           /* AsmStruct*: kernel structs and unions
				 * (.kstruct), in declaration order */
	Vec progs;              /* AsmProg* */
} AsmUnit;

/* The struct or union called name, or NULL. */
const AsmStruct *asm_struct(const AsmUnit *u, const char *name);
/* The size in bytes of one element of a member's type (0: unknown). */
uint32_t asm_member_width(const AsmUnit *u, const AsmMember *m);
/* Why a typed map's key or value type is wrong in u (an unknown type, a
 * size that is not the map's, one the kernel refuses for the map type),
 * or NULL. Checked when the whole unit is known (the .map lines come
 * before the .struct lines). */
const char *asm_map_types_error(Arena *a, const AsmUnit *u, const AsmMap *m);

/* The checks a .struct/.union or .member declaration must pass, shared by
 * the asm and the ssa/mir parsers: NULL when it may join u (the member:
 * the last struct of u, st), else the error message, with *part set to
 * the word of the declaration the message is about. */
typedef enum { DECL_NAME, DECL_SIZE, DECL_ALIGN, DECL_TYPE } AsmDeclPart;
const char *asm_struct_error(Arena *a, const AsmUnit *u, const AsmStruct *st,
			     AsmDeclPart *part);
const char *asm_member_error(Arena *a, const AsmUnit *u, const AsmStruct *st,
			     const AsmMember *m, AsmDeclPart *part);
/* Print a .struct/.union line and its .member lines. */
void asm_print_struct(Buf *out, const AsmStruct *st);

/* ---- kernel structs and CO-RE (asm_core.c) ----
 * .kstruct/.kunion NAME size=N and their .kmember NAME offset=N KTYPE
 * lines describe the kernel types a program reads, as far as it reads
 * them; .core lines mark the instructions whose immediate or offset the
 * loader relocates (docs/formats.md, "Kernel structs and CO-RE"). */
const AsmStruct *asm_kstruct(const AsmUnit *u, const char *name);
/* A struct of a Vec of AsmStruct* by name, or NULL (asm.c). */
const AsmStruct *asm_struct_in(const Vec *structs, const char *name);
/* A kernel struct's member by name, or NULL. */
const AsmMember *asm_kmember(const AsmStruct *st, const char *name);
/* Bytes of a member type: 0 for void and for a struct not declared. */
uint64_t asm_ktype_size(const AsmUnit *u, const AsmKType *t);
void asm_print_ktype(Buf *out, const AsmKType *t);
/* Whether two member types are the same (for sharing BTF records). */
int asm_ktype_equal(const AsmKType *x, const AsmKType *y);
/* What is wrong with a .core (its struct or member is not declared), or
 * NULL; *value gets what the relocated field of the declaration says
 * the instruction holds. */
const char *asm_core_value(Arena *a, const AsmUnit *u, const AsmCore *c, int64_t *value);
/* What is wrong with an instruction carrying a CO-RE relocation, or
 * NULL: only a constant move or ALU operation, a load or store (its
 * offset) and an ld_imm64 of a number can, as libbpf patches them. */
const char *asm_core_insn_problem(const AsmLine *l);
/* The value a relocation patches: the immediate, the memory offset or
 * the 64-bit immediate of an instruction asm_core_insn_problem accepts. */
int64_t asm_core_insn_value(const AsmLine *l);
/* The .core line of an instruction (without indentation or newline). */
void asm_print_core(Buf *out, const AsmCore *c);
/* Parse one .core line [s, end), numbered `line` (asm.c). */
AsmCore *asm_parse_core(Arena *a, const char *s, const char *end, int line);

/* The declaration lines of the asm, ssa and mir formats, one tokenizer
 * and one set of checks: .file, .license, .map, .struct, .union and
 * .member (declared into u; refused when after_progs) and .prog (a new
 * AsmProg without lines, in *prog; NULL for the others). [s, end) is one
 * line, numbered `line`, whose first word is the directive. Returns 0,
 * consuming nothing, for another line; errors exit with positions in the
 * text. */
int asm_parse_decl(Arena *a, AsmUnit *u, int after_progs, const char *s,
		   const char *end, int line, AsmProg **prog);
/* The declarations a unit starts with: .file, .license, .map, .struct
 * (u's progs are not printed), and a .prog line without its program. */
void asm_print_decls(Buf *out, const AsmUnit *u);
void asm_print_prog_line(Buf *out, const char *name, const char *type,
			 const char *section, Pos pos);

/* Parse asm text; errors are reported with positions in the asm text
 * (diag_file should name the asm input) and exit 1. */
AsmUnit *asm_parse(Arena *a, const char *text);
/* Print canonically: asm_print(asm_parse(x)) is a fixed point. */
void asm_print(Buf *out, const AsmUnit *u);
/* Print one instruction (no indentation, no newline). */
void asm_print_insn(Buf *out, const AsmLine *l);
/* Give the targets of raw jumps (jumps with no label, their offsets
 * counting slots) labels, for printing (asmraw.c). */
void asm_label_raw_jumps(Arena *a, AsmProg *p);

#endif
