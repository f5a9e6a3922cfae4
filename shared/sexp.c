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
	char *name_at, *name_end;       /* room left for names */
} syms;

/* A copy of a name, in blocks kept as long as the process (not in an
 * arena: the fuzz harness frees every arena a run leaves). */
static const char *save_name(const char *name, size_t n)
{
	if ((size_t)(syms.name_end - syms.name_at) < n + 1) {
		size_t size = n + 1 > 16384 ? n + 1 : 16384;
		syms.name_at = mem_alloc(size);
		syms.name_end = syms.name_at + size;
	}
	char *s = syms.name_at;
	memcpy(s, name, n);
	s[n] = 0;
	syms.name_at += n + 1;
	return s;
}

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
		const char **slot = mem_calloc(cap, sizeof *slot);
		for (size_t i = 0; i < syms.cap; i++) {
			const char *s = syms.slot[i];
			if (!s)
				continue;
			size_t j = hash_n(s, strlen(s)) & (cap - 1);
			while (slot[j])
				j = (j + 1) & (cap - 1);
			slot[j] = s;
		}
		mem_release(syms.slot, syms.cap * sizeof *syms.slot);
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
	const char *s = save_name(name, n);
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

Sx *sx_locate(Arena *a, Sx *x, Pos p)
{
	if (x->pos.line)
		return x;
	if (x->kind == SX_SYM || x->kind == SX_INT || x->kind == SX_STR || x->kind == SX_CHAR) {
		Sx *c = arena_alloc(a, sizeof *c);   /* an atom a macro built */
		*c = *x;
		c->pos = p;
		return c;
	}
	if (x->kind != SX_CONS)
		return x;
	Sx *head = NULL, **tail = &head;
	Sx *l = x;
	for (; l->kind == SX_CONS && !l->pos.line; l = l->cdr) {
		*tail = sx_cons(a, sx_locate(a, l->car, p), NULL, p);
		tail = &(*tail)->cdr;
	}
	if (l->kind == SX_NIL && !l->pos.line)
		l = sx_nil(a, p);
	*tail = l;
	return head;
}

const char *sx_written(const Sx *x)
{
	return x->kind == SX_SYM && x->written ? x->written : x->s;
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
	int implied;            /* sx: a datum without @L:C is where the
				 * canonical text puts it (sexp.h) */
	int depth;              /* lists open around the reader */
	int scan;               /* sx_scan: the text may end anywhere */
	int ended;              /* sx_scan: it ended inside a datum or comment */
	Pos open;               /* sx_scan: where the comment it ended in began */
	size_t anno;            /* bytes of @L:C read so far */
	size_t last_len;        /* canonical length of the datum just read */
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

/* Character classes, one table lookup per byte (the reader is the start-up
 * cost of every phase, and of the preludes wh-expand reads). The spaces
 * are those of isspace in the C locale; a delimiter ends a token; the
 * rest mark a token that needs its slow path or a second look. */
enum {
	CH_SPACE = 1, CH_DELIM = 2, CH_UPPER = 4, CH_ESCAPE = 8,
};
static const unsigned char char_class[256] = {
	[0] = CH_DELIM,
	[' '] = CH_SPACE | CH_DELIM, ['\t'] = CH_SPACE | CH_DELIM,
	['\n'] = CH_SPACE | CH_DELIM, ['\v'] = CH_SPACE | CH_DELIM,
	['\f'] = CH_SPACE | CH_DELIM, ['\r'] = CH_SPACE | CH_DELIM,
	['('] = CH_DELIM, [')'] = CH_DELIM, ['"'] = CH_DELIM, [';'] = CH_DELIM,
	['\''] = CH_DELIM, ['`'] = CH_DELIM, [','] = CH_DELIM,
	['|'] = CH_ESCAPE, ['\\'] = CH_ESCAPE,
	['A'] = CH_UPPER, ['B'] = CH_UPPER, ['C'] = CH_UPPER, ['D'] = CH_UPPER,
	['E'] = CH_UPPER, ['F'] = CH_UPPER, ['G'] = CH_UPPER, ['H'] = CH_UPPER,
	['I'] = CH_UPPER, ['J'] = CH_UPPER, ['K'] = CH_UPPER, ['L'] = CH_UPPER,
	['M'] = CH_UPPER, ['N'] = CH_UPPER, ['O'] = CH_UPPER, ['P'] = CH_UPPER,
	['Q'] = CH_UPPER, ['R'] = CH_UPPER, ['S'] = CH_UPPER, ['T'] = CH_UPPER,
	['U'] = CH_UPPER, ['V'] = CH_UPPER, ['W'] = CH_UPPER, ['X'] = CH_UPPER,
	['Y'] = CH_UPPER, ['Z'] = CH_UPPER,
};

static int is_delim(int c) { return char_class[(unsigned char)c] & CH_DELIM; }

static void skip_space(Reader *r)
{
	for (;;) {
		int c = peekc(r);
		if (char_class[c] & CH_SPACE) {
			getc_r(r);
		} else if (c == ';') {
			while (peekc(r) && peekc(r) != '\n')
				getc_r(r);
		} else if (c == '#' && r->p[1] == '|') {
			Pos start = rpos(r);
			getc_r(r);
			getc_r(r);
			int depth = 1;
			while (depth) {
				if (!peekc(r) && r->scan) {
					r->ended = 1;
					r->open = start;
					return;
				}
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
		} else {
			return;
		}
	}
}

static Sx *read_datum(Reader *r, Pos implied);

/* The reader prefixes, as users write them, for messages. */
static const struct { const char *name, *written; } prefixes[] = {
	{"quote", "'"}, {"quasiquote", "`"}, {"unquote", ","},
	{"unquote-splicing", ",@"}, {"function", "#'"}, {SX_READ_EVAL, "#."},
};

/* 'x as (quote x) at p: the name, which the source does not spell, is
 * where the canonical text puts it, the datum where it is. */
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
	Pos at = {p.line, p.col + 1};
	Sx *inner = read_datum(r, (Pos){p.line, p.col + 2 + (int)strlen(name)});
	return sx_list(r->a, p, 2, sx_sym(r->a, name, at), inner);
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

/* The items of a list at `start` (where its '(' is, or the position the
 * format gives it). `next` is the canonical place of the next item: one
 * column after the '(', then after each item and a space (sx); in core,
 * an item without a position takes the list's. */
static Sx *read_list_items(Reader *r, Pos start)
{
	Sx *head = NULL, **tail = &head;
	Pos next = r->implied ? (Pos){start.line, start.col + 1} : start;
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
			if (r->implied)         /* ". " */
				next.col += 2;
			Sx *rest = read_datum(r, next);
			skip_space(r);
			if (peekc(r) != ')')
				error_at(dp, "more than one datum after '.' in a dotted list");
			getc_r(r);
			*tail = rest;
			return head;
		}
		Pos ip = rpos(r);
		Sx *item = read_datum(r, next);
		if (!item)
			error_at(ip, "unexpected end of input");
		if (r->implied)
			next = (Pos){item->pos.line, item->pos.col + (int)r->last_len + 1};
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

/* The name of a token with |...| and \\ escapes (kept as written) and its
 * other letters in lower case, into b. */
static void token_name(Reader *r, Pos start, Buf *b)
{
	while (!is_delim(peekc(r))) {
		int c = getc_r(r);
		if (c == '|') {
			for (;;) {
				c = getc_r(r);
				if (c == '|')
					break;
				if (!c || (c == '\\' && !(c = getc_r(r)))) {
					buf_free(b);
					error_at(start, "end of input inside |...|");
				}
				buf_putc(b, (char)c);
			}
		} else if (c == '\\') {
			c = getc_r(r);
			if (!c) {
				buf_free(b);
				error_at(start, "end of input after '\\'");
			}
			buf_putc(b, (char)c);
		} else {
			buf_putc(b, (char)tolower(c));
		}
	}
}

/* A number or a symbol. A symbol's letters are read in lower case, and a
 * spelling with capitals is kept in `written` for messages. A token
 * without escapes holds no newline: it is skipped in one step, and its
 * name interned from the text (lowered first when it has capitals). */
static Sx *read_token(Reader *r, Pos start)
{
	const char *t = r->p;
	size_t n = 0;
	int seen = 0;
	for (int k; !((k = char_class[(unsigned char)t[n]]) & CH_DELIM); n++)
		seen |= k;
	if (!n)
		error_at(start, "unexpected character '%c'", peekc(r));
	int escaped = seen & CH_ESCAPE, upper = seen & CH_UPPER;
	const char *name = t;
	size_t len = n;
	if (escaped) {
		Buf b = {0};
		token_name(r, start, &b);
		/* in the arena, so the errors below leave no buffer behind */
		len = b.len;
		name = arena_strndup(r->a, b.data ? b.data : "", len);
		buf_free(&b);
	} else {
		r->p += n;
		r->col += (int)n;
		if (upper) {
			char *low = arena_alloc(r->a, n + 1);
			for (size_t i = 0; i < n; i++)
				low[i] = (char)tolower((unsigned char)t[i]);
			name = low;
		}
	}
	/* only a token with a digit or '.' after its sign can be a number */
	size_t d = len && (name[0] == '+' || name[0] == '-');
	int numeric = !escaped && d < len && (isdigit((unsigned char)name[d]) || name[d] == '.');
	int64_t v;
	int num = numeric ? parse_int(name, len, 10, &v) : 0;
	Sx *x;
	if (num < 0) {
		error_at(start, "integer '%.*s' does not fit in 64 bits", (int)n, t);
	} else if (num) {
		x = sx_int(r->a, v, start);
	} else if (numeric && is_other_number(name, len)) {
		error_at(start, "'%.*s' is not a number Whistler supports (integers only)",
			 (int)n, t);
	} else {
		if (!escaped && name[0] == '.' && only_dots(name, len))
			error_at(start, "unexpected '%.*s'", (int)len, name);
		x = mk(r->a, SX_SYM, start);
		x->s = intern_n(name, len);
		if (upper && !escaped)
			x->written = arena_strndup(r->a, t, n);
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
		return sx_cons(r->a, sx_sym(r->a, SX_VECTOR, (Pos){start.line, start.col + 1}), items, start);
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

/* A datum; `implied` is its position when the format gives none (see
 * read_list_items). Sets r->last_len to its canonical length: the bytes
 * read for it, less its positions. */
static Sx *read_datum(Reader *r, Pos implied)
{
	skip_space(r);
	Pos given = {0, 0};
	size_t at = (size_t)(r->p - r->src);
	int has_pos = read_pos(r, &given);
	if (has_pos && peekc(r) == ' ')
		getc_r(r);              /* "@1:1 6": see print_rec */
	r->anno += (size_t)(r->p - r->src) - at;
	size_t begin = (size_t)(r->p - r->src) - r->anno;
	Pos start = rpos(r);
	if (r->format)          /* where the datum is in the source */
		start = has_pos ? given : implied;
	int c = peekc(r);
	Sx *x;
	switch (c) {
	case 0:
		if (has_pos)
			error_at(rpos(r), "position with no datum after it");
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
	x->pos = start;
	r->last_len = (size_t)(r->p - r->src) - r->anno - begin;
	return x;
}

static SxFile *read_all(Reader *r)
{
	SxFile *f = arena_alloc(r->a, sizeof *f);
	for (;;) {
		Sx *x = read_datum(r, (Pos){0, 0});
		if (!x)
			break;
		vec_push(r->a, &f->forms, x);
	}
	return f;
}

const char *sx_source_body(const char *text, Pos *at)
{
	/* A UTF-8 byte-order mark is no character of the program: skipped,
	 * and columns count from after it. */
	if (!strncmp(text, "\xef\xbb\xbf", 3))
		text += 3;
	Reader r = {.src = text, .p = text, .line = 1, .col = 1};
	if (text[0] == '#' && text[1] == '!') {
		/* A script line; skip it (also catches a format fed as source). */
		while (peekc(&r) && peekc(&r) != '\n')
			getc_r(&r);
	}
	*at = rpos(&r);
	return r.p;
}

SxFile *sx_read_source(Arena *a, const char *text)
{
	Pos at;
	const char *body = sx_source_body(text, &at);
	Reader r = {.a = a, .src = body, .p = body, .line = at.line, .col = at.col};
	return read_all(&r);
}

/* ---- one datum at a time: a REPL's input, a file loaded form by form ---- */

/* The rest of a token, as read_token takes it: up to a delimiter, with
 * |...| and \ escapes. */
static void scan_token(Reader *r)
{
	while (!is_delim(peekc(r))) {
		int c = getc_r(r);
		if (c == '|') {
			while ((c = getc_r(r)) != '|')
				if (!c || (c == '\\' && !getc_r(r))) {
					r->ended = 1;
					return;
				}
		} else if (c == '\\' && !getc_r(r)) {
			r->ended = 1;
			return;
		}
	}
}

static void scan_string(Reader *r)
{
	for (;;) {
		int c = getc_r(r);
		if (!c || (c == '\\' && !getc_r(r))) {
			r->ended = 1;
			return;
		}
		if (c == '"')
			return;
	}
}

/* Skip one datum without building it, by read_datum's lexical rules;
 * lists by a count, so that any nesting scans. Sets r->ended when the
 * text ends inside it; its errors are left to the reader. */
static void scan_datum(Reader *r)
{
	long depth = 0;
	for (;;) {
		skip_space(r);
		int c = peekc(r);
		if (r->ended || !c) {
			r->ended = 1;
			return;
		}
		int token = 0;
		if (c != '|' && c != '\\')    /* else a token starting with an escape */
			getc_r(r);
		switch (c) {
		case '(':
			depth++;
			continue;
		case ')':               /* at the top: the reader's error */
			if (depth)
				depth--;
			break;
		case '\'': case '`':   /* a prefix: the datum after it */
			continue;
		case ',':
			if (peekc(r) == '@')
				getc_r(r);
			continue;
		case '"':
			scan_string(r);
			break;
		case '#':
			c = peekc(r);
			if (c == '\'' || c == '.' || c == '(') {
				getc_r(r);
				depth += c == '(';
				continue;
			}
			if (c == '\\') {
				getc_r(r);
				if (!getc_r(r))
					r->ended = 1;
			}
			scan_token(r);
			token = 1;
			break;
		default:
			scan_token(r);
			token = 1;
			break;
		}
		if (r->ended || depth > 0)
			continue;
		/* a token that reaches the end of the text may go on in more text */
		if (token && !peekc(r) && r->scan > 1)
			r->ended = 1;
		return;
	}
}

SxScan sx_scan(const char *text, Pos at, int at_end, SxExtent *out)
{
	Reader r = {.p = text, .line = at.line, .col = at.col, .scan = at_end ? 1 : 2};
	skip_space(&r);
	out->start = (size_t)(r.p - text);
	out->from = r.ended ? r.open : rpos(&r);
	if (!r.ended && !peekc(&r)) {
		out->end = out->start;
		out->to = out->from;
		return SX_SCAN_EMPTY;
	}
	if (!r.ended)
		scan_datum(&r);
	out->end = (size_t)(r.p - text);
	out->to = rpos(&r);
	return r.ended ? SX_SCAN_PARTIAL : SX_SCAN_DATUM;
}

Sx *sx_read_extent(Arena *a, const char *text, const SxExtent *e)
{
	const char *copy = arena_strndup(a, text + e->start, e->end - e->start);
	Reader r = {.a = a, .src = copy, .p = copy, .line = e->from.line, .col = e->from.col};
	return read_datum(&r, (Pos){0, 0});
}

SxFile *sx_read_format(Arena *a, const char *text, const char *want)
{
	Reader r = {.a = a, .src = text, .p = text, .line = 1, .col = 1, .format = 1,
		    .implied = !strcmp(want, "sx")};
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
	/* a name that starts with a lower-case letter reads as no number */
	if (!(*s >= 'a' && *s <= 'z')) {
		size_t n = strlen(s);
		if (is_int_syntax(s, n) || is_other_number(s, n) || only_dots(s, n))
			return 1;
	}
	for (const char *c = s; *c; c++)
		if (is_delim((unsigned char)*c) || *c == '|' || *c == '\\' ||
		    (*c >= 'A' && *c <= 'Z'))       /* isupper, in the C locale */
			return 1;
	return 0;
}

/* Whether `written` is a spelling of the symbol `name`, which the reader
 * reads as name: its letters in lower case, and name needing no bars. */
static int spelled_so(const char *written, const char *name)
{
	size_t i = 0;
	for (; written[i] && name[i]; i++)
		if (tolower((unsigned char)written[i]) != name[i])
			return 0;
	return !written[i] && !name[i] && !sym_needs_bars(name);
}

static void print_atom(Buf *b, const Sx *x)
{
	switch (x->kind) {
	case SX_INT:
		buf_put_int(b, (long long)x->i);
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
		if (x->written && spelled_so(x->written, x->s)) {
			buf_puts(b, x->written);
		} else if (sym_needs_bars(x->s)) {
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

typedef struct {
	Buf *b;
	int implied;            /* sx: positions where the canonical text does
				 * not put the datum; core: lists only */
	size_t anno;            /* bytes of positions printed */
} Printer;

static int same_pos(Pos a, Pos b) { return a.line == b.line && a.col == b.col; }

/* Print x, whose canonical place is `implied` (read_list_items). */
static void print_rec(Printer *P, const Sx *x, Pos implied, int top)
{
	int list = x->kind == SX_CONS || x->kind == SX_NIL;
	if (x->pos.line > 0 && (top || (P->implied ? !same_pos(x->pos, implied) : list))) {
		size_t before = P->b->len;
		/* an atom's position ends with a space: "@1:16" would read as
		 * position 1:16 */
		buf_putc(P->b, '@');
		buf_put_int(P->b, x->pos.line);
		buf_putc(P->b, ':');
		buf_put_int(P->b, x->pos.col);
		if (!list)
			buf_putc(P->b, ' ');
		P->anno += P->b->len - before;
	}
	if (!list) {
		print_atom(P->b, x);
		return;
	}
	buf_putc(P->b, '(');
	Pos next = {x->pos.line, x->pos.col + 1};
	const Sx *l = x;
	for (; l->kind == SX_CONS; l = l->cdr) {
		if (l != x) {
			buf_putc(P->b, ' ');
			next.col++;
		}
		size_t len = P->b->len, anno = P->anno;
		print_rec(P, l->car, next, 0);
		/* the next item's place follows this one's, where it is */
		Pos at = l->car->pos.line ? l->car->pos : next;
		next = (Pos){at.line, at.col + (int)((P->b->len - len) - (P->anno - anno))};
	}
	if (l->kind != SX_NIL) {
		buf_puts(P->b, " . ");
		next.col += 3;
		print_rec(P, l, next, 0);
	}
	buf_putc(P->b, ')');
}

static void sx_print(Buf *b, const Sx *x, int implied)
{
	Printer P = {b, implied, 0};
	print_rec(&P, x, (Pos){0, 0}, 1);
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
	int implied = !f->header || !strcmp(f->header, "sx");
	for (int i = 0; i < f->forms.n; i++) {
		sx_print(b, f->forms.v[i], implied);
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
