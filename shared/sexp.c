/* sexp.c: the s-expression reader (Lisp source and the sx/core formats),
 * symbol interning, and the canonical printer. */
#include "sexp.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- interning ---- */

static struct {
	const char **slot;
	size_t cap, n;
} syms;

static uint32_t hash_n(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

const char *intern_n(const char *name, size_t n)
{
	if (syms.n * 2 >= syms.cap) {
		size_t cap = syms.cap ? syms.cap * 2 : 1024;
		const char **slot = calloc(cap, sizeof *slot);
		if (!slot)
			fatal("out of memory");
		for (size_t i = 0; i < syms.cap; i++) {
			const char *s = syms.slot[i];
			if (!s)
				continue;
			size_t j = hash_n(s, strlen(s)) & (cap - 1);
			while (slot[j])
				j = (j + 1) & (cap - 1);
			slot[j] = s;
		}
		free(syms.slot);
		syms.slot = slot;
		syms.cap = cap;
	}
	size_t j = hash_n(name, n) & (syms.cap - 1);
	while (syms.slot[j]) {
		const char *s = syms.slot[j];
		if (!strncmp(s, name, n) && s[n] == 0)
			return s;
		j = (j + 1) & (syms.cap - 1);
	}
	char *s = malloc(n + 1);
	if (!s)
		fatal("out of memory");
	memcpy(s, name, n);
	s[n] = 0;
	syms.slot[j] = s;
	syms.n++;
	return s;
}

const char *intern(const char *name) { return intern_n(name, strlen(name)); }

/* ---- constructors ---- */

static Sx *mk(Arena *a, SxKind k, Pos p)
{
	Sx *x = arena_alloc(a, sizeof *x);
	x->kind = k;
	x->pos = p;
	return x;
}

Sx *sx_int(Arena *a, int64_t v, Pos p) { Sx *x = mk(a, SX_INT, p); x->i = v; return x; }
Sx *sx_nil(Arena *a, Pos p) { return mk(a, SX_NIL, p); }

Sx *sx_sym(Arena *a, const char *name, Pos p)
{
	Sx *x = mk(a, SX_SYM, p);
	x->s = intern(name);
	return x;
}

Sx *sx_str(Arena *a, const char *s, size_t len, Pos p)
{
	Sx *x = mk(a, SX_STR, p);
	x->s = arena_strndup(a, s, len);
	x->len = len;
	return x;
}

Sx *sx_cons(Arena *a, Sx *car, Sx *cdr, Pos p)
{
	Sx *x = mk(a, SX_CONS, p);
	x->car = car;
	x->cdr = cdr;
	return x;
}

Sx *sx_list(Arena *a, Pos p, int n, ...)
{
	Sx *items[64];
	va_list ap;
	va_start(ap, n);
	for (int i = 0; i < n && i < 64; i++)
		items[i] = va_arg(ap, Sx *);
	va_end(ap);
	Sx *l = sx_nil(a, p);
	for (int i = n - 1; i >= 0; i--)
		l = sx_cons(a, items[i], l, p);
	return l;
}

int sx_length(const Sx *x)
{
	int n = 0;
	for (; x->kind == SX_CONS; x = x->cdr)
		n++;
	return x->kind == SX_NIL ? n : -1;
}

Sx *sx_nth(const Sx *x, int n)
{
	for (; x->kind == SX_CONS; x = x->cdr, n--)
		if (n == 0)
			return x->car;
	return NULL;
}

/* ---- reader ---- */

typedef struct {
	Arena *a;
	const char *src, *p;
	int line, col;
	int format;             /* reading sx/core text: @L:C positions */
	int depth;              /* lists open around the reader */
} Reader;

/* Deeper nesting than any real program: every phase recurses on the tree
 * it reads, so a bound here keeps them all within the C stack. */
enum { MAX_NESTING = 1000 };

static Pos rpos(Reader *r) { return (Pos){r->line, r->col}; }

static int peekc(Reader *r) { return (unsigned char)*r->p; }

static int getc_r(Reader *r)
{
	int c = (unsigned char)*r->p;
	if (!c)
		return 0;
	r->p++;
	if (c == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	return c;
}

static void skip_space(Reader *r)
{
	for (;;) {
		int c = peekc(r);
		if (c == ';') {
			while (peekc(r) && peekc(r) != '\n')
				getc_r(r);
		} else if (c == '#' && r->p[1] == '|') {
			Pos start = rpos(r);
			getc_r(r);
			getc_r(r);
			int depth = 1;
			while (depth) {
				if (!peekc(r))
					error_at(start, "unterminated '#|' comment");
				if (peekc(r) == '|' && r->p[1] == '#') {
					getc_r(r); getc_r(r); depth--;
				} else if (peekc(r) == '#' && r->p[1] == '|') {
					getc_r(r); getc_r(r); depth++;
				} else {
					getc_r(r);
				}
			}
		} else if (c && (isspace(c) || c == '\f')) {
			getc_r(r);
		} else {
			return;
		}
	}
}

static int is_delim(int c)
{
	return !c || isspace(c) || c == '(' || c == ')' || c == '"' || c == ';'
		|| c == '\'' || c == '`' || c == ',';
}

static Sx *read_datum(Reader *r);

/* The reader prefixes, as users write them, for messages. */
static const struct { const char *name, *written; } prefixes[] = {
	{"quote", "'"}, {"quasiquote", "`"}, {"unquote", ","},
	{"unquote-splicing", ",@"}, {"function", "#'"}, {SX_READ_EVAL, "#."},
};

static Sx *wrap(Reader *r, const char *name, Pos p)
{
	skip_space(r);
	if (!peekc(r) || peekc(r) == ')') {
		const char *w = name;
		for (unsigned i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
			if (!strcmp(prefixes[i].name, name))
				w = prefixes[i].written;
		error_at(p, "%s (%s) with nothing after it", name, w);
	}
	Sx *inner = read_datum(r);
	return sx_list(r->a, p, 2, sx_sym(r->a, name, p), inner);
}

static Sx *read_list_items(Reader *r, Pos start);

static Sx *read_list(Reader *r, Pos start)
{
	if (++r->depth > MAX_NESTING)
		error_at(start, "lists nested more than %d deep", MAX_NESTING);
	Sx *l = read_list_items(r, start);
	r->depth--;
	return l;
}

static Sx *read_list_items(Reader *r, Pos start)
{
	Sx *head = NULL, **tail = &head;
	for (;;) {
		skip_space(r);
		int c = peekc(r);
		if (!c)
			error_at(start, "unbalanced parentheses: this list is never closed");
		if (c == ')') {
			getc_r(r);
			*tail = sx_nil(r->a, start);
			return head;
		}
		if (c == '.' && is_delim((unsigned char)r->p[1]) && head) {
			Pos dp = rpos(r);
			getc_r(r);
			skip_space(r);
			if (!peekc(r) || peekc(r) == ')')
				error_at(dp, "nothing after '.' in a dotted list");
			Sx *rest = read_datum(r);
			skip_space(r);
			if (peekc(r) != ')')
				error_at(dp, "more than one datum after '.' in a dotted list");
			getc_r(r);
			*tail = rest;
			return head;
		}
		Pos ip = rpos(r);
		Sx *item = read_datum(r);
		if (!item)
			error_at(ip, "unexpected end of input");
		Sx *cell = sx_cons(r->a, item, NULL, start);
		*tail = cell;
		tail = &cell->cdr;
	}
}

static Sx *read_string(Reader *r, Pos start)
{
	Buf b = {0};
	for (;;) {
		int c = getc_r(r);
		if (!c) {
			buf_free(&b);
			error_at(start, "end of input inside a string");
		}
		if (c == '"')
			break;
		if (c == '\\') {
			c = getc_r(r);
			if (!c) {
				buf_free(&b);
				error_at(start, "end of input inside a string");
			}
		}
		buf_putc(&b, (char)c);
	}
	Sx *x = sx_str(r->a, b.data ? b.data : "", b.len, start);
	buf_free(&b);
	return x;
}

static const struct { const char *name; int code; } char_names[] = {
	{"space", ' '}, {"newline", '\n'}, {"tab", '\t'}, {"return", '\r'},
	{"linefeed", '\n'}, {"nul", 0}, {"null", 0}, {"backspace", 8},
	{"page", 12}, {"rubout", 127}, {"escape", 27}, {"bell", 7},
};

static Sx *read_char(Reader *r, Pos start)
{
	const char *s = r->p;
	if (!*s)
		error_at(start, "end of input after '#\\'");
	size_t n = 1;
	while (!is_delim((unsigned char)s[n]))
		n++;
	for (size_t i = 0; i < n; i++)
		getc_r(r);
	Sx *x = mk(r->a, SX_CHAR, start);
	if (n == 1) {
		x->i = (unsigned char)s[0];
		return x;
	}
	for (unsigned i = 0; i < sizeof char_names / sizeof *char_names; i++)
		if (strlen(char_names[i].name) == n && !strncasecmp(s, char_names[i].name, n)) {
			x->i = char_names[i].code;
			return x;
		}
	error_at(start, "unknown character name '#\\%.*s'", (int)n, s);
}

/* Parse digits in `base`; returns 0 when the token is not a number, -1
 * when it is outside [-2^63, 2^64-1]. Above 2^63-1 a value keeps its 64-bit
 * two's complement bit pattern (#xffffffffffffffff is -1). */
static int parse_int(const char *s, size_t n, int base, int64_t *out)
{
	size_t i = 0;
	int neg = 0;
	if (i < n && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	if (i == n)
		return 0;
	if (base == 10 && s[n - 1] == '.')
		n--;                    /* CL allows "12." as decimal */
	if (i == n)
		return 0;               /* a sign or "." alone is no number */
	uint64_t v = 0;
	for (; i < n; i++) {
		int c = tolower((unsigned char)s[i]), d;
		if (isdigit(c))
			d = c - '0';
		else if (c >= 'a' && c <= 'z')
			d = c - 'a' + 10;
		else
			return 0;
		if (d >= base)
			return 0;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -1;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (neg && v > (uint64_t)INT64_MAX + 1)
		return -1;
	*out = (int64_t)(neg ? -v : v);
	return 1;
}

static size_t count_digits(const char *s, size_t n, size_t *i)
{
	size_t d = 0;
	for (; *i < n && isdigit((unsigned char)s[*i]); (*i)++)
		d++;
	return d;
}

/* Whether a token is a CL float (1.5 .5 1e3 1.0d0) or ratio (1/2): numbers
 * the reader recognises but Whistler does not support. Other tokens that
 * start with a digit (1+ 1-) are symbols. */
static int is_other_number(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	size_t whole = count_digits(s, n, &i);
	if (i < n && s[i] == '/') {
		i++;
		return whole && count_digits(s, n, &i) && i == n;
	}
	size_t frac = 0;
	if (i < n && s[i] == '.') {
		i++;
		frac = count_digits(s, n, &i);
	}
	int expo = 0;
	if (i < n && s[i] && strchr("esfdl", tolower((unsigned char)s[i]))) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (!count_digits(s, n, &i))
			return 0;
		expo = 1;
	}
	return i == n && (frac || (whole && expo));
}

/* Whether a token reads as a decimal integer ([sign] digits [.]), whatever
 * its size: a symbol spelled so must be printed between bars. */
static int is_int_syntax(const char *s, size_t n)
{
	size_t i = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	size_t d = count_digits(s, n, &i);
	if (i < n && s[i] == '.')
		i++;
	return d && i == n;
}

static int only_dots(const char *s, size_t n)
{
	return n && strspn(s, ".") == n;
}

static Sx *read_token(Reader *r, Pos start)
{
	Buf b = {0};
	int had_bar = 0;
	while (!is_delim(peekc(r))) {
		int c = getc_r(r);
		if (c == '|') {
			had_bar = 1;
			for (;;) {
				c = getc_r(r);
				if (!c) {
					buf_free(&b);
					error_at(start, "end of input inside |...|");
				}
				if (c == '|')
					break;
				if (c == '\\' && !(c = getc_r(r))) {
					buf_free(&b);
					error_at(start, "end of input inside |...|");
				}
				buf_putc(&b, (char)c);
			}
		} else if (c == '\\') {
			c = getc_r(r);
			if (!c) {
				buf_free(&b);
				error_at(start, "end of input after '\\'");
			}
			had_bar = 1;
			buf_putc(&b, (char)c);
		} else {
			buf_putc(&b, (char)tolower(c));
		}
	}
	if (!b.len && !had_bar) {
		buf_free(&b);
		error_at(start, "unexpected character '%c'", peekc(r));
	}
	/* in the arena, so the errors below leave no buffer behind */
	size_t len = b.len;
	const char *t = arena_strndup(r->a, b.data ? b.data : "", len);
	buf_free(&b);
	int64_t v;
	int num = had_bar ? 0 : parse_int(t, len, 10, &v);
	Sx *x;
	if (num < 0) {
		error_at(start, "integer '%s' does not fit in 64 bits", t);
	} else if (num) {
		x = sx_int(r->a, v, start);
	} else if (!had_bar && is_other_number(t, len)) {
		error_at(start, "'%s' is not a number Whistler supports "
			 "(integers only)", t);
	} else {
		if (!had_bar && only_dots(t, len))
			error_at(start, "unexpected '%s'", t);
		x = sx_sym(r->a, t, start);
	}
	return x;
}

static Sx *read_hash(Reader *r, Pos start)
{
	getc_r(r);                      /* '#' */
	int c = peekc(r);
	int base = 0;
	switch (tolower(c)) {
	case '\'':
		getc_r(r);
		return wrap(r, "function", start);
	case '\\':
		getc_r(r);
		return read_char(r, start);
	case '.':               /* #.x is (%read-eval x): see sexp.h */
		getc_r(r);
		return wrap(r, SX_READ_EVAL, start);
	case '(': {             /* #(a b) is (%vector a b) */
		getc_r(r);
		Sx *items = read_list(r, start);
		if (sx_length(items) < 0)
			error_at(start, "a dotted list after '#' is not a vector");
		return sx_cons(r->a, sx_sym(r->a, SX_VECTOR, start), items, start);
	}
	case ':': {
		getc_r(r);
		if (is_delim(peekc(r)))
			error_at(start, "'#:' with no symbol name after it");
		Sx *s = read_token(r, start);
		if (s->kind != SX_SYM)
			error_at(start, "bad uninterned symbol");
		s->s = intern(arena_printf(r->a, "#:%s", s->s));
		return s;
	}
	case 'x': base = 16; break;
	case 'b': base = 2; break;
	case 'o': base = 8; break;
	}
	if (!c)
		error_at(start, "end of input after '#'");
	if (!base)
		error_at(start, "unsupported reader syntax '#%c'", c);
	getc_r(r);
	const char *s = r->p;
	size_t n = 0;
	while (!is_delim((unsigned char)s[n]))
		n++;
	int64_t v;
	if (!n)
		error_at(start, "no digits after '#%c'", c);
	int num = parse_int(s, n, base, &v);
	if (num < 0)
		error_at(start, "integer '#%c%.*s' does not fit in 64 bits", c, (int)n, s);
	if (!num)
		error_at(start, "bad digits in '#%c%.*s'", c, (int)n, s);
	for (size_t i = 0; i < n; i++)
		getc_r(r);
	return sx_int(r->a, v, start);
}

/* In the sx/core formats, "@L:C" before a datum gives its position. */
/* A line or column of a position: at most 10^9, checked digit by digit
 * so that no value wraps. */
static int pos_number(Reader *r, Pos here)
{
	int v = 0;
	while (isdigit(peekc(r))) {
		int d = getc_r(r) - '0';
		if (v > (1000000000 - d) / 10)
			error_at(here, "position out of range");
		v = v * 10 + d;
	}
	return v;
}

static int read_pos(Reader *r, Pos *p)
{
	if (!r->format || peekc(r) != '@' || !isdigit((unsigned char)r->p[1]))
		return 0;
	Pos here = rpos(r);
	getc_r(r);
	int line = pos_number(r, here);
	if (getc_r(r) != ':' || !isdigit(peekc(r)))
		error_at(here, "malformed position (expected @LINE:COL)");
	p->line = line;
	p->col = pos_number(r, here);
	return 1;
}

static void inherit_pos(Sx *x, Pos p)
{
	/* Atoms inside a list take the list's position unless they have one. */
	for (; x->kind == SX_CONS; x = x->cdr) {
		x->pos = p;
		Sx *c = x->car;
		if (c->kind != SX_CONS && c->pos.line == 0)
			c->pos = p;
	}
	if (x->pos.line == 0)
		x->pos = p;
}

static Sx *read_datum(Reader *r)
{
	skip_space(r);
	Pos given = {0, 0};
	int has_pos = read_pos(r, &given);
	if (has_pos && peekc(r) == ' ')
		getc_r(r);              /* "@1:1 6": see print_rec */
	Pos start = rpos(r);
	int c = peekc(r);
	Sx *x;
	switch (c) {
	case 0:
		if (has_pos)
			error_at(start, "position with no datum after it");
		return NULL;
	case '(':
		getc_r(r);
		x = read_list(r, start);
		break;
	case ')':
		error_at(start, "unbalanced parentheses: unexpected ')'");
	case '"':
		getc_r(r);
		x = read_string(r, start);
		break;
	case '\'':
		getc_r(r);
		x = wrap(r, "quote", start);
		break;
	case '`':
		getc_r(r);
		x = wrap(r, "quasiquote", start);
		break;
	case ',':
		getc_r(r);
		if (peekc(r) == '@') {
			getc_r(r);
			x = wrap(r, "unquote-splicing", start);
		} else {
			x = wrap(r, "unquote", start);
		}
		break;
	case '#':
		x = read_hash(r, start);
		break;
	default:
		x = read_token(r, start);
		break;
	}
	if (r->format) {
		Pos p = has_pos ? given : (Pos){0, 0};
		if (x->kind == SX_CONS || x->kind == SX_NIL) {
			x->pos = p;
			if (x->kind == SX_CONS)
				inherit_pos(x, p);
		} else {
			x->pos = p;
		}
	}
	return x;
}

static SxFile *read_all(Reader *r)
{
	SxFile *f = arena_alloc(r->a, sizeof *f);
	for (;;) {
		Sx *x = read_datum(r);
		if (!x)
			break;
		vec_push(r->a, &f->forms, x);
	}
	return f;
}

SxFile *sx_read_source(Arena *a, const char *text)
{
	/* A UTF-8 byte-order mark is no character of the program: skipped,
	 * and columns count from after it. */
	if (!strncmp(text, "\xef\xbb\xbf", 3))
		text += 3;
	Reader r = {a, text, text, 1, 1, 0, 0};
	if (text[0] == '#' && text[1] == '!') {
		/* A script line; skip it (also catches a format fed as source). */
		while (peekc(&r) && peekc(&r) != '\n')
			getc_r(&r);
	}
	return read_all(&r);
}

SxFile *sx_read_format(Arena *a, const char *text, const char *want)
{
	Reader r = {a, text, text, 1, 1, 1, 0};
	size_t wl = strlen(want);
	if (strncmp(text, "#!", 2) != 0)
		error_at((Pos){1, 1}, "expected #!%s input, got no format header", want);
	const char *h = text + 2;
	size_t hl = strcspn(h, " \n");
	if (hl != wl || strncmp(h, want, wl) != 0)
		error_at((Pos){1, 1}, "expected #!%s input, got #!%.*s", want,
			 (int)(hl > 20 ? 20 : hl), h);
	for (size_t i = 0; i < 2 + hl; i++)
		getc_r(&r);
	const char *file = NULL;
	if (peekc(&r) == ' ') {
		getc_r(&r);
		Pos p = rpos(&r);
		if (getc_r(&r) != '"')
			error_at(p, "expected a quoted file name after #!%s", want);
		file = read_string(&r, p)->s;
	}
	if (peekc(&r) && getc_r(&r) != '\n')
		error_at(rpos(&r), "junk after the format header");
	r.line = 2;
	r.col = 1;
	SxFile *f = read_all(&r);
	f->header = want;
	f->file = file;
	return f;
}

/* ---- printer ---- */

static int sym_needs_bars(const char *s)
{
	if (!*s)
		return 1;
	if (s[0] == '@' || s[0] == '#') {
		if (!(s[0] == '#' && s[1] == ':' && s[2]))
			return 1;
	}
	size_t n = strlen(s);
	if (is_int_syntax(s, n) || is_other_number(s, n) || only_dots(s, n))
		return 1;
	for (const char *c = s; *c; c++)
		if (is_delim((unsigned char)*c) || *c == '|' || *c == '\\' ||
		    isupper((unsigned char)*c))
			return 1;
	return 0;
}

static void print_pos(Buf *b, Pos p)
{
	if (p.line > 0)
		buf_printf(b, "@%d:%d", p.line, p.col);
}

static void print_atom(Buf *b, const Sx *x)
{
	switch (x->kind) {
	case SX_INT:
		buf_printf(b, "%lld", (long long)x->i);
		break;
	case SX_STR:
		buf_putc(b, '"');
		for (size_t i = 0; i < x->len; i++) {
			if (x->s[i] == '"' || x->s[i] == '\\')
				buf_putc(b, '\\');
			buf_putc(b, x->s[i]);
		}
		buf_putc(b, '"');
		break;
	case SX_SYM:
		if (sym_needs_bars(x->s)) {
			buf_putc(b, '|');
			for (const char *c = x->s; *c; c++) {
				if (*c == '|' || *c == '\\')
					buf_putc(b, '\\');
				buf_putc(b, *c);
			}
			buf_putc(b, '|');
		} else {
			buf_puts(b, x->s);
		}
		break;
	case SX_CHAR:
		for (unsigned i = 0; i < sizeof char_names / sizeof *char_names; i++)
			if (char_names[i].code == x->i) {
				buf_printf(b, "#\\%c%s", toupper(char_names[i].name[0]),
					   char_names[i].name + 1);
				return;
			}
		if (x->i > 32 && x->i < 127)
			buf_printf(b, "#\\%c", (char)x->i);
		else
			buf_printf(b, "#\\U+%04llX", (long long)x->i);
		break;
	case SX_FN:
		buf_printf(b, "#<function %s>", x->s ? x->s : "lambda");
		break;
	default:
		break;
	}
}

/* Print x; `parent` is the position the reader would give an atom here. */
static void print_rec(Buf *b, const Sx *x, Pos parent, int top)
{
	if (x->kind == SX_CONS || x->kind == SX_NIL) {
		print_pos(b, x->pos);
		buf_putc(b, '(');
		const Sx *l = x;
		int first = 1;
		for (; l->kind == SX_CONS; l = l->cdr) {
			if (!first)
				buf_putc(b, ' ');
			first = 0;
			print_rec(b, l->car, x->pos, 0);
		}
		if (l->kind != SX_NIL) {
			buf_puts(b, " . ");
			print_rec(b, l, x->pos, 0);
		}
		buf_putc(b, ')');
		return;
	}
	(void)parent;
	if (top) {
		print_pos(b, x->pos);
		/* "@1:16" would read as position 1:16: a space keeps a
		 * top-level atom that starts with a digit (6, 1+) apart. */
		if (x->pos.line > 0 && ((x->kind == SX_INT && x->i >= 0) ||
		    (x->kind == SX_SYM && isdigit((unsigned char)x->s[0]) &&
		     !sym_needs_bars(x->s))))
			buf_putc(b, ' ');
	}
	print_atom(b, x);
}

void sx_print(Buf *b, const Sx *x)
{
	print_rec(b, x, (Pos){0, 0}, 1);
}

void sx_print_file(Buf *b, const SxFile *f)
{
	buf_printf(b, "#!%s", f->header ? f->header : "sx");
	if (f->file) {
		Sx tmp = {.kind = SX_STR, .s = f->file, .len = strlen(f->file)};
		buf_putc(b, ' ');
		print_atom(b, &tmp);
	}
	buf_putc(b, '\n');
	for (int i = 0; i < f->forms.n; i++) {
		sx_print(b, f->forms.v[i]);
		buf_putc(b, '\n');
	}
}

const char *sx_brief(Arena *a, const Sx *x, int max)
{
	Buf b = {0};
	/* Print without positions: rebuild by walking. */
	if (x->kind == SX_CONS || x->kind == SX_NIL) {
		buf_putc(&b, '(');
		const Sx *l = x;
		for (int first = 1; l->kind == SX_CONS; l = l->cdr, first = 0) {
			if (!first)
				buf_putc(&b, ' ');
			if (b.len > (size_t)max)
				break;
			buf_puts(&b, sx_brief(a, l->car, max));
		}
		buf_putc(&b, ')');
	} else {
		print_atom(&b, x);
	}
	if (b.len > (size_t)max) {
		b.len = (size_t)max;
		buf_puts(&b, "...");
	}
	const char *s = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return s;
}
