/* lisp_str.c: strings and characters in the Lisp: string designators,
 * case conversion, comparison (with :start1 :end1 :start2 :end2),
 * trimming, make-string, characters and their predicates, and
 * parse-integer (:start :end :radix :junk-allowed, two values). */
#include "lisp_lib.h"
#include <ctype.h>
#include <string.h>

/* A string designator: a string, a symbol's name, a character. */
static Sx *designator(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind == SX_STR)
		return x;
	if (x->kind == SX_SYM || !lisp_true(x)) {
		const char *s = lisp_true(x) ? lisp_symbol_name(L, x->s) : "NIL";
		return lisp_str(L, s, strlen(s));
	}
	if (x->kind == SX_CHAR) {
		char c = (char)x->i;
		return lisp_str(L, &c, 1);
	}
	lisp_error(L, p, "%s: expected a string designator, got %s", who, lisp_brief(L, x, 30));
}
B(b_string) { return designator(L, a[0], p, "string"); }

/* string-upcase & co: a fresh string, changed in :start..:end */
static Sx *map_case(Lisp *L, Sx **a, int n, Pos p, int mode, const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_START) | KB(K_END), &k, p, who);
	Sx *s = designator(L, a[0], p, who);
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, (int64_t)s->len, &lo, &hi, p, who);
	char *r = arena_strndup(L->a, s->s, s->len);
	int word_start = 1;
	for (int64_t i = lo; i < hi; i++) {
		int c = (unsigned char)r[i];
		if (mode == 'c')        /* capitalize: each word's first letter */
			c = word_start ? toupper(c) : tolower(c);
		else
			c = mode == 'u' ? toupper(c) : tolower(c);
		r[i] = (char)c;
		word_start = !isalnum(c);
	}
	return lisp_str(L, r, s->len);
}
B(b_string_upcase) { return map_case(L, a, n, p, 'u', "string-upcase"); }
B(b_string_downcase) { return map_case(L, a, n, p, 'd', "string-downcase"); }
B(b_string_capitalize) { return map_case(L, a, n, p, 'c', "string-capitalize"); }

/* Compare two string designators (with :start1 :end1 :start2 :end2);
 * *at is the index in the first string of the first mismatch. */
static int str_cmp(Lisp *L, Sx **a, int n, Pos p, int fold, const char *who, int64_t *at)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_START1) | KB(K_END1) | KB(K_START2) | KB(K_END2), &k, p, who);
	Sx *x = designator(L, a[0], p, who), *y = designator(L, a[1], p, who);
	int64_t x0, x1, y0, y1;
	lisp_bounds(L, &k, K_START1, (int64_t)x->len, &x0, &x1, p, who);
	lisp_bounds(L, &k, K_START2, (int64_t)y->len, &y0, &y1, p, who);
	int64_t i = x0, j = y0;
	for (; i < x1 && j < y1; i++, j++) {
		int cx = (unsigned char)x->s[i], cy = (unsigned char)y->s[j];
		if (fold)
			cx = tolower(cx), cy = tolower(cy);
		if (cx != cy) {
			*at = i;
			return cx < cy ? -1 : 1;
		}
	}
	*at = i;
	return (i < x1) - (j < y1);
}
/* string< and friends return the mismatch index when true, as in CL */
static Sx *str_order(Lisp *L, Sx **a, int n, Pos p, int fold, const char *who, int lt, int eq,
		     int gt)
{
	int64_t at;
	int c = str_cmp(L, a, n, p, fold, who, &at);
	int ok = c < 0 ? lt : c > 0 ? gt : eq;
	return ok ? lisp_int(L, at) : lisp_nil(L);
}
B(b_string_eq) { int64_t at; return lisp_bool(L, str_cmp(L, a, n, p, 0, "string=", &at) == 0); }
B(b_string_equal) { int64_t at; return lisp_bool(L, str_cmp(L, a, n, p, 1, "string-equal", &at) == 0); }
B(b_string_lt) { return str_order(L, a, n, p, 0, "string<", 1, 0, 0); }
B(b_string_gt) { return str_order(L, a, n, p, 0, "string>", 0, 0, 1); }
B(b_string_le) { return str_order(L, a, n, p, 0, "string<=", 1, 1, 0); }
B(b_string_ge) { return str_order(L, a, n, p, 0, "string>=", 0, 1, 1); }
B(b_string_ne) { return str_order(L, a, n, p, 0, "string/=", 1, 0, 1); }
B(b_string_lessp) { return str_order(L, a, n, p, 1, "string-lessp", 1, 0, 0); }
B(b_string_greaterp) { return str_order(L, a, n, p, 1, "string-greaterp", 0, 0, 1); }

/* string-trim, -left-trim, -right-trim: the characters of a bag */
static Sx *trim(Lisp *L, Sx **a, Pos p, int left, int right, const char *who)
{
	Seq bag = lisp_seq(L, a[0], p, who);
	Sx *s = designator(L, a[1], p, who);
	size_t i = 0, j = s->len;
	for (;;) {
		int hit = 0;
		for (int64_t k = 0; left && i < j && k < bag.n; k++)
			hit |= bag.v[k]->kind == SX_CHAR && bag.v[k]->i == (unsigned char)s->s[i];
		if (!hit)
			break;
		i++;
	}
	for (;;) {
		int hit = 0;
		for (int64_t k = 0; right && j > i && k < bag.n; k++)
			hit |= bag.v[k]->kind == SX_CHAR && bag.v[k]->i == (unsigned char)s->s[j - 1];
		if (!hit)
			break;
		j--;
	}
	return lisp_str(L, s->s + i, j - i);
}
B(b_string_trim) { return trim(L, a, p, 1, 1, "string-trim"); }
B(b_string_left_trim) { return trim(L, a, p, 1, 0, "string-left-trim"); }
B(b_string_right_trim) { return trim(L, a, p, 0, 1, "string-right-trim"); }

/* (make-string n :initial-element c) */
B(b_make_string)
{
	int64_t len = lisp_get_int(L, a[0], p, "make-string");
	if (len < 0 || len > (1 << 24))
		lisp_error(L, p, "make-string: bad length %lld", (long long)len);
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_INITIAL_ELEMENT) | KB(K_ELEMENT_TYPE), &k, p, "make-string");
	Sx *fill = k.v[K_INITIAL_ELEMENT];
	char c = fill ? (char)lisp_need_char(L, fill, p, "make-string") : ' ';
	char *s = arena_alloc(L->a, (size_t)len + 1);
	memset(s, c, (size_t)len);
	return lisp_str(L, s, (size_t)len);
}

B(b_char)
{
	Sx *s = lisp_need_string(L, a[0], p, "char");
	int64_t i = lisp_get_int(L, a[1], p, "char");
	if (i < 0 || (size_t)i >= s->len)
		lisp_error(L, p, "char: index %lld out of range", (long long)i);
	return lisp_char(L, (unsigned char)s->s[i]);
}

static int64_t C(Lisp *L, Sx *x, Pos p, const char *who) { return lisp_need_char(L, x, p, who); }
B(b_char_code) { return lisp_int(L, C(L, a[0], p, "char-code")); }
B(b_code_char) { return lisp_char(L, lisp_get_int(L, a[0], p, "code-char")); }
B(b_char_upcase) { return lisp_char(L, toupper((int)C(L, a[0], p, "char-upcase"))); }
B(b_char_downcase) { return lisp_char(L, tolower((int)C(L, a[0], p, "char-downcase"))); }
/* char= char< ...: n-ary like the number comparisons */
static Sx *charcmp(Lisp *L, Sx **a, int n, Pos p, int fold, int lt, int eq, int gt,
		   const char *who)
{
	for (int i = 0; i + 1 < n; i++) {
		int64_t x = C(L, a[i], p, who), y = C(L, a[i + 1], p, who);
		if (fold)
			x = tolower((int)x), y = tolower((int)y);
		if (!(x < y ? lt : x > y ? gt : eq))
			return lisp_nil(L);
	}
	C(L, a[n - 1], p, who);
	return lisp_t(L);
}
B(b_char_eq) { return charcmp(L, a, n, p, 0, 0, 1, 0, "char="); }
B(b_char_lt) { return charcmp(L, a, n, p, 0, 1, 0, 0, "char<"); }
B(b_char_gt) { return charcmp(L, a, n, p, 0, 0, 0, 1, "char>"); }
B(b_char_le) { return charcmp(L, a, n, p, 0, 1, 1, 0, "char<="); }
B(b_char_ge) { return charcmp(L, a, n, p, 0, 0, 1, 1, "char>="); }
B(b_char_equal) { return charcmp(L, a, n, p, 1, 0, 1, 0, "char-equal"); }
B(b_alpha_char_p) { return lisp_bool(L, isalpha((int)C(L, a[0], p, "alpha-char-p"))); }
B(b_alphanumericp) { return lisp_bool(L, isalnum((int)C(L, a[0], p, "alphanumericp"))); }
B(b_upper_case_p) { return lisp_bool(L, isupper((int)C(L, a[0], p, "upper-case-p"))); }
B(b_lower_case_p) { return lisp_bool(L, islower((int)C(L, a[0], p, "lower-case-p"))); }

/* The value of digit c in radix (2..36), or -1. */
static int digit_value(int c, int radix)
{
	c = tolower(c);
	int d = isdigit(c) ? c - '0' : c >= 'a' && c <= 'z' ? c - 'a' + 10 : 99;
	return d < radix ? d : -1;
}

static int radix_arg(Lisp *L, Sx *x, Pos p, const char *who)
{
	int64_t r = x ? lisp_get_int(L, x, p, who) : 10;
	if (r < 2 || r > 36)
		lisp_error(L, p, "%s: radix %lld is not from 2 to 36", who, (long long)r);
	return (int)r;
}

B(b_digit_char_p)
{
	int d = digit_value((int)C(L, a[0], p, "digit-char-p"),
			    radix_arg(L, n > 1 ? a[1] : NULL, p, "digit-char-p"));
	return d < 0 ? lisp_nil(L) : lisp_int(L, d);
}

/* (digit-char weight [radix]): the upper-case digit, or nil */
B(b_digit_char)
{
	int64_t w = lisp_get_int(L, a[0], p, "digit-char");
	int radix = radix_arg(L, n > 1 ? a[1] : NULL, p, "digit-char");
	if (w < 0 || w >= radix)
		return lisp_nil(L);
	return lisp_char(L, w < 10 ? '0' + w : 'A' + w - 10);
}

/* (parse-integer s :start :end :radix :junk-allowed): the integer and
 * the index where parsing stopped. Whitespace around the number is
 * allowed; anything else is junk. */
B(b_parse_integer)
{
	const char *who = "parse-integer";
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_START) | KB(K_END) | KB(K_RADIX) | KB(K_JUNK_ALLOWED), &k, p,
		  who);
	Sx *s = lisp_need_string(L, a[0], p, who);
	int radix = radix_arg(L, k.v[K_RADIX], p, who);
	int junk_ok = lisp_key_true(&k, K_JUNK_ALLOWED);
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, (int64_t)s->len, &lo, &hi, p, who);
	int64_t i = lo;
	while (i < hi && isspace((unsigned char)s->s[i]))
		i++;
	int neg = 0;
	if (i < hi && (s->s[i] == '-' || s->s[i] == '+'))
		neg = s->s[i++] == '-';
	uint64_t v = 0;
	int64_t digits = i;
	for (int d; i < hi && (d = digit_value((unsigned char)s->s[i], radix)) >= 0; i++)
		v = v * (uint64_t)radix + (uint64_t)d;
	int none = i == digits;
	if (junk_ok)            /* stops at the first non-digit */
		return lisp_values2(L, none ? lisp_nil(L) : lisp_int(L, neg ? (int64_t)-v : (int64_t)v),
				    lisp_int(L, i));
	while (i < hi && isspace((unsigned char)s->s[i]))
		i++;
	if (none || i != hi)
		lisp_error(L, p, "parse-integer: \"%.*s\" is not an integer", (int)(hi - lo),
			   s->s + lo);
	return lisp_values2(L, lisp_int(L, neg ? (int64_t)-v : (int64_t)v), lisp_int(L, i));
}

static const LispBuiltinDef builtins[] = {
	{"string", b_string, 1, 1, 0}, {"string-upcase", b_string_upcase, 1, -1, 0},
	{"string-downcase", b_string_downcase, 1, -1, 0},
	{"string-capitalize", b_string_capitalize, 1, -1, 0},
	{"string=", b_string_eq, 2, -1, 0}, {"string-equal", b_string_equal, 2, -1, 0},
	{"string<", b_string_lt, 2, -1, 0}, {"string>", b_string_gt, 2, -1, 0},
	{"string<=", b_string_le, 2, -1, 0}, {"string>=", b_string_ge, 2, -1, 0},
	{"string/=", b_string_ne, 2, -1, 0}, {"string-lessp", b_string_lessp, 2, -1, 0},
	{"string-greaterp", b_string_greaterp, 2, -1, 0},
	{"string-trim", b_string_trim, 2, 2, 0}, {"string-left-trim", b_string_left_trim, 2, 2, 0},
	{"string-right-trim", b_string_right_trim, 2, 2, 0},
	{"make-string", b_make_string, 1, -1, 0},
	{"char", b_char, 2, 2, 0}, {"schar", b_char, 2, 2, 0}, {"char-code", b_char_code, 1, 1, 0},
	{"char-int", b_char_code, 1, 1, 0}, {"code-char", b_code_char, 1, 1, 0},
	{"char-upcase", b_char_upcase, 1, 1, 0}, {"char-downcase", b_char_downcase, 1, 1, 0},
	{"char=", b_char_eq, 1, -1, 0}, {"char<", b_char_lt, 1, -1, 0},
	{"char>", b_char_gt, 1, -1, 0}, {"char<=", b_char_le, 1, -1, 0},
	{"char>=", b_char_ge, 1, -1, 0}, {"char-equal", b_char_equal, 1, -1, 0},
	{"alpha-char-p", b_alpha_char_p, 1, 1, 0}, {"alphanumericp", b_alphanumericp, 1, 1, 0},
	{"upper-case-p", b_upper_case_p, 1, 1, 0}, {"lower-case-p", b_lower_case_p, 1, 1, 0},
	{"digit-char-p", b_digit_char_p, 1, 2, 0}, {"digit-char", b_digit_char, 1, 2, 0},
	{"parse-integer", b_parse_integer, 1, -1, MV},
};

void lisp_install_strings(Lisp *L) { INSTALL(L, builtins); }
