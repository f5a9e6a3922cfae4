/* diag.h: diagnostics in gcc style and exit discipline.
 * User errors print "FILE:LINE:COL: error: MESSAGE" and exit 1; usage errors
 * exit 2; internal errors abort with the phase name. */
#ifndef WH_DIAG_H
#define WH_DIAG_H
#include <stdnoreturn.h>

typedef struct {
	int line, col;          /* 1-based; 0 means unknown */
} Pos;

extern const char *diag_prog;   /* "wh-read", set by each main */
extern const char *diag_file;   /* source file named in positions */

/* Called (once) before exiting on an error: lets a phase clean up,
 * e.g. remove a half-written file. */
extern void (*diag_on_exit)(void);

/* When set, called with the exit status instead of exit() when an error
 * ends the phase (after diag_on_exit). A harness that runs a phase's main
 * in-process (fuzz/phase.c) longjmps back from here; it must not return. */
extern void (*diag_exit)(int status);

/* Called after an error line is printed, before exiting: prints the
 * context that explains it (the macro-expansion chain as note: lines). */
extern void (*diag_context)(void);

noreturn void error_at(Pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void warn_at(Pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void note_at(Pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A note the next error_at prints after its error line ("note: the first
 * definition is here"); the text is copied. */
void note_after_error(Pos p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "PROG: message", exit 1 (user error not tied to a source position). */
noreturn void fatal(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* "PROG: message" plus a hint to run --help, exit 2. */
noreturn void usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Internal invariant broken: a bug in Whistler, not in the user's input. */
noreturn void bug(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

#endif
