/* places.c: generated accessors (struct fields, protocol headers,
 * tracepoint fields, kernel struct fields), the context (ctx), setf and
 * incf of every kind of place, memset and memcpy as widened stores. */
#include "expand.h"
#include "suggest.h"
#include <string.h>

static int is_int(Sx *x) { return x->kind == SX_INT; }

Sx *sign_extend(Expander *e, Sx *v, int width, Pos p)
{
	if (width >= 8)
		return v;
	Sx *k = num(e, 64 - 8 * width, p);
	return op2(e, ">>>", op2(e, "<<", v, k, p), k, p);
}

/* The typed-pointer check of import-kernel-struct accessors. */
static void check_tag(Expander *e, const Accessor *acc, Sx *arg)
{
	if (!acc->tag || arg->kind != SX_SYM)
		return;
	Scope *s = find_local(e, arg->s);
	if (s && s->tag && s->tag != acc->tag)
		error_at(arg->pos, "%s expects a pointer to %s, but %s points to %s; "
			 "use (as-%s %s) if that is intended", acc->name, acc->tag, arg->s,
			 s->tag, acc->tag, arg->s);
}

/* Address and offset of a struct field access (ACC_FIELD), with the
 * element index of an array field folded in. */
static void field_address(Expander *e, const Accessor *acc, Sx *form, int n,
			  Sx **ptr, int64_t *off)
{
	Pos p = form->pos;
	if (acc->count) {
		if (n != 2)
			error_at(p, "%s is an array field: (%s PTR INDEX), or %s-ptr for its "
				 "address", acc->name, acc->name, acc->name);
	} else {
		need_args(form, n, 1, 1);
	}
	*ptr = walk(e, sx_nth(form, 1));
	*off = acc->offset;
	if (acc->count) {
		Sx *i = walk(e, sx_nth(form, 2));
		if (is_int(i)) {
			if (i->i < 0 || i->i >= acc->count)
				error_at(p, "%s: index %lld is out of range 0..%lld", acc->name,
					 (long long)i->i, (long long)acc->count - 1);
			*off += i->i * acc->width;
		} else {
			*ptr = op2(e, "+", *ptr, op2(e, "*", i, num(e, acc->width, p), p), p);
		}
	}
}

Sx *fill_stores(Expander *e, Sx *ptr, int64_t off, int64_t size, Sx *pattern, Pos p)
{
	Vec v = {0};
	while (size > 0) {
		int w = 8;
		while (w > 1 && (off % w || size < w))
			w /= 2;
		vec_push(e->a, &v, list(e, p, 5, sym(e, "store", p), sym(e, width_sym(w), p), ptr,
					num(e, off, p), pattern));
		off += w;
		size -= w;
	}
	Sx *l = sx_nil(e->a, p);
	for (int i = v.n - 1; i >= 0; i--)
		l = sx_cons(e->a, v.v[i], l, p);
	return sx_cons(e->a, sym(e, "progn", p), l, p);
}

static Sx *make_object(Expander *e, const Accessor *acc, Sx *form, int n)
{
	need_args(form, n, 0, 0);
	Pos p = form->pos;
	if (acc->size > 512)
		error_at(p, "%s: a %lld-byte object does not fit the 512-byte stack",
			 acc->name, (long long)acc->size);
	Sx *obj = sx_sym(e->a, gensym(e, "obj"), p);
	/* zeroed whole, padding included (notes/semantics.md) */
	Sx *zero = fill_stores(e, obj, 0, acc->size, num(e, 0, p), p);
	return list(e, p, 4, sym(e, "let", p),
		    list(e, p, 1, list(e, p, 2, obj, list(e, p, 2, sym(e, "stack-alloc", p),
							   num(e, acc->size, p)))),
		    zero, obj);
}

Sx *expand_accessor(Expander *e, const Accessor *acc, Sx *form)
{
	Pos p = form->pos;
	int n = sx_length(form) - 1;
	Sx *ptr;
	int64_t off;
	switch (acc->kind) {
	case ACC_FIELD:
		field_address(e, acc, form, n, &ptr, &off);
		return list(e, p, 4, sym(e, "load", p), sym(e, width_sym(acc->width), p), ptr,
			    num(e, off, p));
	case ACC_FIELD_PTR:
		need_args(form, n, 1, 1);
		return op2(e, "+", walk(e, sx_nth(form, 1)), num(e, acc->offset, p), p);
	case ACC_MAKE:
		return make_object(e, acc, form, n);
	case ACC_HEADER: {
		need_args(form, n, 1, 1);
		Sx *v = list(e, p, 4, sym(e, "load", p), sym(e, width_sym(acc->width), p),
			     walk(e, sx_nth(form, 1)), num(e, acc->offset, p));
		if (acc->net_order && acc->width > 1)
			v = list(e, p, 3, sym(e, "bswap", p), sym(e, width_sym(acc->width), p), v);
		return v;
	}
	case ACC_TP_FIELD:
		need_args(form, n, 0, 0);
		return acc->is_signed ?
			sign_extend(e, ctx_load(e, acc->width, acc->offset, p), acc->width, p) :
			ctx_load(e, acc->width, acc->offset, p);
	case ACC_TP_PTR:
		need_args(form, n, 0, 0);
		return list(e, p, 3, sym(e, "+", p), list(e, p, 1, sym(e, "ctx-ptr", p)),
			    num(e, acc->offset, p));
	case ACC_KERNEL_FIELD: {
		need_args(form, n, 1, 1);
		check_tag(e, acc, sx_nth(form, 1));
		Sx *ptr = walk(e, sx_nth(form, 1));
		Sx *off = acc->kfield ? kernel_offset(e, acc->kfield, p) : num(e, acc->offset, p);
		Sx *size = acc->kfield ? kernel_size(e, acc->kfield, acc->width, p) :
			   num(e, acc->width, p);
		Sx *v = kernel_read(e, acc->width, size, ptr, off, p);
		return acc->is_signed ? sign_extend(e, v, acc->width, p) : v;
	}
	case ACC_KERNEL_PTR:
		need_args(form, n, 1, 1);
		check_tag(e, acc, sx_nth(form, 1));
		return op2(e, "+", walk(e, sx_nth(form, 1)),
			   acc->kfield ? kernel_offset(e, acc->kfield, p) : num(e, acc->offset, p), p);
	case ACC_KERNEL_CAST:
		need_args(form, n, 1, 1);
		return walk(e, sx_nth(form, 1));
	}
	bug("accessor kind %d", (int)acc->kind);
}

/* ---- ctx ---- */

/* The width and offset a (ctx FIELD [I]) or (ctx TYPE OFFSET) form names;
 * whether the program type may store there (the table's rule for the
 * field, named or at that offset; any offset the table does not know). */
static int ctx_field(Expander *e, Sx *form, int *width, int64_t *off)
{
	Pos p = form->pos;
	int n = sx_length(form) - 1;
	Sx *a = sx_nth(form, 1);
	if (n < 1 || a->kind != SX_SYM)
		error_at(p, "ctx needs a field name: (ctx FIELD) or (ctx TYPE OFFSET)");
	int w = width_from_name(a->s);
	if (w) {         /* legacy (ctx TYPE OFFSET) */
		need_args(form, n, 2, 2);
		*width = w;
		*off = const_eval(e, sx_nth(form, 2), "a ctx offset");
		check_ctx_range(e, *off, w, p);
		/* a field the table knows at that offset keeps its rule */
		const CtxField *f = e->prog_type ? ctx_field_at(e->prog_type, *off, w) : NULL;
		return !f || f->writable;
	}
	const ProgTypeInfo *pt = e->prog_type;
	const CtxField *f = ctx_field_lookup(pt, a->s);
	if (!f) {
		int k;
		const CtxField *all = ctx_fields(pt, &k);
		Buf b = {0};
		for (int i = 0; i < k && i < 12; i++)
			buf_printf(&b, "%s%s", i ? ", " : "", all[i].name);
		if (k > 12)
			buf_puts(&b, ", ...");
		const char *known = arena_strdup(e->a, b.data ? b.data : "none");
		buf_free(&b);
		Suggest s;
		suggest_start(&s, a->s);
		for (int i = 0; i < k; i++)
			suggest_offer(&s, all[i].name);
		const char *hint = suggest_hint(e->a, &s, sx_written(a));
		if (*hint)
			error_at(p, "ctx: :%s programs (%s) have no field '%s'%s", pt->keyword,
				 pt->ctx_struct, sx_written(a), hint);
		error_at(p, "ctx: :%s programs (%s) have no field '%s'; known fields: %s",
			 pt->keyword, pt->ctx_struct, sx_written(a), known);
	}
	*width = f->width;
	*off = f->offset;
	if (f->count) {
		if (n != 2)
			error_at(p, "ctx: %s is an array; give an index: (ctx %s I)", a->s, a->s);
		int64_t i = const_eval(e, sx_nth(form, 2), "a ctx array index");
		if (i < 0 || i >= f->count)
			error_at(p, "ctx: index %lld of %s is out of range 0..%d", (long long)i,
				 a->s, f->count - 1);
		*off += i * f->width;
	} else {
		need_args(form, n, 1, 1);
	}
	return f->writable;
}

/* (ctx-load W OFF [KIND]): KIND (pkt, pkt_end, pkt_meta) when the field
 * of the program's context at OFF is a packet pointer. The one place that
 * decides it; wh-lower and the types of ssa carry it from here. */
/* A context access aligned to its size (every program type's
 * is_valid_access asks it) and inside the struct the program type
 * receives (an open-ended record, a tracepoint's, is not checked here). */
void check_ctx_range(Expander *e, int64_t off, int w, Pos p)
{
	if (e->prog_type && off % w)
		error_at(p, "ctx: a %d-byte access at byte %lld of %s is not aligned to "
			 "its size; the kernel refuses the access", w, (long long)off,
			 e->prog_type->ctx_struct);
	int64_t end = e->prog_type ? ctx_struct_size(e->prog_type) : 0;
	if (end && (off < 0 || off > end - w))
		error_at(p, "ctx: bytes %lld..%lld are outside %s, the context of :%s "
			 "programs (%lld bytes); the kernel refuses the access",
			 (long long)off, (long long)off + w - 1,
			 e->prog_type->ctx_struct, e->prog_type->keyword, (long long)end);
}

Sx *ctx_load(Expander *e, int w, int64_t off, Pos p)
{
	check_ctx_range(e, off, w, p);
	const CtxField *f = e->prog_type ? ctx_field_at(e->prog_type, off, w) : NULL;
	Sx *load = list(e, p, 3, sym(e, "ctx-load", p), sym(e, width_sym(w), p), num(e, off, p));
	if (f && f->packet)
		load = list(e, p, 4, load->car, load->cdr->car, load->cdr->cdr->car,
			    sym(e, ctx_ptr_name(f->packet), p));
	return load;
}

Sx *ctx_form(Expander *e, Sx *form)
{
	int w;
	int64_t off;
	ctx_field(e, form, &w, &off);
	return ctx_load(e, w, off, form->pos);
}

static Sx *ctx_store(Expander *e, Sx *place, Sx *value, Pos p)
{
	int w;
	int64_t off;
	Sx *a = sx_nth(place, 1);
	if (!ctx_field(e, place, &w, &off)) {
		if (!width_from_name(a->s))
			error_at(place->pos, "ctx: field '%s' of %s is read-only", a->s,
				 e->prog_type->ctx_struct);
		error_at(place->pos, "ctx: bytes %lld..%lld of %s are its field '%s', which :%s "
			 "programs may only read; the kernel refuses the store", (long long)off,
			 (long long)off + w - 1, e->prog_type->ctx_struct,
			 ctx_field_at(e->prog_type, off, w)->name, e->prog_type->keyword);
	}
	return list(e, p, 4, sym(e, "ctx-store", p), sym(e, width_sym(w), p), num(e, off, p),
		    walk(e, value));
}

/* ---- setf and incf ---- */

Sx *setf_place(Expander *e, Sx *place, Sx *value, Pos p)
{
	if (place->kind == SX_SYM) {
		Scope *s = find_local(e, place->s);
		if (!s) {
			int64_t v;
			if (lookup_constant(e, place->s, &v))
				error_at(place->pos.line ? place->pos : p,
					 "setf: %s is a constant", place->s);
			error_at(place->pos.line ? place->pos : p,
				 "setf: unknown variable '%s'%s", sx_written(place),
				 variable_hint(e, place->s, sx_written(place)));
		}
		return set_local(e, s, walk(e, value), p);
	}
	if (place->kind != SX_CONS || place->car->kind != SX_SYM)
		error_at(p, "setf: cannot assign to %s", sx_brief(e->a, place, 40));
	const char *h = place->car->s;
	Pos pp = place->pos.line ? place->pos : p;
	const Accessor *acc = find_accessor(e, h);
	if (acc && (acc->kind == ACC_FIELD || acc->kind == ACC_HEADER)) {
		int n = sx_length(place) - 1;
		Sx *ptr;
		int64_t off;
		Sx *v;
		if (acc->kind == ACC_FIELD) {
			field_address(e, acc, place, n, &ptr, &off);
			v = walk(e, value);
		} else {
			need_args(place, n, 1, 1);
			ptr = walk(e, sx_nth(place, 1));
			off = acc->offset;
			v = walk(e, value);
			if (acc->net_order && acc->width > 1)
				v = list(e, pp, 3, sym(e, "bswap", pp), sym(e, width_sym(acc->width), pp), v);
		}
		if (cut_when_stored(v, acc->width))
			warn_if_cut(v, acc->width, pp, arena_printf(e->a, "the %s field %s",
				    width_sym(acc->width), acc->name));
		return list(e, pp, 5, sym(e, "store", pp), sym(e, width_sym(acc->width), pp), ptr,
			    num(e, off, pp), v);
	}
	if (acc)
		error_at(pp, "setf: %s is not a place that can be assigned", h);
	if (!strcmp(h, "ctx"))
		return ctx_store(e, place, value, pp);
	if (!strcmp(h, "load")) {
		int n = sx_length(place) - 1;
		need_args(place, n, 2, 3);
		Sx *st = list(e, pp, 5, sym(e, "store", pp), sx_nth(place, 1), sx_nth(place, 2),
			      n == 3 ? sx_nth(place, 3) : num(e, 0, pp), value);
		return walk(e, st);
	}
	/* (defsetf NAME ...) from the user or the prelude */
	Sx *m = lisp_setf_macro(e->lisp, h);
	if (m) {
		Sx *call = sx_cons(e->a, place->car, sx_cons(e->a, value, place->cdr, pp), pp);
		Sx *x = expand_macro_call(e, m, call);
		Sx *r = walk(e, x);
		expansion_done(e);
		return r;
	}
	m = lisp_macro(e->lisp, h);
	if (m) {
		Sx *x = expand_macro_call(e, m, place);
		Sx *r = setf_place(e, x, value, pp);
		expansion_done(e);
		return r;
	}
	error_at(pp, "setf: cannot assign to %s", sx_brief(e->a, place, 40));
}

/* (incf (NAME args...) d) when the prelude defines (%incf-NAME args... d):
 * getmap's atomic add. d is the delta as written, negated for decf. */
static Sx *incf_macro(Expander *e, Sx *place, Sx *delta, Pos p, int negate)
{
	if (place->kind != SX_CONS || place->car->kind != SX_SYM)
		return NULL;
	const char *name = intern(arena_printf(e->a, "%%incf-%s", place->car->s));
	Sx *m = lisp_macro(e->lisp, name);
	if (!m)
		return NULL;
	/* at the incf: the atomic add is its doing */
	Sx *d = delta ? delta : num(e, 1, p);
	if (negate)
		d = d->kind == SX_INT ? num(e, (int64_t)-(uint64_t)d->i, p) :
			list(e, p, 2, sym(e, "-", p), d);
	Sx *call = sx_cons(e->a, place->car, NULL, p);
	Sx **tail = &call->cdr;
	for (Sx *l = place->cdr; l->kind == SX_CONS; l = l->cdr) {
		*tail = sx_cons(e->a, l->car, NULL, p);
		tail = &(*tail)->cdr;
	}
	*tail = sx_cons(e->a, d, sx_nil(e->a, p), p);
	Sx *r = walk(e, expand_macro_call(e, m, call));
	expansion_done(e);
	return r;
}

Sx *incf_place(Expander *e, Sx *place, Sx *delta, Pos p, int negate)
{
	Sx *r = incf_macro(e, place, delta, p, negate);
	if (r)
		return r;
	Sx *d = delta ? delta : num(e, 1, p);
	if (place->kind == SX_SYM) {
		Scope *s = find_local(e, place->s);
		if (!s)
			error_at(place->pos.line ? place->pos : p, "%s: unknown variable '%s'%s",
				 negate ? "decf" : "incf", sx_written(place),
				 variable_hint(e, place->s, sx_written(place)));
		return set_local(e, s, op2(e, negate ? "-" : "+", walk(e, place), walk(e, d), p), p);
	}
	/* any other place: (setf place (+ place delta)) */
	Sx *sum = list(e, p, 3, sym(e, negate ? "-" : "+", p), place, d);
	return setf_place(e, place, sum, p);
}

/* ---- memset and memcpy ---- */

/* Bind a pointer expression to a variable unless it is one already. */
static Sx *once(Expander *e, Sx *core, Vec *binds, Pos p)
{
	if (core->kind == SX_SYM || core->kind == SX_INT)
		return core;
	Sx *v = sx_sym(e->a, gensym(e, "ptr"), p);
	vec_push(e->a, binds, list(e, p, 2, v, core));
	return v;
}

static Sx *with_binds(Expander *e, Vec *binds, Sx *body, Pos p)
{
	if (!binds->n)
		return body;
	Sx *l = sx_nil(e->a, p);
	for (int i = binds->n - 1; i >= 0; i--)
		l = sx_cons(e->a, binds->v[i], l, p);
	return list(e, p, 3, sym(e, "let", p), l, body);
}

/* A constant byte offset of memset/memcpy: what one BPF instruction's
 * pointer arithmetic can add (a signed 32-bit immediate), so that no sum
 * of offsets and sizes overflows. */
static int64_t byte_offset(Expander *e, Sx *x, const char *form, const char *what)
{
	int64_t off = const_eval(e, x, what);
	if (off < INT32_MIN || off > INT32_MAX - 512)
		error_at(x->pos, "%s: offset %lld is out of range (a pointer moves by at most "
			 "2^31 bytes)", form, (long long)off);
	return off;
}

/* (memset PTR OFFSET VALUE NBYTES): OFFSET and NBYTES constant */
Sx *memset_form(Expander *e, Sx *f)
{
	need_args(f, sx_length(f) - 1, 4, 4);
	Pos p = f->pos;
	int64_t off = byte_offset(e, sx_nth(f, 2), "memset", "the memset offset");
	int64_t size = const_eval(e, sx_nth(f, 4), "the memset size");
	if (size < 0 || size > 512)
		error_at(p, "memset: size %lld is out of range 0..512", (long long)size);
	Vec binds = {0};
	Sx *ptr = once(e, walk(e, sx_nth(f, 1)), &binds, p);
	Sx *val = walk(e, sx_nth(f, 3));
	Sx *pattern;
	if (is_int(val)) {
		pattern = num(e, (int64_t)(((uint64_t)val->i & 0xff) * 0x0101010101010101ull), p);
	} else {
		/* the byte repeated in every lane, computed once */
		Sx *pv = sx_sym(e->a, gensym(e, "fill"), p);
		vec_push(e->a, &binds, list(e, p, 2, pv,
			 op2(e, "*", op2(e, "logand", val, num(e, 0xff, p), p),
			     num(e, 0x0101010101010101LL, p), p)));
		pattern = pv;
	}
	if (size == 0)
		return with_binds(e, &binds, num(e, 0, p), p);
	return with_binds(e, &binds, fill_stores(e, ptr, off, size, pattern, p), p);
}

/* (memcpy DST DST-OFFSET SRC SRC-OFFSET NBYTES): constants but the pointers */
Sx *memcpy_form(Expander *e, Sx *f)
{
	need_args(f, sx_length(f) - 1, 5, 5);
	Pos p = f->pos;
	int64_t doff = byte_offset(e, sx_nth(f, 2), "memcpy", "the memcpy destination offset");
	int64_t soff = byte_offset(e, sx_nth(f, 4), "memcpy", "the memcpy source offset");
	int64_t size = const_eval(e, sx_nth(f, 5), "the memcpy size");
	if (size < 0 || size > 512)
		error_at(p, "memcpy: size %lld is out of range 0..512", (long long)size);
	Vec binds = {0};
	Sx *dst = once(e, walk(e, sx_nth(f, 1)), &binds, p);
	Sx *src = once(e, walk(e, sx_nth(f, 3)), &binds, p);
	Vec v = {0};
	while (size > 0) {
		int w = 8;
		while (w > 1 && (doff % w || soff % w || size < w))
			w /= 2;
		Sx *ld = list(e, p, 4, sym(e, "load", p), sym(e, width_sym(w), p), src, num(e, soff, p));
		vec_push(e->a, &v, list(e, p, 5, sym(e, "store", p), sym(e, width_sym(w), p), dst,
					num(e, doff, p), ld));
		doff += w;
		soff += w;
		size -= w;
	}
	if (!v.n)
		return with_binds(e, &binds, num(e, 0, p), p);
	Sx *l = sx_nil(e->a, p);
	for (int i = v.n - 1; i >= 0; i--)
		l = sx_cons(e->a, v.v[i], l, p);
	return with_binds(e, &binds, sx_cons(e->a, sym(e, "progn", p), l, p), p);
}
