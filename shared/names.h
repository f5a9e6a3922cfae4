/* names.h: how a Lisp name is spelled in C and back. One rule for each
 * spelling, used by every phase that writes or reads one: object symbols
 * (maps, programs), struct and member names in BTF, the generated
 * headers, and kernel struct fields seen from Lisp. */
#ifndef WH_NAMES_H
#define WH_NAMES_H
#include "arena.h"

/* The longest name BTF carries: the kernel refuses one of KSYM_NAME_LEN
 * (512) characters or more. */
#define NAME_MAX_BTF 511
/* Names longer than this are shortened in messages. */
#define NAME_MAX_SHOWN 64

/* pkt-count -> pkt_count: every '-' an '_', nothing else changed. The
 * spelling of map and program names (checked by name_c_problem first). */
const char *name_c(Arena *a, const char *lisp);
/* prev_comm -> prev-comm, PID -> pid: a C name as the reader gives
 * symbols (kernel struct fields, tracepoint fields). */
const char *name_lisp(Arena *a, const char *c);

/* Respelling by words: the letters and digits of a name, every run of
 * other characters a word break; a leading digit gets an '_' before it,
 * and a name with no letter or digit is "x". src-addr, ok? -> */
typedef enum {
	NAME_SNAKE,     /* src_addr, ok */
	NAME_UPPER,     /* SRC_ADDR, OK */
	NAME_KEBAB,     /* src-addr, ok */
	NAME_CAMEL      /* SrcAddr, Ok */
} NameStyle;
const char *name_respell(Arena *a, const char *name, NameStyle style);

/* Why `lisp` cannot be a map or program name in an object (it must be a C
 * identifier once each '-' is an '_', and fit BTF), or NULL when it can.
 * The reason is a phrase: "'.' cannot be part of a C identifier". */
const char *name_c_problem(Arena *a, const char *lisp);

/* `name` for a message: itself, or its first characters and "..." when
 * it is longer than NAME_MAX_SHOWN. */
const char *name_shown(Arena *a, const char *name);

#endif
