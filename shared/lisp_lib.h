/* lisp_lib.h: what the files of the Lisp's function library share (the
 * phases use lisp.h): the builtin tables, list building, keyword arguments
 * checked against what a function takes, the :key/:test matching of the
 * sequence functions, and sequences seen as vectors of their elements. */
#ifndef WH_LISP_LIB_H
#define WH_LISP_LIB_H
#include "lisp.h"

/* A builtin's definition: its arguments evaluated in a[0..n-1]. */
#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, __attribute__((unused)) Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

/* A table of builtins; MV marks those that set several values. */
enum { ONE_VALUE, MV };
typedef struct {
	const char *name;
	LispBuiltin fn;
	int min, max;           /* arity; max -1 for any */
	int mv;
} LispBuiltinDef;
void lisp_install_table(Lisp *L, const LispBuiltinDef *defs, int n);
#define INSTALL(L, table) lisp_install_table(L, table, (int)(sizeof table / sizeof *table))

/* Build lists front to back. */
typedef struct {
	Sx *head, **tail;
} ListB;
void lb_init(Lisp *L, ListB *b);
void lb_add(Lisp *L, ListB *b, Sx *x);

Sx *lisp_need_list(Lisp *L, Sx *x, Pos p, const char *who);     /* nil as SX_NIL */
Sx *lisp_need_string(Lisp *L, Sx *x, Pos p, const char *who);
int64_t lisp_need_char(Lisp *L, Sx *x, Pos p, const char *who);  /* its code */
Sx *lisp_char(Lisp *L, int64_t code);

/* Keyword arguments: each library function says which it takes; any
 * other keyword (without :allow-other-keys t) is an error. */
typedef enum {
	K_TEST, K_TEST_NOT, K_KEY, K_START, K_END, K_FROM_END, K_COUNT,
	K_START1, K_END1, K_START2, K_END2, K_INITIAL_VALUE, K_RADIX,
	K_JUNK_ALLOWED, K_STREAM, K_ESCAPE, K_READABLY, K_SIZE,
	K_REHASH_SIZE, K_REHASH_THRESHOLD, K_INITIAL_ELEMENT, K_ELEMENT_TYPE,
	K_INITIAL_CONTENTS, K_ADJUSTABLE, K_N
} LispKey;
#define KB(k) (1u << (k))
#define SEQ_KEYS (KB(K_FROM_END) | KB(K_START) | KB(K_END) | KB(K_KEY))
#define TEST_KEYS (KB(K_TEST) | KB(K_TEST_NOT) | KB(K_KEY))
typedef struct {
	Sx *v[K_N];             /* the values given, NULL when absent */
} LispKeys;
/* Parse a[from..n-1] as keyword/value pairs (the leftmost of a repeated
 * keyword counts, as in CL). */
void lisp_keys(Lisp *L, Sx **a, int n, int from, unsigned allowed, LispKeys *k, Pos p,
	       const char *who);
/* A keyword's value is given and not nil. */
int lisp_key_true(const LispKeys *k, LispKey key);
/* The bounds :START..:END (or :START1 :END1 ... by `start`, whose end key
 * follows it) within a sequence of `len` elements. */
void lisp_bounds(Lisp *L, const LispKeys *k, LispKey start, int64_t len, int64_t *lo,
		 int64_t *hi, Pos p, const char *who);

/* Whether an element matches: :key applied to it, then compared with the
 * item by :test (eql by default) or :test-not, or given to a predicate
 * (the -if functions; the -if-not ones negate it). */
typedef struct {
	Sx *item;
	Sx *fn;                 /* the test or predicate, NULL for eql */
	int is_pred;
	int negate;
	Sx *key;                /* NULL or nil for none */
	Pos p;
} Match;
Match lisp_match(Lisp *L, const LispKeys *k, Sx *item, Sx *pred, int negate, Pos p,
		 const char *who);
Sx *lisp_keyed(Lisp *L, const Match *m, Sx *x);
int lisp_matches(Lisp *L, const Match *m, Sx *x);
/* Two elements by the match's test, :key applied to both. */
int lisp_same(Lisp *L, const Match *m, Sx *x, Sx *y);

/* A sequence (proper list, string, vector) as the vector of its elements
 * (a string's as characters). */
typedef struct {
	Sx **v;
	int64_t n;
} Seq;
Seq lisp_seq(Lisp *L, Sx *x, Pos p, const char *who);
Sx *lisp_seq_list(Lisp *L, Seq s);
/* A sequence of the type of `like` (list, string or vector) holding v. */
Sx *lisp_seq_like(Lisp *L, Sx *like, Sx **v, int64_t n, Pos p, const char *who);

/* The entries of a hash table as a list of (key . value), in the order
 * they were added (loop's hash-keys and hash-values). */
Sx *lisp_hash_entries(Lisp *L, Sx *table, Pos p);

/* The library's parts (each file's builtins). */
void lisp_install_sequences(Lisp *L);
void lisp_install_strings(Lisp *L);
void lisp_install_hash(Lisp *L);
void lisp_install_output(Lisp *L);

#endif
