/* diag.c: printing diagnostics and leaving with the right exit status;
 * under a located one, the source line with a caret under the column and
 * ~ under the rest of the form (gcc and clang style). */
#include "diag.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *diag_prog = "whistler";
const char *diag_file = "<stdin>";
void (*diag_on_exit)(void);
void (*diag_exit)(int status);
void (*diag_context)(void);
Pos diag_error_pos;

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

/* The source the positions are in: given by diag_set_source, else read
 * from diag_file when a located message first needs it (again when
 * diag_file changes). Not read through the arena: it is for messages
 * only, and a phase out of memory still prints them. */
static struct {
	char file[4096];        /* what text holds (a copy: the name may be freed
				 * after, as the fuzz harness frees each run's
				 * arenas), or "" */
	const char *text;
	char *read;             /* the text load_source read (its to free) */
	size_t len;
	int given;
	Pos shown;              /* the last position a source line was shown for */
} src;

void diag_set_source(const char *text, size_t len)
{
	src.text = text;
	src.len = len;
	src.given = 1;
}

static void load_source(void)
{
	if (src.given || (src.file[0] && !strcmp(src.file, diag_file)))
		return;
	if (snprintf(src.file, sizeof src.file, "%s", diag_file) >= (int)sizeof src.file)
		src.file[0] = 0;        /* too long to keep: read again next time */
	free(src.read);
	src.read = NULL;
	src.text = NULL;
	src.len = 0;
	if (!strcmp(diag_file, "<stdin>") || !strcmp(diag_file, "-"))
		return;
	FILE *f = fopen(diag_file, "rb");
	if (!f)
		return;
	char *t = NULL;
	size_t cap = 0, n = 0, got;
	do {
		if (n + 4096 > cap) {
			char *u = realloc(t, cap = cap ? 2 * cap : 65536);
			if (!u)
				break;
			t = u;
		}
		got = fread(t + n, 1, cap - n, f);
		n += got;
	} while (got && n < ((size_t)1 << 30));
	fclose(f);
	if (t) {
		src.text = src.read = t;
		src.len = n;
	}
}

/* Line `line` (1-based) of the source without its end of line, or NULL. */
static const char *source_line(int line, size_t *n)
{
	load_source();
	const char *t = src.text;
	if (!t || line < 1)
		return NULL;
	const char *end = t + src.len;
	if (src.len >= 3 && !memcmp(t, "\xef\xbb\xbf", 3))
		t += 3;         /* columns count from after a byte-order mark */
	for (int l = 1; l < line; l++) {
		const char *nl = memchr(t, '\n', (size_t)(end - t));
		if (!nl)
			return NULL;
		t = nl + 1;
	}
	const char *nl = memchr(t, '\n', (size_t)(end - t));
	*n = (size_t)((nl ? nl : end) - t);
	if (*n && t[*n - 1] == '\r')
		(*n)--;
	return t;
}

/* Whether c ends a Lisp atom (the reader's delimiters). */
static int ends_atom(int c)
{
	return !c || isspace(c) || c == '(' || c == ')' || c == '"' || c == ';'
		|| c == '\'' || c == '`' || c == ',';
}

/* Where the Lisp datum that starts at t[off] ends on its line (the offset
 * after it; n when it goes on past the line): a list to its ')', an atom
 * to the delimiter after it, a reader macro with its datum. Only for the
 * ~ under a message: the reader (sexp.c) reads the datum itself. */
static size_t datum_end(const char *t, size_t n, size_t off)
{
	size_t i = off;
	/* reader macros: the datum after them */
	for (;;) {
		if (i < n && (t[i] == '\'' || t[i] == '`')) {
			i++;
		} else if (i < n && t[i] == ',') {
			i += i + 1 < n && t[i + 1] == '@' ? 2 : 1;
		} else if (i + 1 < n && t[i] == '#' && (t[i + 1] == '\'' || t[i + 1] == '.')) {
			i += 2;
		} else {
			break;
		}
		while (i < n && isspace((unsigned char)t[i]))
			i++;
	}
	if (i + 1 < n && t[i] == '#' && t[i + 1] == '(')
		i++;
	int depth = 0;
	while (i < n) {
		char c = t[i];
		if (c == ';') {
			while (i < n && t[i] != '\n')
				i++;
		} else if (c == '"' || c == '|') {
			for (i++; i < n && t[i] != c; i++)
				if (t[i] == '\\')
					i++;
			i++;
		} else if (c == '#' && i + 1 < n && t[i + 1] == '|') {
			for (i += 2; i + 1 < n && !(t[i] == '|' && t[i + 1] == '#'); i++)
				;
			i += 2;
		} else if (c == '#' && i + 1 < n && t[i + 1] == '\\') {
			i += 3;         /* #\x, then any name letters as a symbol */
		} else if (c == '(') {
			depth++;
			i++;
		} else if (c == ')') {
			if (!depth)     /* an atom ends before a ')' */
				return i;
			i++;
			if (--depth == 0)
				return i;
		} else if (!depth && ends_atom((unsigned char)c)) {
			return i;       /* the end of an atom */
		} else {
			i++;
		}
		if (!depth && i > off && (c == '"' || c == '|') && (i >= n || ends_atom((unsigned char)t[i])))
			return i < n ? i : n;
	}
	return n;
}

/* "    5 |   XDP_PAS)" then "      |   ^~~~~~~": the line of p, a caret at
 * its column and a ~ under the rest of the form that starts there (to the
 * end of the line when the form goes on). Tabs are kept so that the
 * caret lines up; a character of several UTF-8 bytes is one column wide. */
static void show_source(Pos p)
{
	const char *off = getenv("WH_CARET");
	if (off && !strcmp(off, "0"))
		return;
	size_t n;
	const char *line = p.line > 0 ? source_line(p.line, &n) : NULL;
	if (!line || p.col < 1 || (size_t)p.col > n + 1)
		return;
	if (src.shown.line == p.line && src.shown.col == p.col)
		return;         /* a note at the place just shown */
	src.shown = p;
	size_t at = (size_t)p.col - 1;
	size_t end = at < n ? datum_end(line, n, at) : at + 1;
	if (end <= at)
		end = at + 1;
	fprintf(stderr, "%5d | %.*s\n      | ", p.line, (int)n, line);
	for (size_t i = 0; i < end; i++) {
		unsigned char c = i < n ? (unsigned char)line[i] : ' ';
		if ((c & 0xc0) == 0x80)
			continue;
		fputc(i < at ? (c == '\t' ? '\t' : ' ') : i == at ? '^' : '~', stderr);
	}
	fputc('\n', stderr);
}

static void vreport(Pos p, const char *kind, const char *fmt, va_list ap)
{
	if (p.line > 0)
		fprintf(stderr, "%s:%d:%d: %s: ", diag_file, p.line, p.col, kind);
	else
		fprintf(stderr, "%s: %s: ", diag_file, kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	show_source(p);
}

/* The error line and what explains it (the pending note, the context). */
static void verror(Pos p, const char *fmt, va_list ap)
{
	vreport(p, "error", fmt, ap);
	if (pending_note.set) {
		pending_note.set = 0;
		note_at(pending_note.pos, "%s", pending_note.text);
	}
	if (diag_context) {
		void (*f)(void) = diag_context;
		diag_context = NULL;
		diag_error_pos = p;
		f();
	}
}

void error_at(Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(p, fmt, ap);
	va_end(ap);
	leave(1);
}

void error_report_at(Pos p, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	verror(p, fmt, ap);
	va_end(ap);
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

static void vfatal_line(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", diag_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfatal_line(fmt, ap);
	va_end(ap);
	leave(1);
}

void fatal_status(int status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfatal_line(fmt, ap);
	va_end(ap);
	leave(status);
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
