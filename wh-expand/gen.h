/* gen.h: shared header generation (wh-expand --gen LANG). The layouts come
 * from the core format's (struct ...), (union ...) and (constant ...)
 * declarations, which the expander computed; each language's printer
 * (gen_c.c, gen_go.c, gen_rust.c, gen_py.c, gen_lisp.c) only spells them. */
#ifndef WH_GEN_H
#define WH_GEN_H
#include "arena.h"
#include "sexp.h"
#include "names.h"
#include <stdint.h>

typedef struct GenStruct GenStruct;

/* A field (width-byte elements, count 0 for a scalar), an embedded struct
 * or union (type; width 1, count its size), or an explicit padding run
 * (pad: width 1, count bytes). Union members name a struct. */
typedef struct {
	const char *name;       /* as core spells it: src-addr, or a struct name */
	int width;
	int64_t offset, count;
	const GenStruct *type;  /* an embedded struct or union, else NULL */
	int pad;
} GenField;

struct GenStruct {
	const char *name;       /* C identifier: conn_event */
	int64_t size, align;
	int is_union;
	Vec fields;             /* GenField* */
};

typedef struct {
	const char *name;       /* Lisp spelling: +event-type-tcp+ */
	int64_t value;
} GenConst;

typedef struct {
	Arena *a;
	const char *source;     /* the Lisp file, from the core header */
	const char *base;       /* output base name: foo for foo.h, foo_types.go */
	const char *prefix;     /* the namespace of the generated names: foo, or
				 * "" for the bare names (--prefix) */
	Vec structs;            /* GenStruct* */
	Vec consts;             /* GenConst* */
} GenModel;

/* Read the declarations of a core file; everything else is skipped. */
GenModel *gen_model(Arena *a, const SxFile *core, const char *base, const char *prefix);

/* The alignment a field needs: its width, or its struct's alignment. */
int64_t gen_field_align(const GenField *f);

/* The fields of s with padding runs inserted where a language with natural
 * alignment (each element aligned to its width) would place a field
 * elsewhere or end the struct at another size; every_gap: a run for every
 * gap, even one natural alignment would leave (for Go). Pads are named
 * _pad0, _pad1 ... */
Vec gen_layout(Arena *a, const GenStruct *s, int every_gap);

/* Spellings: conn_event / src-addr -> */
const char *gen_snake(Arena *a, const char *name);   /* conn_event, src_addr */
const char *gen_camel(Arena *a, const char *name);   /* ConnEvent, SrcAddr */
const char *gen_lisp(Arena *a, const char *name);    /* conn-event, src-addr */
const char *gen_const(Arena *a, const char *name);   /* +a-b+ -> A_B */
/* The generated names of a struct or union type and of a constant, in
 * the model's namespace: foo_conn_event, FooConnEvent, FOO_EVENT_TYPE_TCP
 * (without a prefix: conn_event, ConnEvent, EVENT_TYPE_TCP). */
const char *gen_type_name(const GenModel *m, const char *name, NameStyle style);
const char *gen_const_name(const GenModel *m, const char *name);

typedef void (*GenFn)(Buf *b, const GenModel *m);
void gen_c(Buf *b, const GenModel *m);
void gen_go(Buf *b, const GenModel *m);
void gen_rust(Buf *b, const GenModel *m);
void gen_python(Buf *b, const GenModel *m);
void gen_lisp_file(Buf *b, const GenModel *m);

/* The languages: name, file suffix after the base, printer. */
typedef struct {
	const char *lang;
	const char *suffix;     /* ".h", "_types.go" ... */
	GenFn fn;
} GenLang;
const GenLang *gen_find(const char *lang);
/* Append the languages of "c,go" to langs (GenLang*); a usage error names
 * an unknown one. */
void gen_parse_langs(Arena *a, Vec *langs, const char *list);
/* wh-expand --gen: text is sx (expanded here) or core. With base, one
 * file per language, BASE + suffix; else one language, to out (stdout
 * when NULL). */
void gen_files(Arena *a, const char *text, Vec langs, const char *base, int base_default,
	       const char *out, const char *prefix);
extern const GenLang gen_langs[];
extern const int gen_nlangs;

#endif
