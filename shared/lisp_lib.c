/* lisp_lib.c: the function library of the compile-time Lisp: numbers,
 * lists, sequences, strings, symbols, characters, predicates, funcall and
 * apply, error. Each builtin gets its evaluated arguments as a vector. */
#include "lisp.h"
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define B(name) static Sx *name(Lisp *L, Sx **a, __attribute__((unused)) int n, \
			    __attribute__((unused)) Pos p)
#define UNUSED (void)L, (void)a, (void)n, (void)p

static int is_list(const Sx *x)
{
	return x->kind == SX_CONS || !lisp_true(x);
}

static Sx *need_list(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (!is_list(x))
		lisp_error(L, p, "%s: expected a list, got %s", who, lisp_brief(L, x, 40));
	return x->kind == SX_CONS ? x : lisp_nil(L);
}

static Sx *need_string(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind != SX_STR)
		lisp_error(L, p, "%s: expected a string, got %s", who, lisp_brief(L, x, 40));
	return x;
}

/* Build lists front to back. */
typedef struct {
	Sx *head, **tail;
} ListB;
static void lb_init(Lisp *L, ListB *b)
{
	b->head = lisp_nil(L);
	b->tail = &b->head;
}
static void lb_add(Lisp *L, ListB *b, Sx *x)
{
	*b->tail = lisp_cons(L, x, lisp_nil(L));
	b->tail = &(*b->tail)->cdr;
}

/* Keyword options after the positional arguments: :test :key ... */
static Sx *kw(Lisp *L, Sx **a, int n, int from, const char *name)
{
	const char *k = intern(name);
	for (int i = from; i + 1 < n; i += 2)
		if (a[i]->kind == SX_SYM && a[i]->s == k)
			return a[i + 1];
	(void)L;
	return NULL;
}

/* Apply :key then compare with :test (default eql). */
typedef struct {
	Sx *test, *key;
	int negate;
} Cmp;
static Cmp cmp_opts(Lisp *L, Sx **a, int n, int from)
{
	Cmp c = {kw(L, a, n, from, ":test"), kw(L, a, n, from, ":key"), 0};
	Sx *tn = kw(L, a, n, from, ":test-not");
	if (tn) {
		c.test = tn;
		c.negate = 1;
	}
	return c;
}
static Sx *keyed(Lisp *L, Cmp *c, Sx *x, Pos p)
{
	return c->key && lisp_true(c->key) ? lisp_funcall(L, c->key, &x, 1, p) : x;
}
static int same(Lisp *L, Cmp *c, Sx *item, Sx *x, Pos p)
{
	int r;
	if (c->test) {
		Sx *v[2] = {item, x};
		r = lisp_true(lisp_funcall(L, c->test, v, 2, p));
	} else {
		r = lisp_eql(item, x);
	}
	return c->negate ? !r : r;
}
static int pred(Lisp *L, Sx *fn, Sx *x, Pos p)
{
	return lisp_true(lisp_funcall(L, fn, &x, 1, p));
}

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

static int64_t divide(Lisp *L, int64_t x, int64_t y, Pos p, const char *who, int floor_it)
{
	if (y == 0)
		lisp_error(L, p, "%s: division by zero", who);
	if (y == -1)
		return (int64_t)-(uint64_t)x;
	int64_t q = x / y;
	if (floor_it && (x % y) && ((x < 0) != (y < 0)))
		q--;
	return q;
}

/* Integer division: "/" truncates (integers only in this Lisp). */
B(b_div)
{
	int64_t r = I(L, a[0], p, "/");
	if (n == 1)
		return lisp_int(L, divide(L, 1, r, p, "/", 0));
	for (int i = 1; i < n; i++)
		r = divide(L, r, I(L, a[i], p, "/"), p, "/", 0);
	return lisp_int(L, r);
}
B(b_floor) { int64_t y = n > 1 ? I(L, a[1], p, "floor") : 1; return lisp_int(L, divide(L, I(L, a[0], p, "floor"), y, p, "floor", 1)); }
B(b_truncate) { int64_t y = n > 1 ? I(L, a[1], p, "truncate") : 1; return lisp_int(L, divide(L, I(L, a[0], p, "truncate"), y, p, "truncate", 0)); }
B(b_ceiling)
{
	int64_t x = I(L, a[0], p, "ceiling"), y = n > 1 ? I(L, a[1], p, "ceiling") : 1;
	int64_t q = divide(L, x, y, p, "ceiling", 1);
	if (q * y != x)
		q++;
	return lisp_int(L, q);
}
B(b_mod)
{
	int64_t x = I(L, a[0], p, "mod"), y = I(L, a[1], p, "mod");
	if (y == 0)
		lisp_error(L, p, "mod: division by zero");
	if (y == -1)
		return lisp_int(L, 0);
	int64_t r = x % y;
	if (r && ((r < 0) != (y < 0)))
		r += y;
	return lisp_int(L, r);
}
B(b_rem)
{
	int64_t x = I(L, a[0], p, "rem"), y = I(L, a[1], p, "rem");
	if (y == 0)
		lisp_error(L, p, "rem: division by zero");
	return lisp_int(L, y == -1 ? 0 : x % y);
}
B(b_ash)
{
	int64_t x = I(L, a[0], p, "ash"), s = I(L, a[1], p, "ash");
	if (s >= 64)
		return lisp_int(L, 0);
	if (s >= 0)
		return lisp_int(L, (int64_t)((uint64_t)x << s));
	if (s <= -64)
		return lisp_int(L, x < 0 ? -1 : 0);
	return lisp_int(L, x >> -s);
}
B(b_logand) { int64_t r = -1; for (int i = 0; i < n; i++) r &= I(L, a[i], p, "logand"); return lisp_int(L, r); }
B(b_logior) { int64_t r = 0; for (int i = 0; i < n; i++) r |= I(L, a[i], p, "logior"); return lisp_int(L, r); }
B(b_logxor) { int64_t r = 0; for (int i = 0; i < n; i++) r ^= I(L, a[i], p, "logxor"); return lisp_int(L, r); }
B(b_lognot) { return lisp_int(L, ~I(L, a[0], p, "lognot")); }
B(b_logbitp) { int64_t i = I(L, a[0], p, "logbitp"); return lisp_bool(L, i >= 0 && i < 64 && ((I(L, a[1], p, "logbitp") >> i) & 1)); }
B(b_integer_length)
{
	int64_t x = I(L, a[0], p, "integer-length");
	if (x < 0)
		x = ~x;
	int r = 0;
	while (x) {
		r++;
		x >>= 1;
	}
	return lisp_int(L, r);
}
B(b_1plus) { return lisp_int(L, (int64_t)((uint64_t)I(L, a[0], p, "1+") + 1)); }
B(b_1minus) { return lisp_int(L, (int64_t)((uint64_t)I(L, a[0], p, "1-") - 1)); }
B(b_abs) { int64_t x = I(L, a[0], p, "abs"); return lisp_int(L, x < 0 ? (int64_t)-(uint64_t)x : x); }
B(b_min) { int64_t r = I(L, a[0], p, "min"); for (int i = 1; i < n; i++) { int64_t x = I(L, a[i], p, "min"); if (x < r) r = x; } return lisp_int(L, r); }
B(b_max) { int64_t r = I(L, a[0], p, "max"); for (int i = 1; i < n; i++) { int64_t x = I(L, a[i], p, "max"); if (x > r) r = x; } return lisp_int(L, r); }
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

B(b_integerp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_INT); }
B(b_stringp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_STR); }
B(b_symbolp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_SYM || !lisp_true(a[0])); }
B(b_keywordp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_SYM && a[0]->s[0] == ':'); }
B(b_consp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_CONS); }
B(b_listp) { UNUSED; return lisp_bool(L, is_list(a[0])); }
B(b_atom) { UNUSED; return lisp_bool(L, a[0]->kind != SX_CONS); }
B(b_null) { UNUSED; return lisp_bool(L, !lisp_true(a[0])); }
B(b_functionp) { UNUSED; return lisp_bool(L, lisp_object(a[0], LISP_FUNCTION) != NULL); }
B(b_characterp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_CHAR); }
B(b_eq)
{
	UNUSED;
	Sx *x = a[0], *y = a[1];
	int r = x == y || ((x->kind == SX_SYM || !lisp_true(x)) && lisp_eql(x, y)) ||
		(x->kind == SX_INT && lisp_eql(x, y)) || (x->kind == SX_CHAR && lisp_eql(x, y));
	return lisp_bool(L, r);
}
B(b_eql) { UNUSED; return lisp_bool(L, lisp_eql(a[0], a[1])); }
B(b_equal) { UNUSED; return lisp_bool(L, lisp_equal(a[0], a[1])); }
static int equalp(const Sx *x, const Sx *y)
{
	lisp_check_stack();
	if (x->kind == SX_STR && y->kind == SX_STR)
		return x->len == y->len && !strncasecmp(x->s, y->s, x->len);
	if (x->kind == SX_CHAR && y->kind == SX_CHAR)
		return tolower((int)x->i) == tolower((int)y->i);
	if (x->kind == SX_CONS && y->kind == SX_CONS)
		return equalp(x->car, y->car) && equalp(x->cdr, y->cdr);
	return lisp_equal(x, y);
}
B(b_equalp) { UNUSED; return lisp_bool(L, equalp(a[0], a[1])); }

/* ---- lists ---- */

B(b_cons) { UNUSED; return lisp_cons(L, a[0], a[1]); }
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
#define CXR(fn, path) B(fn) { (void)n; return cxr(L, a[0], path, p, &#fn[2]); }
CXR(b_car, "a") CXR(b_cdr, "d") CXR(b_caar, "aa") CXR(b_cadr, "ad") CXR(b_cdar, "da")
CXR(b_cddr, "dd") CXR(b_caddr, "add") CXR(b_cdddr, "ddd") CXR(b_cadddr, "addd")
CXR(b_cdadr, "dad") CXR(b_caadr, "aad") CXR(b_cddar, "dda") CXR(b_cadar, "ada")
static Sx *nth_of(Lisp *L, int64_t k, Sx *x, Pos p)
{
	for (int64_t i = 0; i < k && x->kind == SX_CONS; i++)
		x = x->cdr;
	return x->kind == SX_CONS ? x->car : (need_list(L, x, p, "nth"), lisp_nil(L));
}
#define NTH(fn, k) B(fn) { (void)n; return nth_of(L, k, a[0], p); }
NTH(b_second, 1) NTH(b_third, 2) NTH(b_fourth, 3) NTH(b_fifth, 4) NTH(b_sixth, 5)
NTH(b_seventh, 6) NTH(b_eighth, 7) NTH(b_ninth, 8) NTH(b_tenth, 9)
B(b_nth) { (void)n; return nth_of(L, I(L, a[0], p, "nth"), a[1], p); }
B(b_nthcdr)
{
	(void)n;
	Sx *x = a[1];
	for (int64_t i = I(L, a[0], p, "nthcdr"); i > 0 && x->kind == SX_CONS; i--)
		x = x->cdr;
	return x->kind == SX_CONS ? x : lisp_true(x) ? x : lisp_nil(L);
}
B(b_list) { UNUSED; Sx *l = lisp_nil(L); for (int i = n - 1; i >= 0; i--) l = lisp_cons(L, a[i], l); return l; }
B(b_list_star) { UNUSED; Sx *l = a[n - 1]; for (int i = n - 2; i >= 0; i--) l = lisp_cons(L, a[i], l); return l; }
B(b_append)
{
	if (n == 0)
		return lisp_nil(L);
	ListB b;
	lb_init(L, &b);
	for (int i = 0; i < n - 1; i++)
		for (Sx *x = need_list(L, a[i], p, "append"); x->kind == SX_CONS; x = x->cdr)
			lb_add(L, &b, x->car);
	*b.tail = a[n - 1];
	return b.head;
}
B(b_reverse)
{
	(void)n;
	if (a[0]->kind == SX_STR) {
		char *s = arena_strndup(L->a, a[0]->s, a[0]->len);
		for (size_t i = 0; i < a[0]->len / 2; i++) {
			char t = s[i];
			s[i] = s[a[0]->len - 1 - i];
			s[a[0]->len - 1 - i] = t;
		}
		return lisp_str(L, s, a[0]->len);
	}
	Sx *r = lisp_nil(L);
	for (Sx *x = need_list(L, a[0], p, "reverse"); x->kind == SX_CONS; x = x->cdr)
		r = lisp_cons(L, x->car, r);
	return r;
}
B(b_length)
{
	(void)n;
	if (a[0]->kind == SX_STR)
		return lisp_int(L, (int64_t)a[0]->len);
	if (lisp_object(a[0], LISP_VECTOR))
		return lisp_int(L, a[0]->fn->nitems);
	int64_t k = 0;
	Sx *x = need_list(L, a[0], p, "length");
	for (; x->kind == SX_CONS; x = x->cdr)
		k++;
	if (lisp_true(x))
		lisp_error(L, p, "length: %s is not a proper list", lisp_brief(L, a[0], 40));
	return lisp_int(L, k);
}
B(b_last)
{
	/* (last list [k]): the last k conses */
	int64_t k = n > 1 ? I(L, a[1], p, "last") : 1, len = 0;
	Sx *x = need_list(L, a[0], p, "last");
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
	for (Sx *x = need_list(L, a[0], p, "butlast"); x->kind == SX_CONS; x = x->cdr)
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
	(void)n;
	ListB b;
	lb_init(L, &b);
	Sx *x = need_list(L, a[0], p, "copy-list");
	for (; x->kind == SX_CONS; x = x->cdr)
		lb_add(L, &b, x->car);
	if (lisp_true(x))
		*b.tail = x;
	return b.head;
}
B(b_copy_seq)
{
	if (a[0]->kind == SX_STR)
		return lisp_str(L, a[0]->s, a[0]->len);
	return b_copy_list(L, a, n, p);
}
B(b_copy_tree)
{
	lisp_check_stack();
	(void)n;
	if (a[0]->kind != SX_CONS)
		return a[0];
	Sx *car = b_copy_tree(L, &a[0]->car, 1, p), *cdr = b_copy_tree(L, &a[0]->cdr, 1, p);
	return lisp_cons(L, car, cdr);
}
B(b_member)
{
	Cmp c = cmp_opts(L, a, n, 2);
	for (Sx *x = need_list(L, a[1], p, "member"); x->kind == SX_CONS; x = x->cdr)
		if (same(L, &c, a[0], keyed(L, &c, x->car, p), p))
			return x;
	return lisp_nil(L);
}
B(b_member_if)
{
	(void)n;
	for (Sx *x = need_list(L, a[1], p, "member-if"); x->kind == SX_CONS; x = x->cdr)
		if (pred(L, a[0], x->car, p))
			return x;
	return lisp_nil(L);
}
B(b_assoc)
{
	Cmp c = cmp_opts(L, a, n, 2);
	for (Sx *x = need_list(L, a[1], p, "assoc"); x->kind == SX_CONS; x = x->cdr)
		if (x->car->kind == SX_CONS && same(L, &c, a[0], keyed(L, &c, x->car->car, p), p))
			return x->car;
	return lisp_nil(L);
}
B(b_rassoc)
{
	Cmp c = cmp_opts(L, a, n, 2);
	for (Sx *x = need_list(L, a[1], p, "rassoc"); x->kind == SX_CONS; x = x->cdr)
		if (x->car->kind == SX_CONS && same(L, &c, a[0], keyed(L, &c, x->car->cdr, p), p))
			return x->car;
	return lisp_nil(L);
}
B(b_acons) { UNUSED; return lisp_cons(L, lisp_cons(L, a[0], a[1]), a[2]); }
B(b_getf)
{
	for (Sx *x = need_list(L, a[0], p, "getf"); x->kind == SX_CONS && x->cdr->kind == SX_CONS;
	     x = x->cdr->cdr)
		if (lisp_eql(x->car, a[1]))
			return x->cdr->car;
	return n > 2 ? a[2] : lisp_nil(L);
}

/* ---- sequence functions over lists and strings ---- */

/* A string as a list of characters, for the generic sequence walkers. */
static Sx *as_list(Lisp *L, Sx *x, Pos p, const char *who)
{
	LispFn *vec = lisp_object(x, LISP_VECTOR);
	if (vec) {
		Sx *l = lisp_nil(L);
		for (int i = vec->nitems - 1; i >= 0; i--)
			l = lisp_cons(L, vec->items[i], l);
		return l;
	}
	if (x->kind != SX_STR)
		return need_list(L, x, p, who);
	ListB b;
	lb_init(L, &b);
	for (size_t i = 0; i < x->len; i++)
		lb_add(L, &b, sx_int(L->a, (unsigned char)x->s[i], (Pos){0, 0}));
	for (Sx *c = b.head; c->kind == SX_CONS; c = c->cdr)
		c->car->kind = SX_CHAR;
	return b.head;
}
static Sx *like(Lisp *L, Sx *orig, Sx *list)
{
	if (lisp_object(orig, LISP_VECTOR)) {
		int k = sx_length(list);
		Sx *v = lisp_vector(L, k < 0 ? 0 : k, NULL);
		for (int i = 0; list->kind == SX_CONS; list = list->cdr)
			v->fn->items[i++] = list->car;
		return v;
	}
	if (orig->kind != SX_STR)
		return list;
	Buf b = {0};
	for (; list->kind == SX_CONS; list = list->cdr)
		buf_putc(&b, (char)list->car->i);
	Sx *s = lisp_str(L, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static Sx *remove_common(Lisp *L, Sx *seq, Sx *item, Sx *fn, int keep_if, Cmp *c, Pos p)
{
	ListB b;
	lb_init(L, &b);
	for (Sx *x = as_list(L, seq, p, "remove"); x->kind == SX_CONS; x = x->cdr) {
		Sx *k = keyed(L, c, x->car, p);
		int hit = fn ? pred(L, fn, k, p) : same(L, c, item, k, p);
		if (hit == keep_if)
			lb_add(L, &b, x->car);
	}
	return like(L, seq, b.head);
}
B(b_remove) { Cmp c = cmp_opts(L, a, n, 2); return remove_common(L, a[1], a[0], NULL, 0, &c, p); }
B(b_remove_if) { Cmp c = cmp_opts(L, a, n, 2); return remove_common(L, a[1], NULL, a[0], 0, &c, p); }
B(b_remove_if_not) { Cmp c = cmp_opts(L, a, n, 2); return remove_common(L, a[1], NULL, a[0], 1, &c, p); }
B(b_find)
{
	Cmp c = cmp_opts(L, a, n, 2);
	for (Sx *x = as_list(L, a[1], p, "find"); x->kind == SX_CONS; x = x->cdr)
		if (same(L, &c, a[0], keyed(L, &c, x->car, p), p))
			return x->car;
	return lisp_nil(L);
}
B(b_find_if)
{
	Cmp c = cmp_opts(L, a, n, 2);
	for (Sx *x = as_list(L, a[1], p, "find-if"); x->kind == SX_CONS; x = x->cdr)
		if (pred(L, a[0], keyed(L, &c, x->car, p), p))
			return x->car;
	return lisp_nil(L);
}
B(b_position)
{
	Cmp c = cmp_opts(L, a, n, 2);
	int64_t i = 0;
	for (Sx *x = as_list(L, a[1], p, "position"); x->kind == SX_CONS; x = x->cdr, i++)
		if (same(L, &c, a[0], keyed(L, &c, x->car, p), p))
			return lisp_int(L, i);
	return lisp_nil(L);
}
B(b_position_if)
{
	Cmp c = cmp_opts(L, a, n, 2);
	int64_t i = 0;
	for (Sx *x = as_list(L, a[1], p, "position-if"); x->kind == SX_CONS; x = x->cdr, i++)
		if (pred(L, a[0], keyed(L, &c, x->car, p), p))
			return lisp_int(L, i);
	return lisp_nil(L);
}
B(b_count)
{
	Cmp c = cmp_opts(L, a, n, 2);
	int64_t k = 0;
	for (Sx *x = as_list(L, a[1], p, "count"); x->kind == SX_CONS; x = x->cdr)
		k += same(L, &c, a[0], keyed(L, &c, x->car, p), p);
	return lisp_int(L, k);
}
B(b_count_if)
{
	Cmp c = cmp_opts(L, a, n, 2);
	int64_t k = 0;
	for (Sx *x = as_list(L, a[1], p, "count-if"); x->kind == SX_CONS; x = x->cdr)
		k += pred(L, a[0], keyed(L, &c, x->car, p), p);
	return lisp_int(L, k);
}
B(b_remove_duplicates)
{
	Cmp c = cmp_opts(L, a, n, 1);
	ListB b;
	lb_init(L, &b);
	/* keeps the last occurrence, as CL does by default */
	for (Sx *x = as_list(L, a[0], p, "remove-duplicates"); x->kind == SX_CONS; x = x->cdr) {
		int dup = 0;
		for (Sx *y = x->cdr; y->kind == SX_CONS && !dup; y = y->cdr)
			dup = same(L, &c, keyed(L, &c, x->car, p), keyed(L, &c, y->car, p), p);
		if (!dup)
			lb_add(L, &b, x->car);
	}
	return like(L, a[0], b.head);
}
B(b_subseq)
{
	int64_t start = I(L, a[1], p, "subseq");
	if (a[0]->kind == SX_STR) {
		int64_t len = (int64_t)a[0]->len;
		int64_t end = n > 2 && lisp_true(a[2]) ? I(L, a[2], p, "subseq") : len;
		if (start < 0 || end > len || start > end)
			lisp_error(L, p, "subseq: bounds %lld..%lld out of range for length %lld",
				   (long long)start, (long long)end, (long long)len);
		return lisp_str(L, a[0]->s + start, (size_t)(end - start));
	}
	Sx *x = need_list(L, a[0], p, "subseq");
	int64_t len = 0;
	for (Sx *y = x; y->kind == SX_CONS; y = y->cdr)
		len++;
	int64_t end = n > 2 && lisp_true(a[2]) ? I(L, a[2], p, "subseq") : len;
	if (start < 0 || end > len || start > end)
		lisp_error(L, p, "subseq: bounds %lld..%lld out of range for length %lld",
			   (long long)start, (long long)end, (long long)len);
	ListB b;
	lb_init(L, &b);
	for (int64_t i = 0; i < end; i++, x = x->cdr)
		if (i >= start)
			lb_add(L, &b, x->car);
	return b.head;
}
B(b_elt)
{
	(void)n;
	int64_t i = I(L, a[1], p, "elt");
	if (lisp_object(a[0], LISP_VECTOR)) {
		if (i < 0 || i >= a[0]->fn->nitems)
			lisp_error(L, p, "index %lld out of range", (long long)i);
		return a[0]->fn->items[i];
	}
	if (a[0]->kind == SX_STR) {
		if (i < 0 || (size_t)i >= a[0]->len)
			lisp_error(L, p, "index %lld out of range", (long long)i);
		Sx *c = lisp_int(L, (unsigned char)a[0]->s[i]);
		c->kind = SX_CHAR;
		return c;
	}
	Sx *x = need_list(L, a[0], p, "elt");
	for (int64_t k = 0; k < i && x->kind == SX_CONS; k++)
		x = x->cdr;
	if (i < 0 || x->kind != SX_CONS)
		lisp_error(L, p, "index %lld out of range", (long long)i);
	return x->car;
}

/* ---- mapping ---- */

static Sx *map_lists(Lisp *L, Sx **a, int n, Pos p, int mode /*0 mapcar 1 mapc 2 mapcan 3 maplist*/)
{
	ListB b;
	lb_init(L, &b);
	int k = n - 1;
	Sx *ls[16];
	if (k > 16)
		lisp_error(L, p, "too many lists to map over");
	for (int i = 0; i < k; i++)
		ls[i] = as_list(L, a[i + 1], p, "mapcar");
	for (;;) {
		Sx *args[16];
		for (int i = 0; i < k; i++) {
			if (ls[i]->kind != SX_CONS)
				goto done;
			args[i] = mode == 3 ? ls[i] : ls[i]->car;
			ls[i] = ls[i]->cdr;
		}
		Sx *v = lisp_funcall(L, a[0], args, k, p);
		if (mode == 2) {
			for (; v->kind == SX_CONS; v = v->cdr)
				lb_add(L, &b, v->car);
		} else if (mode != 1) {
			lb_add(L, &b, v);
		}
	}
done:
	return mode == 1 ? a[1] : b.head;
}
B(b_mapcar) { return map_lists(L, a, n, p, 0); }
B(b_mapc) { return map_lists(L, a, n, p, 1); }
B(b_mapcan) { return map_lists(L, a, n, p, 2); }
B(b_maplist) { return map_lists(L, a, n, p, 3); }
/* (map 'list fn seq...) / (map 'string ...) */
B(b_map)
{
	Sx *r = map_lists(L, a + 1, n - 1, p, 0);
	if (a[0]->kind == SX_SYM && !strcmp(a[0]->s, "string"))
		return like(L, lisp_str(L, "", 0), r);
	if (a[0]->kind == SX_SYM && (!strcmp(a[0]->s, "vector") ||
				     !strcmp(a[0]->s, "simple-vector")))
		return like(L, lisp_vector(L, 0, NULL), r);
	return lisp_true(a[0]) ? r : lisp_nil(L);
}
/* some/every over one or more sequences, in step, up to the shortest:
 * the first true value (some) or nil at the first false one (every) */
static Sx *some_every(Lisp *L, Sx **a, int n, Pos p, int every)
{
	Sx *ls[16], *args[16];
	int k = n - 1;
	if (k > 16)
		lisp_error(L, p, "too many sequences");
	for (int i = 0; i < k; i++)
		ls[i] = as_list(L, a[i + 1], p, every ? "every" : "some");
	for (;;) {
		for (int i = 0; i < k; i++) {
			if (ls[i]->kind != SX_CONS)
				return lisp_bool(L, every);
			args[i] = ls[i]->car;
			ls[i] = ls[i]->cdr;
		}
		Sx *v = lisp_funcall(L, a[0], args, k, p);
		if (lisp_true(v) != every)
			return every ? lisp_nil(L) : v;
	}
}
B(b_some) { return some_every(L, a, n, p, 0); }
B(b_every) { return some_every(L, a, n, p, 1); }
B(b_notany) { return lisp_bool(L, !lisp_true(b_some(L, a, n, p))); }
B(b_notevery) { return lisp_bool(L, !lisp_true(b_every(L, a, n, p))); }
B(b_reduce)
{
	Sx *init = kw(L, a, n, 2, ":initial-value");
	Sx *x = as_list(L, a[1], p, "reduce");
	Sx *acc;
	if (init) {
		acc = init;
	} else {
		if (x->kind != SX_CONS)
			return lisp_funcall(L, a[0], NULL, 0, p);
		acc = x->car;
		x = x->cdr;
	}
	for (; x->kind == SX_CONS; x = x->cdr) {
		Sx *args[2] = {acc, x->car};
		acc = lisp_funcall(L, a[0], args, 2, p);
	}
	return acc;
}
B(b_sort)
{
	Cmp c = cmp_opts(L, a, n, 2);
	Sx *x = as_list(L, a[0], p, "sort");
	Vec v = {0};
	for (; x->kind == SX_CONS; x = x->cdr)
		vec_push(L->a, &v, x->car);
	/* insertion sort: stable, and the lists here are short */
	for (int i = 1; i < v.n; i++) {
		void *t = v.v[i];
		int j = i - 1;
		for (; j >= 0; j--) {
			Sx *args[2] = {keyed(L, &c, t, p), keyed(L, &c, v.v[j], p)};
			if (!lisp_true(lisp_funcall(L, a[1], args, 2, p)))
				break;
			v.v[j + 1] = v.v[j];
		}
		v.v[j + 1] = t;
	}
	ListB b;
	lb_init(L, &b);
	for (int i = 0; i < v.n; i++)
		lb_add(L, &b, v.v[i]);
	return like(L, a[0], b.head);
}
static Sx *set_op(Lisp *L, Sx **a, int n, Pos p, int op /*0 union 1 intersection 2 difference*/)
{
	Cmp c = cmp_opts(L, a, n, 2);
	ListB b;
	lb_init(L, &b);
	Sx *y = need_list(L, a[1], p, "set operation");
	for (Sx *x = need_list(L, a[0], p, "set operation"); x->kind == SX_CONS; x = x->cdr) {
		int in = 0;
		for (Sx *z = y; z->kind == SX_CONS && !in; z = z->cdr)
			in = same(L, &c, keyed(L, &c, x->car, p), keyed(L, &c, z->car, p), p);
		if ((op == 1 && in) || (op != 1 && !in))
			lb_add(L, &b, x->car);
	}
	if (op == 0)
		for (Sx *z = y; z->kind == SX_CONS; z = z->cdr)
			lb_add(L, &b, z->car);
	return b.head;
}
B(b_union) { return set_op(L, a, n, p, 0); }
B(b_intersection) { return set_op(L, a, n, p, 1); }
B(b_set_difference) { return set_op(L, a, n, p, 2); }
B(b_adjoin)
{
	Cmp c = cmp_opts(L, a, n, 2);
	for (Sx *x = need_list(L, a[1], p, "adjoin"); x->kind == SX_CONS; x = x->cdr)
		if (same(L, &c, a[0], x->car, p))
			return a[1];
	return lisp_cons(L, a[0], a[1]);
}

/* ---- functions ---- */

B(b_funcall) { return lisp_funcall(L, a[0], a + 1, n - 1, p); }
B(b_apply)
{
	ListB b;
	lb_init(L, &b);
	for (int i = 1; i < n - 1; i++)
		lb_add(L, &b, a[i]);
	*b.tail = need_list(L, a[n - 1], p, "apply");
	return lisp_apply(L, a[0], b.head, p);
}
B(b_identity) { UNUSED; return a[0]; }
B(b_values) { UNUSED; return n ? a[0] : lisp_nil(L); }
B(b_fboundp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_SYM && (symtab_get(&L->funs, a[0]->s) || symtab_get(&L->macros, a[0]->s))); }
B(b_boundp) { UNUSED; return lisp_bool(L, a[0]->kind == SX_SYM && symtab_get(&L->vars, a[0]->s)); }
B(b_symbol_value)
{
	(void)n;
	Sx *v = a[0]->kind == SX_SYM ? symtab_get(&L->vars, a[0]->s) : NULL;
	if (!v)
		lisp_error(L, p, "unbound variable %s", lisp_brief(L, a[0], 30));
	return v;
}
B(b_symbol_function)
{
	(void)n;
	Sx *v = a[0]->kind == SX_SYM ? symtab_get(&L->funs, a[0]->s) : NULL;
	if (!v)
		lisp_error(L, p, "undefined function %s", lisp_brief(L, a[0], 30));
	return v;
}
B(b_macroexpand_1)
{
	(void)n;
	(void)p;
	Sx *f = a[0];
	if (f->kind == SX_CONS && f->car->kind == SX_SYM) {
		Sx *m = lisp_macro(L, f->car->s);
		if (m)
			return lisp_expand_macro(L, m, f);
	}
	return f;
}
B(b_macroexpand)
{
	Sx *f = a[0];
	for (int i = 0; i < 1000; i++) {
		Sx *g = b_macroexpand_1(L, &f, n, p);
		if (g == f)
			break;
		f = g;
	}
	return f;
}
B(b_eval) { UNUSED; return lisp_eval(L, a[0]); }
B(b_typep) { (void)n; return lisp_bool(L, lisp_typep(L, a[0], a[1], p)); }

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
	(void)n;
	if (!lisp_true(a[0]))
		return lisp_str(L, "NIL", 3);
	if (a[0]->kind != SX_SYM)
		lisp_error(L, p, "symbol-name: %s is not a symbol", lisp_brief(L, a[0], 30));
	const char *s = lisp_symbol_name(L, a[0]->s);
	return lisp_str(L, s, strlen(s));
}
B(b_intern)
{
	Sx *s = need_string(L, a[0], p, "intern");
	const char *name = lisp_intern_cl(s->s, s->len);
	/* the package: only KEYWORD matters, as :keyword or "KEYWORD" */
	if (n > 1 && ((a[1]->kind == SX_SYM && !strcmp(a[1]->s, ":keyword")) ||
		      (a[1]->kind == SX_STR && a[1]->len == 7 && !memcmp(a[1]->s, "KEYWORD", 7))))
		name = intern(arena_printf(L->a, ":%s", name));
	return lisp_sym(L, name);
}
B(b_make_keyword)
{
	(void)n;
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

/* ---- strings and characters ---- */

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
B(b_string) { (void)n; return designator(L, a[0], p, "string"); }
static Sx *map_case(Lisp *L, Sx *x, Pos p, int (*f)(int), const char *who)
{
	Sx *s = designator(L, x, p, who);
	char *r = arena_strndup(L->a, s->s, s->len);
	for (size_t i = 0; i < s->len; i++)
		r[i] = (char)f((unsigned char)r[i]);
	return lisp_str(L, r, s->len);
}
B(b_string_upcase) { (void)n; return map_case(L, a[0], p, toupper, "string-upcase"); }
B(b_string_downcase) { (void)n; return map_case(L, a[0], p, tolower, "string-downcase"); }
B(b_string_capitalize)
{
	(void)n;
	Sx *s = designator(L, a[0], p, "string-capitalize");
	char *r = arena_strndup(L->a, s->s, s->len);
	int start = 1;
	for (size_t i = 0; i < s->len; i++) {
		r[i] = (char)(start ? toupper((unsigned char)r[i]) : tolower((unsigned char)r[i]));
		start = !isalnum((unsigned char)r[i]);
	}
	return lisp_str(L, r, s->len);
}
/* The :startK :endK part of a string designator (K is "1" or "2"). */
static void str_bounds(Lisp *L, Sx *s, Sx **a, int n, const char *k, size_t *lo, size_t *hi,
		       Pos p, const char *who)
{
	Sx *st = kw(L, a, n, 2, k[0] == '1' ? ":start1" : ":start2");
	Sx *en = kw(L, a, n, 2, k[0] == '1' ? ":end1" : ":end2");
	int64_t b = st ? I(L, st, p, who) : 0;
	int64_t e = en && lisp_true(en) ? I(L, en, p, who) : (int64_t)s->len;
	if (b < 0 || e > (int64_t)s->len || b > e)
		lisp_error(L, p, "%s: bounds %lld..%lld out of range for length %zu", who,
			   (long long)b, (long long)e, s->len);
	*lo = (size_t)b;
	*hi = (size_t)e;
}
/* Compare two string designators (with :start1 :end1 :start2 :end2);
 * *at is the index in the first string of the first mismatch. */
static int str_cmp(Lisp *L, Sx **a, int n, Pos p, int fold, const char *who, size_t *at)
{
	Sx *x = designator(L, a[0], p, who), *y = designator(L, a[1], p, who);
	size_t x0, x1, y0, y1;
	str_bounds(L, x, a, n, "1", &x0, &x1, p, who);
	str_bounds(L, y, a, n, "2", &y0, &y1, p, who);
	size_t i = x0, j = y0;
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
	size_t at;
	int c = str_cmp(L, a, n, p, fold, who, &at);
	int ok = c < 0 ? lt : c > 0 ? gt : eq;
	return ok ? lisp_int(L, (int64_t)at) : lisp_nil(L);
}
B(b_string_eq) { size_t at; return lisp_bool(L, str_cmp(L, a, n, p, 0, "string=", &at) == 0); }
B(b_string_equal) { size_t at; return lisp_bool(L, str_cmp(L, a, n, p, 1, "string-equal", &at) == 0); }
B(b_string_lt) { return str_order(L, a, n, p, 0, "string<", 1, 0, 0); }
B(b_string_gt) { return str_order(L, a, n, p, 0, "string>", 0, 0, 1); }
B(b_string_le) { return str_order(L, a, n, p, 0, "string<=", 1, 1, 0); }
B(b_string_ge) { return str_order(L, a, n, p, 0, "string>=", 0, 1, 1); }
B(b_string_ne) { return str_order(L, a, n, p, 0, "string/=", 1, 0, 1); }
B(b_concatenate)
{
	Buf b = {0};
	int as_string = a[0]->kind == SX_SYM && !strcmp(a[0]->s, "string");
	ListB lb;
	lb_init(L, &lb);
	for (int i = 1; i < n; i++) {
		if (as_string) {
			Sx *s = a[i];
			if (s->kind == SX_STR)
				buf_put(&b, s->s, s->len);
			else
				for (Sx *x = as_list(L, s, p, "concatenate"); x->kind == SX_CONS; x = x->cdr)
					buf_putc(&b, (char)x->car->i);
		} else {
			for (Sx *x = as_list(L, a[i], p, "concatenate"); x->kind == SX_CONS; x = x->cdr)
				lb_add(L, &lb, x->car);
		}
	}
	if (!as_string && a[0]->kind == SX_SYM && (!strcmp(a[0]->s, "vector") ||
						    !strcmp(a[0]->s, "simple-vector")))
		return like(L, lisp_vector(L, 0, NULL), lb.head);
	if (!as_string)
		return lb.head;
	Sx *r = lisp_str(L, b.data ? b.data : "", b.len);
	buf_free(&b);
	return r;
}
B(b_char)
{
	(void)n;
	Sx *s = need_string(L, a[0], p, "char");
	int64_t i = I(L, a[1], p, "char");
	if (i < 0 || (size_t)i >= s->len)
		lisp_error(L, p, "char: index %lld out of range", (long long)i);
	Sx *c = lisp_int(L, (unsigned char)s->s[i]);
	c->kind = SX_CHAR;
	return c;
}
static int64_t C(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind != SX_CHAR)
		lisp_error(L, p, "%s: expected a character, got %s", who, lisp_brief(L, x, 30));
	return x->i;
}
static Sx *mkchar(Lisp *L, int64_t c)
{
	Sx *x = lisp_int(L, c);
	x->kind = SX_CHAR;
	return x;
}
B(b_char_code) { (void)n; return lisp_int(L, C(L, a[0], p, "char-code")); }
B(b_code_char) { (void)n; return mkchar(L, I(L, a[0], p, "code-char")); }
B(b_char_upcase) { (void)n; return mkchar(L, toupper((int)C(L, a[0], p, "char-upcase"))); }
B(b_char_downcase) { (void)n; return mkchar(L, tolower((int)C(L, a[0], p, "char-downcase"))); }
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
B(b_alpha_char_p) { (void)n; return lisp_bool(L, isalpha((int)C(L, a[0], p, "alpha-char-p"))); }
B(b_upper_case_p) { (void)n; return lisp_bool(L, isupper((int)C(L, a[0], p, "upper-case-p"))); }
B(b_lower_case_p) { (void)n; return lisp_bool(L, islower((int)C(L, a[0], p, "lower-case-p"))); }
B(b_digit_char_p)
{
	int64_t c = C(L, a[0], p, "digit-char-p");
	int64_t radix = n > 1 ? I(L, a[1], p, "digit-char-p") : 10;
	int64_t d = isdigit((int)c) ? c - '0' : isalpha((int)c) ? tolower((int)c) - 'a' + 10 : 99;
	return d < radix ? lisp_int(L, d) : lisp_nil(L);
}
B(b_parse_integer)
{
	Sx *s = need_string(L, a[0], p, "parse-integer");
	Sx *rx = kw(L, a, n, 1, ":radix");
	int radix = rx ? (int)I(L, rx, p, "parse-integer") : 10;
	size_t i = 0;
	while (i < s->len && isspace((unsigned char)s->s[i]))
		i++;
	int neg = 0;
	if (i < s->len && (s->s[i] == '-' || s->s[i] == '+'))
		neg = s->s[i++] == '-';
	uint64_t v = 0;
	size_t start = i;
	for (; i < s->len; i++) {
		int c = tolower((unsigned char)s->s[i]);
		int d = isdigit(c) ? c - '0' : isalpha(c) ? c - 'a' + 10 : 99;
		if (d >= radix)
			break;
		v = v * (uint64_t)radix + (uint64_t)d;
	}
	while (i < s->len && isspace((unsigned char)s->s[i]))
		i++;
	if (i == start || i != s->len) {
		Sx *junk = kw(L, a, n, 1, ":junk-allowed");
		if (junk && lisp_true(junk))
			return i == start ? lisp_nil(L) : lisp_int(L, neg ? (int64_t)-v : (int64_t)v);
		lisp_error(L, p, "parse-integer: \"%.*s\" is not an integer", (int)s->len, s->s);
	}
	return lisp_int(L, neg ? (int64_t)-v : (int64_t)v);
}
B(b_search)
{
	(void)n;
	Sx *x = designator(L, a[0], p, "search"), *y = designator(L, a[1], p, "search");
	if (x->len > y->len)
		return lisp_nil(L);
	for (size_t i = 0; i + x->len <= y->len; i++)
		if (!memcmp(y->s + i, x->s, x->len))
			return lisp_int(L, (int64_t)i);
	return lisp_nil(L);
}
B(b_string_trim)
{
	(void)n;
	Sx *bag = designator(L, a[0], p, "string-trim"), *s = designator(L, a[1], p, "string-trim");
	size_t i = 0, j = s->len;
	while (i < j && memchr(bag->s, s->s[i], bag->len))
		i++;
	while (j > i && memchr(bag->s, s->s[j - 1], bag->len))
		j--;
	return lisp_str(L, s->s + i, j - i);
}
B(b_format)
{
	Sx *ctl = need_string(L, a[1], p, "format");
	Sx *s = lisp_format(L, ctl->s, ctl->len, a + 2, n - 2, p);
	if (!lisp_true(a[0]))
		return s;
	/* ~& first: a fresh line on standard output, where the last
	 * (format t ...) left it */
	static int mid_line;
	if (mid_line && ctl->len >= 2 && ctl->s[0] == '~' && ctl->s[1] == '&')
		putchar('\n');
	fwrite(s->s, 1, s->len, stdout);
	if (s->len)
		mid_line = s->s[s->len - 1] != '\n';
	return lisp_nil(L);
}
B(b_princ_to_string)
{
	(void)n;
	(void)p;
	Buf b = {0};
	lisp_print(&b, a[0], 0);
	Sx *s = lisp_str(L, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}
B(b_prin1_to_string)
{
	(void)n;
	(void)p;
	Buf b = {0};
	lisp_print(&b, a[0], 1);
	Sx *s = lisp_str(L, b.data ? b.data : "", b.len);
	buf_free(&b);
	return s;
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"+", b_add, 0, -1}, {"-", b_sub, 1, -1}, {"*", b_mul, 0, -1}, {"/", b_div, 1, -1},
	{"floor", b_floor, 1, 2}, {"truncate", b_truncate, 1, 2}, {"ceiling", b_ceiling, 1, 2},
	{"mod", b_mod, 2, 2}, {"rem", b_rem, 2, 2}, {"ash", b_ash, 2, 2},
	{"logand", b_logand, 0, -1}, {"logior", b_logior, 0, -1}, {"logxor", b_logxor, 0, -1},
	{"lognot", b_lognot, 1, 1}, {"logbitp", b_logbitp, 2, 2},
	{"integer-length", b_integer_length, 1, 1},
	{"1+", b_1plus, 1, 1}, {"1-", b_1minus, 1, 1}, {"abs", b_abs, 1, 1},
	{"min", b_min, 1, -1}, {"max", b_max, 1, -1}, {"expt", b_expt, 2, 2}, {"gcd", b_gcd, 0, -1},
	{"=", b_numeq, 1, -1}, {"/=", b_numne, 1, -1}, {"<", b_lt, 1, -1}, {">", b_gt, 1, -1},
	{"<=", b_le, 1, -1}, {">=", b_ge, 1, -1},
	{"zerop", b_zerop, 1, 1}, {"plusp", b_plusp, 1, 1}, {"minusp", b_minusp, 1, 1},
	{"evenp", b_evenp, 1, 1}, {"oddp", b_oddp, 1, 1},
	{"integerp", b_integerp, 1, 1}, {"numberp", b_integerp, 1, 1}, {"stringp", b_stringp, 1, 1},
	{"symbolp", b_symbolp, 1, 1}, {"keywordp", b_keywordp, 1, 1}, {"consp", b_consp, 1, 1},
	{"listp", b_listp, 1, 1}, {"atom", b_atom, 1, 1}, {"null", b_null, 1, 1},
	{"not", b_null, 1, 1}, {"endp", b_null, 1, 1}, {"functionp", b_functionp, 1, 1},
	{"characterp", b_characterp, 1, 1},
	{"eq", b_eq, 2, 2}, {"eql", b_eql, 2, 2}, {"equal", b_equal, 2, 2}, {"equalp", b_equalp, 2, 2},
	{"cons", b_cons, 2, 2}, {"car", b_car, 1, 1}, {"cdr", b_cdr, 1, 1}, {"first", b_car, 1, 1},
	{"rest", b_cdr, 1, 1}, {"caar", b_caar, 1, 1}, {"cadr", b_cadr, 1, 1}, {"cdar", b_cdar, 1, 1},
	{"cddr", b_cddr, 1, 1}, {"caddr", b_caddr, 1, 1}, {"cdddr", b_cdddr, 1, 1},
	{"cadddr", b_cadddr, 1, 1}, {"cdadr", b_cdadr, 1, 1}, {"caadr", b_caadr, 1, 1},
	{"cddar", b_cddar, 1, 1}, {"cadar", b_cadar, 1, 1},
	{"second", b_second, 1, 1}, {"third", b_third, 1, 1}, {"fourth", b_fourth, 1, 1},
	{"fifth", b_fifth, 1, 1}, {"sixth", b_sixth, 1, 1}, {"seventh", b_seventh, 1, 1},
	{"eighth", b_eighth, 1, 1}, {"ninth", b_ninth, 1, 1}, {"tenth", b_tenth, 1, 1},
	{"nth", b_nth, 2, 2}, {"nthcdr", b_nthcdr, 2, 2},
	{"list", b_list, 0, -1}, {"list*", b_list_star, 1, -1}, {"append", b_append, 0, -1},
	{"nconc", b_append, 0, -1}, {"reverse", b_reverse, 1, 1}, {"nreverse", b_reverse, 1, 1},
	{"length", b_length, 1, 1}, {"list-length", b_length, 1, 1}, {"last", b_last, 1, 2},
	{"butlast", b_butlast, 1, 2}, {"copy-list", b_copy_list, 1, 1},
	{"copy-tree", b_copy_tree, 1, 1}, {"copy-seq", b_copy_seq, 1, 1},
	{"member", b_member, 2, -1}, {"member-if", b_member_if, 2, 2},
	{"assoc", b_assoc, 2, -1}, {"rassoc", b_rassoc, 2, -1}, {"acons", b_acons, 3, 3},
	{"getf", b_getf, 2, 3},
	{"remove", b_remove, 2, -1}, {"delete", b_remove, 2, -1},
	{"remove-if", b_remove_if, 2, -1}, {"delete-if", b_remove_if, 2, -1},
	{"remove-if-not", b_remove_if_not, 2, -1}, {"delete-if-not", b_remove_if_not, 2, -1},
	{"find", b_find, 2, -1}, {"find-if", b_find_if, 2, -1},
	{"position", b_position, 2, -1}, {"position-if", b_position_if, 2, -1},
	{"count", b_count, 2, -1}, {"count-if", b_count_if, 2, -1},
	{"remove-duplicates", b_remove_duplicates, 1, -1},
	{"delete-duplicates", b_remove_duplicates, 1, -1},
	{"subseq", b_subseq, 2, 3}, {"elt", b_elt, 2, 2},
	{"mapcar", b_mapcar, 2, -1}, {"mapc", b_mapc, 2, -1}, {"mapcan", b_mapcan, 2, -1},
	{"maplist", b_maplist, 2, -1}, {"map", b_map, 3, -1},
	{"some", b_some, 2, 17}, {"every", b_every, 2, 17}, {"notany", b_notany, 2, 17},
	{"notevery", b_notevery, 2, 17}, {"reduce", b_reduce, 2, -1},
	{"sort", b_sort, 2, -1}, {"stable-sort", b_sort, 2, -1},
	{"union", b_union, 2, -1}, {"intersection", b_intersection, 2, -1},
	{"set-difference", b_set_difference, 2, -1}, {"adjoin", b_adjoin, 2, -1},
	{"funcall", b_funcall, 1, -1}, {"apply", b_apply, 2, -1}, {"identity", b_identity, 1, 1},
	{"values", b_values, 0, -1}, {"fboundp", b_fboundp, 1, 1}, {"boundp", b_boundp, 1, 1},
	{"symbol-value", b_symbol_value, 1, 1}, {"symbol-function", b_symbol_function, 1, 1},
	{"fdefinition", b_symbol_function, 1, 1},
	{"macroexpand-1", b_macroexpand_1, 1, 2}, {"macroexpand", b_macroexpand, 1, 2},
	{"eval", b_eval, 1, 1}, {"typep", b_typep, 2, 2},
	{"error", b_error, 1, -1}, {"warn", b_warn, 1, -1},
	{"symbol-name", b_symbol_name, 1, 1}, {"intern", b_intern, 1, 2},
	{"make-symbol", b_intern, 1, 1}, {"make-keyword", b_make_keyword, 1, 1},
	{"gensym", b_gensym, 0, 1}, {"gentemp", b_gensym, 0, 1},
	{"symbolicate", b_symbolicate, 0, -1},
	{"string", b_string, 1, 1}, {"string-upcase", b_string_upcase, 1, 1},
	{"string-downcase", b_string_downcase, 1, 1},
	{"string-capitalize", b_string_capitalize, 1, 1},
	{"string=", b_string_eq, 2, 10}, {"string-equal", b_string_equal, 2, 10},
	{"string<", b_string_lt, 2, 10}, {"string>", b_string_gt, 2, 10},
	{"string<=", b_string_le, 2, 10}, {"string>=", b_string_ge, 2, 10},
	{"string/=", b_string_ne, 2, 10},
	{"concatenate", b_concatenate, 1, -1},
	{"char", b_char, 2, 2}, {"schar", b_char, 2, 2}, {"char-code", b_char_code, 1, 1},
	{"char-int", b_char_code, 1, 1}, {"code-char", b_code_char, 1, 1},
	{"char-upcase", b_char_upcase, 1, 1}, {"char-downcase", b_char_downcase, 1, 1},
	{"char=", b_char_eq, 1, -1}, {"char<", b_char_lt, 1, -1}, {"char>", b_char_gt, 1, -1},
	{"char<=", b_char_le, 1, -1}, {"char>=", b_char_ge, 1, -1},
	{"char-equal", b_char_equal, 1, -1}, {"alpha-char-p", b_alpha_char_p, 1, 1},
	{"upper-case-p", b_upper_case_p, 1, 1}, {"lower-case-p", b_lower_case_p, 1, 1},
	{"digit-char-p", b_digit_char_p, 1, 2}, {"parse-integer", b_parse_integer, 1, -1},
	{"search", b_search, 2, 2}, {"string-trim", b_string_trim, 2, 2},
	{"format", b_format, 2, -1}, {"princ-to-string", b_princ_to_string, 1, 1},
	{"prin1-to-string", b_prin1_to_string, 1, 1},
	{"write-to-string", b_prin1_to_string, 1, -1},
};

void lisp_install_library(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
}
