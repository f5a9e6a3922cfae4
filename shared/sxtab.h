/* sxtab.h: Lisp text read once, at build time, into a C table of its
 * s-expressions (the two preludes), so that a phase builds them at start
 * without reading text. tools/sxtab.c writes the table with
 * sx_table_write; sx_table_forms makes the forms again, in an arena. */
#ifndef WH_SXTAB_H
#define WH_SXTAB_H
#include <stdint.h>
#include "sexp.h"

/* One datum. CONS: car and cdr are node indexes. SYM: v indexes its name
 * in strs, car is its written spelling's index + 1 (0: none). STR: v
 * indexes strs. INT and CHAR: v is the value. NIL: nothing. Positions are
 * not kept: the preludes' forms have none (lisp_load_string). */
typedef struct {
	unsigned char kind;     /* SxKind */
	int64_t v;
	uint32_t car, cdr;
} SxTabNode;

typedef struct {
	const SxTabNode *nodes;
	const char *const *strs;        /* names, spellings and strings */
	const uint32_t *lens;           /* each string's length */
	const uint32_t *forms;          /* the top-level forms' nodes */
	uint32_t n_nodes, n_strs, n_forms;
} SxTable;

/* The forms of t, built in a (a fresh copy at each call: the Lisp may
 * keep state in them, such as a macro call's expansion). */
SxFile *sx_table_forms(Arena *a, const SxTable *t);
/* The C source of a table named `name` holding the forms of f. */
void sx_table_write(Buf *b, const SxFile *f, const char *name);

#endif
