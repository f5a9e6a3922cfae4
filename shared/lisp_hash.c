/* lisp_hash.c: hash tables in the Lisp (make-hash-table with :test eq,
 * eql, equal or equalp; gethash with its second value and setf; remhash,
 * clrhash, maphash, hash-table-count, with-hash-table-iterator, sxhash).
 * Entries are kept in insertion order, which maphash and loop's
 * hash-keys follow; an open-addressing index finds them. */
#include "lisp_lib.h"
#include <ctype.h>
#include <string.h>

typedef enum { T_EQ, T_EQL, T_EQUAL, T_EQUALP } HashTest;

static const char *const test_names[] = {"eq", "eql", "equal", "equalp"};

typedef struct {
	HashTest test;
	Sx **keys, **vals;      /* entries in insertion order; removed: key NULL */
	int n, cap;             /* entries used, removed ones included */
	int count;              /* live entries */
	int *index;             /* entry + 1, 0 for an empty slot, -1 a removed one */
	int icap;               /* a power of two, at least twice n */
} Table;

static const char *S_hash_table;

/* ---- hashing: equal values hash the same under each test ---- */

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
	return h;
}

static uint64_t hash_of(const Sx *x, HashTest t, int depth)
{
	if (!lisp_true(x))
		return 1;
	switch (x->kind) {
	case SX_INT:
		return mix(2, (uint64_t)x->i);
	case SX_CHAR:
		return mix(3, (uint64_t)(t == T_EQUALP ? tolower((int)x->i) : x->i));
	case SX_SYM:
		return mix(4, (uint64_t)(uintptr_t)x->s);
	case SX_STR:
		if (t >= T_EQUAL) {
			uint64_t h = 5;
			for (size_t i = 0; i < x->len; i++)
				h = mix(h, (uint64_t)(t == T_EQUALP ? tolower((unsigned char)x->s[i]) :
						      (unsigned char)x->s[i]));
			return h;
		}
		break;
	case SX_CONS:
		if (t >= T_EQUAL) {
			/* a few elements, a few levels deep: enough to spread keys */
			uint64_t h = 6;
			int k = 0;
			for (; x->kind == SX_CONS && k < 8; x = x->cdr, k++)
				h = mix(h, depth < 4 ? hash_of(x->car, t, depth + 1) : 7);
			return k < 8 && depth < 4 ? mix(h, hash_of(x, t, depth + 1)) : h;
		}
		break;
	case SX_FN:
		if (t == T_EQUALP && x->fn->type == LISP_VECTOR) {
			uint64_t h = 8;
			Sx tmp;
			for (int i = 0; i < x->fn->nitems && i < 8; i++)
				h = mix(h, depth < 4 ? hash_of(lisp_vec_peek(x->fn, i, &tmp), t,
								depth + 1) : 7);
			return h;
		}
		return mix(9, (uint64_t)(uintptr_t)x->fn);
	default:
		break;
	}
	return mix(10, (uint64_t)(uintptr_t)x);
}

static int same_key(const Sx *a, const Sx *b, HashTest t)
{
	return t == T_EQUALP ? lisp_equalp(a, b) : t == T_EQUAL ? lisp_equal(a, b) :
	       lisp_eql(a, b);
}

/* ---- the table ---- */

static Table *need_table(Lisp *L, Sx *x, Pos p, const char *who)
{
	LispFn *f = lisp_object(x, LISP_HASH);
	if (!f)
		lisp_error(L, p, "%s: %s is not a hash table", who, lisp_brief(L, x, 30));
	return f->handle;
}

/* The index slot of key: where it is, or where it would go (-1 slots
 * are skipped when looking, reused when adding). */
static int *slot_of(Table *t, Sx *key, int *found)
{
	uint64_t h = hash_of(key, t->test, 0);
	int *reuse = NULL;
	for (size_t i = h & (size_t)(t->icap - 1);; i = (i + 1) & (size_t)(t->icap - 1)) {
		int e = t->index[i];
		if (e == 0) {
			*found = 0;
			return reuse ? reuse : &t->index[i];
		}
		if (e < 0) {
			if (!reuse)
				reuse = &t->index[i];
		} else if (same_key(t->keys[e - 1], key, t->test)) {
			*found = 1;
			return &t->index[i];
		}
	}
}

/* Rebuild the index (and compact the entries) for room for `need`. */
static void rehash(Lisp *L, Table *t, int need)
{
	int cap = 8;
	while (cap < need)
		cap *= 2;
	Sx **keys = arena_alloc(L->a, sizeof *keys * (size_t)cap);
	Sx **vals = arena_alloc(L->a, sizeof *vals * (size_t)cap);
	int k = 0;
	for (int i = 0; i < t->n; i++)
		if (t->keys[i]) {
			keys[k] = t->keys[i];
			vals[k++] = t->vals[i];
		}
	t->keys = keys;
	t->vals = vals;
	t->n = k;
	t->cap = cap;
	t->icap = cap * 2;
	t->index = arena_alloc(L->a, sizeof *t->index * (size_t)t->icap);
	for (int i = 0; i < k; i++) {
		int found;
		*slot_of(t, keys[i], &found) = i + 1;
	}
}

static Sx *table_get(Table *t, Sx *key)
{
	int found;
	int *s = slot_of(t, key, &found);
	return found ? t->vals[*s - 1] : NULL;
}

static void table_put(Lisp *L, Table *t, Sx *key, Sx *val)
{
	int found;
	int *s = slot_of(t, key, &found);
	if (found) {
		t->vals[*s - 1] = val;
		return;
	}
	if (t->n == t->cap) {
		rehash(L, t, t->count + 1 > t->cap / 2 ? t->cap * 2 : t->cap);
		s = slot_of(t, key, &found);
	}
	t->keys[t->n] = key;
	t->vals[t->n] = val;
	*s = ++t->n;
	t->count++;
}

/* The live entries as a list of (key . value), in insertion order. */
static Sx *entries(Lisp *L, Table *t)
{
	ListB b;
	lb_init(L, &b);
	for (int i = 0; i < t->n; i++)
		if (t->keys[i])
			lb_add(L, &b, lisp_cons(L, t->keys[i], t->vals[i]));
	return b.head;
}

Sx *lisp_hash_entries(Lisp *L, Sx *table, Pos p)
{
	return entries(L, need_table(L, table, p, "hash table iteration"));
}

/* ---- the functions ---- */

/* :test as a symbol or a function: eq eql equal equalp */
static HashTest test_of(Lisp *L, Sx *x, Pos p)
{
	if (!x)
		return T_EQL;
	const char *name = x->kind == SX_SYM ? x->s :
		lisp_object(x, LISP_FUNCTION) ? x->fn->name : NULL;
	for (int i = 0; name && i < 4; i++)
		if (!strcmp(name, test_names[i]))
			return (HashTest)i;
	lisp_error(L, p, "make-hash-table: :test must be eq, eql, equal or equalp, not %s",
		   lisp_brief(L, x, 30));
}

/* (make-hash-table :test :size ...): :size and the rehash hints are
 * accepted; they change nothing visible */
B(b_make_hash_table)
{
	LispKeys k;
	lisp_keys(L, a, n, 0, KB(K_TEST) | KB(K_SIZE) | KB(K_REHASH_SIZE) |
		  KB(K_REHASH_THRESHOLD), &k, p, "make-hash-table");
	Table *t = arena_alloc(L->a, sizeof *t);
	t->test = test_of(L, k.v[K_TEST], p);
	rehash(L, t, 8);
	Sx *h = lisp_handle(L, S_hash_table, t);
	h->fn->type = LISP_HASH;
	return h;
}

/* (gethash key table [default]): the value and whether it was there */
B(b_gethash)
{
	Sx *v = table_get(need_table(L, a[1], p, "gethash"), a[0]);
	return lisp_values2(L, v ? v : n > 2 ? a[2] : lisp_nil(L), lisp_bool(L, v != NULL));
}

/* (setf (gethash key table [default]) value) */
B(b_set_gethash)
{
	table_put(L, need_table(L, a[1], p, "setf gethash"), a[0], a[n - 1]);
	return a[n - 1];
}

B(b_remhash)
{
	Table *t = need_table(L, a[1], p, "remhash");
	int found;
	int *s = slot_of(t, a[0], &found);
	if (!found)
		return lisp_nil(L);
	t->keys[*s - 1] = NULL;
	t->vals[*s - 1] = NULL;
	*s = -1;
	t->count--;
	return lisp_t(L);
}

B(b_clrhash)
{
	Table *t = need_table(L, a[0], p, "clrhash");
	t->n = t->count = 0;
	rehash(L, t, 8);
	return a[0];
}

/* (maphash fn table): fn on each key and value; fn may remove or set
 * the entry it is given */
B(b_maphash)
{
	Table *t = need_table(L, a[1], p, "maphash");
	for (Sx *e = entries(L, t); e->kind == SX_CONS; e = e->cdr) {
		Sx *kv[2] = {e->car->car, e->car->cdr};
		lisp_funcall(L, a[0], kv, 2, p);
	}
	return lisp_nil(L);
}

B(b_hash_table_count) { return lisp_int(L, need_table(L, a[0], p, "hash-table-count")->count); }
B(b_hash_table_p) { return lisp_bool(L, lisp_object(a[0], LISP_HASH) != NULL); }
B(b_hash_table_test)
{
	return lisp_sym(L, intern(test_names[need_table(L, a[0], p, "hash-table-test")->test]));
}

/* (sxhash x): equal objects give the same non-negative integer */
B(b_sxhash) { return lisp_int(L, (int64_t)(hash_of(a[0], T_EQUAL, 0) >> 2)); }

/* (with-hash-table-iterator (name table) body...): (name) gives three
 * values, t and the next key and value, or nil when there are no more.
 * The entries are those of the table when the form starts. */
static Sx *sf_with_hash_table_iterator(Lisp *L, Sx *f, LispEnv *env)
{
	Sx *spec = sx_nth(f, 1);
	if (!spec || sx_length(spec) != 2 || spec->car->kind != SX_SYM)
		lisp_error(L, f->pos, "with-hash-table-iterator: expected (NAME TABLE) then the body");
	Sx *state = lisp_hash_entries(L, lisp_eval_in(L, sx_nth(spec, 1), env), f->pos);
	/* (flet ((name () (let ((e (pop state))) (if e (values t (car e) (cdr e)) nil))))
	 *   body...) with `state` bound around it */
	static const char next[] =
		"(() (let ((%e (pop %hash-iterator-state)))"
		"  (if %e (values t (car %e) (cdr %e)) nil)))";
	Sx *def = sx_read_source(L->a, next)->forms.v[0];
	Sx *flet = lisp_cons(L, lisp_sym(L, intern("flet")),
		lisp_cons(L, lisp_cons(L, lisp_cons(L, spec->car, def), lisp_nil(L)), f->cdr->cdr));
	LispEnv *e = lisp_bind(L, env, intern("%hash-iterator-state"), state);
	return lisp_eval_in(L, flet, e);
}

static const LispBuiltinDef builtins[] = {
	{"make-hash-table", b_make_hash_table, 0, -1, 0}, {"gethash", b_gethash, 2, 3, MV},
	{"remhash", b_remhash, 2, 2, 0}, {"clrhash", b_clrhash, 1, 1, 0},
	{"maphash", b_maphash, 2, 2, 0}, {"hash-table-count", b_hash_table_count, 1, 1, 0},
	{"hash-table-p", b_hash_table_p, 1, 1, 0}, {"hash-table-test", b_hash_table_test, 1, 1, 0},
	{"sxhash", b_sxhash, 1, 1, 0},
};

void lisp_install_hash(Lisp *L)
{
	S_hash_table = intern("hash-table");
	INSTALL(L, builtins);
	lisp_defsetter(L, "gethash", b_set_gethash, 3, 4);
	lisp_defspecial_values(L, "with-hash-table-iterator", sf_with_hash_table_iterator);
}
