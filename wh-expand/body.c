/* body.c: the walk of defprog bodies. Whistler's builtin forms (let, if,
 * when, and, or, setf, incf, getmap, arithmetic, helper calls ...) become
 * the closed set of core forms that wh-lower accepts. */
#include "expand.h"
#include <string.h>

static Sx *walk(Expander *e, Sx *x);

typedef Sx *(*FormFn)(Expander *e, Sx *form, int nargs);

static Sx *nth(Sx *form, int i) { return sx_nth(form, i); }

static void need_args(Expander *e, Sx *form, int nargs, int lo, int hi)
{
	if (nargs < lo || (hi >= 0 && nargs > hi)) {
		const char *name = form->car->s;
		if (lo == hi)
			error_at(form->pos, "%s takes %d argument%s, got %d", name, lo,
				 lo == 1 ? "" : "s", nargs);
		if (hi < 0)
			error_at(form->pos, "%s takes at least %d argument%s, got %d", name,
				 lo, lo == 1 ? "" : "s", nargs);
		error_at(form->pos, "%s takes %d to %d arguments, got %d", name, lo, hi,
			 nargs);
	}
	(void)e;
}

static const char *gensym(Expander *e, const char *base)
{
	return intern(arena_printf(e->a, "%s#%d", base, ++e->gensym));
}

static void push_scope(Expander *e, const char *name)
{
	Scope *s = arena_alloc(e->a, sizeof *s);
	s->name = name;
	s->up = e->scope;
	e->scope = s;
}

static int is_local(Expander *e, const char *name)
{
	for (Scope *s = e->scope; s; s = s->up)
		if (s->name == name)
			return 1;
	return 0;
}

/* (progn F...) from the forms of a list; one form stays as it is. */
static Sx *walk_seq(Expander *e, Sx *forms, Pos p)
{
	if (forms->kind == SX_NIL)
		return num(e, 0, p);
	if (forms->cdr->kind == SX_NIL)
		return walk(e, forms->car);
	Sx *head = NULL, **tail = &head;
	for (Sx *l = forms; l->kind == SX_CONS; l = l->cdr) {
		*tail = sx_cons(e->a, walk(e, l->car), NULL, p);
		tail = &(*tail)->cdr;
	}
	*tail = sx_nil(e->a, p);
	return sx_cons(e->a, sym(e, "progn", p), head, p);
}

Sx *expand_body(Expander *e, Sx *body, Pos p)
{
	return walk_seq(e, body, p);
}

/* Build (OP a b) */
static Sx *op2(Expander *e, const char *op, Sx *a, Sx *b, Pos p)
{
	return list(e, p, 3, sym(e, op, p), a, b);
}

static const char *width_name(Expander *e, Sx *x, const char *form)
{
	if (x->kind != SX_SYM || !width_from_name(x->s))
		error_at(x->pos, "%s: expected a type u8, u16, u32 or u64, got %s", form,
			 sx_brief(e->a, x, 30));
	return x->s;
}

/* ---- binding forms ---- */

static Sx *let_form(Expander *e, Sx *form, int nargs, int sequential)
{
	need_args(e, form, nargs, 1, -1);
	Pos p = form->pos;
	Sx *bindings = nth(form, 1);
	if (!sx_is_list(bindings))
		error_at(p, "%s: expected a binding list", form->car->s);
	Scope *saved = e->scope;
	Sx *head = NULL, **tail = &head;
	Vec names = {0};
	for (Sx *l = bindings; l->kind == SX_CONS; l = l->cdr) {
		Sx *b = l->car, *name, *init;
		if (b->kind == SX_SYM) {
			name = b;
			init = num(e, 0, p);
		} else {
			int n = sx_length(b);
			if (n < 1 || n > 3 || b->car->kind != SX_SYM)
				error_at(b->pos, "%s: bad binding %s", form->car->s,
					 sx_brief(e->a, b, 40));
			name = b->car;
			if (n == 1) {
				init = num(e, 0, b->pos);
			} else if (n == 2) {
				init = walk(e, nth(b, 1));
			} else {
				const char *w = width_name(e, nth(b, 1), form->car->s);
				Sx *v = walk(e, nth(b, 2));
				init = strcmp(w, "u64") ? list(e, b->pos, 3, sym(e, "cast", b->pos),
							  sym(e, w, b->pos), v) : v;
			}
		}
		if (name->s[0] == ':' || !strcmp(name->s, "nil") || !strcmp(name->s, "t"))
			error_at(b->pos, "%s: cannot bind %s", form->car->s, name->s);
		if (sequential)
			push_scope(e, name->s);
		else
			vec_push(e->a, &names, (void *)name->s);
		*tail = sx_cons(e->a, list(e, b->pos, 2, sym(e, name->s, b->pos), init), NULL, p);
		tail = &(*tail)->cdr;
	}
	*tail = sx_nil(e->a, p);
	if (!sequential) {
		/* Parallel binding: no init may see a name bound by this let.
		 * Inits were walked before the names entered the scope; core's
		 * let is sequential, so rename when a later init uses an
		 * earlier name of the same let. Simplest correct form: bind
		 * fresh temporaries first, then the names. */
		if (names.n > 1) {
			Sx *tmps = NULL, **tt = &tmps;
			Sx *finals = NULL, **ft = &finals;
			for (Sx *l = head; l->kind == SX_CONS; l = l->cdr) {
				Sx *b = l->car;
				Sx *tmp = sym(e, gensym(e, b->car->s), b->pos);
				*tt = sx_cons(e->a, list(e, b->pos, 2, tmp, nth(b, 1)), NULL, p);
				tt = &(*tt)->cdr;
				*ft = sx_cons(e->a, list(e, b->pos, 2, b->car, tmp), NULL, p);
				ft = &(*ft)->cdr;
			}
			*tt = sx_nil(e->a, p);
			*ft = sx_nil(e->a, p);
			for (int i = 0; i < names.n; i++)
				push_scope(e, names.v[i]);
			Sx *body = walk_seq(e, form->cdr->cdr, p);
			e->scope = saved;
			return list(e, p, 3, sym(e, "let", p), tmps,
				    list(e, p, 3, sym(e, "let", p), finals, body));
		}
		for (int i = 0; i < names.n; i++)
			push_scope(e, names.v[i]);
	}
	Sx *body_forms = form->cdr->cdr;
	/* (declare ...) right after the bindings is accepted (types narrow
	 * nothing in 64-bit arithmetic; see notes/semantics.md). */
	while (body_forms->kind == SX_CONS && body_forms->car->kind == SX_CONS &&
	       sx_is(body_forms->car->car, intern("declare")))
		body_forms = body_forms->cdr;
	Sx *body = walk_seq(e, body_forms, p);
	e->scope = saved;
	return list(e, p, 3, sym(e, "let", p), head, body);
}

static Sx *f_let(Expander *e, Sx *f, int n) { return let_form(e, f, n, 0); }
static Sx *f_letstar(Expander *e, Sx *f, int n) { return let_form(e, f, n, 1); }

static Sx *f_progn(Expander *e, Sx *f, int n)
{
	(void)n;
	return walk_seq(e, f->cdr, f->pos);
}

/* ---- maps ---- */

static MapDecl *map_arg(Expander *e, Sx *x, const char *form)
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
	return list(e, p, 2, sym(e, "map-ref", p), sym(e, m->c_name, p));
}

/* A pointer to the key: a scalar key is stored on the stack at the map's
 * key size. Returns the binding (name init) list entries via *bind. */
static Sx *key_on_stack(Expander *e, MapDecl *m, Sx *key, Pos p, Sx **binds)
{
	const char *k = gensym(e, "key");
	int64_t ks = m->key_size;
	Sx *slot = list(e, p, 2, sym(e, "stack-alloc", p), num(e, ks, p));
	*binds = list(e, p, 1, list(e, p, 2, sym(e, k, p), slot));
	int wi = width_index((int)ks);
	if (wi < 0)
		error_at(key->pos, "map %s has a %lld-byte key; pass a pointer to the key "
			 "(map-lookup-ptr) for keys that are not 1, 2, 4 or 8 bytes",
			 m->lisp_name, (long long)ks);
	return list(e, p, 5, sym(e, "store", p), sym(e, width_info[wi].name, p),
		    sym(e, k, p), num(e, 0, p), walk(e, key));
}

static Sx *lookup_call(Expander *e, MapDecl *m, const char *keyvar, Pos p)
{
	return list(e, p, 4, sym(e, "call", p), sym(e, "map-lookup-elem", p),
		    map_ref(e, m, p), sym(e, keyvar, p));
}

/* (getmap m k): value (size <= 8) or value pointer, 0 when absent. */
static Sx *getmap(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 2);
	Pos p = f->pos;
	MapDecl *m = map_arg(e, nth(f, 1), "getmap");
	Sx *binds;
	Sx *store = key_on_stack(e, m, nth(f, 2), p, &binds);
	const char *k = binds->car->car->s;
	const char *v = gensym(e, "val");
	Sx *get = lookup_call(e, m, k, p);
	Sx *result;
	int wi = width_index((int)m->value_size);
	if (m->value_size <= 8 && wi >= 0)
		result = list(e, p, 4, sym(e, "if", p), sym(e, v, p),
			      list(e, p, 4, sym(e, "load", p), sym(e, width_info[wi].name, p),
				   sym(e, v, p), num(e, 0, p)),
			      num(e, 0, p));
	else
		result = sym(e, v, p);
	return list(e, p, 4, sym(e, "let", p), binds, store,
		    list(e, p, 3, sym(e, "let", p),
			 list(e, p, 1, list(e, p, 2, sym(e, v, p), get)), result));
}

/* (incf (getmap m k) d): atomic add on the value; on hash maps a missing
 * key is created holding d. */
static Sx *incf_map(Expander *e, Sx *place, Sx *delta, Pos p, int negate)
{
	int n = sx_length(place) - 1;
	need_args(e, place, n, 2, 2);
	MapDecl *m = map_arg(e, nth(place, 1), "getmap");
	int atomic_w = m->value_size == 4 ? 4 : m->value_size == 8 ? 8 : 0;
	if (!atomic_w)
		error_at(place->pos, "incf of getmap needs a 4- or 8-byte map value; "
			 "map %s has %lld bytes", m->lisp_name, (long long)m->value_size);
	Sx *binds;
	Sx *store = key_on_stack(e, m, nth(place, 2), p, &binds);
	const char *k = binds->car->car->s;
	const char *v = gensym(e, "val");
	Sx *d = delta ? walk(e, delta) : num(e, 1, p);
	if (negate)
		d = list(e, p, 2, sym(e, "neg", p), d);
	const char *dn = gensym(e, "delta");
	Sx *add = list(e, p, 5, sym(e, "atomic-add", p),
		       sym(e, width_info[width_index(atomic_w)].name, p), sym(e, v, p),
		       num(e, 0, p), sym(e, dn, p));
	Sx *missing = num(e, 0, p);
	if (!strstr(m->type->keyword, "array")) {
		/* hash-like maps: create the entry holding the delta */
		const char *nv = gensym(e, "init");
		Sx *slot = list(e, p, 2, sym(e, "stack-alloc", p), num(e, m->value_size, p));
		missing = list(e, p, 4, sym(e, "let", p),
			       list(e, p, 1, list(e, p, 2, sym(e, nv, p), slot)),
			       list(e, p, 5, sym(e, "store", p),
				    sym(e, width_info[width_index(atomic_w)].name, p),
				    sym(e, nv, p), num(e, 0, p), sym(e, dn, p)),
			       list(e, p, 6, sym(e, "call", p), sym(e, "map-update-elem", p),
				    map_ref(e, m, p), sym(e, k, p), sym(e, nv, p),
				    num(e, 1, p)));
	}
	Sx *lookup = list(e, p, 3, sym(e, "let", p),
			  list(e, p, 1, list(e, p, 2, sym(e, v, p), lookup_call(e, m, k, p))),
			  list(e, p, 4, sym(e, "if", p), sym(e, v, p), add, missing));
	return list(e, p, 3, sym(e, "let", p),
		    list(e, p, 1, list(e, p, 2, sym(e, dn, p), d)),
		    list(e, p, 4, sym(e, "let", p), binds, store, lookup));
}

static Sx *incf_form(Expander *e, Sx *f, int n, int negate)
{
	need_args(e, f, n, 1, 2);
	Pos p = f->pos;
	Sx *place = nth(f, 1), *delta = nth(f, 2);
	if (place->kind == SX_CONS && sx_is(place->car, intern("getmap")))
		return incf_map(e, place, delta, p, negate);
	if (place->kind == SX_SYM) {
		if (!is_local(e, place->s))
			error_at(place->pos, "%s: unknown variable '%s'", f->car->s, place->s);
		Sx *d = delta ? walk(e, delta) : num(e, 1, p);
		return list(e, p, 3, sym(e, "set", p), sym(e, place->s, p),
			    op2(e, negate ? "-" : "+", sym(e, place->s, p), d, p));
	}
	error_at(place->pos, "%s: cannot increment %s", f->car->s, sx_brief(e->a, place, 30));
}

static Sx *f_incf(Expander *e, Sx *f, int n) { return incf_form(e, f, n, 0); }
static Sx *f_decf(Expander *e, Sx *f, int n) { return incf_form(e, f, n, 1); }

static Sx *setf_one(Expander *e, Sx *place, Sx *value, Pos p)
{
	if (place->kind == SX_SYM) {
		if (!is_local(e, place->s))
			error_at(place->pos, "setf: unknown variable '%s'", place->s);
		return list(e, p, 3, sym(e, "set", p), sym(e, place->s, p), walk(e, value));
	}
	error_at(place->pos, "setf: cannot assign to %s", sx_brief(e->a, place, 40));
}

static Sx *f_setf(Expander *e, Sx *f, int n)
{
	if (n == 0 || n % 2)
		error_at(f->pos, "%s needs place/value pairs", f->car->s);
	if (n == 2)
		return setf_one(e, nth(f, 1), nth(f, 2), f->pos);
	Sx *head = NULL, **tail = &head;
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr->cdr) {
		*tail = sx_cons(e->a, setf_one(e, l->car, l->cdr->car, f->pos), NULL, f->pos);
		tail = &(*tail)->cdr;
	}
	*tail = sx_nil(e->a, f->pos);
	return sx_cons(e->a, sym(e, "progn", f->pos), head, f->pos);
}

/* ---- control ---- */

static Sx *f_if(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 3);
	Pos p = f->pos;
	return list(e, p, 4, sym(e, "if", p), walk(e, nth(f, 1)), walk(e, nth(f, 2)),
		    n == 3 ? walk(e, nth(f, 3)) : num(e, 0, p));
}

static Sx *f_when(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 1, -1);
	Pos p = f->pos;
	Sx *test = walk(e, nth(f, 1));
	if (!strcmp(f->car->s, "unless"))
		test = list(e, p, 2, sym(e, "not", p), test);
	return list(e, p, 4, sym(e, "if", p), test, walk_seq(e, f->cdr->cdr, p), num(e, 0, p));
}

static Sx *f_cond(Expander *e, Sx *f, int n)
{
	(void)n;
	Pos p = f->pos;
	Vec clauses = {0};
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr) {
		if (l->car->kind != SX_CONS)
			error_at(l->car->pos, "cond: a clause must be a list");
		vec_push(e->a, &clauses, l->car);
	}
	Sx *acc = num(e, 0, p);
	for (int i = clauses.n - 1; i >= 0; i--) {
		Sx *c = clauses.v[i];
		if (sx_is(c->car, intern("t")) || sx_is(c->car, intern("otherwise"))) {
			acc = walk_seq(e, c->cdr, c->pos);
			continue;
		}
		Sx *test = walk(e, c->car);
		Sx *body = c->cdr->kind == SX_NIL ? test : walk_seq(e, c->cdr, c->pos);
		if (c->cdr->kind == SX_NIL)
			error_at(c->pos, "cond: a clause needs a body");
		acc = list(e, c->pos, 4, sym(e, "if", c->pos), test, body, acc);
	}
	return acc;
}

static Sx *f_return(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 0, 1);
	return list(e, f->pos, 2, sym(e, "return", f->pos),
		    n ? walk(e, nth(f, 1)) : num(e, 0, f->pos));
}

/* ---- operators ---- */

static Sx *walk_args(Expander *e, Sx *f, const char *head)
{
	Pos p = f->pos;
	Sx *out = NULL, **tail = &out;
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr) {
		*tail = sx_cons(e->a, walk(e, l->car), NULL, p);
		tail = &(*tail)->cdr;
	}
	*tail = sx_nil(e->a, p);
	return sx_cons(e->a, sym(e, head, p), out, p);
}

/* n-ary left fold of a binary core operator */
static Sx *fold(Expander *e, Sx *f, const char *op)
{
	Sx *acc = walk(e, nth(f, 1));
	for (Sx *l = f->cdr->cdr; l->kind == SX_CONS; l = l->cdr)
		acc = op2(e, op, acc, walk(e, l->car), f->pos);
	return acc;
}

static Sx *f_nary(Expander *e, Sx *f, int n)
{
	const char *op = f->car->s;
	if (n == 0) {
		int64_t unit = !strcmp(op, "*") ? 1 : !strcmp(op, "logand") ? -1 : 0;
		return num(e, unit, f->pos);
	}
	if (n == 1)
		return walk(e, nth(f, 1));
	return fold(e, f, op);
}

static Sx *f_minus(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 1, -1);
	if (n == 1)
		return list(e, f->pos, 2, sym(e, "neg", f->pos), walk(e, nth(f, 1)));
	return fold(e, f, "-");
}

static Sx *f_binary(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 2);
	const char *op = f->car->s;
	Sx *b = nth(f, 2);
	if ((!strcmp(op, "/") || !strcmp(op, "mod")) && b->kind == SX_INT && b->i == 0)
		error_at(f->pos, "%s by constant zero", !strcmp(op, "/") ? "division" : "modulo");
	if ((!strcmp(op, "<<") || !strcmp(op, ">>") || !strcmp(op, ">>>")) &&
	    b->kind == SX_INT && (b->i < 0 || b->i > 63))
		error_at(f->pos, "shift amount %lld is out of range 0..63", (long long)b->i);
	return walk_args(e, f, op);
}

static Sx *f_compare(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 2);
	return walk_args(e, f, f->car->s);
}

static Sx *f_logic(Expander *e, Sx *f, int n)
{
	const char *op = f->car->s;
	if (n == 0)
		return num(e, !strcmp(op, "and") ? 1 : 0, f->pos);
	if (n == 1)
		return walk(e, nth(f, 1));
	return walk_args(e, f, op);
}

static Sx *f_not(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 1, 1);
	return walk_args(e, f, "not");
}

static Sx *f_cast(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 2);
	const char *w = width_name(e, nth(f, 1), "cast");
	return list(e, f->pos, 3, sym(e, "cast", f->pos), sym(e, w, f->pos), walk(e, nth(f, 2)));
}

static Sx *f_swap(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 1, 1);
	const char *op = f->car->s;
	const char *w = strstr(op, "ll") ? "u64" : op[strlen(op) - 1] == 's' ? "u16" : "u32";
	Pos p = f->pos;
	/* Byte order conversion on a little-endian target is a swap of the
	 * low W bits (notes/semantics.md). */
	return list(e, p, 3, sym(e, "bswap", p), sym(e, w, p), walk(e, nth(f, 1)));
}

static Sx *f_load(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 3);
	Pos p = f->pos;
	const char *w = width_name(e, nth(f, 1), "load");
	return list(e, p, 4, sym(e, "load", p), sym(e, w, p), walk(e, nth(f, 2)),
		    n == 3 ? walk(e, nth(f, 3)) : num(e, 0, p));
}

static Sx *f_store(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 4, 4);
	Pos p = f->pos;
	const char *w = width_name(e, nth(f, 1), "store");
	return list(e, p, 5, sym(e, "store", p), sym(e, w, p), walk(e, nth(f, 2)),
		    walk(e, nth(f, 3)), walk(e, nth(f, 4)));
}

static Sx *f_atomic_add(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 3, 4);
	Pos p = f->pos;
	const char *w = n == 4 ? width_name(e, nth(f, 4), "atomic-add") : "u64";
	if (strcmp(w, "u32") && strcmp(w, "u64"))
		error_at(p, "atomic-add works on u32 or u64, not %s", w);
	return list(e, p, 5, sym(e, "atomic-add", p), sym(e, w, p), walk(e, nth(f, 1)),
		    walk(e, nth(f, 2)), walk(e, nth(f, 3)));
}

static Sx *f_map_lookup(Expander *e, Sx *f, int n)
{
	need_args(e, f, n, 2, 2);
	Pos p = f->pos;
	MapDecl *m = map_arg(e, nth(f, 1), "map-lookup");
	Sx *binds;
	Sx *store = key_on_stack(e, m, nth(f, 2), p, &binds);
	return list(e, p, 4, sym(e, "let", p), binds, store,
		    lookup_call(e, m, binds->car->car->s, p));
}

static const struct { const char *name; FormFn fn; } forms[] = {
	{"let", f_let}, {"let*", f_letstar}, {"progn", f_progn},
	{"if", f_if}, {"when", f_when}, {"unless", f_when}, {"cond", f_cond},
	{"return", f_return}, {"setf", f_setf}, {"setq", f_setf},
	{"incf", f_incf}, {"decf", f_decf},
	{"+", f_nary}, {"*", f_nary}, {"logand", f_nary}, {"logior", f_nary},
	{"logxor", f_nary}, {"-", f_minus},
	{"/", f_binary}, {"mod", f_binary}, {"<<", f_binary}, {">>", f_binary},
	{">>>", f_binary},
	{"=", f_compare}, {"/=", f_compare}, {"<", f_compare}, {"<=", f_compare},
	{">", f_compare}, {">=", f_compare}, {"s<", f_compare}, {"s<=", f_compare},
	{"s>", f_compare}, {"s>=", f_compare},
	{"and", f_logic}, {"or", f_logic}, {"not", f_not},
	{"cast", f_cast}, {"ntohs", f_swap}, {"htons", f_swap}, {"ntohl", f_swap},
	{"htonl", f_swap}, {"ntohll", f_swap}, {"htonll", f_swap},
	{"load", f_load}, {"store", f_store}, {"atomic-add", f_atomic_add},
	{"getmap", getmap}, {"map-lookup", f_map_lookup},
};

static Sx *helper_call(Expander *e, Sx *f, const HelperInfo *h, int n)
{
	if (h->map_arg)
		error_at(f->pos, "%s takes a map; use the map forms (getmap, map-lookup, "
			 "ringbuf-reserve ...) instead", f->car->s);
	if (n != h->nargs)
		error_at(f->pos, "helper %s takes %d argument%s, got %d", f->car->s,
			 h->nargs, h->nargs == 1 ? "" : "s", n);
	Pos p = f->pos;
	Sx *args = walk_args(e, f, "call");
	return sx_cons(e->a, sym(e, "call", p), sx_cons(e->a, sym(e, h->name, p), args->cdr, p), p);
}

static Sx *walk(Expander *e, Sx *x)
{
	int64_t v;
	switch (x->kind) {
	case SX_INT:
		return x;
	case SX_CHAR:
		return num(e, x->i, x->pos);
	case SX_NIL:
		return num(e, 0, x->pos);
	case SX_STR:
		error_at(x->pos, "a string is not a value in a BPF program");
	case SX_FN:
		error_at(x->pos, "a function is not a value in a BPF program");
	case SX_SYM:
		if (is_local(e, x->s))
			return x;
		if (!strcmp(x->s, "nil"))
			return num(e, 0, x->pos);
		if (!strcmp(x->s, "t"))
			return num(e, 1, x->pos);
		if (lookup_constant(e, x->s, &v))
			return num(e, v, x->pos);
		error_at(x->pos, "unknown variable '%s'", x->s);
	case SX_CONS:
		break;
	}
	if (x->car->kind != SX_SYM)
		error_at(x->pos, "a form must start with a name, not %s",
			 sx_brief(e->a, x->car, 30));
	int n = sx_length(x) - 1;
	if (n < 0)
		error_at(x->pos, "improper form %s", sx_brief(e->a, x, 40));
	for (unsigned i = 0; i < sizeof forms / sizeof *forms; i++)
		if (!strcmp(forms[i].name, x->car->s))
			return forms[i].fn(e, x, n);
	const HelperInfo *h = helper_by_name(x->car->s);
	if (h)
		return helper_call(e, x, h, n);
	error_at(x->pos, "unknown form '%s'", x->car->s);
}
