/* session_compile.c: what a session's BPF side is, compiled by the driver
 * (session_driver.c). The driver gets sx text (docs/formats.md) printed
 * from the file's own forms as the reader read them: the top-level BPF
 * declarations and a session's bpf:map and bpf:prog forms (given the heads
 * defmap and defprog), in the order of the file. Each keeps its position,
 * so the phases' messages point into the user's file and line_info names
 * its lines. A REPL's forms come from many places (typed, loaded files):
 * each definition's text is placed at lines of its own in a file of the
 * temporary directory, read back from there, and the messages are put
 * back at the definitions' own places. Also compile-to-elf. */
#include "session.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static Sx *form_at(Sx *x, Pos p)
{
	for (; x->kind == SX_CONS; x = x->cdr) {
		if (x->pos.line == p.line && x->pos.col == p.col)
			return x;
		Sx *in = form_at(x->car, p);
		if (in)
			return in;
	}
	return NULL;
}

Sx *session_source_form(Session *s, Pos p)
{
	for (int i = 0; i < s->source->forms.n; i++) {
		Sx *f = form_at(s->source->forms.v[i], p);
		if (f)
			return f;
	}
	return NULL;
}

/* bpf:map -> defmap, bpf:prog -> defprog; other forms as they are. */
static Sx *as_declaration(Session *s, Sx *form)
{
	static const struct {
		const char *from, *to;
	} heads[] = {{"bpf:map", "defmap"}, {"bpf:prog", "defprog"}};
	for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
		if (form->car->kind == SX_SYM && !strcmp(form->car->s, heads[i].from))
			return sx_cons(s->a, sx_sym(s->a, intern(heads[i].to), form->car->pos),
				       form->cdr, form->pos);
	return form;
}

static int by_position(const void *x, const void *y)
{
	const Sx *a = *(const Sx *const *)x, *b = *(const Sx *const *)y;
	if (a->pos.line != b->pos.line)
		return a->pos.line < b->pos.line ? -1 : 1;
	return a->pos.col < b->pos.col ? -1 : a->pos.col > b->pos.col;
}

static void make_tmpdir(Session *s, Pos p)
{
	if (s->tmpdir)
		return;
	const char *base = getenv("TMPDIR");
	char *tmpl = arena_printf(s->a, "%s/whistler-run-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl))
		lisp_error(s->L, p, "cannot make a temporary directory: %s", strerror(errno));
	s->tmpdir = tmpl;
}

/* A REPL's compiled text: each chunk holding a definition (or the forms
 * of `extra`) placed at lines of its own, at its own columns, in the file
 * VTEXT of the temporary directory; the forms read back from there, so
 * the phases' messages and line_info name those lines (and
 * print_message_line puts them back). */
static void repl_forms(Session *s, SxFile *f, Sx **extra, int nextra, Pos p)
{
	SessionChunk **chunks = arena_alloc(s->a, sizeof *chunks * (size_t)(s->defs.n + 1));
	int nchunks = 0;
	for (int i = 0; i < s->defs.n; i++)
		chunks[nchunks++] = ((SessionDef *)s->defs.v[i])->chunk;
	if (nextra)
		chunks[nchunks++] = s->chunk;
	Buf text = {0};
	int line = 1;
	for (int i = 0; i < nchunks; i++) {
		SessionChunk *c = chunks[i];
		c->vline = line;
		c->nlines = 1;
		buf_printf(&text, "%*s%s\n\n", c->from.col - 1, "", c->text);
		for (const char *t = c->text; *t; t++)
			c->nlines += *t == '\n';
		line += c->nlines + 1;
		SxExtent e = {0, strlen(c->text), {c->vline, c->from.col}, {0, 0}};
		Sx *form = sx_read_extent(s->a, c->text, &e);
		if (i < s->defs.n) {
			vec_push(s->a, &f->forms, form);
			continue;
		}
		for (int k = 0; k < nextra; k++) {
			Pos at = {extra[k]->pos.line - c->from.line + c->vline, extra[k]->pos.col};
			Sx *x = form->pos.line == at.line && form->pos.col == at.col ? form :
				form_at(form, at);
			if (!x)
				lisp_error(s->L, p, "cannot find a form of the session again");
			vec_push(s->a, &f->forms, as_declaration(s, x));
		}
	}
	s->compile_vtext = arena_printf(s->a, "%s/repl-%d.lisp", s->tmpdir, s->ncompiled);
	s->compile_chunks = chunks;
	s->ncompile_chunks = nchunks;
	f->file = s->compile_vtext;
	FILE *fp = fopen(f->file, "w");
	int ok = fp && fwrite(text.data, 1, text.len, fp) == text.len;
	if (fp && fclose(fp) != 0)
		ok = 0;
	buf_free(&text);
	if (!ok)
		lisp_error(s->L, p, "cannot write %s", f->file);
}

const char *session_compile(Session *s, Sx **extra, int nextra, const char *out, Pos p)
{
	make_tmpdir(s, p);
	SxFile f = {.header = "sx", .file = s->path};
	if (s->repl) {
		repl_forms(s, &f, extra, nextra, p);
	} else {
		for (int i = 0; i < s->top_forms.n; i++)
			vec_push(s->a, &f.forms, s->top_forms.v[i]);
		for (int i = 0; i < nextra; i++)
			vec_push(s->a, &f.forms, as_declaration(s, extra[i]));
		if (f.forms.n > 1)
			qsort(f.forms.v, (size_t)f.forms.n, sizeof(void *), by_position);
	}
	Buf text = {0};
	sx_print_file(&text, &f);
	int k = s->ncompiled++;
	const char *src = arena_printf(s->a, "%s/bpf-%d.sx", s->tmpdir, k);
	FILE *fp = fopen(src, "w");
	int ok = fp && fwrite(text.data, 1, text.len, fp) == text.len;
	if (fp && fclose(fp) != 0)
		ok = 0;
	buf_free(&text);
	if (!ok)
		lisp_error(s->L, p, "cannot write %s", src);
	if (!out)
		out = arena_printf(s->a, "%s/bpf-%d.bpf.o", s->tmpdir, k);
	if (session_run_driver(s, src, out) != 0)
		lisp_error(s->L, p, "the BPF side does not compile (messages above)");
	return out;
}

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

static const char *plural(long n) { return n == 1 ? "" : "s"; }

/* (compile-to-elf "F"): the declarations compiled to F, the manual's line
 * about what F holds; the value is F. */
B(b_compile_to_elf)
{
	if (a[0]->kind != SX_STR)
		lisp_error(L, p, "compile-to-elf: expected a file name, got %s",
			   lisp_brief(L, a[0], 30));
	const char *out = session_compile(the_session, NULL, 0,
					  arena_strndup(L->a, a[0]->s, a[0]->len), p);
	WlObject *o = wl_open(out);
	if (!o)
		lisp_error(L, p, "compile-to-elf: cannot read %s back: %s", out, wl_error());
	long insns = 0;
	for (int i = 0; i < o->nprogs; i++)
		insns += o->progs[i].insn_cnt;
	printf("Compiled %d program%s (%ld instruction%s total), %d map%s -> %s\n",
	       o->nprogs, plural(o->nprogs), insns, plural(insns), o->nmaps,
	       plural(o->nmaps), out);
	wl_close(o);
	return a[0];
}

void session_install_compile(Lisp *L)
{
	lisp_defbuiltin(L, "compile-to-elf", b_compile_to_elf, 1, 1);
}
