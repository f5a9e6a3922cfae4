/* expand.h: state shared by the files of wh-expand (top-level forms and
 * the walk of program bodies into core forms). */
#ifndef WH_EXPAND_H
#define WH_EXPAND_H
#include "sexp.h"
#include "bpf.h"

typedef struct {
	const char *lisp_name;  /* as written: pkt-count */
	const char *c_name;     /* symbol in the object: pkt_count */
	const MapTypeInfo *type;
	int64_t key_size, value_size, max_entries, flags;
	Pos pos;
} MapDecl;

typedef struct {
	const char *name;       /* interned */
	int64_t value;
} Constant;

typedef struct Scope Scope;
struct Scope {
	const char *name;       /* interned Lisp variable name */
	Scope *up;
};

typedef struct {
	Arena *a;
	Vec maps;               /* MapDecl* */
	Vec constants;          /* Constant* */
	Vec out;                /* Sx* core declarations */
	const char *license;
	Pos license_pos;
	const ProgTypeInfo *prog_type;  /* of the program being walked */
	Scope *scope;
	int gensym;
} Expander;

void expand_toplevel(Expander *e, Sx *form);
Sx *expand_body(Expander *e, Sx *body_list, Pos p);   /* list of forms -> one core form */

/* helpers shared between the files */
const char *c_identifier(Expander *e, const char *lisp_name);
MapDecl *find_map(Expander *e, const char *lisp_name);
int lookup_constant(Expander *e, const char *name, int64_t *v);
Sx *sym(Expander *e, const char *name, Pos p);
Sx *num(Expander *e, int64_t v, Pos p);
Sx *list(Expander *e, Pos p, int n, ...);
/* Evaluate a compile-time constant expression (integers, constants,
 * arithmetic); error at its position otherwise. */
int64_t const_eval(Expander *e, Sx *x, const char *what);

#endif
