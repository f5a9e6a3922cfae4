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
	union {
		size_t len;             /* SX_STR length */
		const char *written;    /* SX_SYM: the spelling read, when it has
					 * capitals (the name is in lower case);
					 * NULL otherwise */
	};
	Sx *car, *cdr;          /* SX_CONS */
	union {
		struct LispFn *fn;      /* SX_FN */
		Sx *expansion;          /* SX_CONS: a macro call's expansion,
					 * made the first time the compile-time
					 * Lisp evaluates it (lisp.c) */
	};
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
/* x with p on every list and atom that has no position (a macro's
 * expansion gets its call's). Such lists and atoms are copied, not
 * changed: a macro may return the same quoted list from every call. A list
 * with a position (user text) is kept as it is, with what it holds. */
Sx *sx_locate(Arena *a, Sx *x, Pos p);
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
/* Where the forms of Lisp source text begin: after a UTF-8 byte-order
 * mark and a #! script line; *at gets the position there. */
const char *sx_source_body(const char *text, Pos *at);

/* Lisp source one top-level datum at a time (a REPL's input, a file
 * loaded form by form). sx_scan finds where the next datum of `text`
 * (whose first character is at position `at`) lies without reading it:
 * EMPTY when only spaces and comments are left, PARTIAL when the text
 * ends inside the datum (or a #| comment) that starts at `from`, else
 * DATUM. Unless `at_end` says no more text follows, a token that reaches
 * the end of the text is PARTIAL: more text may continue it.
 * sx_read_extent reads the datum (its errors are the reader's, at their
 * positions); on a PARTIAL extent it reports why the datum is unfinished. */
typedef enum { SX_SCAN_EMPTY, SX_SCAN_DATUM, SX_SCAN_PARTIAL } SxScan;
typedef struct {
	size_t start, end;      /* the datum is text[start, end) */
	Pos from, to;           /* the positions of text[start] and text[end] */
} SxExtent;
SxScan sx_scan(const char *text, Pos at, int at_end, SxExtent *out);
Sx *sx_read_extent(Arena *a, const char *text, const SxExtent *e);
/* Read the sx or core format; `want` is "sx" or "core". */
SxFile *sx_read_format(Arena *a, const char *text, const char *want);

/* Canonical printing. */
void sx_print_file(Buf *b, const SxFile *f);
/* A symbol as the user wrote it (XDP_PASS), else its name. */
const char *sx_written(const Sx *x);
/* For messages: a short rendering, cut at `max` characters. */
const char *sx_brief(Arena *a, const Sx *x, int max);

#endif
