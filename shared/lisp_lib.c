/* lisp_lib.c: the core of the Lisp's function library — numbers
 * (division with its remainder, bytes and bits), predicates and equality,
 * lists, funcall/apply/values, symbols, error — and the installation of
 * the whole library (sequences, strings, hash tables and output have
 * their own files). Each builtin gets its evaluated arguments as a
 * vector. */
#include "lisp_lib.h"
#include <string.h>

/* ---- numbers ---- */

static int64_t I(Lisp *L, Sx *x, Pos p, const char *who) { return lisp_get_int(L, x, p, who); }

B(b_add) { uint64_t r = 0; for (int i = 0; i < n; i++) r += (uint64_t)I(L, a[i], p, "+"); return lisp_int(L, (int64_t)r); }
B(b_mul) { uint64_t r = 1; for (int i = 0; i < n; i++) r *= (uint64_t)I(L, a[i], p, "*"); return lisp_int(L, (int64_t)r); }
B(b_sub)
{
	uint64_t r = (uint64_t)I(L, a[0], p, "-");
	if (n == 1)
		return lisp_int(L, (int64_t)-r);
	for (int i = 1; i < n; i++)
		r -= (uint64_t)I(L, a[i], p, "-");
	return lisp_int(L, (int64_t)r);
}

/* Integer division rounded toward zero, toward minus or plus infinity,
 * or to the nearest (an exact half to the even quotient); *rem gets
 * x - q*y. Wraps at 64 bits like the rest of the arithmetic. */
typedef enum { R_TRUNCATE, R_FLOOR, R_CEILING, R_ROUND } Rounding;

static int64_t divide(Lisp *L, int64_t x, int64_t y, Rounding how, int64_t *rem, Pos p,
		      const char *who)
{
	if (y == 0)
		lisp_error(L, p, "%s: division by zero", who);
	int64_t q = y == -1 ? (int64_t)-(uint64_t)x : x / y;
	int64_t r = y == -1 ? 0 : x % y;
	if (r) {
		int negative = (r < 0) != (y < 0);     /* the exact quotient is below q */
		uint64_t ar = r < 0 ? -(uint64_t)r : (uint64_t)r;
		uint64_t ay = y < 0 ? -(uint64_t)y : (uint64_t)y;
		int away = how == R_FLOOR ? negative : how == R_CEILING ? !negative :
			   how == R_ROUND ? (2 * ar > ay || (2 * ar == ay && (q & 1))) : 0;
		if (away) {
			int step = negative ? -1 : 1;
			q = (int64_t)((uint64_t)q + (uint64_t)(int64_t)step);
			r = (int64_t)((uint64_t)r - (uint64_t)(int64_t)step * (uint64_t)y);
		}
	}
	*rem = r;
	return q;
}

/* floor, ceiling, truncate, round: the quotient and the remainder */
static Sx *quotient(Lisp *L, Sx **a, int n, Pos p, Rounding how, const char *who)
{
	int64_t r, q = divide(L, I(L, a[0], p, who), n > 1 ? I(L, a[1], p, who) : 1, how, &r, p,
			      who);
	return lisp_values2(L, lisp_int(L, q), lisp_int(L, r));
}
B(b_floor) { return quotient(L, a, n, p, R_FLOOR, "floor"); }
B(b_ceiling) { return quotient(L, a, n, p, R_CEILING, "ceiling"); }
B(b_truncate) { return quotient(L, a, n, p, R_TRUNCATE, "truncate"); }
B(b_round) { return quotient(L, a, n, p, R_ROUND, "round"); }
B(b_mod) { int64_t r; divide(L, I(L, a[0], p, "mod"), I(L, a[1], p, "mod"), R_FLOOR, &r, p, "mod"); return lisp_int(L, r); }
B(b_rem) { int64_t r; divide(L, I(L, a[0], p, "rem"), I(L, a[1], p, "rem"), R_TRUNCATE, &r, p, "rem"); return lisp_int(L, r); }

/* Integer "/" truncates (this Lisp has no ratios). */
B(b_div)
{
	int64_t r = I(L, a[0], p, "/"), rem;
	if (n == 1)
		return lisp_int(L, divide(L, 1, r, R_TRUNCATE, &rem, p, "/"));
	for (int i = 1; i < n; i++)
		r = divide(L, r, I(L, a[i], p, "/"), R_TRUNCATE, &rem, p, "/");
	return lisp_int(L, r);
}

/* x shifted left by s (right when negative), as if x were infinitely
 * sign-extended; bits shifted past 64 are lost. */
static int64_t shift(int64_t x, int64_t s)
{
	if (s >= 64)
		return 0;
	if (s >= 0)
		return (int64_t)((uint64_t)x << s);
	if (s <= -64)
		return x < 0 ? -1 : 0;
	return x >> -s;
}
B(b_ash) { return lisp_int(L, shift(I(L, a[0], p, "ash"), I(L, a[1], p, "ash"))); }
B(b_logand) { int64_t r = -1; for (int i = 0; i < n; i++) r &= I(L, a[i], p, "logand"); return lisp_int(L, r); }
B(b_logior) { int64_t r = 0; for (int i = 0; i < n; i++) r |= I(L, a[i], p, "logior"); return lisp_int(L, r); }
B(b_logxor) { int64_t r = 0; for (int i = 0; i < n; i++) r ^= I(L, a[i], p, "logxor"); return lisp_int(L, r); }
B(b_lognot) { return lisp_int(L, ~I(L, a[0], p, "lognot")); }
B(b_logtest) { return lisp_bool(L, (I(L, a[0], p, "logtest") & I(L, a[1], p, "logtest")) != 0); }
B(b_logbitp)
{
	int64_t i = I(L, a[0], p, "logbitp"), x = I(L, a[1], p, "logbitp");
	if (i < 0)
		lisp_error(L, p, "logbitp: negative index %lld", (long long)i);
	return lisp_bool(L, i >= 64 ? x < 0 : (x >> i) & 1);
}
/* logcount of a negative number counts its zero bits, as in CL */
B(b_logcount)
{
	int64_t x = I(L, a[0], p, "logcount");
	return lisp_int(L, __builtin_popcountll((unsigned long long)(x < 0 ? ~x : x)));
}
B(b_integer_length)
{
	int64_t x = I(L, a[0], p, "integer-length");
	if (x < 0)
		x = ~x;
	return lisp_int(L, x ? 64 - __builtin_clzll((unsigned long long)x) : 0);
}

/* Byte specifiers: (byte size position) is the cons (size . position),
 * as in SBCL. */
B(b_byte)
{
	int64_t s = I(L, a[0], p, "byte"), pos = I(L, a[1], p, "byte");
	if (s < 0 || pos < 0)
		lisp_error(L, p, "byte: size and position must not be negative");
	return lisp_cons(L, a[0], a[1]);
}
static void bytespec(Lisp *L, Sx *b, int64_t *size, int64_t *pos, Pos p, const char *who)
{
	if (b->kind != SX_CONS || b->car->kind != SX_INT || b->cdr->kind != SX_INT)
		lisp_error(L, p, "%s: %s is not a byte specifier (byte SIZE POSITION)", who,
			   lisp_brief(L, b, 30));
	*size = b->car->i;
	*pos = b->cdr->i;
	if (*size < 0 || *pos < 0)
		lisp_error(L, p, "%s: a byte's size and position must not be negative", who);
}
B(b_byte_size) { int64_t s, q; bytespec(L, a[0], &s, &q, p, "byte-size"); return lisp_int(L, s); }
B(b_byte_position) { int64_t s, q; bytespec(L, a[0], &s, &q, p, "byte-position"); return lisp_int(L, q); }
/* size ones: the mask of a byte at position 0 */
static int64_t low_ones(int64_t size) { return size >= 64 ? -1 : (int64_t)(((uint64_t)1 << size) - 1); }
/* the mask of a byte: its ones at its position */
static int64_t byte_mask(Lisp *L, Sx *b, Pos p, const char *who)
{
	int64_t size, pos;
	bytespec(L, b, &size, &pos, p, who);
	return shift(low_ones(size), pos);
}
/* (ldb bytespec x): the bits of the byte, shifted down (a negative x
 * has ones above bit 63, as in CL) */
static int64_t ldb(Lisp *L, Sx *b, int64_t x, Pos p, const char *who)
{
	int64_t size, pos;
	bytespec(L, b, &size, &pos, p, who);
	return shift(x, -pos) & low_ones(size);
}
B(b_ldb) { return lisp_int(L, ldb(L, a[0], I(L, a[1], p, "ldb"), p, "ldb")); }
B(b_ldb_test) { return lisp_bool(L, ldb(L, a[0], I(L, a[1], p, "ldb-test"), p, "ldb-test") != 0); }
B(b_mask_field) { return lisp_int(L, I(L, a[1], p, "mask-field") & byte_mask(L, a[0], p, "mask-field")); }
/* (dpb new bytespec x): x with the byte replaced by the low bits of new */
B(b_dpb)
{
	int64_t m = byte_mask(L, a[1], p, "dpb");
	int64_t size, pos;
	bytespec(L, a[1], &size, &pos, p, "dpb");
	int64_t v = shift(I(L, a[0], p, "dpb"), pos);
	return lisp_int(L, (I(L, a[2], p, "dpb") & ~m) | (v & m));
}
/* (deposit-field new bytespec x): the byte taken from new in place */
B(b_deposit_field)
{
	int64_t m = byte_mask(L, a[1], p, "deposit-field");
	return lisp_int(L, (I(L, a[2], p, "deposit-field") & ~m) | (I(L, a[0], p, "deposit-field") & m));
}
B(b_1plus) { return lisp_int(L, (int64_t)((uint64_t)I(L, a[0], p, "1+") + 1)); }
B(b_1minus) { return lisp_int(L, (int64_t)((uint64_t)I(L, a[0], p, "1-") - 1)); }
B(b_abs) { int64_t x = I(L, a[0], p, "abs"); return lisp_int(L, x < 0 ? (int64_t)-(uint64_t)x : x); }
B(b_min) { int64_t r = I(L, a[0], p, "min"); for (int i = 1; i < n; i++) { int64_t x = I(L, a[i], p, "min"); if (x < r) r = x; } return lisp_int(L, r); }
B(b_max) { int64_t r = I(L, a[0], p, "max"); for (int i = 1; i < n; i++) { int64_t x = I(L, a[i], p, "max"); if (x > r) r = x; } return lisp_int(L, r); }
B(b_signum) { int64_t x = I(L, a[0], p, "signum"); return lisp_int(L, (x > 0) - (x < 0)); }
B(b_expt)
{
	int64_t b = I(L, a[0], p, "expt"), e = I(L, a[1], p, "expt");
	if (e < 0)
		lisp_error(L, p, "expt: negative exponent");
	uint64_t r = 1;
	while (e--)
		r *= (uint64_t)b;
	return lisp_int(L, (int64_t)r);
}
B(b_gcd)
{
	int64_t r = 0;
	for (int i = 0; i < n; i++) {
		int64_t x = I(L, a[i], p, "gcd");
		if (x < 0)
			x = -x;
		while (x) {
			int64_t t = r % x;
			r = x;
			x = t;
		}
	}
	return lisp_int(L, r);
}

typedef enum { CMP_EQ, CMP_NE, CMP_LT, CMP_GT, CMP_LE, CMP_GE } NumCmp;
static Sx *numcmp(Lisp *L, Sx **a, int n, Pos p, NumCmp op, const char *who)
{
	for (int i = 0; i + 1 < n; i++) {
		int64_t x = I(L, a[i], p, who), y = I(L, a[i + 1], p, who);
		int ok = op == CMP_EQ ? x == y : op == CMP_LT ? x < y : op == CMP_GT ? x > y :
			 op == CMP_LE ? x <= y : op == CMP_GE ? x >= y : 1;
		if (op == CMP_NE)
			for (int j = i + 1; j < n; j++)
				if (x == I(L, a[j], p, who))
					ok = 0;
		if (!ok)
			return lisp_nil(L);
	}
	if (n == 1)
		I(L, a[0], p, who);
	return lisp_t(L);
}
B(b_numeq) { return numcmp(L, a, n, p, CMP_EQ, "="); }
B(b_numne) { return numcmp(L, a, n, p, CMP_NE, "/="); }
B(b_lt) { return numcmp(L, a, n, p, CMP_LT, "<"); }
B(b_gt) { return numcmp(L, a, n, p, CMP_GT, ">"); }
B(b_le) { return numcmp(L, a, n, p, CMP_LE, "<="); }
B(b_ge) { return numcmp(L, a, n, p, CMP_GE, ">="); }
B(b_zerop) { return lisp_bool(L, I(L, a[0], p, "zerop") == 0); }
B(b_plusp) { return lisp_bool(L, I(L, a[0], p, "plusp") > 0); }
B(b_minusp) { return lisp_bool(L, I(L, a[0], p, "minusp") < 0); }
B(b_evenp) { return lisp_bool(L, !(I(L, a[0], p, "evenp") & 1)); }
B(b_oddp) { return lisp_bool(L, I(L, a[0], p, "oddp") & 1); }

/* ---- predicates and equality ---- */

B(b_integerp) { return lisp_bool(L, a[0]->kind == SX_INT); }
B(b_stringp) { return lisp_bool(L, a[0]->kind == SX_STR); }
B(b_symbolp) { return lisp_bool(L, a[0]->kind == SX_SYM || !lisp_true(a[0])); }
B(b_keywordp) { return lisp_bool(L, a[0]->kind == SX_SYM && a[0]->s[0] == ':'); }
B(b_consp) { return lisp_bool(L, a[0]->kind == SX_CONS); }
B(b_listp) { return lisp_bool(L, (a[0]->kind == SX_CONS || !lisp_true(a[0]))); }
B(b_atom) { return lisp_bool(L, a[0]->kind != SX_CONS); }
B(b_null) { return lisp_bool(L, !lisp_true(a[0])); }
B(b_functionp) { return lisp_bool(L, lisp_object(a[0], LISP_FUNCTION) != NULL); }
B(b_characterp) { return lisp_bool(L, a[0]->kind == SX_CHAR); }
B(b_eq)
{
	Sx *x = a[0], *y = a[1];
	int r = x == y || ((x->kind == SX_SYM || !lisp_true(x)) && lisp_eql(x, y)) ||
		(x->kind == SX_INT && lisp_eql(x, y)) || (x->kind == SX_CHAR && lisp_eql(x, y));
	return lisp_bool(L, r);
}
B(b_eql) { return lisp_bool(L, lisp_eql(a[0], a[1])); }
B(b_equal) { return lisp_bool(L, lisp_equal(a[0], a[1])); }
B(b_equalp) { return lisp_bool(L, lisp_equalp(a[0], a[1])); }

/* ---- lists ---- */

B(b_cons) { return lisp_cons(L, a[0], a[1]); }
static Sx *cxr(Lisp *L, Sx *x, const char *path, Pos p, const char *who)
{
	/* path read right to left: "ad" for cadr */
	for (int i = (int)strlen(path) - 1; i >= 0; i--) {
		if (!lisp_true(x))
			return lisp_nil(L);
		if (x->kind != SX_CONS)
			lisp_error(L, p, "%s: %s is not a list", who, lisp_brief(L, x, 40));
		x = path[i] == 'a' ? x->car : x->cdr;
	}
	return x;
}
#define CXR(fn, path) B(fn) { return cxr(L, a[0], path, p, &#fn[2]); }
CXR(b_car, "a") CXR(b_cdr, "d") CXR(b_caar, "aa") CXR(b_cadr, "ad") CXR(b_cdar, "da")
CXR(b_cddr, "dd") CXR(b_caddr, "add") CXR(b_cdddr, "ddd") CXR(b_cadddr, "addd")
CXR(b_cdadr, "dad") CXR(b_caadr, "aad") CXR(b_cddar, "dda") CXR(b_cadar, "ada")
static Sx *nth_of(Lisp *L, int64_t k, Sx *x, Pos p)
{
	for (int64_t i = 0; i < k && x->kind == SX_CONS; i++)
		x = x->cdr;
	return x->kind == SX_CONS ? x->car : (lisp_need_list(L, x, p, "nth"), lisp_nil(L));
}
#define NTH(fn, k) B(fn) { return nth_of(L, k, a[0], p); }
NTH(b_second, 1) NTH(b_third, 2) NTH(b_fourth, 3) NTH(b_fifth, 4) NTH(b_sixth, 5)
NTH(b_seventh, 6) NTH(b_eighth, 7) NTH(b_ninth, 8) NTH(b_tenth, 9)
B(b_nth) { return nth_of(L, I(L, a[0], p, "nth"), a[1], p); }
B(b_nthcdr)
{
	Sx *x = a[1];
	for (int64_t i = I(L, a[0], p, "nthcdr"); i > 0 && x->kind == SX_CONS; i--)
		x = x->cdr;
	return x->kind == SX_CONS ? x : lisp_true(x) ? x : lisp_nil(L);
}
B(b_list) { Sx *l = lisp_nil(L); for (int i = n - 1; i >= 0; i--) l = lisp_cons(L, a[i], l); return l; }
B(b_list_star) { Sx *l = a[n - 1]; for (int i = n - 2; i >= 0; i--) l = lisp_cons(L, a[i], l); return l; }
B(b_append)
{
	if (n == 0)
		return lisp_nil(L);
	ListB b;
	lb_init(L, &b);
	for (int i = 0; i < n - 1; i++)
		for (Sx *x = lisp_need_list(L, a[i], p, "append"); x->kind == SX_CONS; x = x->cdr)
			lb_add(L, &b, x->car);
	*b.tail = a[n - 1];
	return b.head;
}
/* (make-list n :initial-element x) */
B(b_make_list)
{
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_INITIAL_ELEMENT), &k, p, "make-list");
	int64_t len = I(L, a[0], p, "make-list");
	if (len < 0 || len > (1 << 24))
		lisp_error(L, p, "make-list: bad length %lld", (long long)len);
	Sx *l = lisp_nil(L), *x = k.v[K_INITIAL_ELEMENT] ? k.v[K_INITIAL_ELEMENT] : lisp_nil(L);
	while (len--)
		l = lisp_cons(L, x, l);
	return l;
}
B(b_list_length)
{
	int64_t k = 0;
	Sx *x = lisp_need_list(L, a[0], p, "list-length");
	for (; x->kind == SX_CONS; x = x->cdr)
		k++;
	if (lisp_true(x))
		lisp_error(L, p, "list-length: %s is not a proper list", lisp_brief(L, a[0], 40));
	return lisp_int(L, k);
}
B(b_last)
{
	/* (last list [k]): the last k conses */
	int64_t k = n > 1 ? I(L, a[1], p, "last") : 1, len = 0;
	Sx *x = lisp_need_list(L, a[0], p, "last");
	for (Sx *y = x; y->kind == SX_CONS; y = y->cdr)
		len++;
	for (; len > k && x->kind == SX_CONS; len--)
		x = x->cdr;
	return x;
}
B(b_butlast)
{
	int64_t k = n > 1 ? I(L, a[1], p, "butlast") : 1;
	int64_t len = 0;
	for (Sx *x = lisp_need_list(L, a[0], p, "butlast"); x->kind == SX_CONS; x = x->cdr)
		len++;
	ListB b;
	lb_init(L, &b);
	Sx *x = a[0];
	for (int64_t i = 0; i < len - k; i++, x = x->cdr)
		lb_add(L, &b, x->car);
	return b.head;
}
B(b_copy_list)
{
	ListB b;
	lb_init(L, &b);
	Sx *x = lisp_need_list(L, a[0], p, "copy-list");
	for (; x->kind == SX_CONS; x = x->cdr)
		lb_add(L, &b, x->car);
	if (lisp_true(x))
		*b.tail = x;
	return b.head;
}
B(b_copy_tree)
{
	lisp_check_stack();
	if (a[0]->kind != SX_CONS)
		return a[0];
	Sx *car = b_copy_tree(L, &a[0]->car, 1, p), *cdr = b_copy_tree(L, &a[0]->cdr, 1, p);
	return lisp_cons(L, car, cdr);
}
B(b_acons) { return lisp_cons(L, lisp_cons(L, a[0], a[1]), a[2]); }
B(b_getf)
{
	for (Sx *x = lisp_need_list(L, a[0], p, "getf"); x->kind == SX_CONS && x->cdr->kind == SX_CONS;
	     x = x->cdr->cdr)
		if (lisp_eql(x->car, a[1]))
			return x->cdr->car;
	return n > 2 ? a[2] : lisp_nil(L);
}

/* ---- functions ---- */

B(b_funcall) { return lisp_funcall(L, a[0], a + 1, n - 1, p); }
B(b_apply)
{
	ListB b;
	lb_init(L, &b);
	for (int i = 1; i < n - 1; i++)
		lb_add(L, &b, a[i]);
	*b.tail = lisp_need_list(L, a[n - 1], p, "apply");
	return lisp_apply(L, a[0], b.head, p);
}
B(b_identity) { return a[0]; }
B(b_values) { return lisp_values(L, a, n); }
B(b_values_list)
{
	Seq s = lisp_seq(L, lisp_need_list(L, a[0], p, "values-list"), p, "values-list");
	return lisp_values(L, s.v, (int)s.n);
}
B(b_fboundp) { return lisp_bool(L, a[0]->kind == SX_SYM && (symtab_get(&L->funs, a[0]->s) || symtab_get(&L->macros, a[0]->s))); }
B(b_boundp) { return lisp_bool(L, a[0]->kind == SX_SYM && symtab_get(&L->vars, a[0]->s)); }
B(b_symbol_value)
{
	Sx *v = a[0]->kind == SX_SYM ? symtab_get(&L->vars, a[0]->s) : NULL;
	if (!v)
		lisp_error(L, p, "unbound variable %s", lisp_brief(L, a[0], 30));
	return v;
}
B(b_symbol_function)
{
	Sx *v = a[0]->kind == SX_SYM ? symtab_get(&L->funs, a[0]->s) : NULL;
	if (!v)
		lisp_error(L, p, "undefined function %s", lisp_brief(L, a[0], 30));
	return v;
}
/* macroexpand-1 / macroexpand: the expansion, and whether there was one */
static Sx *expand_once(Lisp *L, Sx *f)
{
	if (f->kind == SX_CONS && f->car->kind == SX_SYM) {
		Sx *m = lisp_macro(L, f->car->s);
		if (m)
			return lisp_expand_macro(L, m, f);
	}
	return f;
}
B(b_macroexpand_1)
{
	Sx *g = expand_once(L, a[0]);
	return lisp_values2(L, g, lisp_bool(L, g != a[0]));
}
B(b_macroexpand)
{
	Sx *f = a[0];
	for (int i = 0; i < 1000; i++) {
		Sx *g = expand_once(L, f);
		if (g == f)
			break;
		f = g;
	}
	return lisp_values2(L, f, lisp_bool(L, f != a[0]));
}
B(b_eval) { return lisp_eval(L, a[0]); }
B(b_typep) { return lisp_bool(L, lisp_typep(L, a[0], a[1], p)); }

/* (error "control" args...) — reported at the macro call being expanded */
B(b_error)
{
	Sx *msg;
	if (a[0]->kind == SX_STR)
		msg = lisp_format(L, a[0]->s, a[0]->len, a + 1, n - 1, p);
	else
		msg = lisp_format(L, "~a", 2, a, 1, p);
	Pos at = L->call_pos.line ? L->call_pos : p;
	lisp_error(L, at, "%.*s", (int)msg->len, msg->s);
}
B(b_warn)
{
	Sx *msg = a[0]->kind == SX_STR ? lisp_format(L, a[0]->s, a[0]->len, a + 1, n - 1, p) :
		lisp_format(L, "~a", 2, a, 1, p);
	warn_at(L->call_pos.line ? L->call_pos : p, "%.*s", (int)msg->len, msg->s);
	return lisp_nil(L);
}

/* ---- symbols ---- */

B(b_symbol_name)
{
	if (!lisp_true(a[0]))
		return lisp_str(L, "NIL", 3);
	if (a[0]->kind != SX_SYM)
		lisp_error(L, p, "symbol-name: %s is not a symbol", lisp_brief(L, a[0], 30));
	const char *s = lisp_symbol_name(L, a[0]->s);
	return lisp_str(L, s, strlen(s));
}
B(b_intern)
{
	Sx *s = lisp_need_string(L, a[0], p, "intern");
	const char *name = lisp_intern_cl(s->s, s->len);
	/* the package: only KEYWORD matters, as :keyword or "KEYWORD" */
	if (n > 1 && ((a[1]->kind == SX_SYM && !strcmp(a[1]->s, ":keyword")) ||
		      (a[1]->kind == SX_STR && a[1]->len == 7 && !memcmp(a[1]->s, "KEYWORD", 7))))
		name = intern(arena_printf(L->a, ":%s", name));
	return lisp_sym(L, name);
}
B(b_make_keyword)
{
	const char *name = a[0]->kind == SX_STR ? lisp_intern_cl(a[0]->s, a[0]->len) :
		a[0]->kind == SX_SYM ? a[0]->s : NULL;
	if (!name)
		lisp_error(L, p, "make-keyword: expected a string or symbol");
	if (name[0] == ':')
		return lisp_sym(L, name);
	return lisp_sym(L, intern(arena_printf(L->a, ":%s", name)));
}
B(b_gensym)
{
	(void)p;
	const char *prefix = "g";
	if (n && a[0]->kind == SX_STR)
		prefix = lisp_intern_cl(a[0]->s, a[0]->len);
	return lisp_sym(L, intern(arena_printf(L->a, "%s#%d", prefix, ++L->gensym)));
}
B(b_symbolicate)
{
	/* (symbolicate 'a "-" 'b): concatenate designators into a symbol */
	Buf b = {0};
	for (int i = 0; i < n; i++) {
		if (a[i]->kind == SX_STR)
			buf_put(&b, a[i]->s, a[i]->len);
		else if (a[i]->kind == SX_SYM)
			buf_puts(&b, lisp_symbol_name(L, a[i]->s));
		else
			lisp_print(&b, a[i], 0);
	}
	(void)p;
	const char *s = lisp_intern_cl(b.data ? b.data : "", b.len);
	buf_free(&b);
	return lisp_sym(L, s);
}

static const LispBuiltinDef builtins[] = {
	{"+", b_add, 0, -1, 0}, {"-", b_sub, 1, -1, 0}, {"*", b_mul, 0, -1, 0},
	{"/", b_div, 1, -1, 0},
	{"floor", b_floor, 1, 2, MV}, {"ceiling", b_ceiling, 1, 2, MV},
	{"truncate", b_truncate, 1, 2, MV}, {"round", b_round, 1, 2, MV},
	{"mod", b_mod, 2, 2, 0}, {"rem", b_rem, 2, 2, 0}, {"ash", b_ash, 2, 2, 0},
	{"logand", b_logand, 0, -1, 0}, {"logior", b_logior, 0, -1, 0},
	{"logxor", b_logxor, 0, -1, 0}, {"lognot", b_lognot, 1, 1, 0},
	{"logtest", b_logtest, 2, 2, 0}, {"logbitp", b_logbitp, 2, 2, 0},
	{"logcount", b_logcount, 1, 1, 0}, {"integer-length", b_integer_length, 1, 1, 0},
	{"byte", b_byte, 2, 2, 0}, {"byte-size", b_byte_size, 1, 1, 0},
	{"byte-position", b_byte_position, 1, 1, 0}, {"ldb", b_ldb, 2, 2, 0},
	{"ldb-test", b_ldb_test, 2, 2, 0}, {"mask-field", b_mask_field, 2, 2, 0},
	{"dpb", b_dpb, 3, 3, 0}, {"deposit-field", b_deposit_field, 3, 3, 0},
	{"1+", b_1plus, 1, 1, 0}, {"1-", b_1minus, 1, 1, 0}, {"abs", b_abs, 1, 1, 0},
	{"min", b_min, 1, -1, 0}, {"max", b_max, 1, -1, 0}, {"signum", b_signum, 1, 1, 0},
	{"expt", b_expt, 2, 2, 0}, {"gcd", b_gcd, 0, -1, 0},
	{"=", b_numeq, 1, -1, 0}, {"/=", b_numne, 1, -1, 0}, {"<", b_lt, 1, -1, 0},
	{">", b_gt, 1, -1, 0}, {"<=", b_le, 1, -1, 0}, {">=", b_ge, 1, -1, 0},
	{"zerop", b_zerop, 1, 1, 0}, {"plusp", b_plusp, 1, 1, 0}, {"minusp", b_minusp, 1, 1, 0},
	{"evenp", b_evenp, 1, 1, 0}, {"oddp", b_oddp, 1, 1, 0},
	{"integerp", b_integerp, 1, 1, 0}, {"numberp", b_integerp, 1, 1, 0},
	{"stringp", b_stringp, 1, 1, 0}, {"symbolp", b_symbolp, 1, 1, 0},
	{"keywordp", b_keywordp, 1, 1, 0}, {"consp", b_consp, 1, 1, 0},
	{"listp", b_listp, 1, 1, 0}, {"atom", b_atom, 1, 1, 0}, {"null", b_null, 1, 1, 0},
	{"not", b_null, 1, 1, 0}, {"endp", b_null, 1, 1, 0}, {"functionp", b_functionp, 1, 1, 0},
	{"characterp", b_characterp, 1, 1, 0},
	{"eq", b_eq, 2, 2, 0}, {"eql", b_eql, 2, 2, 0}, {"equal", b_equal, 2, 2, 0},
	{"equalp", b_equalp, 2, 2, 0},
	{"cons", b_cons, 2, 2, 0}, {"car", b_car, 1, 1, 0}, {"cdr", b_cdr, 1, 1, 0},
	{"first", b_car, 1, 1, 0}, {"rest", b_cdr, 1, 1, 0}, {"caar", b_caar, 1, 1, 0},
	{"cadr", b_cadr, 1, 1, 0}, {"cdar", b_cdar, 1, 1, 0}, {"cddr", b_cddr, 1, 1, 0},
	{"caddr", b_caddr, 1, 1, 0}, {"cdddr", b_cdddr, 1, 1, 0}, {"cadddr", b_cadddr, 1, 1, 0},
	{"cdadr", b_cdadr, 1, 1, 0}, {"caadr", b_caadr, 1, 1, 0}, {"cddar", b_cddar, 1, 1, 0},
	{"cadar", b_cadar, 1, 1, 0},
	{"second", b_second, 1, 1, 0}, {"third", b_third, 1, 1, 0}, {"fourth", b_fourth, 1, 1, 0},
	{"fifth", b_fifth, 1, 1, 0}, {"sixth", b_sixth, 1, 1, 0}, {"seventh", b_seventh, 1, 1, 0},
	{"eighth", b_eighth, 1, 1, 0}, {"ninth", b_ninth, 1, 1, 0}, {"tenth", b_tenth, 1, 1, 0},
	{"nth", b_nth, 2, 2, 0}, {"nthcdr", b_nthcdr, 2, 2, 0},
	{"list", b_list, 0, -1, 0}, {"list*", b_list_star, 1, -1, 0},
	{"make-list", b_make_list, 1, -1, 0},
	{"append", b_append, 0, -1, 0}, {"nconc", b_append, 0, -1, 0},
	{"list-length", b_list_length, 1, 1, 0}, {"last", b_last, 1, 2, 0},
	{"butlast", b_butlast, 1, 2, 0}, {"copy-list", b_copy_list, 1, 1, 0},
	{"copy-tree", b_copy_tree, 1, 1, 0}, {"acons", b_acons, 3, 3, 0},
	{"getf", b_getf, 2, 3, 0},
	{"funcall", b_funcall, 1, -1, MV}, {"apply", b_apply, 2, -1, MV},
	{"identity", b_identity, 1, 1, 0}, {"values", b_values, 0, -1, MV},
	{"values-list", b_values_list, 1, 1, MV},
	{"fboundp", b_fboundp, 1, 1, 0}, {"boundp", b_boundp, 1, 1, 0},
	{"symbol-value", b_symbol_value, 1, 1, 0}, {"symbol-function", b_symbol_function, 1, 1, 0},
	{"fdefinition", b_symbol_function, 1, 1, 0},
	{"macroexpand-1", b_macroexpand_1, 1, 2, MV}, {"macroexpand", b_macroexpand, 1, 2, MV},
	{"eval", b_eval, 1, 1, MV}, {"typep", b_typep, 2, 2, 0},
	{"error", b_error, 1, -1, 0}, {"warn", b_warn, 1, -1, 0},
	{"symbol-name", b_symbol_name, 1, 1, 0}, {"intern", b_intern, 1, 2, 0},
	{"make-symbol", b_intern, 1, 1, 0}, {"make-keyword", b_make_keyword, 1, 1, 0},
	{"gensym", b_gensym, 0, 1, 0}, {"gentemp", b_gensym, 0, 1, 0},
	{"symbolicate", b_symbolicate, 0, -1, 0},
};

void lisp_install_library(Lisp *L)
{
	INSTALL(L, builtins);
	lisp_install_sequences(L);
	lisp_install_strings(L);
	lisp_install_hash(L);
	lisp_install_output(L);
}
