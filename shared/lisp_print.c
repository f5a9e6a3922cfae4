/* lisp_print.c: output in the Lisp — streams (standard output, error
 * output, string streams), stream designators (t, nil, a stream), and the
 * functions that write: format, princ, prin1, print, pprint, write,
 * write-string, write-line, write-char, terpri, fresh-line,
 * finish-output, the -to-string printers and with-output-to-string.
 * Where standard output goes is the embedder's choice (lisp_set_output):
 * stdout by default, stderr in wh-expand, whose stdout carries core. */
#include "lisp_lib.h"
#include <stdio.h>
#include <string.h>

static const char *S_stream;
static const char *S_standard_output, *S_error_output;

/* A stream: a FILE, or a string being built (in the arena). */
typedef struct {
	FILE *f;
	char *data;
	size_t len, cap;
	int fresh;              /* at the start of a line */
	unsigned scope;         /* the scope it was made in (lisp_scope.c) */
} Stream;

static Sx *make_stream(Lisp *L, FILE *f)
{
	Stream *s = arena_alloc(L->a, sizeof *s);
	s->f = f;
	s->fresh = 1;
	s->scope = L->scope ? L->scope->serial : 0;
	return lisp_handle(L, S_stream, s);
}

void lisp_set_output(Lisp *L, FILE *f)
{
	lisp_set_global(L, S_standard_output, make_stream(L, f));
}

static void put(Lisp *L, Stream *s, const char *text, size_t n)
{
	if (!n)
		return;
	if (s->f) {
		fwrite(text, 1, n, s->f);
	} else {
		if (s->len + n > s->cap) {
			size_t cap = (s->cap ? s->cap * 2 : 64) + n;
			if (L->scope && s->scope != L->scope->serial)
				L->scope->kept = 1;     /* an older stream grows */
			char *d = arena_alloc(L->a, cap);
			if (s->len)
				memcpy(d, s->data, s->len);
			s->data = d;
			s->cap = cap;
		}
		memcpy(s->data + s->len, text, n);
		s->len += n;
	}
	s->fresh = text[n - 1] == '\n';
}

/* An output stream designator: nil or t is standard output. */
static Stream *out_stream(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (!x || !lisp_true(x) || (x->kind == SX_SYM && !strcmp(x->s, "t"))) {
		x = lisp_global(L, S_standard_output);
		if (!x)
			lisp_error(L, p, "%s: *standard-output* is unbound", who);
	}
	return lisp_get_handle(L, x, S_stream, p, who);
}

static Sx *printed(Lisp *L, Sx *x, int readably)
{
	Buf b = {0};
	lisp_print(&b, x, readably);
	Sx *s = lisp_str(L, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static void print_to(Lisp *L, Stream *s, Sx *x, int readably)
{
	Sx *t = printed(L, x, readably);
	put(L, s, t->s, t->len);
}

B(b_format)
{
	Sx *ctl = lisp_need_string(L, a[1], p, "format");
	Sx *s = lisp_format(L, ctl->s, ctl->len, a + 2, n - 2, p);
	if (!lisp_true(a[0]))
		return s;
	Stream *st = out_stream(L, a[0], p, "format");
	/* a leading ~& is a fresh line on the stream, where the last output
	 * left it */
	if (!st->fresh && ctl->len >= 2 && ctl->s[0] == '~' && ctl->s[1] == '&')
		put(L, st, "\n", 1);
	put(L, st, s->s, s->len);
	return lisp_nil(L);
}

B(b_princ) { print_to(L, out_stream(L, n > 1 ? a[1] : NULL, p, "princ"), a[0], 0); return a[0]; }
B(b_prin1) { print_to(L, out_stream(L, n > 1 ? a[1] : NULL, p, "prin1"), a[0], 1); return a[0]; }
B(b_print)
{
	Stream *s = out_stream(L, n > 1 ? a[1] : NULL, p, "print");
	put(L, s, "\n", 1);
	print_to(L, s, a[0], 1);
	put(L, s, " ", 1);
	return a[0];
}
B(b_pprint)
{
	Stream *s = out_stream(L, n > 1 ? a[1] : NULL, p, "pprint");
	put(L, s, "\n", 1);
	print_to(L, s, a[0], 1);
	return lisp_values(L, NULL, 0);
}
/* (write x :stream s :escape e): prin1, or princ with :escape nil */
B(b_write)
{
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_STREAM) | KB(K_ESCAPE) | KB(K_READABLY), &k, p, "write");
	int escape = !k.v[K_ESCAPE] || lisp_true(k.v[K_ESCAPE]) || lisp_key_true(&k, K_READABLY);
	print_to(L, out_stream(L, k.v[K_STREAM], p, "write"), a[0], escape);
	return a[0];
}
/* write-string / write-line: (s &optional stream &key start end) */
static Sx *write_text(Lisp *L, Sx **a, int n, Pos p, int newline, const char *who)
{
	Sx *s = lisp_need_string(L, a[0], p, who);
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_START) | KB(K_END), &k, p, who);
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, (int64_t)s->len, &lo, &hi, p, who);
	Stream *st = out_stream(L, n > 1 ? a[1] : NULL, p, who);
	put(L, st, s->s + lo, (size_t)(hi - lo));
	if (newline)
		put(L, st, "\n", 1);
	return a[0];
}
B(b_write_string) { return write_text(L, a, n, p, 0, "write-string"); }
B(b_write_line) { return write_text(L, a, n, p, 1, "write-line"); }
B(b_write_char)
{
	char c = (char)lisp_need_char(L, a[0], p, "write-char");
	put(L, out_stream(L, n > 1 ? a[1] : NULL, p, "write-char"), &c, 1);
	return a[0];
}
B(b_terpri) { put(L, out_stream(L, n ? a[0] : NULL, p, "terpri"), "\n", 1); return lisp_nil(L); }
B(b_fresh_line)
{
	Stream *s = out_stream(L, n ? a[0] : NULL, p, "fresh-line");
	if (s->fresh)
		return lisp_nil(L);
	put(L, s, "\n", 1);
	return lisp_t(L);
}
B(b_finish_output)
{
	Stream *s = out_stream(L, n ? a[0] : NULL, p, "finish-output");
	if (s->f)
		fflush(s->f);
	return lisp_nil(L);
}

B(b_princ_to_string) { return printed(L, a[0], 0); }
B(b_prin1_to_string) { return printed(L, a[0], 1); }
B(b_write_to_string)
{
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_ESCAPE) | KB(K_READABLY), &k, p, "write-to-string");
	int escape = !k.v[K_ESCAPE] || lisp_true(k.v[K_ESCAPE]) || lisp_key_true(&k, K_READABLY);
	return printed(L, a[0], escape);
}

B(b_make_string_output_stream) { return make_stream(L, NULL); }
/* (get-output-stream-string s): what was written, and the stream emptied */
B(b_get_output_stream_string)
{
	Stream *s = lisp_get_handle(L, a[0], S_stream, p, "get-output-stream-string");
	if (s->f)
		lisp_error(L, p, "get-output-stream-string: not a string output stream");
	Sx *r = lisp_str(L, s->data ? s->data : "", s->len);
	s->len = 0;
	s->fresh = 1;
	return r;
}

/* (with-output-to-string (var) body...): the text the body wrote to var */
static Sx *sf_with_output_to_string(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *spec = sx_nth(f, 1);
	if (!spec || spec->kind != SX_CONS || spec->car->kind != SX_SYM)
		lisp_error(L, f->pos, "with-output-to-string: expected (VAR) then the body");
	if (spec->cdr->kind == SX_CONS)
		lisp_error(L, f->pos, "with-output-to-string: only (VAR) is supported, "
			   "not a string to extend");
	/* (let ((var 'stream)) body...), so that *standard-output* is bound
	 * dynamically like any special variable */
	Sx *st = make_stream(L, NULL);
	Sx *quoted = lisp_cons(L, lisp_sym(L, intern("quote")), lisp_cons(L, st, lisp_nil(L)));
	Sx *binding = lisp_cons(L, spec->car, lisp_cons(L, quoted, lisp_nil(L)));
	Sx *let = lisp_cons(L, lisp_sym(L, intern("let")),
			    lisp_cons(L, lisp_cons(L, binding, lisp_nil(L)), f->cdr->cdr));
	let->pos = f->pos;
	lisp_eval_in(L, let, env);
	Stream *s = st->fn->handle;
	return lisp_str(L, s->data ? s->data : "", s->len);
}

static const LispBuiltinDef builtins[] = {
	{"format", b_format, 2, -1, 0},
	{"princ", b_princ, 1, 2, 0}, {"prin1", b_prin1, 1, 2, 0}, {"print", b_print, 1, 2, 0},
	{"pprint", b_pprint, 1, 2, MV}, {"write", b_write, 1, -1, 0},
	{"write-string", b_write_string, 1, -1, 0}, {"write-line", b_write_line, 1, -1, 0},
	{"write-char", b_write_char, 1, 2, 0}, {"terpri", b_terpri, 0, 1, 0},
	{"fresh-line", b_fresh_line, 0, 1, 0}, {"finish-output", b_finish_output, 0, 1, 0},
	{"force-output", b_finish_output, 0, 1, 0},
	{"princ-to-string", b_princ_to_string, 1, 1, 0},
	{"prin1-to-string", b_prin1_to_string, 1, 1, 0},
	{"write-to-string", b_write_to_string, 1, -1, 0},
	{"make-string-output-stream", b_make_string_output_stream, 0, 0, 0},
	{"get-output-stream-string", b_get_output_stream_string, 1, 1, 0},
};

void lisp_install_output(Lisp *L)
{
	S_stream = intern("stream");
	S_standard_output = intern("*standard-output*");
	S_error_output = intern("*error-output*");
	INSTALL(L, builtins);
	lisp_defspecial(L, "with-output-to-string", sf_with_output_to_string);
	symtab_put(&L->specials, S_standard_output, (void *)1);
	symtab_put(&L->specials, S_error_output, (void *)1);
	symtab_put(&L->specials, intern("*trace-output*"), (void *)1);
	lisp_set_output(L, stdout);
	Sx *err = make_stream(L, stderr);
	lisp_set_global(L, S_error_output, err);
	lisp_set_global(L, intern("*trace-output*"), err);
}
