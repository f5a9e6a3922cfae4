/* lisp_vec.c: the data objects of the Lisp that ride in SX_FN nodes —
 * vectors (byte vectors included: vectors of integers, which
 * lisp_bytes makes holding bytes until their elements are needed as
 * values: a ring record or a map value read by aref or sap-ref-8 costs
 * no node per byte), records (the
 * userspace side of defstruct, conditions) and opaque handles — with
 * make-array, vector, aref and svref (and their setf), vectorp, coerce
 * and the builtin-setter table setf consults. */
#include "lisp_lib.h"
#include <string.h>

static Sx *object(Lisp *L, LispObjType type, const char *name)
{
	LispFn *f = arena_alloc(L->a, sizeof *f);
	f->type = type;
	f->name = name;
	Sx *x = sx_nil(L->a, (Pos){0, 0});   /* a node of its own: it becomes the object */
	x->kind = SX_FN;
	x->fn = f;
	x->s = name;
	return x;
}

LispFn *lisp_object(const Sx *x, LispObjType type)
{
	return x->kind == SX_FN && x->fn->type == type ? x->fn : NULL;
}

Sx *lisp_vector(Lisp *L, int n, Sx *fill)
{
	Sx *v = object(L, LISP_VECTOR, NULL);
	v->fn->nitems = n;
	v->fn->items = arena_alloc(L->a, sizeof(Sx *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		v->fn->items[i] = fill ? fill : lisp_nil(L);
	return v;
}

Sx *lisp_byte_int(Lisp *L, unsigned v)
{
	if (!L->byte_ints) {
		L->byte_ints = arena_alloc(L->base, sizeof *L->byte_ints * 256);
		for (int i = 0; i < 256; i++)
			L->byte_ints[i] = sx_int(L->base, i, (Pos){0, 0});
	}
	return L->byte_ints[v];
}

Sx *lisp_bytes(Lisp *L, const void *data, size_t n)
{
	Sx *v = object(L, LISP_VECTOR, NULL);
	LispFn *f = v->fn;
	f->nitems = (int)n;
	f->bytes = arena_alloc(L->a, n ? n : 1);        /* zeroed */
	if (data && n)
		memcpy(f->bytes, data, n);
	f->home = L->a;
	return v;
}

Sx *lisp_bytes_at(Lisp *L, const void *data, size_t n)
{
	Sx *v = object(L, LISP_VECTOR, NULL);
	LispFn *f = v->fn;
	f->nitems = (int)n;
	f->bytes = (unsigned char *)data;
	f->borrowed = 1;
	f->home = L->a;
	return v;
}

void lisp_bytes_own(LispFn *f)
{
	if (!f->bytes || !f->borrowed)
		return;         /* its own bytes, or made into items */
	unsigned char *b = arena_alloc(f->home, f->nitems ? (size_t)f->nitems : 1);
	memcpy(b, f->bytes, (size_t)f->nitems);
	f->bytes = b;
	f->borrowed = 0;
}

/* In the vector's own arena: a vector kept past a ring callback's scope
 * may be read in a later one, whose memory goes when it ends. */
Sx **lisp_vec_items(Lisp *L, LispFn *f)
{
	if (f->items || f->type != LISP_VECTOR)
		return f->items;
	Sx **items = arena_alloc(f->home, sizeof *items * (size_t)(f->nitems ? f->nitems : 1));
	for (int i = 0; i < f->nitems; i++)
		items[i] = lisp_byte_int(L, f->bytes[i]);
	f->items = items;
	f->bytes = NULL;
	return items;
}

const Sx *lisp_vec_peek(const LispFn *f, int i, Sx *tmp)
{
	if (f->items)
		return f->items[i];
	*tmp = (Sx){.kind = SX_INT, .i = f->bytes[i]};
	return tmp;
}

void lisp_get_bytes(Lisp *L, Sx *v, void *out, size_t n, Pos p, const char *who)
{
	LispFn *f = lisp_object(v, LISP_VECTOR);
	if (!f && v->kind != SX_STR)
		lisp_error(L, p, "%s: expected a byte vector, got %s", who, lisp_brief(L, v, 30));
	size_t have = f ? (size_t)f->nitems : v->len;
	if (have != n)
		lisp_error(L, p, "%s: expected %zu bytes, got %zu", who, n, have);
	unsigned char *o = out;
	if (f && !f->items) {
		memcpy(out, f->bytes, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (!f) {
			o[i] = (unsigned char)v->s[i];
			continue;
		}
		Sx *e = f->items[i];
		if (e->kind != SX_INT || e->i < -128 || e->i > 255)
			lisp_error(L, p, "%s: element %zu is not a byte: %s", who, i,
				   lisp_brief(L, e, 30));
		o[i] = (unsigned char)e->i;
	}
}

Sx *lisp_record(Lisp *L, const char *type, const char *const *slots, Sx **vals, int n)
{
	Sx *r = object(L, LISP_RECORD, type);
	r->fn->nitems = n;
	r->fn->slots = slots;
	r->fn->items = arena_alloc(L->a, sizeof(Sx *) * (size_t)(n ? n : 1));
	for (int i = 0; i < n; i++)
		r->fn->items[i] = vals ? vals[i] : lisp_nil(L);
	return r;
}

Sx *lisp_handle(Lisp *L, const char *type, void *ptr)
{
	Sx *h = object(L, LISP_HANDLE, type);
	h->fn->handle = ptr;
	return h;
}

void *lisp_get_handle(Lisp *L, Sx *x, const char *type, Pos p, const char *who)
{
	LispFn *f = lisp_object(x, LISP_HANDLE);
	if (!f || strcmp(f->name, type))
		lisp_error(L, p, "%s: expected a %s, got %s", who, type, lisp_brief(L, x, 30));
	return f->handle;
}

void lisp_defsetter(Lisp *L, const char *name, LispBuiltin fn, int min, int max)
{
	LispFn *f = arena_alloc(L->a, sizeof *f);
	f->name = intern(name);
	f->builtin = fn;
	f->min = min;
	f->max = max;
	Sx *x = sx_nil(L->a, (Pos){0, 0});
	x->kind = SX_FN;
	x->fn = f;
	x->s = f->name;
	symtab_put(&L->setters, f->name, x);
}

static LispFn *need_vector(Lisp *L, Sx *v, Pos p, const char *who)
{
	LispFn *f = lisp_object(v, LISP_VECTOR);
	if (!f)
		lisp_error(L, p, "%s: %s is not a vector", who, lisp_brief(L, v, 30));
	return f;
}

static int index_of(Lisp *L, LispFn *f, Sx *i, Pos p, const char *who)
{
	int64_t k = lisp_get_int(L, i, p, who);
	if (k < 0 || k >= f->nitems)
		lisp_error(L, p, "%s: index %lld out of range 0..%d", who, (long long)k,
			   f->nitems - 1);
	return (int)k;
}

/* (make-array n &key element-type initial-element initial-contents):
 * one dimension; numeric element types start at 0. */
B(b_make_array)
{
	Sx *dim = a[0];
	if (dim->kind == SX_CONS)
		dim = dim->car;
	int64_t len = lisp_get_int(L, dim, p, "make-array");
	if (len < 0 || len > (1 << 24))
		lisp_error(L, p, "make-array: bad length %lld", (long long)len);
	/* :adjustable changes nothing that can be seen without adjust-array,
	 * which is not here; a fill pointer would, so it is refused */
	LispKeys k;
	lisp_keys(L, a, n, 1, KB(K_INITIAL_ELEMENT) | KB(K_ELEMENT_TYPE) |
		  KB(K_INITIAL_CONTENTS) | KB(K_ADJUSTABLE), &k, p, "make-array");
	Sx *init = k.v[K_INITIAL_ELEMENT], *et = k.v[K_ELEMENT_TYPE];
	if (!init && et && lisp_true(et) && !(et->kind == SX_SYM && !strcmp(et->s, "t")))
		init = lisp_int(L, 0);
	Sx *v = lisp_vector(L, (int)len, init);
	Sx *contents = k.v[K_INITIAL_CONTENTS];
	if (contents) {
		int i = 0;
		LispFn *cf = lisp_object(contents, LISP_VECTOR);
		if (cf)
			for (; i < len && i < cf->nitems; i++)
				v->fn->items[i] = lisp_vec_ref(L, cf, i);
		else
			for (Sx *l = contents; l->kind == SX_CONS && i < len; l = l->cdr)
				v->fn->items[i++] = l->car;
	}
	return v;
}

B(b_vector)
{
	Sx *v = lisp_vector(L, n, NULL);
	for (int i = 0; i < n; i++)
		v->fn->items[i] = a[i];
	return v;
}

B(b_aref)
{
	if (a[0]->kind == SX_STR) {
		int64_t k = lisp_get_int(L, a[1], p, "aref");
		if (k < 0 || (size_t)k >= a[0]->len)
			lisp_error(L, p, "aref: index %lld out of range", (long long)k);
		Sx *c = lisp_int(L, (unsigned char)a[0]->s[k]);
		c->kind = SX_CHAR;
		return c;
	}
	LispFn *f = need_vector(L, a[0], p, "aref");
	return lisp_vec_ref(L, f, index_of(L, f, a[1], p, "aref"));
}

B(b_set_aref)
{
	LispFn *f = need_vector(L, a[0], p, "setf aref");
	int i = index_of(L, f, a[1], p, "setf aref");
	lisp_vec_items(L, f)[i] = a[2];
	return a[2];
}

B(b_vectorp) { (void)p; return lisp_bool(L, lisp_object(a[0], LISP_VECTOR) != NULL); }

/* (coerce seq 'list | 'vector | 'string) */
B(b_coerce)
{
	const char *t = a[1]->kind == SX_SYM ? a[1]->s : "";
	LispFn *f = lisp_object(a[0], LISP_VECTOR);
	if (!strcmp(t, "list") && f) {
		Sx *l = lisp_nil(L);
		for (int i = f->nitems - 1; i >= 0; i--)
			l = lisp_cons(L, lisp_vec_ref(L, f, i), l);
		return l;
	}
	if (!strcmp(t, "vector") || !strcmp(t, "simple-vector")) {
		if (f)
			return a[0];
		Sx *args[3] = {lisp_int(L, 0), lisp_sym(L, intern(":initial-contents")), a[0]};
		args[0]->i = sx_length(a[0]) < 0 ? 0 : sx_length(a[0]);
		return b_make_array(L, args, 3, p);
	}
	if (!strcmp(t, "string") && f) {
		Buf b = {0};
		for (int i = 0; i < f->nitems; i++)
			buf_putc(&b, (char)lisp_vec_ref(L, f, i)->i);
		Sx *s = lisp_str(L, b.data ? b.data : "", b.len);
		buf_free(&b);
		return s;
	}
	if (!strcmp(t, "list") || !strcmp(t, "string"))
		return a[0];
	lisp_error(L, p, "coerce: cannot coerce %s to %s", lisp_brief(L, a[0], 30),
		   lisp_brief(L, a[1], 30));
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"make-array", b_make_array, 1, -1}, {"vector", b_vector, 0, -1},
	{"aref", b_aref, 2, 2}, {"svref", b_aref, 2, 2}, {"vectorp", b_vectorp, 1, 1},
	{"arrayp", b_vectorp, 1, 1}, {"coerce", b_coerce, 2, 2},
};

void lisp_install_vectors(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
	lisp_defsetter(L, "aref", b_set_aref, 3, 3);
	lisp_defsetter(L, "svref", b_set_aref, 3, 3);
}
