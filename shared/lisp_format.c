/* lisp_format.c: printing values the way Common Lisp prints them (princ
 * and prin1), the mapping between CL symbol names and our lower-case
 * internal spelling, and `format`. */
#include "lisp.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* Internally symbols are stored lower case (the reader folds case); CL
 * names are upper case. A name in one case has its case inverted, so
 * (intern "foo") is kept apart from FOO; a mixed-case name such as the
 * reader's |MiXed| is the same in both spellings. The mapping is its own
 * inverse. */
static void invert_into(char *r, const char *s, size_t n)
{
	int lower = 0, upper = 0;
	for (size_t i = 0; i < n; i++) {
		lower |= islower((unsigned char)s[i]) != 0;
		upper |= isupper((unsigned char)s[i]) != 0;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		r[i] = (char)(lower && upper ? c : islower(c) ? toupper(c) :
			      isupper(c) ? tolower(c) : c);
	}
}

static char *invert(Arena *a, const char *s, size_t n)
{
	char *r = arena_strndup(a, s, n);
	invert_into(r, s, n);
	return r;
}

const char *lisp_symbol_name(Lisp *L, const char *s)
{
	if (s[0] == ':')
		s++;
	return invert(L->a, s, strlen(s));
}

const char *lisp_intern_cl(const char *name, size_t n)
{
	char buf[512];
	if (n >= sizeof buf)
		n = sizeof buf - 1;
	invert_into(buf, name, n);
	return intern_n(buf, n);
}

/* #\Name for the characters that do not print as themselves (SBCL's names) */
static const struct { int code; const char *name; } char_names[] = {
	{0, "Nul"}, {1, "Soh"}, {2, "Stx"}, {3, "Etx"}, {4, "Eot"}, {5, "Enq"},
	{6, "Ack"}, {7, "Bel"}, {8, "Backspace"}, {9, "Tab"}, {10, "Newline"},
	{11, "Vt"}, {12, "Page"}, {13, "Return"}, {14, "So"}, {15, "Si"},
	{16, "Dle"}, {17, "Dc1"}, {18, "Dc2"}, {19, "Dc3"}, {20, "Dc4"},
	{21, "Nak"}, {22, "Syn"}, {23, "Etb"}, {24, "Can"}, {25, "Em"},
	{26, "Sub"}, {27, "Esc"}, {28, "Fs"}, {29, "Gs"}, {30, "Rs"}, {31, "Us"},
	{' ', "Space"}, {127, "Rubout"},
};

/* prin1 writes |name| when reading the plain name back would give another
 * symbol: lower case letters, syntax characters, or number syntax. */
static int needs_bars(const char *s, size_t n)
{
	if (n == 0)
		return 1;
	size_t digits = 0, dots = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (islower(c) || isspace(c) || strchr("()'\"`,;|\\:", c))
			return 1;
		digits += isdigit(c) != 0 || (i == 0 && n > 1 && (c == '+' || c == '-'));
		dots += c == '.';
	}
	return digits == n || dots == n;
}

/* Vectors as #(1 2 3), records as #S(NAME :SLOT value ...) (a condition,
 * printed with ~a, as its message), handles as #<NAME>. */
static void print_object(Buf *b, const Sx *x, int readably)
{
	const LispFn *f = x->fn;
	if (f->type == LISP_VECTOR) {
		buf_puts(b, "#(");
		for (int i = 0; i < f->nitems; i++) {
			Sx tmp;
			if (i)
				buf_putc(b, ' ');
			lisp_print(b, lisp_vec_peek(f, i, &tmp), readably);
		}
		buf_putc(b, ')');
		return;
	}
	if (f->type == LISP_RECORD) {
		if (!readably && f->nitems == 1 && !strcmp(f->slots[0], "message")) {
			lisp_print(b, f->items[0], 0);
			return;
		}
		buf_puts(b, "#S(");
		lisp_print(b, &(Sx){.kind = SX_SYM, .s = f->name}, 0);
		for (int i = 0; i < f->nitems; i++) {
			buf_puts(b, " :");
			lisp_print(b, &(Sx){.kind = SX_SYM, .s = f->slots[i]}, 0);
			buf_putc(b, ' ');
			lisp_print(b, f->items[i], readably);
		}
		buf_putc(b, ')');
		return;
	}
	buf_puts(b, "#<");
	lisp_print(b, &(Sx){.kind = SX_SYM, .s = f->name ? f->name : "object"}, 0);
	buf_putc(b, '>');
}

void lisp_print(Buf *b, const Sx *x, int readably)
{
	switch (x->kind) {
	case SX_NIL:
		buf_puts(b, "NIL");
		return;
	case SX_INT:
		buf_printf(b, "%lld", (long long)x->i);
		return;
	case SX_STR:
		if (!readably) {
			buf_put(b, x->s, x->len);
			return;
		}
		buf_putc(b, '"');
		for (size_t i = 0; i < x->len; i++) {
			if (x->s[i] == '"' || x->s[i] == '\\')
				buf_putc(b, '\\');
			buf_putc(b, x->s[i]);
		}
		buf_putc(b, '"');
		return;
	case SX_CHAR:
		if (!readably) {
			buf_putc(b, (char)x->i);
			return;
		}
		for (unsigned i = 0; i < sizeof char_names / sizeof *char_names; i++)
			if (char_names[i].code == x->i) {
				buf_printf(b, "#\\%s", char_names[i].name);
				return;
			}
		buf_printf(b, "#\\%c", (char)x->i);
		return;
	case SX_SYM: {
		const char *s = x->s;
		if (s[0] == ':')
			buf_putc(b, ':'), s++;
		else if (s[0] == '#' && s[1] == ':')
			buf_puts(b, "#:"), s += 2;
		size_t n = strlen(s);
		char name[512];
		if (n >= sizeof name)
			n = sizeof name - 1;
		invert_into(name, s, n);
		int bars = readably && needs_bars(name, n);
		if (bars)
			buf_putc(b, '|');
		for (size_t i = 0; i < n; i++) {
			if (bars && (name[i] == '|' || name[i] == '\\'))
				buf_putc(b, '\\');
			buf_putc(b, name[i]);
		}
		if (bars)
			buf_putc(b, '|');
		return;
	}
	case SX_FN:
		if (x->fn->type != LISP_FUNCTION) {
			print_object(b, x, readably);
			return;
		}
		buf_puts(b, "#<FUNCTION ");
		if (x->s)
			lisp_print(b, &(Sx){.kind = SX_SYM, .s = x->s}, 0);
		else
			buf_puts(b, "(LAMBDA)");
		buf_putc(b, '>');
		return;
	case SX_CONS:
		break;
	}
	lisp_check_stack();
	/* (quote x) prints as 'x, (function f) as #'f, and so on, as SBCL does */
	static const struct { const char *head, *prefix; } abbrevs[] = {
		{"quote", "'"}, {"function", "#'"}, {"quasiquote", "`"},
		{"unquote", ","}, {"unquote-splicing", ",@"},
	};
	if (x->car->kind == SX_SYM && x->cdr->kind == SX_CONS && x->cdr->cdr->kind == SX_NIL)
		for (unsigned i = 0; i < sizeof abbrevs / sizeof *abbrevs; i++)
			if (!strcmp(x->car->s, abbrevs[i].head)) {
				buf_puts(b, abbrevs[i].prefix);
				lisp_print(b, x->cdr->car, readably);
				return;
			}
	buf_putc(b, '(');
	const Sx *l = x;
	for (int first = 1; l->kind == SX_CONS; l = l->cdr, first = 0) {
		if (!first)
			buf_putc(b, ' ');
		lisp_print(b, l->car, readably);
	}
	if (l->kind != SX_NIL && !(l->kind == SX_SYM && !strcmp(l->s, "nil"))) {
		buf_puts(b, " . ");
		lisp_print(b, l, readably);
	}
	buf_putc(b, ')');
}

/* ---- format ---- */

typedef struct {
	Lisp *L;
	Pos p;
	Sx **args;
	int nargs, next;        /* next is -1 once ~^ has ended the iteration */
	Buf *out;
	int depth;              /* of run(): which scratch buffer is its own */
} Fmt;

/* Scratch text: the output, and one buffer per level of run() for the
 * text of a directive. They are kept from one call to the next, not
 * freed: an error leaves format by longjmp (a handler-case, the REPL or a
 * session may catch it and go on), and memory freed only on the way out
 * would leak. format runs no Lisp code, so one call at a time uses them. */
enum { MAX_NESTING = 64 };
static Buf scratch_out, scratch[MAX_NESTING + 1], scratch_print;

static Buf *fresh(Buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
	return b;
}

static Sx *next_arg(Fmt *f)
{
	if (f->next >= f->nargs)
		lisp_error(f->L, f->p, "format: not enough arguments for the directives");
	return f->args[f->next++];
}

static void put_padded(Fmt *f, const char *s, size_t n, int mincol, char pad, int left)
{
	int fill = mincol > (int)n ? mincol - (int)n : 0;
	if (!left)
		for (int i = 0; i < fill; i++)
			buf_putc(f->out, pad);
	buf_put(f->out, s, n);
	if (left)
		for (int i = 0; i < fill; i++)
			buf_putc(f->out, pad);
}

/* ~D ~X ~O ~B: `comma` is the separator character for ~:D, 0 for none. */
static void put_int(Fmt *f, Sx *x, int base, int mincol, char pad, int sign, char comma,
		    int interval)
{
	if (x->kind != SX_INT) {
		Buf *t = fresh(&scratch_print);
		lisp_print(t, x, 0);
		put_padded(f, t->data ? t->data : "", t->len, mincol, pad, 0);
		return;
	}
	char tmp[160];
	int neg = x->i < 0;
	uint64_t v = neg ? (uint64_t)0 - (uint64_t)x->i : (uint64_t)x->i;
	int k = 0, digits = 0;
	do {
		if (comma && digits && digits % interval == 0)
			tmp[k++] = comma;
		int d = (int)(v % (uint64_t)base);
		tmp[k++] = (char)(d < 10 ? '0' + d : 'A' + d - 10);
		digits++;
		v /= (uint64_t)base;
	} while (v);
	if (neg)
		tmp[k++] = '-';
	else if (sign)
		tmp[k++] = '+';
	char s[160];
	for (int i = 0; i < k; i++)
		s[i] = tmp[k - 1 - i];
	put_padded(f, s, (size_t)k, mincol, pad, 0);
}

/* ~( ~) case conversion of the text from `from` on: 1 lower, 2 upper,
 * 3 capitalize every word, 4 capitalize the first word, lower the rest. */
static void convert_case(Buf *b, size_t from, int mode)
{
	int in_word = 0, seen_word = 0;
	for (size_t i = from; i < b->len; i++) {
		unsigned char ch = (unsigned char)b->data[i];
		int up = mode == 2 || (!in_word && isalnum(ch) &&
				       (mode == 3 || (mode == 4 && !seen_word)));
		b->data[i] = (char)(up ? toupper(ch) : tolower(ch));
		if (isalnum(ch))
			seen_word = in_word = 1;
		else
			in_word = 0;
	}
}

static void run(Fmt *f, const char *c, size_t n);

/* The parameters of a directive: ~mincol,'padchar... then : and @. */
typedef struct {
	int num[4];             /* -1 when absent */
	char chr[4];            /* a 'c parameter, 0 when absent */
	int colon, at;
	size_t end;             /* index of the directive character */
} Dir;

/* With a Fmt, a V parameter takes the next argument and # the number of
 * arguments left; without one (scanning for ~] and such) they are skipped. */
static Dir parse_dir(Fmt *f, const char *c, size_t i, size_t n)
{
	Dir d = {{-1, -1, -1, -1}, {0}, 0, 0, 0};
	int np = 0;
	size_t j = i + 1;
	while (j < n) {
		if (c[j] == 'v' || c[j] == 'V' || c[j] == '#') {
			if (f && np < 4) {
				Sx *x = c[j] == '#' ? NULL : next_arg(f);
				if (!x)
					d.num[np] = f->nargs - f->next;
				else if (x->kind == SX_INT)
					d.num[np] = x->i < 0 ? -1 : x->i > 100000 ? 100000 : (int)x->i;
				else if (x->kind == SX_CHAR)
					d.chr[np] = (char)x->i;
			}
			j++;
		} else if (isdigit((unsigned char)c[j]) || c[j] == '-') {
			int v = 0, neg = c[j] == '-';
			if (neg)
				j++;
			while (j < n && isdigit((unsigned char)c[j])) {
				if (v < 100000)
					v = v * 10 + (c[j] - '0');
				j++;
			}
			if (np < 4)
				d.num[np] = neg ? -v : v;
		} else if (c[j] == '\'' && j + 1 < n) {
			if (np < 4)
				d.chr[np] = c[j + 1];
			j += 2;
		} else if (c[j] == ',') {
			np++;
			j++;
		} else if (c[j] == ':') {
			d.colon = 1;
			j++;
		} else if (c[j] == '@') {
			d.at = 1;
			j++;
		} else {
			break;
		}
	}
	d.end = j;
	return d;
}

/* Find the directive closing a ~{ ~( or ~[ at depth 0; returns its index
 * (of the '~'), or n. Separators ~; are reported through `seps`. */
static size_t find_close(const char *c, size_t i, size_t n, char close, size_t *seps, int *nseps)
{
	int depth = 0;
	for (; i < n; i++) {
		if (c[i] != '~' || i + 1 >= n)
			continue;
		size_t j = parse_dir(NULL, c, i, n).end;
		if (j >= n)
			return n;
		char d = c[j];
		if (d == '{' || d == '(' || d == '[')
			depth++;
		else if ((d == '}' || d == ')' || d == ']') && depth > 0)
			depth--;
		else if (d == close && depth == 0)
			return i;
		else if (d == ';' && depth == 0 && seps && *nseps < 32)
			seps[(*nseps)++] = i;
		i = j;
	}
	return n;
}

/* Run the body of ~{ once per element (or, for ~:{, once per sublist with
 * the sublist's elements as the arguments). */
static void run_iteration(Fmt *f, const char *body, size_t len, Vec *items, int sublists)
{
	Fmt sub = *f;
	if (sublists) {
		for (int k = 0; k < items->n; k++) {
			Vec args = {0};
			for (Sx *l = items->v[k]; l->kind == SX_CONS; l = l->cdr)
				vec_push(f->L->a, &args, l->car);
			sub.args = (Sx **)args.v;
			sub.nargs = args.n;
			sub.next = 0;
			run(&sub, body, len);
		}
		return;
	}
	sub.args = (Sx **)items->v;
	sub.nargs = items->n;
	sub.next = 0;
	while (sub.next >= 0 && sub.next < sub.nargs) {
		int before = sub.next;
		run(&sub, body, len);
		if (sub.next == before)
			break;
	}
}

static void run(Fmt *f, const char *c, size_t n)
{
	if (f->depth == MAX_NESTING)
		lisp_error(f->L, f->p, "format: directives nested more than %d deep", MAX_NESTING);
	f->depth++;
	for (size_t i = 0; i < n; i++) {
		if (c[i] != '~') {
			buf_putc(f->out, c[i]);
			continue;
		}
		Dir dir = parse_dir(f, c, i, n);
		size_t j = dir.end;
		int colon = dir.colon, at = dir.at;
		if (j >= n)
			lisp_error(f->L, f->p, "format: the control string ends inside a directive");
		char d = (char)tolower((unsigned char)c[j]);
		int mincol = dir.num[0] > 0 ? dir.num[0] : 0;
		/* the pad character is parameter 4 of ~A ~S, parameter 2 of ~D */
		char pad_a = dir.chr[3] ? dir.chr[3] : ' ';
		char pad_d = dir.chr[1] ? dir.chr[1] : ' ';
		char comma = colon ? (dir.chr[2] ? dir.chr[2] : ',') : 0;
		int interval = dir.num[3] > 0 ? dir.num[3] : 3;
		Buf *t = fresh(&scratch[f->depth]);
		switch (d) {
		case 'a':
		case 's': {
			Sx *x = next_arg(f);
			if (colon && !lisp_true(x))
				buf_puts(t, "()");    /* ~:A prints nil as () */
			else
				lisp_print(t, x, d == 's');
			put_padded(f, t->data ? t->data : "", t->len, mincol, pad_a, !at);
			break;
		}
		case 'd': put_int(f, next_arg(f), 10, mincol, pad_d, at, comma, interval); break;
		case 'x': put_int(f, next_arg(f), 16, mincol, pad_d, at, comma, interval); break;
		case 'o': put_int(f, next_arg(f), 8, mincol, pad_d, at, comma, interval); break;
		case 'b': put_int(f, next_arg(f), 2, mincol, pad_d, at, comma, interval); break;
		case 'c': {
			Sx *x = next_arg(f);
			if (x->kind != SX_CHAR)
				lisp_error(f->L, f->p, "format ~c: %s is not a character",
					   lisp_brief(f->L, x, 30));
			if (at) {
				lisp_print(f->out, x, 1);
			} else {
				buf_putc(f->out, (char)x->i);
			}
			break;
		}
		case 'p': {
			/* plural: ~P "s", ~@P "y"/"ies"; ~:P looks at the previous argument */
			if (colon)
				f->next = f->next > 0 ? f->next - 1 : 0;
			Sx *x = next_arg(f);
			int one = x->kind == SX_INT && x->i == 1;
			buf_puts(f->out, at ? (one ? "y" : "ies") : (one ? "" : "s"));
			break;
		}
		case '%':
			for (int k = 0; k < (dir.num[0] > 0 ? dir.num[0] : 1); k++)
				buf_putc(f->out, '\n');
			break;
		case '&':
			if (f->out->len && f->out->data[f->out->len - 1] != '\n')
				buf_putc(f->out, '\n');
			break;
		case '~':
			buf_putc(f->out, '~');
			break;
		case '*': {
			/* ~n* skips n arguments, ~n:* backs up n */
			int k = dir.num[0] >= 0 ? dir.num[0] : 1;
			if (colon)
				f->next = f->next > k ? f->next - k : 0;
			else
				while (k--)
					next_arg(f);
			break;
		}
		case '\n':   /* ~ at the end of a line: skip the newline and indentation */
			while (j + 1 < n && isspace((unsigned char)c[j + 1]))
				j++;
			break;
		case '^':
			/* stop when no arguments remain (ends a ~{ iteration) */
			if (f->next >= f->nargs) {
				f->next = -1;
				f->depth--;
				return;
			}
			break;
		case '(': {
			size_t close = find_close(c, j + 1, n, ')', NULL, NULL);
			if (close >= n)
				lisp_error(f->L, f->p, "format: ~( without ~)");
			size_t from = f->out->len;
			run(f, c + j + 1, close - (j + 1));
			convert_case(f->out, from, colon && at ? 2 : colon ? 3 : at ? 4 : 1);
			j = parse_dir(NULL, c, close, n).end;
			break;
		}
		case '{': {
			size_t close = find_close(c, j + 1, n, '}', NULL, NULL);
			if (close >= n)
				lisp_error(f->L, f->p, "format: ~{ without ~}");
			Vec items = {0};
			if (at) {
				for (int k = f->next; k < f->nargs; k++)
					vec_push(f->L->a, &items, f->args[k]);
				f->next = f->nargs;
			} else {
				for (Sx *l = next_arg(f); l->kind == SX_CONS; l = l->cdr)
					vec_push(f->L->a, &items, l->car);
			}
			run_iteration(f, c + j + 1, close - (j + 1), &items, colon);
			j = parse_dir(NULL, c, close, n).end;
			break;
		}
		case '[': {
			size_t seps[32];
			int nseps = 0;
			size_t close = find_close(c, j + 1, n, ']', seps, &nseps);
			if (close >= n)
				lisp_error(f->L, f->p, "format: ~[ without ~]");
			size_t starts[33], ends[33];
			int nclauses = nseps + 1;
			starts[0] = j + 1;
			for (int k = 0; k < nseps; k++) {
				ends[k] = seps[k];
				starts[k + 1] = parse_dir(NULL, c, seps[k], n).end + 1;
			}
			ends[nseps] = close;
			/* a last separator ~:; starts the default clause */
			int deflt = nseps && parse_dir(NULL, c, seps[nseps - 1], n).colon;
			int pick;
			if (colon) {
				pick = lisp_true(next_arg(f)) ? 1 : 0;
			} else if (at) {
				pick = lisp_true(next_arg(f)) ? 0 : -1;
				if (pick == 0)
					f->next--;
			} else {
				Sx *x = dir.num[0] >= 0 ? NULL : next_arg(f);
				pick = x ? (x->kind == SX_INT && x->i >= 0 && x->i < 1000 ? (int)x->i : -1) :
					   dir.num[0];
				if (deflt && (pick < 0 || pick >= nclauses - 1))
					pick = nclauses - 1;
			}
			if (pick >= 0 && pick < nclauses)
				run(f, c + starts[pick], ends[pick] - starts[pick]);
			j = parse_dir(NULL, c, close, n).end;
			break;
		}
		default:
			lisp_error(f->L, f->p, "format: unsupported directive ~%c", c[j]);
		}
		i = j;
		if (f->next < 0) {
			f->depth--;
			return;
		}
	}
	f->depth--;
}

Sx *lisp_format(Lisp *L, const char *ctl, size_t n, Sx **args, int nargs, Pos p)
{
	Buf *out = fresh(&scratch_out);
	Fmt f = {L, p, args, nargs, 0, out, 0};
	run(&f, ctl, n);
	return lisp_str(L, out->data ? out->data : "", out->len);
}
