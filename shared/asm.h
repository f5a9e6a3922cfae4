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

typedef struct {
	AsmLineKind kind;
	Pos pos;                /* Lisp source position (from the last .loc) */
	const char *label;      /* AL_LABEL: the label defined here */
	BpfInsn in;             /* AL_INSN: opcode, registers, off, imm */
	int64_t imm64;          /* ld_imm64 (code 0x18): the full 64-bit value */
	const char *target;     /* jumps: label name (in.off is resolved by wh-elf) */
	const char *sym;        /* ld_imm64 of a map: map name (relocation) */
	Pos line_pos;           /* position of this line in the asm text itself */
} AsmLine;

typedef struct {
	const char *name;       /* symbol name (C identifier) */
	const char *type;       /* program type keyword: "xdp", "kprobe", ... */
	const char *section;    /* ELF section */
	Pos pos;
	Vec lines;              /* AsmLine* */
} AsmProg;

typedef struct {
	const char *name;
	const char *type;       /* map type keyword: "array", "ringbuf", ... */
	uint32_t key_size, value_size, max_entries, flags;
	Pos pos;
} AsmMap;

/* A member of a defstruct/defunion: a scalar or array of uW, or (unions)
 * a struct declared before. */
typedef struct {
	const char *name;
	const char *type;       /* "u8" .. "u64", or a struct's name */
	uint32_t offset;        /* bytes */
	uint32_t count;         /* array elements; 0 for a scalar */
} AsmMember;

typedef struct {
	const char *name;
	int is_union;
	uint32_t size, align;
	Pos pos;
	Vec members;            /* AsmMember* */
} AsmStruct;

typedef struct {
	const char *file;       /* Lisp source file name, or NULL */
	const char *license;    /* NULL: none given */
	Vec maps;               /* AsmMap* */
	Vec structs;            /* AsmStruct* in declaration order */
	Vec progs;              /* AsmProg* */
} AsmUnit;

/* The struct or union called name, or NULL. */
const AsmStruct *asm_struct(const AsmUnit *u, const char *name);
/* The size in bytes of one element of a member's type (0: unknown). */
uint32_t asm_member_width(const AsmUnit *u, const AsmMember *m);

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
