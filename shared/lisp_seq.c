/* lisp_seq.c: the sequence functions of the Lisp (lists, strings and
 * vectors alike) with their keyword arguments — find, position, count,
 * remove, substitute, remove-duplicates, search, mismatch, subseq,
 * reverse, reduce, sort, fill, concatenate, length, elt, the mapping
 * functions — the list functions that take :key and :test (member,
 * assoc, rassoc, the set operations, adjoin), and the keyword parsing and
 * matching they share (lisp_lib.h). */
#include "lisp_lib.h"
#include <string.h>

/* ---- shared by the library (lisp_lib.h) ---- */

void lisp_install_table(Lisp *L, const LispBuiltinDef *defs, int n)
{
	for (int i = 0; i < n; i++)
		lisp_defbuiltin(L, defs[i].name, defs[i].fn, defs[i].min, defs[i].max)->mv =
			defs[i].mv;
}

void lb_init(Lisp *L, ListB *b)
{
	b->head = lisp_nil(L);
	b->tail = &b->head;
}

void lb_add(Lisp *L, ListB *b, Sx *x)
{
	*b->tail = lisp_cons(L, x, lisp_nil(L));
	b->tail = &(*b->tail)->cdr;
}

Sx *lisp_need_list(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind != SX_CONS && lisp_true(x))
		lisp_error(L, p, "%s: expected a list, got %s", who, lisp_brief(L, x, 40));
	return x->kind == SX_CONS ? x : lisp_nil(L);
}

Sx *lisp_need_string(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind != SX_STR)
		lisp_error(L, p, "%s: expected a string, got %s", who, lisp_brief(L, x, 40));
	return x;
}

int64_t lisp_need_char(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind != SX_CHAR)
		lisp_error(L, p, "%s: expected a character, got %s", who, lisp_brief(L, x, 30));
	return x->i;
}

Sx *lisp_char(Lisp *L, int64_t code)
{
	Sx *x = lisp_int(L, code);
	x->kind = SX_CHAR;
	return x;
}

static const char *const key_names[K_N] = {
	[K_TEST] = ":test", [K_TEST_NOT] = ":test-not", [K_KEY] = ":key",
	[K_START] = ":start", [K_END] = ":end", [K_FROM_END] = ":from-end",
	[K_COUNT] = ":count", [K_START1] = ":start1", [K_END1] = ":end1",
	[K_START2] = ":start2", [K_END2] = ":end2", [K_INITIAL_VALUE] = ":initial-value",
	[K_RADIX] = ":radix", [K_JUNK_ALLOWED] = ":junk-allowed", [K_STREAM] = ":stream",
	[K_ESCAPE] = ":escape", [K_READABLY] = ":readably", [K_SIZE] = ":size",
	[K_REHASH_SIZE] = ":rehash-size", [K_REHASH_THRESHOLD] = ":rehash-threshold",
	[K_INITIAL_ELEMENT] = ":initial-element", [K_ELEMENT_TYPE] = ":element-type",
	[K_INITIAL_CONTENTS] = ":initial-contents", [K_ADJUSTABLE] = ":adjustable",
};

void lisp_keys(Lisp *L, Sx **a, int n, int from, unsigned allowed, LispKeys *k, Pos p,
	       const char *who)
{
	memset(k, 0, sizeof *k);
	if (from > n)
		from = n;
	if ((n - from) % 2)
		lisp_error(L, p, "%s: odd number of keyword arguments", who);
	const char *allow_other = intern(":allow-other-keys");
	int lenient = 0;
	for (int i = from; i < n; i += 2)
		if (a[i]->kind == SX_SYM && a[i]->s == allow_other && lisp_true(a[i + 1]))
			lenient = 1;
	for (int i = from; i < n; i += 2) {
		Sx *kw = a[i];
		if (kw->kind != SX_SYM || kw->s[0] != ':')
			lisp_error(L, p, "%s: expected a keyword argument, got %s", who,
				   lisp_brief(L, kw, 30));
		if (kw->s == allow_other)
			continue;
		int found = -1;
		for (int j = 0; j < K_N; j++)
			if ((allowed & KB(j)) && !strcmp(kw->s, key_names[j]))
				found = j;
		if (found < 0) {
			if (lenient)
				continue;
			lisp_error(L, p, "%s: unknown keyword argument %s", who, lisp_brief(L, kw, 30));
		}
		if (!k->v[found])
			k->v[found] = a[i + 1];
	}
	if (k->v[K_TEST] && k->v[K_TEST_NOT])
		lisp_error(L, p, "%s: both :test and :test-not given", who);
}

int lisp_key_true(const LispKeys *k, LispKey key) { return k->v[key] && lisp_true(k->v[key]); }

void lisp_bounds(Lisp *L, const LispKeys *k, LispKey start, int64_t len, int64_t *lo,
		 int64_t *hi, Pos p, const char *who)
{
	Sx *s = k->v[start], *e = k->v[start + 1];
	int64_t b = s ? lisp_get_int(L, s, p, who) : 0;
	int64_t x = e && lisp_true(e) ? lisp_get_int(L, e, p, who) : len;
	if (b < 0 || x > len || b > x)
		lisp_error(L, p, "%s: bounds %lld..%lld out of range for length %lld", who,
			   (long long)b, (long long)x, (long long)len);
	*lo = b;
	*hi = x;
}

Match lisp_match(Lisp *L, const LispKeys *k, Sx *item, Sx *pred, int negate, Pos p,
		 const char *who)
{
	(void)L;
	(void)who;
	Match m = {item, pred, pred != NULL, negate, k->v[K_KEY], p};
	if (!pred && k->v[K_TEST]) {
		m.fn = k->v[K_TEST];
	} else if (!pred && k->v[K_TEST_NOT]) {
		m.fn = k->v[K_TEST_NOT];
		m.negate = !m.negate;
	}
	return m;
}

Sx *lisp_keyed(Lisp *L, const Match *m, Sx *x)
{
	return m->key && lisp_true(m->key) ? lisp_funcall(L, m->key, &x, 1, m->p) : x;
}

static int test2(Lisp *L, const Match *m, Sx *x, Sx *y)
{
	int r;
	if (m->fn) {
		Sx *v[2] = {x, y};
		r = lisp_true(lisp_funcall(L, m->fn, v, 2, m->p));
	} else {
		r = lisp_eql(x, y);
	}
	return m->negate ? !r : r;
}

int lisp_matches(Lisp *L, const Match *m, Sx *x)
{
	Sx *k = lisp_keyed(L, m, x);
	if (!m->is_pred)
		return test2(L, m, m->item, k);
	int r = lisp_true(lisp_funcall(L, m->fn, &k, 1, m->p));
	return m->negate ? !r : r;
}

int lisp_same(Lisp *L, const Match *m, Sx *x, Sx *y)
{
	return test2(L, m, lisp_keyed(L, m, x), lisp_keyed(L, m, y));
}

Seq lisp_seq(Lisp *L, Sx *x, Pos p, const char *who)
{
	Seq s = {0};
	LispFn *vec = lisp_object(x, LISP_VECTOR);
	if (vec) {
		s.v = lisp_vec_items(L, vec);
		s.n = vec->nitems;
		return s;
	}
	if (x->kind == SX_STR) {
		s.n = (int64_t)x->len;
		s.v = arena_alloc(L->a, sizeof *s.v * (size_t)(s.n ? s.n : 1));
		for (int64_t i = 0; i < s.n; i++)
			s.v[i] = lisp_char(L, (unsigned char)x->s[i]);
		return s;
	}
	if (x->kind != SX_CONS && lisp_true(x))
		lisp_error(L, p, "%s: expected a sequence, got %s", who, lisp_brief(L, x, 40));
	Sx *l = x;
	for (; l->kind == SX_CONS; l = l->cdr)
		s.n++;
	if (lisp_true(l))
		lisp_error(L, p, "%s: %s is not a proper list", who, lisp_brief(L, x, 40));
	s.v = arena_alloc(L->a, sizeof *s.v * (size_t)(s.n ? s.n : 1));
	int64_t i = 0;
	for (l = x; l->kind == SX_CONS; l = l->cdr)
		s.v[i++] = l->car;
	return s;
}

Sx *lisp_seq_list(Lisp *L, Seq s)
{
	Sx *l = lisp_nil(L);
	for (int64_t i = s.n - 1; i >= 0; i--)
		l = lisp_cons(L, s.v[i], l);
	return l;
}

Sx *lisp_seq_like(Lisp *L, Sx *like, Sx **v, int64_t n, Pos p, const char *who)
{
	if (lisp_object(like, LISP_VECTOR)) {
		Sx *r = lisp_vector(L, (int)n, NULL);
		for (int64_t i = 0; i < n; i++)
			r->fn->items[i] = v[i];
		return r;
	}
	if (like->kind != SX_STR)
		return lisp_seq_list(L, (Seq){v, n});
	char *s = arena_alloc(L->a, (size_t)n + 1);
	for (int64_t i = 0; i < n; i++)
		s[i] = (char)lisp_need_char(L, v[i], p, who);
	return sx_str(L->a, s, (size_t)n, (Pos){0, 0});
}

/* ---- searching: find position count ---- */

/* The index of the first (or with :from-end the last) element of
 * [lo,hi) that matches, or -1. */
static int64_t find_index(Lisp *L, Seq s, int64_t lo, int64_t hi, int from_end, const Match *m)
{
	if (from_end) {
		for (int64_t i = hi - 1; i >= lo; i--)
			if (lisp_matches(L, m, s.v[i]))
				return i;
		return -1;
	}
	for (int64_t i = lo; i < hi; i++)
		if (lisp_matches(L, m, s.v[i]))
			return i;
	return -1;
}

typedef enum { FIND, POSITION, COUNT } Search;

/* find / position / count and their -if, -if-not forms: the sequence is
 * a[1], the item or predicate a[0]. */
static Sx *search_common(Lisp *L, Sx **a, int n, Pos p, Search what, int pred, int negate,
			 const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, SEQ_KEYS | (pred ? 0 : TEST_KEYS), &k, p, who);
	Seq s = lisp_seq(L, a[1], p, who);
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, s.n, &lo, &hi, p, who);
	Match m = lisp_match(L, &k, pred ? NULL : a[0], pred ? a[0] : NULL, negate, p, who);
	if (what == COUNT) {
		int64_t c = 0;
		for (int64_t i = lo; i < hi; i++)
			c += lisp_matches(L, &m, s.v[i]);
		return lisp_int(L, c);
	}
	int64_t i = find_index(L, s, lo, hi, lisp_key_true(&k, K_FROM_END), &m);
	if (i < 0)
		return lisp_nil(L);
	return what == FIND ? s.v[i] : lisp_int(L, i);
}
B(b_find) { return search_common(L, a, n, p, FIND, 0, 0, "find"); }
B(b_find_if) { return search_common(L, a, n, p, FIND, 1, 0, "find-if"); }
B(b_find_if_not) { return search_common(L, a, n, p, FIND, 1, 1, "find-if-not"); }
B(b_position) { return search_common(L, a, n, p, POSITION, 0, 0, "position"); }
B(b_position_if) { return search_common(L, a, n, p, POSITION, 1, 0, "position-if"); }
B(b_position_if_not) { return search_common(L, a, n, p, POSITION, 1, 1, "position-if-not"); }
B(b_count) { return search_common(L, a, n, p, COUNT, 0, 0, "count"); }
B(b_count_if) { return search_common(L, a, n, p, COUNT, 1, 0, "count-if"); }
B(b_count_if_not) { return search_common(L, a, n, p, COUNT, 1, 1, "count-if-not"); }

/* ---- remove and substitute ---- */

/* Which elements of [lo,hi) match, at most :count of them, counted from
 * the end with :from-end. */
static char *matching(Lisp *L, Seq s, const LispKeys *k, const Match *m, Pos p, const char *who)
{
	int64_t lo, hi;
	lisp_bounds(L, k, K_START, s.n, &lo, &hi, p, who);
	int64_t limit = k->v[K_COUNT] && lisp_true(k->v[K_COUNT]) ?
		lisp_get_int(L, k->v[K_COUNT], p, who) : hi - lo;
	char *hit = arena_alloc(L->a, (size_t)s.n + 1);
	int from_end = lisp_key_true(k, K_FROM_END);
	for (int64_t j = 0; j < hi - lo && limit > 0; j++) {
		int64_t i = from_end ? hi - 1 - j : lo + j;
		if (lisp_matches(L, m, s.v[i])) {
			hit[i] = 1;
			limit--;
		}
	}
	return hit;
}

/* remove/delete (and -if, -if-not) when `new` is NULL, else substitute
 * (and -if, -if-not): the sequence is a[from], the item or predicate
 * a[from - 1] */
static Sx *edit_matches(Lisp *L, Sx **a, int n, Pos p, int from, Sx *new, int pred,
			int negate, const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, from + 1, SEQ_KEYS | KB(K_COUNT) | (pred ? 0 : TEST_KEYS), &k, p, who);
	Seq s = lisp_seq(L, a[from], p, who);
	Sx *item = a[from - 1];
	Match m = lisp_match(L, &k, pred ? NULL : item, pred ? item : NULL, negate, p, who);
	char *hit = matching(L, s, &k, &m, p, who);
	Sx **out = arena_alloc(L->a, sizeof *out * (size_t)(s.n ? s.n : 1));
	int64_t len = 0;
	for (int64_t i = 0; i < s.n; i++)
		if (!hit[i] || new)
			out[len++] = hit[i] ? new : s.v[i];
	return lisp_seq_like(L, a[from], out, len, p, who);
}
B(b_remove) { return edit_matches(L, a, n, p, 1, NULL, 0, 0, "remove"); }
B(b_remove_if) { return edit_matches(L, a, n, p, 1, NULL, 1, 0, "remove-if"); }
B(b_remove_if_not) { return edit_matches(L, a, n, p, 1, NULL, 1, 1, "remove-if-not"); }
/* (substitute new old seq ...), (substitute-if new pred seq ...) */
B(b_substitute) { return edit_matches(L, a, n, p, 2, a[0], 0, 0, "substitute"); }
B(b_substitute_if) { return edit_matches(L, a, n, p, 2, a[0], 1, 0, "substitute-if"); }
B(b_substitute_if_not) { return edit_matches(L, a, n, p, 2, a[0], 1, 1, "substitute-if-not"); }

/* Without :from-end the last of equal elements stays, with it the first
 * (CL's rule); elements outside :start..:end all stay. */
B(b_remove_duplicates)
{
	const char *who = "remove-duplicates";
	LispKeys k;
	lisp_keys(L, a, n, 1, SEQ_KEYS | TEST_KEYS, &k, p, who);
	Seq s = lisp_seq(L, a[0], p, who);
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, s.n, &lo, &hi, p, who);
	Match m = lisp_match(L, &k, NULL, NULL, 0, p, who);
	int from_end = lisp_key_true(&k, K_FROM_END);
	Sx **keep = arena_alloc(L->a, sizeof *keep * (size_t)(s.n ? s.n : 1));
	int64_t kept = 0;
	for (int64_t i = 0; i < s.n; i++) {
		int dup = 0;
		if (i >= lo && i < hi) {
			if (from_end)
				for (int64_t j = lo; j < i && !dup; j++)
					dup = lisp_same(L, &m, s.v[j], s.v[i]);
			else
				for (int64_t j = i + 1; j < hi && !dup; j++)
					dup = lisp_same(L, &m, s.v[i], s.v[j]);
		}
		if (!dup)
			keep[kept++] = s.v[i];
	}
	return lisp_seq_like(L, a[0], keep, kept, p, who);
}

/* ---- comparing sequences: search, mismatch ---- */

typedef struct {
	Seq s1, s2;
	int64_t lo1, hi1, lo2, hi2;
	Match m;
	int from_end;
} Pair;

static Pair pair(Lisp *L, Sx **a, int n, Pos p, const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_FROM_END) | TEST_KEYS | KB(K_START1) | KB(K_END1) |
		  KB(K_START2) | KB(K_END2), &k, p, who);
	Pair q;
	q.s1 = lisp_seq(L, a[0], p, who);
	q.s2 = lisp_seq(L, a[1], p, who);
	lisp_bounds(L, &k, K_START1, q.s1.n, &q.lo1, &q.hi1, p, who);
	lisp_bounds(L, &k, K_START2, q.s2.n, &q.lo2, &q.hi2, p, who);
	q.m = lisp_match(L, &k, NULL, NULL, 0, p, who);
	q.from_end = lisp_key_true(&k, K_FROM_END);
	return q;
}

/* (search seq1 seq2): where seq1 first (last, :from-end) occurs in seq2 */
B(b_search)
{
	Pair q = pair(L, a, n, p, "search");
	int64_t len = q.hi1 - q.lo1;
	int64_t found = -1;
	for (int64_t j = q.lo2; j + len <= q.hi2; j++) {
		int64_t i = 0;
		while (i < len && lisp_same(L, &q.m, q.s1.v[q.lo1 + i], q.s2.v[j + i]))
			i++;
		if (i == len) {
			found = j;
			if (!q.from_end)
				break;
		}
	}
	return found < 0 ? lisp_nil(L) : lisp_int(L, found);
}

/* (mismatch seq1 seq2): the index in seq1 where they first differ, nil
 * when they are the same; :from-end gives one plus the last such index */
B(b_mismatch)
{
	Pair q = pair(L, a, n, p, "mismatch");
	if (q.from_end) {
		int64_t i = q.hi1, j = q.hi2;
		while (i > q.lo1 && j > q.lo2 && lisp_same(L, &q.m, q.s1.v[i - 1], q.s2.v[j - 1]))
			i--, j--;
		return i == q.lo1 && j == q.lo2 ? lisp_nil(L) : lisp_int(L, i);
	}
	int64_t i = q.lo1, j = q.lo2;
	while (i < q.hi1 && j < q.hi2 && lisp_same(L, &q.m, q.s1.v[i], q.s2.v[j]))
		i++, j++;
	return i == q.hi1 && j == q.hi2 ? lisp_nil(L) : lisp_int(L, i);
}

/* ---- whole sequences ---- */

B(b_length)
{
	if (a[0]->kind == SX_STR)
		return lisp_int(L, (int64_t)a[0]->len);
	LispFn *vec = lisp_object(a[0], LISP_VECTOR);
	if (vec)                /* a byte vector's elements stay bytes */
		return lisp_int(L, vec->nitems);
	return lisp_int(L, lisp_seq(L, a[0], p, "length").n);
}

B(b_elt)
{
	LispFn *vec = lisp_object(a[0], LISP_VECTOR);
	Seq s = vec ? (Seq){.n = vec->nitems} : lisp_seq(L, a[0], p, "elt");
	int64_t i = lisp_get_int(L, a[1], p, "elt");
	if (i < 0 || i >= s.n)
		lisp_error(L, p, "elt: index %lld out of range for length %lld", (long long)i,
			   (long long)s.n);
	return vec ? lisp_vec_ref(L, vec, (int)i) : s.v[i];
}

/* (subseq seq start [end]) */
B(b_subseq)
{
	Seq s = lisp_seq(L, a[0], p, "subseq");
	int64_t lo = lisp_get_int(L, a[1], p, "subseq");
	int64_t hi = n > 2 && lisp_true(a[2]) ? lisp_get_int(L, a[2], p, "subseq") : s.n;
	if (lo < 0 || hi > s.n || lo > hi)
		lisp_error(L, p, "subseq: bounds %lld..%lld out of range for length %lld",
			   (long long)lo, (long long)hi, (long long)s.n);
	return lisp_seq_like(L, a[0], s.v + lo, hi - lo, p, "subseq");
}

B(b_copy_seq)
{
	Seq s = lisp_seq(L, a[0], p, "copy-seq");
	return lisp_seq_like(L, a[0], s.v, s.n, p, "copy-seq");
}

B(b_reverse)
{
	Seq s = lisp_seq(L, a[0], p, "reverse");
	Sx **r = arena_alloc(L->a, sizeof *r * (size_t)(s.n ? s.n : 1));
	for (int64_t i = 0; i < s.n; i++)
		r[i] = s.v[s.n - 1 - i];
	return lisp_seq_like(L, a[0], r, s.n, p, "reverse");
}

/* (reduce fn seq :key :from-end :start :end :initial-value) */
B(b_reduce)
{
	const char *who = "reduce";
	LispKeys k;
	lisp_keys(L, a, n, 2, SEQ_KEYS | KB(K_INITIAL_VALUE), &k, p, who);
	Seq s = lisp_seq(L, a[1], p, who);
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, s.n, &lo, &hi, p, who);
	Match m = lisp_match(L, &k, NULL, NULL, 0, p, who);
	int from_end = lisp_key_true(&k, K_FROM_END);
	Sx *acc = k.v[K_INITIAL_VALUE];
	if (!acc) {
		if (lo == hi)
			return lisp_funcall(L, a[0], NULL, 0, p);
		acc = lisp_keyed(L, &m, s.v[from_end ? --hi : lo++]);
	}
	for (int64_t j = 0; j < hi - lo; j++) {
		Sx *x = lisp_keyed(L, &m, s.v[from_end ? hi - 1 - j : lo + j]);
		Sx *args[2] = {from_end ? x : acc, from_end ? acc : x};
		acc = lisp_funcall(L, a[0], args, 2, p);
	}
	return acc;
}

/* sort / stable-sort: insertion sort (stable; the lists here are short) */
B(b_sort)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_KEY), &k, p, "sort");
	Match m = lisp_match(L, &k, NULL, NULL, 0, p, "sort");
	Seq s = lisp_seq(L, a[0], p, "sort");
	Sx **v = arena_alloc(L->a, sizeof *v * (size_t)(s.n ? s.n : 1));
	memcpy(v, s.v, sizeof *v * (size_t)s.n);
	for (int64_t i = 1; i < s.n; i++) {
		Sx *t = v[i];
		int64_t j = i - 1;
		for (; j >= 0; j--) {
			Sx *args[2] = {lisp_keyed(L, &m, t), lisp_keyed(L, &m, v[j])};
			if (!lisp_true(lisp_funcall(L, a[1], args, 2, p)))
				break;
			v[j + 1] = v[j];
		}
		v[j + 1] = t;
	}
	LispFn *vec = lisp_object(a[0], LISP_VECTOR);
	if (vec) {      /* in place, as CL's sort may */
		memcpy(lisp_vec_items(L, vec), v, sizeof *v * (size_t)s.n);
		return a[0];
	}
	return lisp_seq_like(L, a[0], v, s.n, p, "sort");
}

/* (fill seq item :start :end): vectors and lists, in place */
B(b_fill)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_START) | KB(K_END), &k, p, "fill");
	if (a[0]->kind == SX_STR)
		lisp_error(L, p, "fill: strings cannot be changed here; build a new one");
	Seq s = lisp_seq(L, a[0], p, "fill");
	int64_t lo, hi;
	lisp_bounds(L, &k, K_START, s.n, &lo, &hi, p, "fill");
	LispFn *vec = lisp_object(a[0], LISP_VECTOR);
	int64_t i = 0;
	for (Sx *l = a[0]; !vec && l->kind == SX_CONS; l = l->cdr, i++)
		if (i >= lo && i < hi)
			l->car = a[1];
	for (i = lo; vec && i < hi; i++)
		lisp_vec_items(L, vec)[i] = a[1];
	return a[0];
}

/* The kind of sequence a result type names: 'list, 'string, 'vector,
 * (vector (unsigned-byte 8)) ...; nil for map's nil. */
typedef enum { R_LIST, R_STRING, R_VECTOR, R_NONE } ResultType;

static ResultType result_type(Lisp *L, Sx *t, Pos p, const char *who)
{
	static const struct { const char *name; ResultType r; } types[] = {
		{"list", R_LIST}, {"cons", R_LIST}, {"string", R_STRING},
		{"simple-string", R_STRING}, {"base-string", R_STRING}, {"vector", R_VECTOR},
		{"simple-vector", R_VECTOR}, {"array", R_VECTOR}, {"simple-array", R_VECTOR},
	};
	if (!lisp_true(t))
		return R_NONE;
	Sx *h = t->kind == SX_CONS ? t->car : t;
	for (unsigned i = 0; h->kind == SX_SYM && i < sizeof types / sizeof *types; i++)
		if (!strcmp(h->s, types[i].name))
			return types[i].r;
	lisp_error(L, p, "%s: unsupported result type %s", who, lisp_brief(L, t, 30));
}

static Sx *make_result(Lisp *L, ResultType r, Sx **v, int64_t n, Pos p, const char *who)
{
	Sx *like = r == R_STRING ? lisp_str(L, "", 0) : r == R_VECTOR ? lisp_vector(L, 0, NULL) :
		   lisp_nil(L);
	return lisp_seq_like(L, like, v, n, p, who);
}

B(b_concatenate)
{
	ResultType r = result_type(L, a[0], p, "concatenate");
	if (r == R_NONE)
		lisp_error(L, p, "concatenate: nil is not a sequence type");
	Vec all = {0};
	for (int i = 1; i < n; i++) {
		Seq s = lisp_seq(L, a[i], p, "concatenate");
		for (int64_t j = 0; j < s.n; j++)
			vec_push(L->a, &all, s.v[j]);
	}
	return make_result(L, r, (Sx **)all.v, all.n, p, "concatenate");
}

/* ---- mapping ---- */

typedef enum { M_MAPCAR, M_MAPC, M_MAPCAN, M_MAPLIST } MapMode;

static Sx *map_lists(Lisp *L, Sx **a, int n, Pos p, MapMode mode, const char *who)
{
	ListB b;
	lb_init(L, &b);
	int k = n - 1;
	Sx **ls = arena_alloc(L->a, sizeof *ls * (size_t)k);
	Sx **args = arena_alloc(L->a, sizeof *args * (size_t)k);
	for (int i = 0; i < k; i++)
		ls[i] = mode == M_MAPLIST ? lisp_need_list(L, a[i + 1], p, who) :
			lisp_seq_list(L, lisp_seq(L, a[i + 1], p, who));
	for (;;) {
		for (int i = 0; i < k; i++) {
			if (ls[i]->kind != SX_CONS)
				goto done;
			args[i] = mode == M_MAPLIST ? ls[i] : ls[i]->car;
			ls[i] = ls[i]->cdr;
		}
		Sx *v = lisp_funcall(L, a[0], args, k, p);
		if (mode == M_MAPCAN) {
			for (; v->kind == SX_CONS; v = v->cdr)
				lb_add(L, &b, v->car);
		} else if (mode != M_MAPC) {
			lb_add(L, &b, v);
		}
	}
done:
	return mode == M_MAPC ? a[1] : b.head;
}
B(b_mapcar) { return map_lists(L, a, n, p, M_MAPCAR, "mapcar"); }
B(b_mapc) { return map_lists(L, a, n, p, M_MAPC, "mapc"); }
B(b_mapcan) { return map_lists(L, a, n, p, M_MAPCAN, "mapcan"); }
B(b_maplist) { return map_lists(L, a, n, p, M_MAPLIST, "maplist"); }

/* (map 'list fn seq...), (map 'string ...), (map nil ...) */
B(b_map)
{
	ResultType r = result_type(L, a[0], p, "map");
	Sx *l = map_lists(L, a + 1, n - 1, p, M_MAPCAR, "map");
	if (r == R_NONE)
		return lisp_nil(L);
	Seq s = lisp_seq(L, l, p, "map");
	return make_result(L, r, s.v, s.n, p, "map");
}

/* some/every over one or more sequences, in step, up to the shortest:
 * the first true value (some) or nil at the first false one (every) */
static Sx *some_every(Lisp *L, Sx **a, int n, Pos p, int every)
{
	const char *who = every ? "every" : "some";
	int k = n - 1;
	Seq *s = arena_alloc(L->a, sizeof *s * (size_t)k);
	Sx **args = arena_alloc(L->a, sizeof *args * (size_t)k);
	int64_t len = INT64_MAX;
	for (int i = 0; i < k; i++) {
		s[i] = lisp_seq(L, a[i + 1], p, who);
		if (s[i].n < len)
			len = s[i].n;
	}
	for (int64_t j = 0; j < len; j++) {
		for (int i = 0; i < k; i++)
			args[i] = s[i].v[j];
		Sx *v = lisp_funcall(L, a[0], args, k, p);
		if (lisp_true(v) != every)
			return every ? lisp_nil(L) : v;
	}
	return lisp_bool(L, every);
}
B(b_some) { return some_every(L, a, n, p, 0); }
B(b_every) { return some_every(L, a, n, p, 1); }
B(b_notany) { return lisp_bool(L, !lisp_true(b_some(L, a, n, p))); }
B(b_notevery) { return lisp_bool(L, !lisp_true(b_every(L, a, n, p))); }

/* ---- list functions with :key and :test ---- */

/* member (-if, -if-not): the tail of the list that starts with a match */
static Sx *member_common(Lisp *L, Sx **a, int n, Pos p, int pred, int negate, const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_KEY) | (pred ? 0 : TEST_KEYS), &k, p, who);
	Match m = lisp_match(L, &k, pred ? NULL : a[0], pred ? a[0] : NULL, negate, p, who);
	for (Sx *x = lisp_need_list(L, a[1], p, who); x->kind == SX_CONS; x = x->cdr)
		if (lisp_matches(L, &m, x->car))
			return x;
	return lisp_nil(L);
}
B(b_member) { return member_common(L, a, n, p, 0, 0, "member"); }
B(b_member_if) { return member_common(L, a, n, p, 1, 0, "member-if"); }
B(b_member_if_not) { return member_common(L, a, n, p, 1, 1, "member-if-not"); }

/* assoc / rassoc (and -if): the first pair whose car (cdr) matches;
 * nil elements of the alist are skipped */
static Sx *assoc_common(Lisp *L, Sx **a, int n, Pos p, int pred, int by_cdr, const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, KB(K_KEY) | (pred ? 0 : TEST_KEYS), &k, p, who);
	Match m = lisp_match(L, &k, pred ? NULL : a[0], pred ? a[0] : NULL, 0, p, who);
	for (Sx *x = lisp_need_list(L, a[1], p, who); x->kind == SX_CONS; x = x->cdr) {
		Sx *e = x->car;
		if (!lisp_true(e))
			continue;
		if (e->kind != SX_CONS)
			lisp_error(L, p, "%s: %s is not a cons", who, lisp_brief(L, e, 30));
		if (lisp_matches(L, &m, by_cdr ? e->cdr : e->car))
			return e;
	}
	return lisp_nil(L);
}
B(b_assoc) { return assoc_common(L, a, n, p, 0, 0, "assoc"); }
B(b_assoc_if) { return assoc_common(L, a, n, p, 1, 0, "assoc-if"); }
B(b_rassoc) { return assoc_common(L, a, n, p, 0, 1, "rassoc"); }
B(b_rassoc_if) { return assoc_common(L, a, n, p, 1, 1, "rassoc-if"); }

typedef enum { S_UNION, S_INTERSECTION, S_DIFFERENCE } SetOp;

static Sx *set_op(Lisp *L, Sx **a, int n, Pos p, SetOp op, const char *who)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, TEST_KEYS, &k, p, who);
	Match m = lisp_match(L, &k, NULL, NULL, 0, p, who);
	ListB b;
	lb_init(L, &b);
	Sx *y = lisp_need_list(L, a[1], p, who);
	for (Sx *x = lisp_need_list(L, a[0], p, who); x->kind == SX_CONS; x = x->cdr) {
		int in = 0;
		for (Sx *z = y; z->kind == SX_CONS && !in; z = z->cdr)
			in = lisp_same(L, &m, x->car, z->car);
		if ((op == S_INTERSECTION) == in)
			lb_add(L, &b, x->car);
	}
	if (op == S_UNION)
		for (Sx *z = y; z->kind == SX_CONS; z = z->cdr)
			lb_add(L, &b, z->car);
	return b.head;
}
B(b_union) { return set_op(L, a, n, p, S_UNION, "union"); }
B(b_intersection) { return set_op(L, a, n, p, S_INTERSECTION, "intersection"); }
B(b_set_difference) { return set_op(L, a, n, p, S_DIFFERENCE, "set-difference"); }

B(b_subsetp)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, TEST_KEYS, &k, p, "subsetp");
	Match m = lisp_match(L, &k, NULL, NULL, 0, p, "subsetp");
	Sx *y = lisp_need_list(L, a[1], p, "subsetp");
	for (Sx *x = lisp_need_list(L, a[0], p, "subsetp"); x->kind == SX_CONS; x = x->cdr) {
		int in = 0;
		for (Sx *z = y; z->kind == SX_CONS && !in; z = z->cdr)
			in = lisp_same(L, &m, x->car, z->car);
		if (!in)
			return lisp_nil(L);
	}
	return lisp_t(L);
}

B(b_adjoin)
{
	LispKeys k;
	lisp_keys(L, a, n, 2, TEST_KEYS, &k, p, "adjoin");
	Match m = lisp_match(L, &k, NULL, NULL, 0, p, "adjoin");
	for (Sx *x = lisp_need_list(L, a[1], p, "adjoin"); x->kind == SX_CONS; x = x->cdr)
		if (lisp_same(L, &m, a[0], x->car))
			return a[1];
	return lisp_cons(L, a[0], a[1]);
}

static const LispBuiltinDef builtins[] = {
	{"find", b_find, 2, -1, 0}, {"find-if", b_find_if, 2, -1, 0},
	{"find-if-not", b_find_if_not, 2, -1, 0},
	{"position", b_position, 2, -1, 0}, {"position-if", b_position_if, 2, -1, 0},
	{"position-if-not", b_position_if_not, 2, -1, 0},
	{"count", b_count, 2, -1, 0}, {"count-if", b_count_if, 2, -1, 0},
	{"count-if-not", b_count_if_not, 2, -1, 0},
	{"remove", b_remove, 2, -1, 0}, {"delete", b_remove, 2, -1, 0},
	{"remove-if", b_remove_if, 2, -1, 0}, {"delete-if", b_remove_if, 2, -1, 0},
	{"remove-if-not", b_remove_if_not, 2, -1, 0},
	{"delete-if-not", b_remove_if_not, 2, -1, 0},
	{"substitute", b_substitute, 3, -1, 0}, {"nsubstitute", b_substitute, 3, -1, 0},
	{"substitute-if", b_substitute_if, 3, -1, 0},
	{"nsubstitute-if", b_substitute_if, 3, -1, 0},
	{"substitute-if-not", b_substitute_if_not, 3, -1, 0},
	{"remove-duplicates", b_remove_duplicates, 1, -1, 0},
	{"delete-duplicates", b_remove_duplicates, 1, -1, 0},
	{"search", b_search, 2, -1, 0}, {"mismatch", b_mismatch, 2, -1, 0},
	{"length", b_length, 1, 1, 0}, {"elt", b_elt, 2, 2, 0}, {"subseq", b_subseq, 2, 3, 0},
	{"copy-seq", b_copy_seq, 1, 1, 0}, {"reverse", b_reverse, 1, 1, 0},
	{"nreverse", b_reverse, 1, 1, 0}, {"reduce", b_reduce, 2, -1, 0},
	{"sort", b_sort, 2, -1, 0}, {"stable-sort", b_sort, 2, -1, 0},
	{"fill", b_fill, 2, -1, 0}, {"concatenate", b_concatenate, 1, -1, 0},
	{"mapcar", b_mapcar, 2, -1, 0}, {"mapc", b_mapc, 2, -1, 0},
	{"mapcan", b_mapcan, 2, -1, 0}, {"maplist", b_maplist, 2, -1, 0},
	{"map", b_map, 3, -1, 0}, {"some", b_some, 2, -1, 0}, {"every", b_every, 2, -1, 0},
	{"notany", b_notany, 2, -1, 0}, {"notevery", b_notevery, 2, -1, 0},
	{"member", b_member, 2, -1, 0}, {"member-if", b_member_if, 2, -1, 0},
	{"member-if-not", b_member_if_not, 2, -1, 0},
	{"assoc", b_assoc, 2, -1, 0}, {"assoc-if", b_assoc_if, 2, -1, 0},
	{"rassoc", b_rassoc, 2, -1, 0}, {"rassoc-if", b_rassoc_if, 2, -1, 0},
	{"union", b_union, 2, -1, 0}, {"intersection", b_intersection, 2, -1, 0},
	{"set-difference", b_set_difference, 2, -1, 0}, {"subsetp", b_subsetp, 2, -1, 0},
	{"adjoin", b_adjoin, 2, -1, 0},
};

void lisp_install_sequences(Lisp *L) { INSTALL(L, builtins); }
