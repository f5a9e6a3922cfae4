/* lisp.h: the compile-time Lisp. A small Common Lisp subset evaluated
 * over Sx values: it runs user macros and functions in wh-expand (and the
 * userspace side of sessions later). Values are Sx nodes; nil is SX_NIL
 * (the symbol nil reads as nil too); functions are SX_FN. Integers are
 * 64-bit two's complement. Errors go through diag with the position of the
 * form at fault and exit 1. */
#ifndef WH_LISP_H
#define WH_LISP_H
#include "sexp.h"
#include "symtab.h"
#include <signal.h>
#include <stdio.h>

typedef struct Lisp Lisp;
typedef struct LispEnv LispEnv;
typedef struct LispScope LispScope;

/* A builtin function: evaluated arguments in args[0..n-1]. */
typedef Sx *(*LispBuiltin)(Lisp *L, Sx **args, int n, Pos p);
/* A builtin special form: gets the whole unevaluated form. */
typedef Sx *(*LispSpecial)(Lisp *L, Sx *form, LispEnv *env);

/* What an SX_FN node holds: a function, or (at run time, in sessions) a
 * data object riding in the same node: a vector, a record of a defstruct,
 * or an opaque handle owned by the embedding program. */
typedef enum { LISP_FUNCTION, LISP_VECTOR, LISP_RECORD, LISP_HANDLE, LISP_HASH } LispObjType;

typedef struct LispFn {
	LispObjType type;       /* LISP_FUNCTION unless a data object */
	const char *name;       /* for messages; NULL for a lambda; objects:
				 * the type name printed (record, handle) */
	LispBuiltin builtin;    /* builtin, or NULL for a closure */
	int min, max;           /* builtin arity; max -1 for any */
	Sx *params;             /* closure: lambda list */
	Sx *body;               /* closure: list of forms */
	LispEnv *env;           /* closure: captured environment */
	int is_macro;
	int mv;                 /* builtin that sets its values (lisp_values) */
	int scoped;             /* builtin a scope may call (lisp_scope.c) */
	int nsimple;            /* closure: 1 + the number of its parameters
				 * when they are plain symbols, -1 when not,
				 * 0 until its first call */
	Pos pos;                /* where a closure was defined */
	Sx **items;             /* vector elements, record slot values; NULL
				 * for a vector of bytes not yet needed as
				 * values (then `bytes` holds them) */
	int nitems;
	unsigned char *bytes;   /* a byte vector's elements as bytes, until
				 * lisp_vec_items makes items of them */
	Arena *home;            /* the arena a byte vector was made in: its
				 * items are made there */
	int borrowed;           /* bytes are the embedder's (lisp_bytes_at) */
	const char *const *slots; /* record slot names (interned), nitems of them */
	void *handle;           /* LISP_HANDLE: the embedder's object;
				 * LISP_HASH: the table (lisp_hash.c) */
} LispFn;

struct Lisp {
	Arena *a;
	SymTab vars;            /* global values: Sx* */
	SymTab specials;        /* names declared special (defvar ...) */
	SymTab constants;       /* names of defconstant (cannot be rebound) */
	SymTab funs;            /* global functions: Sx* (SX_FN) */
	SymTab macros;          /* global macros: Sx* (SX_FN) */
	SymTab forms;           /* special forms, and the Lisp's own macros
				 * (lisp_prelude.lisp), which come before
				 * `macros` and which wh-expand's walker does
				 * not see */
	int loading_prelude;    /* defmacro defines one of the Lisp's own */
	Pos pos;                /* position of the innermost form being evaluated */
	Pos call_pos;           /* position errors from `error` report (a macro call site) */
	int depth;              /* call depth, bounded */
	long steps;             /* evaluation steps, bounded */
	int gensym;
	int own_gensym;         /* %gensym: the Lisp's own macros' variables */
	struct LispCatch *catch; /* block / unwind-protect frames */
	void *user;             /* the embedding phase's state */
	int runtime;            /* running a program (sessions): no step bound,
				 * and interrupts are conditions */
	SymTab setters;         /* builtin setf functions: name -> Sx* (SX_FN)
				 * called with the place's arguments, then the value */
	SymTab setf_macros;     /* defsetf: name -> the macro (SX_FN) expanding
				 * (NAME value args...) into the assignment */
	struct LispCatch *toplevel; /* lisp_run's frame, NULL outside it */
	int run_takes_errors;   /* lisp_run's frame takes errors as well as
				 * interrupts (a REPL): lisp_error prints its
				 * message and unwinds to it */
	/* Multiple values: every evaluation leaves nvals at 1, except a form
	 * whose value comes from `values` or a function returning several
	 * (floor, gethash ...): then vals holds all nvals of them (0 for
	 * (values)). Code that does not use them pays one store per call. */
	int nvals;
	Sx **vals;
	Sx *nil, *t;            /* the one node of each (lisp_nil, lisp_t) */
	LispScope *scope;       /* the innermost scope open (lisp_scope.c) */
	unsigned scope_serial;  /* scopes opened so far */
	Arena *base;            /* the arena lisp_new was given (L->a outside
				 * scopes) */
	Sx **byte_ints;         /* the integers 0..255, shared (integers are
				 * never changed in place); made when first
				 * needed */
};

Lisp *lisp_new(Arena *a);
/* Release what the arena does not own (the symbol tables). */
void lisp_free(Lisp *L);
/* Evaluate a form in the global environment. */
Sx *lisp_eval(Lisp *L, Sx *form);
/* Evaluate the forms of Lisp source text (a prelude); positions in the
 * text are dropped so errors point at the user's call site. */
void lisp_load_string(Lisp *L, const char *text);
/* Apply a function value to a list of (evaluated) arguments. */
Sx *lisp_apply(Lisp *L, Sx *fn, Sx *args, Pos p);
/* Call a function value with an argument vector. */
Sx *lisp_funcall(Lisp *L, Sx *fn, Sx **args, int n, Pos p);
/* The macro function of a global macro (defmacro: the user's and the
 * language's), or NULL; not the Lisp's own (when, dolist ...). */
Sx *lisp_macro(Lisp *L, const char *name);
/* The macro (defsetf NAME ...) defined: it expands (NAME VALUE ARGS...)
 * into the assignment of VALUE to (NAME ARGS...); NULL if none. */
Sx *lisp_setf_macro(Lisp *L, const char *name);
/* The macro function the Lisp itself expands NAME with: its own, else
 * lisp_macro's; NULL when NAME names no macro. */
Sx *lisp_find_macro(Lisp *L, const char *name);
/* Expand a macro call once with its macro function, for a caller outside
 * evaluation (the expander): the expansion gets a fresh step budget. */
Sx *lisp_expand_macro(Lisp *L, Sx *macro, Sx *form);

LispFn *lisp_defbuiltin(Lisp *L, const char *name, LispBuiltin fn, int min, int max);
void lisp_defspecial(Lisp *L, const char *name, LispSpecial fn);
void lisp_set_global(Lisp *L, const char *name, Sx *value);
Sx *lisp_global(Lisp *L, const char *name);  /* NULL when unbound */

/* sx_brief for messages, safe on deeply nested values. */
const char *lisp_brief(Lisp *L, const Sx *x, int max);
/* An error when the C stack is nearly used up (deep recursion). */
void lisp_check_stack(void);

/* Errors: "FILE:L:C: error: ..." at p (or the innermost form) and exit 1. */
noreturn void lisp_error(Lisp *L, Pos p, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the values of the builtin returning (a builtin registered with mv
 * set); returns the primary value (nil for none). */
Sx *lisp_values(Lisp *L, Sx **v, int n);
Sx *lisp_values2(Lisp *L, Sx *a, Sx *b);

/* Helpers for builtins. */
int lisp_true(const Sx *x);     /* anything but nil */
Sx *lisp_nil(Lisp *L);
Sx *lisp_t(Lisp *L);
Sx *lisp_bool(Lisp *L, int b);
Sx *lisp_int(Lisp *L, int64_t v);
Sx *lisp_str(Lisp *L, const char *s, size_t n);
Sx *lisp_sym(Lisp *L, const char *interned);
Sx *lisp_cons(Lisp *L, Sx *a, Sx *d);
int64_t lisp_get_int(Lisp *L, Sx *x, Pos p, const char *who);
int lisp_eql(const Sx *a, const Sx *b);
/* typep for a type specifier (integer, string, (or ...), (member ...) ...) */
int lisp_typep(Lisp *L, Sx *v, Sx *type, Pos p);
int lisp_equal(const Sx *a, const Sx *b);
int lisp_equalp(const Sx *a, const Sx *b);
/* Print for princ (~a) or prin1 (~s) in CL spelling (symbols upper case). */
void lisp_print(Buf *b, const Sx *x, int readably);
/* The CL name of a symbol (case inverted from the internal spelling). */
const char *lisp_symbol_name(Lisp *L, const char *interned);
/* Intern a CL name (case inverted to the internal spelling). */
const char *lisp_intern_cl(const char *name, size_t n);
/* format with a destination of nil: the directives ~a ~s ~d ~x ~o ~b ~c
 * ~% ~& ~~ ~{ ~} ~^ ~( ~) ~[ ~; ~] ~* with column/pad parameters. */
Sx *lisp_format(Lisp *L, const char *ctl, size_t n, Sx **args, int nargs, Pos p);

/* The form with the reader's (%read-eval X) replaced by X's value and
 * (%vector A...) by a vector (lisp_read.c): for each top-level form read
 * from source, before it is processed. */
Sx *lisp_read_time(Lisp *L, Sx *form);

/* Where standard output (format t, print ...) goes: stdout unless set. */
void lisp_set_output(Lisp *L, FILE *f);

/* A special form that passes on the values of the form it ends with. */
void lisp_defspecial_values(Lisp *L, const char *name, LispSpecial fn);

/* Library registration (lisp_lib.c, lisp_loop.c). */
void lisp_install_library(Lisp *L);
Sx *lisp_loop(Lisp *L, Sx *form, LispEnv *env);
void lisp_install_loop(Lisp *L);
/* Used by lisp_loop.c */
Sx *lisp_eval_in(Lisp *L, Sx *form, LispEnv *env);
LispEnv *lisp_bind(Lisp *L, LispEnv *env, const char *name, Sx *value);
void lisp_assign(Lisp *L, LispEnv *env, Sx *sym, Sx *value);
LispEnv *lisp_destructure(Lisp *L, LispEnv *env, Sx *pattern, Sx *value, Pos p);
Sx *lisp_block(Lisp *L, const char *name, Sx *body, LispEnv *env);
noreturn void lisp_return_from(Lisp *L, const char *name, Sx *value, Pos p);

/* ---- data objects (lisp_vec.c) ---- */
/* A vector of n elements (all `fill`, or nil when fill is NULL). */
Sx *lisp_vector(Lisp *L, int n, Sx *fill);
/* A vector of bytes (integers 0..255): n bytes of data (zeros when data
 * is NULL) copied and held as bytes; the vector reads as any other. */
Sx *lisp_bytes(Lisp *L, const void *data, size_t n);
/* A byte vector over n bytes at data, not copied: the caller calls
 * lisp_bytes_own before the bytes change or go, unless nothing can
 * reach the vector any more. */
Sx *lisp_bytes_at(Lisp *L, const void *data, size_t n);
/* A byte vector of lisp_bytes_at gets a copy of its bytes, in its arena. */
void lisp_bytes_own(LispFn *f);
/* The elements of vector f as values (a byte vector's made now, once,
 * in its arena): for code that reads them in bulk or writes them. */
Sx **lisp_vec_items(Lisp *L, LispFn *f);
/* Element i of vector f for a reader that keeps nothing: a byte vector's
 * is written into *tmp. */
const Sx *lisp_vec_peek(const LispFn *f, int i, Sx *tmp);
/* The shared integer v, 0 <= v <= 255. */
Sx *lisp_byte_int(Lisp *L, unsigned v);
/* Element i of vector f (0 <= i < f->nitems), without making items. */
static inline Sx *lisp_vec_ref(Lisp *L, LispFn *f, int i)
{
	return f->items ? f->items[i] : lisp_byte_int(L, f->bytes[i]);
}
/* The LispFn of x when x is an object of that type, else NULL. */
LispFn *lisp_object(const Sx *x, LispObjType type);
/* Copy a vector of integers into out (n bytes exactly), or error. */
void lisp_get_bytes(Lisp *L, Sx *v, void *out, size_t n, Pos p, const char *who);
/* A record: type name, slot names and values (copied). */
Sx *lisp_record(Lisp *L, const char *type, const char *const *slots, Sx **vals, int n);
/* A handle object around the embedder's pointer, printed #<TYPE>. */
Sx *lisp_handle(Lisp *L, const char *type, void *ptr);
/* The pointer of a handle of type `type` (interned or not), or error. */
void *lisp_get_handle(Lisp *L, Sx *x, const char *type, Pos p, const char *who);
/* Register a builtin setf function for (setf (NAME args...) value). */
void lisp_defsetter(Lisp *L, const char *name, LispBuiltin fn, int min, int max);
void lisp_install_vectors(Lisp *L);

/* lisp_new bounds the memory the process holds (arena.h) by
 * WH_LISP_MEMORY, else 1 GiB: going over is an error at the macro call or
 * form at work. Run time keeps no bound unless WH_LISP_MEMORY is set. */
void lisp_no_memory_limit_unless_given(void);

/* ---- run time (lisp_runtime.c): sessions run programs ---- */
/* Turn on run-time mode: no step bound (no memory bound unless
 * WH_LISP_MEMORY is set), SIGINT becomes the condition
 * interactive-interrupt, and the run-time library (sleep ...) is added. */
void lisp_install_runtime(Lisp *L);
/* SIGINT, SIGTERM and SIGHUP set lisp_interrupt_pending from now on (what
 * lisp_install_runtime does; a program calls it first thing, so that an
 * interrupt while it starts is not lost). */
void lisp_catch_interrupts(void);
/* Set from the SIGINT (SIGTERM, SIGHUP) handler to the signal's number;
 * lisp_poll_interrupt signals it. */
extern volatile sig_atomic_t lisp_interrupt_pending;
/* If an interrupt is pending, signal interactive-interrupt (does not
 * return when a handler takes it). Builtins that block call it after. */
void lisp_poll_interrupt(Lisp *L);
/* Signal a condition of type `type` (interned) with a message: unwinds to
 * the innermost handler-case clause for it (running unwind-protect
 * cleanups), or to lisp_run's frame. Returns when nothing catches it. */
void lisp_signal(Lisp *L, const char *type, const char *message);
/* Evaluate a top-level form. Returns 0, or the (interned) type of a
 * condition no handler caught (cleanups have run) with its message. */
const char *lisp_run(Lisp *L, Sx *form, const char **message);

/* ---- scopes (lisp_scope.c): memory given back after a call ----
 * A scope runs a call (a ring consumer's callback) with L->a set to a
 * scratch arena of the caller's. Whatever the call allocated may be
 * dropped when the scope is left, unless something older than the scope
 * may refer to it: the scope is then `kept`. A scope is kept when code
 * in it calls a builtin or special form not known to keep nothing
 * (defun, nconc, a setter ... : `scoped` not set), expands a macro for
 * the first time (the expansion stays with the code), or is left by a
 * throw (an error, a return-from out of the call). Assigning a variable
 * bound before the scope is the one store watched: the variable is
 * noted, and when the scope is left its value, if an integer, character
 * or symbol, is copied to the outer arena; any other value keeps the
 * scope. */
struct LispScope {
	Arena *outer;           /* L->a before the scope */
	LispScope *up;
	unsigned serial;        /* bindings made in the scope carry it */
	int kept;
	Vec assigned;           /* LispEnv* bound before the scope, assigned */
	Vec globals;            /* names of global variables assigned */
};
/* Open s: allocation goes to `scratch` until lisp_scope_leave. */
void lisp_scope_enter(Lisp *L, LispScope *s, Arena *scratch);
/* Close s (the innermost scope); 1 when nothing allocated in it is
 * referenced any more (the scratch arena may be emptied), 0 when kept. */
int lisp_scope_leave(Lisp *L, LispScope *s);
/* Whether something made in s may be referenced from outside it now: s
 * is kept, or a variable bound before it holds a value that is not an
 * integer, character or symbol. When not, nothing made in s so far can
 * be reached once the calls in it have returned. */
int lisp_scope_shared(Lisp *L, LispScope *s);
/* The innermost scope, if any, is kept (an embedder's builtin keeps a
 * value it was given). */
void lisp_scope_keep(Lisp *L);
/* Mark builtins by name as callable in a scope: they change no object
 * they were given and keep nothing beyond the call. Unknown names are
 * skipped. */
void lisp_scoped_builtins(Lisp *L, const char *const *names, int n);
/* Scope bookkeeping of lisp.c: a variable bound before the scope is
 * assigned (b NULL: the global `name`). */
void lisp_scope_assigned(Lisp *L, LispEnv *b, const char *name);
/* A throw landed in a frame opened in scope `to`: the scopes opened
 * since are left, kept. */
void lisp_scope_unwind(Lisp *L, LispScope *to);
/* Mark a special form as callable in a scope (0 if NAME is none). */
int lisp_scoped_form(Lisp *L, const char *name);
/* The value slot of a binding (for lisp_scope.c). */
Sx **lisp_env_value(LispEnv *b);
/* Mark the run-time Lisp's builtins and special forms that may run in a
 * scope (lisp_install_runtime does). */
void lisp_install_scopes(Lisp *L);

#endif
