/* session.h: `wh-load session FILE.lisp` (what `whistler run` runs): a
 * Lisp file evaluated by the compile-time Lisp in run-time mode, with the
 * loader library bound as Lisp functions and with-bpf-session compiling
 * its BPF forms with the driver's pipeline. What the files share. The
 * session layer (session/) may call the kernel layer and shared/
 * (wh-load/README.md). */
#ifndef WH_LOAD_SESSION_H
#define WH_LOAD_SESSION_H
#include "lisp.h"
#include "../kernel/wl.h"
#include "../kernel/attach.h"
#include "../kernel/ringbuf.h"

/* An open BPF object (open-bpf-object, with-bpf-object, a session). */
typedef struct {
	WlObject *o;
	Vec links;              /* WlLink* made from its programs */
	int loaded, closed;
} LObj;

typedef struct {
	LObj *owner;
	WlMap *m;
} LMap;

typedef struct {
	LObj *owner;
	WlProg *p;
} LProg;

typedef struct {
	WlLink *l;              /* NULL once detached */
	LObj *owner;
} LLink;

/* A top-level datum of a REPL's input or of a file it loaded: its text,
 * where that text comes from, and where it goes in the text compiled. */
typedef struct {
	const char *file;       /* "<repl>" or the loaded file */
	const char *text;       /* the datum's text */
	Pos from;               /* where text begins in file */
	int vline, nlines;      /* the lines it holds in the compiled text */
} SessionChunk;

/* A REPL's definition: the name it defines and the form (a whole chunk). */
typedef struct {
	const char *key;        /* "defprog count" ...; NULL: replaces nothing */
	SessionChunk *chunk;
} SessionDef;

typedef struct Session {
	Arena *a;
	Lisp *L;
	const char *path;       /* the user's file ("<repl>" in a REPL) */
	SxFile *source;         /* its forms as read, packages and all (a REPL:
				 * the top-level form being evaluated) */
	Vec top_forms;          /* Sx* of source: the top-level BPF declarations */
	int repl;               /* a REPL: definitions are `defs`, and forms
				 * come from chunks (the current one: `chunk`) */
	Vec defs;               /* SessionDef*, in the order first defined */
	SessionChunk *chunk;
	Vec links;              /* LLink*: every attachment, in order */
	const char *tmpdir;     /* NULL until the first compilation */
	int ncompiled;
	int closed;             /* everything closed (the final clean-up) */
	/* a REPL's last compiled text (session_compile.c): its path, the
	 * chunks it holds */
	const char *compile_vtext;
	SessionChunk **compile_chunks;
	int ncompile_chunks;
	Vec objects;            /* LObj*: every object opened, for the final clean-up */
	Vec rings;              /* LRing* (lisp_ring.c) */
	Vec kept_arenas;        /* scratch arenas of ring scopes that were kept
				 * (lisp_ring.c), freed at the end */
	SymTab session_cache;   /* with-bpf-session form (by address) -> object path */
} Session;

extern Session *the_session;

/* session.c: run the file; the exit status (0, or 130 when interrupted
 * and nothing handled it; errors exit 1 through diag). */
int session_run(const char *path);
/* A session with the loader library bound; session_end closes everything
 * it opened and frees it. */
Session *session_new(const char *path);
void session_end(Session *s);
/* What a top-level form is: ignored (in-package ...), a BPF declaration
 * (defprog ...) that may also be evaluated (defstruct ...), or evaluated. */
typedef struct {
	int bpf, eval;
} SessionHead;
SessionHead session_head(Sx *form);
/* Drop package prefixes (whistler/loader:x -> x) but bpf:. */
void session_strip_packages(Sx *x);

/* session_repl.c: `wh-load repl` (what `whistler repl` runs): forms read
 * from standard input; a prompt when `prompt`. The exit status. */
int session_repl(int prompt);

/* session_compile.c */
/* The list at position p as the file has it (before the session dropped
 * its packages), or NULL. */
Sx *session_source_form(Session *s, Pos p);
/* Compile the top-level BPF declarations plus `extra` (forms of source;
 * bpf:map and bpf:prog among them become defmap and defprog) with the
 * driver, `whistler compile`; returns the object's path (in the session's
 * temporary directory, or `out` when not NULL). Errors: the phases'
 * messages, then lisp_error. */
const char *session_compile(Session *s, Sx **extra, int nextra, const char *out, Pos p);
/* session_driver.c: `whistler compile SRC -o OUT`, with the phases beside
 * wh-load unless WH_BIN names others; 0 on success. An interrupt while it
 * runs is signalled (lisp_poll_interrupt) once it is over. */
int session_run_driver(Session *s, const char *src, const char *out);
/* compile-to-elf: (compile-to-elf "F") compiles the declarations to F and
 * prints the manual's line "Compiled N programs (M instructions total),
 * K maps -> F". */
void session_install_compile(Lisp *L);

/* lisp_loader.c: objects, maps, encoding; the Lisp side of handles */
void session_install_loader(Lisp *L);
LObj *lobj_open(Lisp *L, const char *path, Pos p);
void lobj_load(Lisp *L, LObj *lo, Pos p);
void lobj_close(LObj *lo);
Sx *lmap_value(Lisp *L, LObj *lo, WlMap *m);
Sx *lprog_value(Lisp *L, LObj *lo, WlProg *p);
LMap *need_map(Lisp *L, Sx *x, Pos p, const char *who);
/* The LObj of a bpf-object or bpf-session handle: NULL when x is neither,
 * or an error (also when it is closed). */
LObj *lobj_of(Sx *x);
LObj *need_lobj(Lisp *L, Sx *x, Pos p, const char *who);
/* Look up by a Lisp name: '-' matches '_'. */
WlMap *lobj_find_map(LObj *lo, const char *name);
WlProg *lobj_find_prog(LObj *lo, const char *name);
/* An integer as n little-endian bytes, and back. */
void put_le(void *out, size_t n, uint64_t v);
uint64_t get_le(const void *in, size_t n);

/* lisp_attach.c */
void session_install_attach(Lisp *L);
/* Attach with a spec; the link is tracked on the object. */
Sx *lattach(Lisp *L, LProg *lp, const WlAttachSpec *spec, Pos p);

/* lisp_ring.c */
void session_install_ring(Lisp *L);
void session_close_rings(Session *s);
void session_free_ring_memory(Session *s);
/* Mark the session's builtins that may run in a scope (lisp.h). */
void session_scoped_builtins(Lisp *L);

/* lisp_struct.c: the userspace side of defstruct */
void session_install_struct(Lisp *L);
void session_free_structs(void);
/* The size of a struct defined with defstruct, -1 when unknown. */
int session_struct_size(const char *name);
/* Encode a record to bytes / decode bytes to a record of struct `name`. */
Sx *struct_encode(Lisp *L, const char *name, Sx *record, Pos p);
Sx *struct_decode(Lisp *L, const char *name, const unsigned char *data, size_t len,
		  Pos p);

/* session_forms.c: with-bpf-session, bpf:attach, bpf:map-ref ... */
void session_install_forms(Lisp *L);

#endif
