/* session_repl.c: `wh-load repl` (what `whistler repl` runs). Forms are
 * read from standard input one top-level datum at a time (a form may span
 * lines) and evaluated by the session's Lisp; each value is printed as
 * Common Lisp prints it and kept in *, ** and ***. BPF declarations
 * accumulate as definitions keyed by head and name, a redefinition
 * replacing the old one in its place; compile-to-elf and with-bpf-session
 * compile them (session_compile.c). (load "F") evaluates F's forms as if
 * typed. An error prints its message; an error or an interrupt (Ctrl-C)
 * ends the form, and what the form attached and opened is released. At
 * the prompt, Ctrl-C drops the input typed so far; the end of input
 * (Ctrl-D) ends the REPL, closing everything. */
#include "diag.h"
#include "io.h"
#include "session.h"
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char REPL_FILE[] = "<repl>";
static const char PROMPT[] = "* ";

/* An error that would end the program (the reader's, one raised outside
 * the Lisp's own frames) comes back to the form's evaluation instead. */
static jmp_buf escape;
static int armed;

static void escape_to_form(int status)
{
	(void)status;
	if (armed)
		longjmp(escape, 1);
}

/* What (%repl-result VALUES) was given: the values of the form. */
static Sx *result;

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

B(b_repl_result)
{
	result = a[0];
	return a[0];
}

/* "defprog count": what a definition defines; NULL when it names nothing
 * (it is kept, and replaces nothing). */
static const char *def_key(Session *s, Sx *form)
{
	Sx *name = sx_nth(form, 1);
	if (name && name->kind == SX_CONS)      /* (defstruct (name options) ...) */
		name = name->car;
	if (!name || name->kind != SX_SYM)
		return NULL;
	return arena_printf(s->a, "%s %s", form->car->s, name->s);
}

static void define(Session *s, const char *key, SessionChunk *c)
{
	for (int i = 0; key && i < s->defs.n; i++) {
		SessionDef *d = s->defs.v[i];
		if (d->key && !strcmp(d->key, key)) {
			d->chunk = c;
			return;
		}
	}
	SessionDef *d = arena_alloc(s->a, sizeof *d);
	d->key = key;
	d->chunk = c;
	vec_push(s->a, &s->defs, d);
}

/* One top-level datum text[e] of `file`: it becomes the current chunk,
 * a definition when it declares, and the form to evaluate (packages
 * dropped) is returned, or NULL; then *shown is what to print. */
static Sx *toplevel(Session *s, const char *file, const char *text, const SxExtent *e,
		    Sx **shown)
{
	SessionChunk *c = arena_alloc(s->a, sizeof *c);
	c->file = file;
	c->text = arena_strndup(s->a, text + e->start, e->end - e->start);
	c->from = e->from;
	Sx *raw = sx_read_extent(s->a, text, e);
	Sx *form = sx_read_extent(s->a, text, e);
	session_strip_packages(form);
	SxFile *source = arena_alloc(s->a, sizeof *source);
	source->file = file;
	vec_push(s->a, &source->forms, raw);
	s->source = source;
	s->chunk = c;
	SessionHead is = session_head(form);
	*shown = NULL;
	if (is.bpf) {
		define(s, def_key(s, form), c);
		Sx *name = sx_nth(form, 1);
		if (name && name->kind == SX_CONS)
			name = name->car;
		*shown = name && name->kind == SX_SYM ? name : lisp_nil(s->L);
	}
	return is.eval ? form : NULL;
}

/* (load "F"): F's forms, in order, as if typed; t. */
B(b_load)
{
	Session *s = the_session;
	if (a[0]->kind != SX_STR)
		lisp_error(L, p, "load: expected a file name, got %s", lisp_brief(L, a[0], 30));
	const char *path = arena_strndup(L->a, a[0]->s, a[0]->len);
	if (access(path, R_OK) != 0)
		lisp_error(L, p, "load: cannot read %s: %s", path, strerror(errno));
	size_t len;
	const char *text = read_file_all(s->a, path, &len);
	if (strlen(text) != len)
		lisp_error(L, p, "load: %s holds a NUL byte", path);
	Pos at;
	const char *body = sx_source_body(text, &at);
	const char *outer_file = diag_file;
	SxFile *outer_source = s->source;
	SessionChunk *outer_chunk = s->chunk;
	for (;;) {
		SxExtent e;
		SxScan r = sx_scan(body, at, 1, &e);
		if (r == SX_SCAN_EMPTY)
			break;
		diag_file = path;
		if (r == SX_SCAN_PARTIAL)
			lisp_error(L, e.from, "load: the file ends inside this form (a ')' "
				   "or '\"' is missing)");
		Sx *shown;
		Sx *form = toplevel(s, path, body, &e, &shown);
		if (form)
			lisp_eval(L, lisp_read_time(L, form));
		body += e.end;
		at = e.to;
	}
	diag_file = outer_file;
	s->source = outer_source;
	s->chunk = outer_chunk;
	return lisp_t(L);
}

/* Detach what was attached, and close what was opened, since the marks. */
static void release(Session *s, int nobjects, int nlinks)
{
	for (int i = s->links.n - 1; i >= nlinks; i--) {
		LLink *ll = s->links.v[i];
		if (ll->l)
			wl_detach(ll->l);
		ll->l = NULL;
	}
	for (int i = s->objects.n - 1; i >= nobjects; i--)
		lobj_close(s->objects.v[i]);
}

static void print_value(Sx *v)
{
	Buf b = {0};
	lisp_print(&b, v, 1);
	printf("%.*s\n", (int)b.len, b.data);
	buf_free(&b);
}

/* Evaluate the datum text[e] typed at the REPL and print its values. */
static void eval_typed(Session *s, const char *text, const SxExtent *e)
{
	Lisp *L = s->L;
	void (*on_exit)(void) = diag_on_exit;
	int nobjects = s->objects.n, nlinks = s->links.n;
	diag_file = REPL_FILE;
	diag_on_exit = NULL;    /* an error ends the form, not the REPL */
	if (setjmp(escape)) {
		armed = 0;
		diag_on_exit = on_exit;
		diag_file = REPL_FILE;
		L->catch = NULL;
		L->toplevel = NULL;
		L->depth = 0;
		release(s, nobjects, nlinks);
		return;
	}
	armed = 1;
	Sx *shown;
	Sx *form = toplevel(s, REPL_FILE, text, e, &shown);
	const char *cond = NULL, *msg = NULL;
	result = NULL;
	if (form) {
		Pos at = form->pos;
		Sx *values = sx_list(s->a, at, 2, lisp_sym(L, intern("multiple-value-list")),
				     lisp_read_time(L, form));
		cond = lisp_run(L, sx_list(s->a, at, 2, lisp_sym(L, intern("%repl-result")),
					   values), &msg);
	}
	armed = 0;
	diag_on_exit = on_exit;
	diag_file = REPL_FILE;
	fflush(stdout);
	if (cond) {
		/* an error's message is printed where it was raised */
		if (!strcmp(cond, "interactive-interrupt"))
			fprintf(stderr, "%s: interrupted\n", diag_prog);
		release(s, nobjects, nlinks);
		return;
	}
	if (!form) {            /* a declaration prints its name; (in-package ...) nothing */
		if (shown)
			print_value(shown);
		return;
	}
	for (Sx *l = result; l && l->kind == SX_CONS; l = l->cdr)
		print_value(l->car);
	Sx *first = result && result->kind == SX_CONS ? result->car : lisp_nil(L);
	const char *v1 = intern("*"), *v2 = intern("**"), *v3 = intern("***");
	lisp_set_global(L, v3, lisp_global(L, v2));
	lisp_set_global(L, v2, lisp_global(L, v1));
	lisp_set_global(L, v1, first);
}

/* The position after `n` characters of text from `at`. */
static Pos advance(Pos at, const char *text, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '\n') {
			at.line++;
			at.col = 1;
		} else {
			at.col++;
		}
	}
	return at;
}

int session_repl(int prompt)
{
	Session *s = session_new(REPL_FILE);
	s->repl = 1;
	Lisp *L = s->L;
	L->run_takes_errors = 1;
	lisp_defbuiltin(L, "load", b_load, 1, 1);
	lisp_defbuiltin(L, "%repl-result", b_repl_result, 1, 1);
	for (const char *const *v = (const char *const[]){"*", "**", "***", NULL}; *v; v++)
		lisp_set_global(L, intern(*v), lisp_nil(L));
	diag_exit = escape_to_form;
	Buf in = {0};           /* input not yet evaluated, from position at */
	Pos at = {1, 1};
	int eof = 0, status = 0, blank = 1;
	for (;;) {
		buf_putc(&in, 0);
		in.len--;
		SxExtent e;
		SxScan r = sx_scan(in.data, at, eof, &e);
		if (r == SX_SCAN_DATUM) {
			eval_typed(s, in.data, &e);
			memmove(in.data, in.data + e.end, in.len - e.end);
			in.len -= e.end;
			at = e.to;
			blank = 1;
			continue;
		}
		if (r == SX_SCAN_EMPTY) {
			at = advance(at, in.data, in.len);
			in.len = 0;
		}
		if (eof && lisp_interrupt_pending && !(prompt && lisp_interrupt_pending == SIGINT)) {
			/* the input ended as the signal came: it is the interrupt */
			fprintf(stderr, "%s: interrupted\n", diag_prog);
			status = 130;
			break;
		}
		if (eof) {
			if (r == SX_SCAN_PARTIAL) {
				Pos from = e.from;
				diag_file = REPL_FILE;
				error_report_at(from, "the input ends inside this form (a ')' or "
						"'\"' is missing)");
				status = 1;
			}
			break;
		}
		if (prompt && blank && r == SX_SCAN_EMPTY) {
			fputs(PROMPT, stdout);
			fflush(stdout);
			blank = 0;
		}
		char chunk[4096];
		ssize_t n = lisp_interrupt_pending ? -1 : read(0, chunk, sizeof chunk);
		if (n < 0 && (lisp_interrupt_pending || errno == EINTR)) {
			int sig = lisp_interrupt_pending;
			lisp_interrupt_pending = 0;
			if (!prompt || sig != SIGINT) {
				fprintf(stderr, "%s: interrupted\n", diag_prog);
				status = 130;
				break;
			}
			/* Ctrl-C at the prompt: the input so far is dropped */
			at = advance(at, in.data, in.len);
			in.len = 0;
			fputc('\n', stdout);
			blank = 1;
			continue;
		}
		if (n <= 0) {
			eof = 1;
			if (prompt)
				fputc('\n', stdout);
			continue;
		}
		buf_put(&in, chunk, (size_t)n);
	}
	buf_free(&in);
	diag_exit = NULL;
	session_end(s);
	return status;
}
