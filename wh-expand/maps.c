/* maps.c: the map forms of program bodies: map-lookup, map-update,
 * map-delete (and their -ptr variants), getmap, setf/incf/decf of getmap,
 * remmap. Scalar keys and values go to the stack at the map's sizes;
 * pointers (stack-addr, make-NAME objects, -ptr fields) pass as they are. */
#include "expand.h"
#include <string.h>

MapDecl *map_arg(Expander *e, Sx *x, const char *form)
{
	if (x->kind != SX_SYM)
		error_at(x->pos, "%s: expected a map name, got %s", form, sx_brief(e->a, x, 30));
	MapDecl *m = find_map(e, x->s);
	if (!m)
		error_at(x->pos, "%s: unknown map '%s'", form, x->s);
	return m;
}

static Sx *map_ref(Expander *e, MapDecl *m, Pos p)
{
	return list(e, p, 2, sym(e, "map-ref", p), sx_sym(e->a, m->c_name, p));
}

/* Bindings and statements a map form needs before its helper call. */
typedef struct {
	Vec binds;              /* (name init) */
	Vec stmts;              /* after the bindings */
} Pre;

static Sx *wrap(Expander *e, Pre *pre, Sx *result, Pos p)
{
	for (int i = pre->stmts.n - 1; i >= 0; i--)
		result = list(e, p, 3, sym(e, "progn", p), pre->stmts.v[i], result);
	if (!pre->binds.n)
		return result;
	Sx *l = sx_nil(e->a, p);
	for (int i = pre->binds.n - 1; i >= 0; i--)
		l = sx_cons(e->a, pre->binds.v[i], l, p);
	return list(e, p, 3, sym(e, "let", p), l, result);
}

/* Is this (unexpanded) argument already a pointer to the data? */
static int is_pointer_form(Expander *e, Sx *x)
{
	if (x->kind == SX_SYM) {
		Scope *s = find_local(e, x->s);
		return s && s->stack_obj;
	}
	if (x->kind != SX_CONS || x->car->kind != SX_SYM)
		return 0;
	const char *h = x->car->s;
	if (!strcmp(h, "stack-addr") || !strcmp(h, "stack-alloc") || !strcmp(h, "struct-alloc"))
		return 1;
	const Accessor *acc = find_accessor(e, h);
	return acc && (acc->kind == ACC_MAKE || acc->kind == ACC_FIELD_PTR);
}

/* A pointer to SIZE bytes holding the value of x: x itself when it is a
 * pointer (or `as_pointer`), else a stack slot it is stored to. */
static Sx *data_pointer(Expander *e, Pre *pre, Sx *x, int64_t size, int as_pointer,
			const char *what, MapDecl *m, Pos p)
{
	if (as_pointer || is_pointer_form(e, x))
		return walk(e, x);
	int w = (size == 1 || size == 2 || size == 4 || size == 8) ? (int)size : 0;
	if (!w && size < 8)
		error_at(p, "map %s has a %lld-byte %s; pass a pointer to it (a struct from "
			 "make-NAME or stack-addr)", m->lisp_name, (long long)size, what);
	if (!w && strcmp(what, "value"))
		error_at(p, "map %s has a %lld-byte key; pass a pointer to it (a struct from "
			 "make-NAME, or stack-addr)", m->lisp_name, (long long)size);
	/* the copy is zero-filled store by store: refuse it before writing them */
	if (size > BPF_STACK_LIMIT)
		error_at(p, "map %s has a %lld-byte value, more than the %d-byte stack holds; "
			 "pass a pointer to it", m->lisp_name, (long long)size, BPF_STACK_LIMIT);
	Sx *slot = sx_sym(e->a, gensym(e, what), p);
	vec_push(e->a, &pre->binds, list(e, p, 2, slot, list(e, p, 2, sym(e, "stack-alloc", p),
							    num(e, size, p))));
	Sx *v = walk(e, x);
	if (w) {
		vec_push(e->a, &pre->stmts, list(e, p, 5, sym(e, "store", p), sym(e, width_sym(w), p),
						 slot, num(e, 0, p), v));
	} else {
		/* a scalar for a wider value: zero-extended (notes/semantics.md) */
		vec_push(e->a, &pre->stmts, fill_stores(e, slot, 8, size - 8, num(e, 0, p), p));
		vec_push(e->a, &pre->stmts, list(e, p, 5, sym(e, "store", p), sym(e, "u64", p),
						 slot, num(e, 0, p), v));
	}
	return slot;
}

static Sx *key_pointer(Expander *e, Pre *pre, MapDecl *m, Sx *key, int as_pointer, Pos p)
{
	return data_pointer(e, pre, key, m->key_size, as_pointer, "key", m, p);
}

static void check_lookup_map(MapDecl *m, Pos p, const char *form)
{
	if (!m->type->needs_sizes || !strcmp(m->type->keyword, "prog-array"))
		error_at(p, "%s: map %s is a :%s map, which programs cannot look up", form,
			 m->lisp_name, m->type->keyword);
}

static Sx *call(Expander *e, Pos p, const char *helper, int n, Sx *a, Sx *b, Sx *c, Sx *d)
{
	Sx *args[4] = {a, b, c, d};
	Sx *l = sx_nil(e->a, p);
	for (int i = n - 1; i >= 0; i--)
		l = sx_cons(e->a, args[i], l, p);
	return sx_cons(e->a, sym(e, "call", p), sx_cons(e->a, sym(e, helper, p), l, p), p);
}

/* (map-lookup m k) and (map-delete m k): one helper on the key pointer */
static Sx *keyed_call(Expander *e, Sx *f, int n, int ptr, const char *helper)
{
	need_args(f, n, 2, 2);
	Pos p = f->pos;
	MapDecl *m = map_arg(e, sx_nth(f, 1), f->car->s);
	check_lookup_map(m, p, f->car->s);
	Pre pre = {0};
	Sx *k = key_pointer(e, &pre, m, sx_nth(f, 2), ptr, p);
	return wrap(e, &pre, call(e, p, helper, 2, map_ref(e, m, p), k, NULL, NULL), p);
}

static Sx *lookup(Expander *e, Sx *f, int n, int ptr)
{
	return keyed_call(e, f, n, ptr, "map-lookup-elem");
}

static Sx *delete(Expander *e, Sx *f, int n, int ptr)
{
	return keyed_call(e, f, n, ptr, "map-delete-elem");
}

static Sx *update(Expander *e, Sx *f, int n, int ptr)
{
	need_args(f, n, 3, 4);
	Pos p = f->pos;
	MapDecl *m = map_arg(e, sx_nth(f, 1), f->car->s);
	check_lookup_map(m, p, f->car->s);
	Pre pre = {0};
	Sx *k = key_pointer(e, &pre, m, sx_nth(f, 2), ptr, p);
	Sx *v = data_pointer(e, &pre, sx_nth(f, 3), m->value_size, ptr, "value", m, p);
	Sx *flags = n == 4 ? walk(e, sx_nth(f, 4)) : num(e, 0, p);
	return wrap(e, &pre, call(e, p, "map-update-elem", 4, map_ref(e, m, p), k, v, flags), p);
}

/* (getmap m k): value (size <= 8) or value pointer, 0 when absent. */
static Sx *getmap(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	Pos p = f->pos;
	MapDecl *m = map_arg(e, sx_nth(f, 1), "getmap");
	check_lookup_map(m, p, "getmap");
	Pre pre = {0};
	Sx *k = key_pointer(e, &pre, m, sx_nth(f, 2), 0, p);
	Sx *v = sx_sym(e->a, gensym(e, "val"), p);
	int w = m->value_size;
	Sx *result = v;
	if (w == 1 || w == 2 || w == 4 || w == 8)
		result = list(e, p, 4, sym(e, "if", p), v,
			      list(e, p, 4, sym(e, "load", p), sym(e, width_sym(w), p), v, num(e, 0, p)),
			      num(e, 0, p));
	Sx *get = call(e, p, "map-lookup-elem", 2, map_ref(e, m, p), k, NULL, NULL);
	return wrap(e, &pre, list(e, p, 3, sym(e, "let", p), list(e, p, 1, list(e, p, 2, v, get)),
				  result), p);
}

/* (setf (getmap m k) v): write the whole value; the form's value is v. */
Sx *setf_map(Expander *e, Sx *place, Sx *value, Pos p)
{
	need_args(place, sx_length(place) - 1, 2, 2);
	MapDecl *m = map_arg(e, sx_nth(place, 1), "getmap");
	check_lookup_map(m, p, "setf getmap");
	Pre pre = {0};
	Sx *k = key_pointer(e, &pre, m, sx_nth(place, 2), 0, p);
	Sx *v = data_pointer(e, &pre, value, m->value_size, 0, "value", m, p);
	return wrap(e, &pre, call(e, p, "map-update-elem", 4, map_ref(e, m, p), k, v, num(e, 0, p)), p);
}

/* (incf (getmap m k) d): atomic add on the value; on hash maps a missing
 * key is created holding d. */
Sx *incf_map(Expander *e, Sx *place, Sx *delta, Pos p, int negate)
{
	need_args(place, sx_length(place) - 1, 2, 2);
	MapDecl *m = map_arg(e, sx_nth(place, 1), "getmap");
	check_lookup_map(m, p, "incf getmap");
	int w = (int)m->value_size;
	if (w != 4 && w != 8)
		error_at(p, "incf of getmap needs a 4- or 8-byte map value; map %s has %lld bytes",
			 m->lisp_name, (long long)m->value_size);
	Pre pre = {0};
	/* the key first, then the delta: Common Lisp's order */
	Sx *k = key_pointer(e, &pre, m, sx_nth(place, 2), 0, p);
	Sx *d = delta ? walk(e, delta) : num(e, 1, p);
	if (negate)
		d = d->kind == SX_INT ? num(e, (int64_t)-(uint64_t)d->i, p) :
			list(e, p, 2, sym(e, "neg", p), d);
	Sx *dv = d, *dn = NULL;
	if (d->kind != SX_INT)
		dv = dn = sx_sym(e->a, gensym(e, "delta"), p);
	Sx *v = sx_sym(e->a, gensym(e, "val"), p);
	Sx *add = list(e, p, 5, sym(e, "atomic-add", p), sym(e, width_sym(w), p), v, num(e, 0, p), dv);
	Sx *missing = num(e, 0, p);
	if (!strstr(m->type->keyword, "array")) {
		/* hash-like maps: create the entry holding the delta */
		Sx *init = sx_sym(e->a, gensym(e, "init"), p);
		missing = list(e, p, 4, sym(e, "let", p),
			       list(e, p, 1, list(e, p, 2, init, list(e, p, 2, sym(e, "stack-alloc", p),
								    num(e, w, p)))),
			       list(e, p, 5, sym(e, "store", p), sym(e, width_sym(w), p), init,
				    num(e, 0, p), dv),
			       call(e, p, "map-update-elem", 4, map_ref(e, m, p), k, init,
				    num(e, 1, p)));
	}
	Sx *get = call(e, p, "map-lookup-elem", 2, map_ref(e, m, p), k, NULL, NULL);
	Sx *body = list(e, p, 3, sym(e, "let", p), list(e, p, 1, list(e, p, 2, v, get)),
			list(e, p, 4, sym(e, "if", p), v, add, missing));
	if (dn)         /* bound after the key's statements have run */
		body = list(e, p, 3, sym(e, "let", p), list(e, p, 1, list(e, p, 2, dn, d)), body);
	return wrap(e, &pre, body, p);
}

static Sx *remmap(Expander *e, Sx *f, int n) { return delete(e, f, n, 0); }

Sx *map_form(Expander *e, Sx *f, int n)
{
	static const struct { const char *name; int kind, ptr; } table[] = {
		{"map-lookup", 0, 0}, {"map-lookup-ptr", 0, 1},
		{"map-update", 1, 0}, {"map-update-ptr", 1, 1},
		{"map-delete", 2, 0}, {"map-delete-ptr", 2, 1},
		{"getmap", 3, 0}, {"remmap", 4, 0},
	};
	const char *h = f->car->s;
	for (unsigned i = 0; i < sizeof table / sizeof *table; i++) {
		if (strcmp(table[i].name, h))
			continue;
		switch (table[i].kind) {
		case 0: return lookup(e, f, n, table[i].ptr);
		case 1: return update(e, f, n, table[i].ptr);
		case 2: return delete(e, f, n, table[i].ptr);
		case 3: return getmap(e, f, n);
		default: return remmap(e, f, n);
		}
	}
	return NULL;
}
