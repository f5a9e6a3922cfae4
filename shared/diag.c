/* diag.c: printing diagnostics and leaving with the right exit status. */
#include "diag.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

const char *diag_prog = "whistler";
const char *diag_file = "<stdin>";
void (*diag_on_exit)(void);
void (*diag_exit)(int status);
void (*diag_context)(void);

static struct {
	Pos pos;
	char text[512];
	int set;
} pending_note;

static noreturn void leave(int status)
{
	if (diag_on_exit) {
		void (*f)(void) = diag_on_exit;
		diag_on_exit = NULL;
		f();
	}
	if (diag_exit)
		diag_exit(status);
	exit(status);
}

static void vreport(Pos p, const char *kind, const char *fmt, va_list ap)
{
	if (p.line > 0)
		fprintf(stderr, "%s:%d:%d: %s: ", diag_file, p.line, p.col, kind);
	else
		fprintf(stderr, "%s: %s: ", diag_file, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void error_at(Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, "error", fmt, ap);
	va_end(ap);
	if (pending_note.set) {
		pending_note.set = 0;
		note_at(pending_note.pos, "%s", pending_note.text);
	}
	if (diag_context) {
		void (*f)(void) = diag_context;
		diag_context = NULL;
		f();
	}
	leave(1);
}

void warn_at(Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, "warning", fmt, ap);
	va_end(ap);
}

void note_at(Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(p, "note", fmt, ap);
	va_end(ap);
}

void note_after_error(Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(pending_note.text, sizeof pending_note.text, fmt, ap);
	va_end(ap);
	pending_note.pos = p;
	pending_note.set = 1;
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", diag_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	leave(1);
}

void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", diag_prog);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", diag_prog);
	va_end(ap);
	leave(2);
}

void bug(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "%s: internal error: ", diag_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}
