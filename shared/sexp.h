/* sexp.h: s-expressions with source positions; the Lisp reader and the
 * canonical printer of the sx and core formats. */
#ifndef WH_SEXP_H
#define WH_SEXP_H
#include <stdint.h>
#include "arena.h"
#include "diag.h"

/* SX_FN is a function value of the compile-time Lisp (shared/lisp.h); it
 * never appears in a format and prints as #<function NAME>. */
typedef enum { SX_NIL, SX_INT, SX_STR, SX_SYM, SX_CHAR, SX_CONS, SX_FN } SxKind;
struct LispFn;

typedef struct Sx Sx;
struct Sx {
	SxKind kind;
	Pos pos;
	int64_t i;              /* SX_INT value, SX_CHAR code */
	const char *s;          /* SX_SYM interned name, SX_STR bytes */
	size_t len;             /* SX_STR length */
	Sx *car, *cdr;          /* SX_CONS */
	struct LispFn *fn;      /* SX_FN */
};

/* Symbols are interned: two symbols are the same iff their s pointers are. */
const char *intern(const char *name);
const char *intern_n(const char *name, size_t n);

Sx *sx_int(Arena *a, int64_t v, Pos p);
Sx *sx_sym(Arena *a, const char *name, Pos p);
Sx *sx_str(Arena *a, const char *s, size_t len, Pos p);
Sx *sx_cons(Arena *a, Sx *car, Sx *cdr, Pos p);
Sx *sx_nil(Arena *a, Pos p);
Sx *sx_list(Arena *a, Pos p, int n, ...);   /* n items */

static inline int sx_is(const Sx *x, const char *interned_sym)
{
	return x && x->kind == SX_SYM && x->s == interned_sym;
}
static inline int sx_is_list(const Sx *x) { return x->kind == SX_CONS || x->kind == SX_NIL; }
int sx_length(const Sx *x);             /* proper list length, -1 if improper */
Sx *sx_nth(const Sx *x, int n);         /* NULL when out of range */

typedef struct {
	const char *header;     /* "sx", "core" or NULL for Lisp source */
	const char *file;       /* from the header line, if any */
	Vec forms;              /* Sx* top-level forms */
} SxFile;

/* The reader spells two read-time syntaxes as forms, so that the sx format
 * stays plain data: #.X is (%read-eval X), evaluated before the top-level
 * form that holds it is processed (lisp_read_time), and #(A B) is
 * (%vector A B), the vector literal. */
#define SX_READ_EVAL "%read-eval"
#define SX_VECTOR "%vector"

/* Read Lisp source text (the reader syntax users write). */
SxFile *sx_read_source(Arena *a, const char *text);
/* Read the sx or core format; `want` is "sx" or "core". */
SxFile *sx_read_format(Arena *a, const char *text, const char *want);

/* Canonical printing. */
void sx_print(Buf *b, const Sx *x);
void sx_print_file(Buf *b, const SxFile *f);
/* For messages: a short rendering, cut at `max` characters. */
const char *sx_brief(Arena *a, const Sx *x, int max);

#endif
