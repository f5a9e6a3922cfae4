/* body.c: the walk of defprog bodies. Whistler's builtin forms (let, if,
 * when, and, or, setf, arithmetic, load/store, helper calls ...) become the
 * closed set of core forms that wh-lower accepts; macro calls are expanded
 * with the compile-time Lisp and walked again. Constants are folded here. */
#include "expand.h"
#include "suggest.h"
#include <stdio.h>
#include <string.h>

typedef Sx *(*FormFn)(Expander *e, Sx *form, int nargs);

static Sx *nth(Sx *form, int i) { return sx_nth(form, i); }

void need_count(const char *name, Pos p, int nargs, int lo, int hi)
{
	if (nargs >= lo && (hi < 0 || nargs <= hi))
		return;
	if (lo == hi)
		error_at(p, "%s takes %d argument%s, got %d", name, lo, lo == 1 ? "" : "s", nargs);
	if (hi < 0)
		error_at(p, "%s takes at least %d argument%s, got %d", name, lo,
			 lo == 1 ? "" : "s", nargs);
	error_at(p, "%s takes %d to %d arguments, got %d", name, lo, hi, nargs);
}

void need_args(Sx *form, int nargs, int lo, int hi)
{
	need_count(form->car->s, form->pos, nargs, lo, hi);
}

const char *width_sym(int bytes)
{
	int i = width_index(bytes);
	return i < 0 ? "u64" : width_info[i].name;
}

Scope *push_scope(Expander *e, const char *name)
{
	Scope *s = arena_alloc(e->a, sizeof *s);
	s->name = name;
	s->width = 8;
	s->up = e->scope;
	e->scope = s;
	return s;
}

Scope *find_local(Expander *e, const char *name)
{
	for (Scope *s = e->scope; s; s = s->up)
		if (s->name == name)
			return s;
	return NULL;
}

static Sx *seq(Expander *e, Vec *forms, Pos p)
{
	if (forms->n == 0)
		return num(e, 0, p);
	if (forms->n == 1)
		return forms->v[0];
	Sx *l = sx_nil(e->a, p);
	for (int i = forms->n - 1; i >= 0; i--)
		l = sx_cons(e->a, forms->v[i], l, p);
	return sx_cons(e->a, sym(e, "progn", p), l, p);
}

/* (progn F...) from the forms of a list; one form stays as it is. */
static Sx *walk_seq(Expander *e, Sx *forms, Pos p)
{
	Vec v = {0};
	for (Sx *l = forms; l->kind == SX_CONS; l = l->cdr) {
		if (l->car->kind == SX_CONS && sx_is(l->car->car, intern("declare")))
			error_at(l->car->pos, "declare is only allowed at the start of a let body");
		vec_push(e->a, &v, walk(e, l->car));
	}
	return seq(e, &v, p);
}

Sx *expand_body(Expander *e, Sx *body, Pos p) { return walk_seq(e, body, p); }

/* ---- constant folding ---- */

static int is_int(Sx *x) { return x->kind == SX_INT; }

static int fold_cmp(const char *op, uint64_t a, uint64_t b)
{
	int64_t sa = (int64_t)a, sb = (int64_t)b;
	if (op[0] == 's') {
		op++;
		return !strcmp(op, "<") ? sa < sb : !strcmp(op, "<=") ? sa <= sb :
		       !strcmp(op, ">") ? sa > sb : sa >= sb;
	}
	return !strcmp(op, "=") ? a == b : !strcmp(op, "/=") ? a != b :
	       !strcmp(op, "<") ? a < b : !strcmp(op, "<=") ? a <= b :
	       !strcmp(op, ">") ? a > b : a >= b;
}

/* The constant k in place of x, keeping x's effects: (progn x k), or k
 * when x is a constant or a variable. */
static Sx *instead(Expander *e, Sx *x, int64_t k, Pos p)
{
	if (x->kind != SX_CONS)
		return num(e, k, p);
	return list(e, p, 3, sym(e, "progn", p), x, num(e, k, p));
}

/* (OP a b), folded with the machine's arithmetic (shared/alu.c): two
 * constants give the result; one constant that decides it whatever the
 * other holds gives that (x / 0 is 0, x mod 0 and x + 0 are x, 0 << y is
 * 0), effects kept; a shift amount is taken modulo 64. */
Sx *op2(Expander *e, const char *op, Sx *a, Sx *b, Pos p)
{
	AluOp alu = alu_by_core_name(op);
	uint64_t v;
	if (is_int(a) && is_int(b))
		return num(e, alu == ALU_COUNT ? fold_cmp(op, (uint64_t)a->i, (uint64_t)b->i) :
			   (int64_t)alu_eval(alu, (uint64_t)a->i, (uint64_t)b->i, 0), p);
	if (alu != ALU_COUNT && is_int(b)) {
		switch (alu_partial(alu, 0, 1, (uint64_t)b->i, &v)) {
		case ALU_CONST: return instead(e, a, (int64_t)v, p);
		case ALU_LEFT: return a;
		case ALU_AMOUNT: b = num(e, (int64_t)v, p); break;
		default: break;
		}
	}
	if (alu != ALU_COUNT && is_int(a) &&
	    alu_partial(alu, 0, 0, (uint64_t)a->i, &v) == ALU_CONST)
		return instead(e, b, (int64_t)v, p);
	/* identities with the constant on the left: 0+x 0|x 0^x 1*x */
	if (is_int(a) && (!strcmp(op, "+") || !strcmp(op, "logior") || !strcmp(op, "logxor")) &&
	    a->i == 0)
		return b;
	if (is_int(a) && !strcmp(op, "*") && a->i == 1)
		return b;
	return list(e, p, 3, sym(e, op, p), a, b);
}

/* Width in bytes a core value is known to fit (the manual's inference
 * table): loads, casts, byte swaps and narrow helpers; else 8. */
static int infer_width(Expander *e, Sx *x)
{
	if (x->kind == SX_SYM) {
		Scope *s = find_local(e, x->s);
		return s ? s->width : 8;
	}
	if (x->kind != SX_CONS || x->car->kind != SX_SYM)
		return 8;
	const char *h = x->car->s;
	/* not ctx-load: xdp_md's data and data_end are 32-bit fields that
	 * hold pointers, so a narrow type would misdescribe them */
	if (!strcmp(h, "load") || !strcmp(h, "cast") || !strcmp(h, "bswap"))
		return width_from_name(nth(x, 1)->s);
	if (!strcmp(h, "call")) {
		const HelperInfo *hi = helper_by_name(nth(x, 1)->s);
		return hi && hi->ret_bytes > 0 && hi->ret_bytes < 8 ? hi->ret_bytes : 8;
	}
	return 8;
}

/* The manual's inference table, read off the form as written (before
 * folding, so that (ntohs #x1234) is still u16 and (+ (load u16 p) 0) is
 * u64): load, cast and the u8..u64 shorthand, ntohs/htons, ntohl/htonl,
 * (ctx FIELD) and helpers with narrow results; anything else is u64. The
 * packet pointers of a context are pointers, so they stay 64-bit. */
static int source_width(Expander *e, Sx *x)
{
	if (x->kind != SX_CONS || x->car->kind != SX_SYM)
		return 8;
	const char *h = x->car->s;
	Sx *a1 = sx_nth(x, 1);
	if ((!strcmp(h, "load") || !strcmp(h, "cast")) && a1 && a1->kind == SX_SYM &&
	    width_from_name(a1->s))
		return width_from_name(a1->s);
	if (width_from_name(h))
		return width_from_name(h);
	static const struct { const char *name; int width; } swaps[] = {
		{"ntohs", 2}, {"htons", 2}, {"ntohl", 4}, {"htonl", 4},
	};
	for (unsigned i = 0; i < sizeof swaps / sizeof *swaps; i++)
		if (!strcmp(h, swaps[i].name))
			return swaps[i].width;
	if (!strcmp(h, "ctx") && a1 && a1->kind == SX_SYM && e->prog_type &&
	    !width_from_name(a1->s)) {
		const CtxField *f = ctx_field_lookup(e->prog_type, a1->s);
		if (f && !f->packet)
			return f->width;
		return 8;
	}
	const HelperInfo *hi = helper_by_name(h);
	if (hi && hi->ret_bytes > 0 && hi->ret_bytes < 8)
		return hi->ret_bytes;
	return 8;
}

/* A constant that does not fit the `width` bytes it is stored in (read as
 * unsigned or as signed) is cut: a warning, with the value and the width,
 * at the constant (or at `p` when it has no position). */
int cut_when_stored(Sx *v, int width)
{
	if (width >= 8 || !is_int(v))
		return 0;
	int bits = 8 * width;
	int64_t lo = -((int64_t)1 << (bits - 1)), hi = ((int64_t)1 << bits) - 1;
	return v->i < lo || v->i > hi;
}

void warn_if_cut(Sx *v, int width, Pos p, const char *what)
{
	if (!cut_when_stored(v, width))
		return;
	int64_t hi = ((int64_t)1 << 8 * width) - 1;
	uint64_t kept = (uint64_t)v->i & (uint64_t)hi;
	char hex[24] = "";
	if (v->i > 0)
		snprintf(hex, sizeof hex, " (#x%llx)", (unsigned long long)v->i);
	warn_at(v->pos.line ? v->pos : p, "the constant %lld%s does not fit in %s "
		"(%d byte%s); %llu is stored", (long long)v->i, hex, what, width,
		width == 1 ? "" : "s", (unsigned long long)kept);
}

static Sx *cast_to(Expander *e, int width, Sx *v, Pos p)
{
	if (width >= 8 || infer_width(e, v) <= width)
		return v;
	if (is_int(v)) {
		uint64_t mask = width == 1 ? 0xff : width == 2 ? 0xffff : 0xffffffffu;
		return num(e, (int64_t)((uint64_t)v->i & mask), p);
	}
	return list(e, p, 3, sym(e, "cast", p), sym(e, width_sym(width), p), v);
}

static int type_width(Expander *e, Sx *x, const char *form)
{
	int w = x->kind == SX_SYM ? width_from_name(x->s) : 0;
	if (!w)
		error_at(x->pos, "%s: expected a type u8, u16, u32 or u64, got %s", form,
			 sx_brief(e->a, x, 30));
	return w;
}

/* ---- let ---- */

typedef struct {
	const char *name;
	Pos pos;
	int width;              /* declared (0: infer) */
	Sx *init;               /* Lisp form or NULL (zero) */
} Binding;

/* Does core form x mention the variable `name`? */
static int mentions(Sx *x, const char *name)
{
	if (x->kind == SX_SYM)
		return x->s == name;
	for (; x->kind == SX_CONS; x = x->cdr)
		if (mentions(x->car, name))
			return 1;
	return 0;
}

static void apply_declares(Expander *e, Sx **body, Binding *b, int n)
{
	const char *declare = intern("declare"), *type = intern("type");
	while ((*body)->kind == SX_CONS && (*body)->car->kind == SX_CONS &&
	       sx_is((*body)->car->car, declare)) {
		for (Sx *d = (*body)->car->cdr; d->kind == SX_CONS; d = d->cdr) {
			Sx *spec = d->car;
			if (spec->kind != SX_CONS)
				error_at((*body)->car->pos, "declare: bad declaration");
			Sx *names = spec->cdr;
			Sx *t = spec->car;
			if (sx_is(t, type)) {
				if (names->kind != SX_CONS)
					error_at(spec->pos, "declare: (type TYPE VAR...)");
				t = names->car;
				names = names->cdr;
			}
			if (sx_is(t, intern("ignore")) || sx_is(t, intern("ignorable")))
				continue;
			int w = type_width(e, t, "declare");
			for (; names->kind == SX_CONS; names = names->cdr) {
				int found = 0;
				for (int i = 0; i < n; i++)
					if (names->car->kind == SX_SYM && b[i].name == names->car->s) {
						b[i].width = w;
						found = 1;
					}
				if (!found)
					error_at(spec->pos, "declare: %s is not bound by this let",
						 sx_brief(e->a, names->car, 30));
			}
		}
		*body = (*body)->cdr;
	}
}

/* Build nested core lets from walked bindings; an address-taken variable
 * lives in a stack slot initialised by a store. Which variables have
 * their address taken is known only once the body is walked (its macros
 * expanded): a (stack-addr v) gives v its slot then (give_slot). */
static Sx *build_let(Expander *e, Sx **names, Sx **inits, int *widths, Scope **scopes,
		     int n, Sx *body, Pos p)
{
	Sx *result = body;
	int end = n;
	for (int i = n - 1; i >= -1; i--) {
		if (i >= 0 && !scopes[i]->slot)
			continue;
		/* bindings i+1 .. end-1 are plain; binding i (if any) is a slot */
		Sx *binds = sx_nil(e->a, p);
		for (int k = end - 1; k > i; k--) {
			Sx *b = widths[k] < 8 ?
				list(e, p, 3, names[k], sym(e, width_sym(widths[k]), p), inits[k]) :
				list(e, p, 2, names[k], inits[k]);
			binds = sx_cons(e->a, b, binds, p);
		}
		if (binds->kind == SX_CONS)
			result = list(e, p, 3, sym(e, "let", p), binds, result);
		if (i < 0)
			break;
		Sx *slot = sx_sym(e->a, scopes[i]->slot, p);
		const char *w = width_sym(scopes[i]->width);
		result = list(e, p, 4, sym(e, "let", p),
			      list(e, p, 1, list(e, p, 2, slot,
				   list(e, p, 2, sym(e, "stack-alloc", p), num(e, 8, p)))),
			      list(e, p, 5, sym(e, "store", p), sym(e, w, p), slot, num(e, 0, p),
				   inits[i]),
			      result);
		end = i;
	}
	return result;
}

static Sx *let_form(Expander *e, Sx *form, int nargs, int sequential)
{
	need_args(form, nargs, 1, -1);
	Pos p = form->pos;
	Sx *bl = nth(form, 1);
	if (!sx_is_list(bl) && !sx_is(bl, intern("nil")))
		error_at(p, "%s: expected a binding list", form->car->s);
	int n = bl->kind == SX_CONS ? sx_length(bl) : 0;
	if (n < 0)
		error_at(p, "%s: bad binding list", form->car->s);
	Binding *b = arena_alloc(e->a, sizeof *b * (size_t)(n ? n : 1));
	int i = 0;
	for (Sx *l = bl; l->kind == SX_CONS; l = l->cdr, i++) {
		Sx *x = l->car;
		b[i].pos = x->pos.line ? x->pos : p;
		if (x->kind == SX_SYM) {
			b[i].name = x->s;
		} else {
			int k = sx_length(x);
			if (k < 1 || k > 3 || x->car->kind != SX_SYM)
				error_at(b[i].pos, "%s: bad binding %s", form->car->s,
					 sx_brief(e->a, x, 40));
			b[i].name = x->car->s;
			Sx *second = nth(x, 1);
			if (k == 2 && second->kind == SX_SYM && width_from_name(second->s) &&
			    !find_local(e, second->s)) {
				/* (var type): explicit type, zero-initialized */
				b[i].width = width_from_name(second->s);
			} else if (k == 2) {
				b[i].init = second;
			} else if (k == 3) {
				b[i].width = type_width(e, nth(x, 1), form->car->s);
				b[i].init = nth(x, 2);
			}
		}
		const char *nm = b[i].name;
		if (nm[0] == ':' || nm == intern("nil") || nm == intern("t"))
			error_at(b[i].pos, "%s: cannot bind %s", form->car->s, nm);
	}
	Sx *body = form->cdr->cdr;
	apply_declares(e, &body, b, n);
	Scope *saved = e->scope;
	Sx **names = arena_alloc(e->a, sizeof *names * (size_t)(n + 1));
	Sx **inits = arena_alloc(e->a, sizeof *inits * (size_t)(n + 1));
	int *widths = arena_alloc(e->a, sizeof *widths * (size_t)(n + 1));
	Scope **scopes = arena_alloc(e->a, sizeof *scopes * (size_t)(n + 1));
	const char **tags = arena_alloc(e->a, sizeof *tags * (size_t)(n + 1));
	int *stack_objs = arena_alloc(e->a, sizeof *stack_objs * (size_t)(n + 1));
	for (i = 0; i < n; i++) {
		Sx *init = b[i].init ? walk(e, b[i].init) : num(e, 0, b[i].pos);
		int w = b[i].width ? b[i].width : b[i].init ? source_width(e, b[i].init) : 8;
		if (b[i].width) {
			if (cut_when_stored(init, w))
				warn_if_cut(init, w, b[i].pos, arena_printf(e->a, "the %s variable %s",
					    width_sym(w), name_shown(e->a, b[i].name)));
			init = cast_to(e, w, init, b[i].pos);
		}
		inits[i] = init;
		widths[i] = w;
		names[i] = sx_sym(e->a, b[i].name, b[i].pos);
		/* what the init says about the value: a tagged kernel pointer
		 * or a stack object (make-NAME) */
		tags[i] = NULL;
		stack_objs[i] = 0;
		if (b[i].init && b[i].init->kind == SX_CONS && b[i].init->car->kind == SX_SYM) {
			const Accessor *acc = find_accessor(e, b[i].init->car->s);
			if (acc) {
				tags[i] = acc->result_tag;
				stack_objs[i] = acc->kind == ACC_MAKE;
			}
			if (sx_is(b[i].init->car, intern("stack-alloc")) ||
			    sx_is(b[i].init->car, intern("struct-alloc")))
				stack_objs[i] = 1;
		}
		if (b[i].init && b[i].init->kind == SX_SYM) {
			Scope *src = find_local(e, b[i].init->s);
			if (src) {
				tags[i] = src->tag;
				stack_objs[i] = src->stack_obj;
			}
		}
		if (sequential) {
			Scope *s = push_scope(e, b[i].name);
			s->width = w;
			s->tag = tags[i];
			s->stack_obj = stack_objs[i];
			s->addressable = 1;
			scopes[i] = s;
		}
	}
	if (!sequential) {
		/* parallel binding: an init that mentions a name bound earlier in
		 * this let means the outer variable, so evaluate into temporaries */
		int clash = 0;
		for (i = 1; i < n && !clash; i++)
			for (int k = 0; k < i; k++)
				if (mentions(inits[i], b[k].name))
					clash = 1;
		Sx *temps = NULL;
		if (clash) {
			Sx **tail = &temps;
			for (i = 0; i < n; i++) {
				Sx *tmp = sx_sym(e->a, gensym(e, b[i].name), b[i].pos);
				*tail = sx_cons(e->a, list(e, p, 2, tmp, inits[i]), NULL, p);
				tail = &(*tail)->cdr;
				inits[i] = tmp;
			}
			*tail = sx_nil(e->a, p);
		}
		for (i = 0; i < n; i++) {
			Scope *s = push_scope(e, b[i].name);
			s->width = widths[i];
			s->tag = tags[i];
			s->stack_obj = stack_objs[i];
			s->addressable = 1;
			scopes[i] = s;
		}
		Sx *core_body = walk_seq(e, body, p);
		e->scope = saved;
		Sx *r = build_let(e, names, inits, widths, scopes, n, core_body, p);
		if (clash)
			r = list(e, p, 3, sym(e, "let", p), temps, r);
		return r;
	}
	Sx *core_body = walk_seq(e, body, p);
	e->scope = saved;
	return build_let(e, names, inits, widths, scopes, n, core_body, p);
}

static Sx *f_let(Expander *e, Sx *f, int n) { return let_form(e, f, n, 0); }
static Sx *f_letstar(Expander *e, Sx *f, int n) { return let_form(e, f, n, 1); }

static Sx *f_progn(Expander *e, Sx *f, int n)
{
	(void)n;
	return walk_seq(e, f->cdr, f->pos);
}

/* ---- assignment ---- */

static Sx *f_setf(Expander *e, Sx *f, int n)
{
	if (n == 0 || n % 2)
		error_at(f->pos, "%s needs place/value pairs", f->car->s);
	Vec v = {0};
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr->cdr)
		vec_push(e->a, &v, setf_place(e, l->car, l->cdr->car, f->pos));
	return seq(e, &v, f->pos);
}

/* (set NAME value) of a local variable, with its slot and width. */
Sx *set_local(Expander *e, Scope *s, Sx *value, Pos p)
{
	if (cut_when_stored(value, s->width))
		warn_if_cut(value, s->width, p, arena_printf(e->a, "the %s variable %s",
			    width_sym(s->width), name_shown(e->a, s->name)));
	value = cast_to(e, s->width, value, p);
	if (s->slot)
		return list(e, p, 5, sym(e, "store", p), sym(e, width_sym(s->width), p),
			    sx_sym(e->a, s->slot, p), num(e, 0, p), value);
	Sx *set = list(e, p, 3, sym(e, "set", p), sx_sym(e->a, s->name, p), value);
	if (s->addressable)
		vec_push(e->a, &s->uses, set);
	return set;
}

static Sx *f_incf(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, 2);
	return incf_place(e, nth(f, 1), nth(f, 2), f->pos, f->car->s[0] == 'd');
}

/* ---- control ---- */

static Sx *f_if(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 3);
	Pos p = f->pos;
	Sx *test = walk(e, nth(f, 1));
	if (is_int(test))   /* a constant test picks its branch */
		return test->i ? walk(e, nth(f, 2)) : n == 3 ? walk(e, nth(f, 3)) : num(e, 0, p);
	return list(e, p, 4, sym(e, "if", p), test, walk(e, nth(f, 2)),
		    n == 3 ? walk(e, nth(f, 3)) : num(e, 0, p));
}

static Sx *f_return(Expander *e, Sx *f, int n)
{
	need_args(f, n, 0, 1);
	return list(e, f->pos, 2, sym(e, "return", f->pos),
		    n ? walk(e, nth(f, 1)) : num(e, 0, f->pos));
}

/* (dotimes (VAR COUNT) BODY...) with a constant COUNT: (loop VAR COUNT BODY) */
static Sx *f_dotimes(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, -1);
	Pos p = f->pos;
	Sx *spec = nth(f, 1);
	if (spec->kind != SX_CONS || spec->car->kind != SX_SYM || sx_length(spec) != 2)
		error_at(p, "dotimes: expected (VAR COUNT) then the body");
	Sx *count = walk(e, nth(spec, 1));
	if (!is_int(count))
		error_at(p, "dotimes: the bound must be a compile-time constant, not %s",
			 sx_brief(e->a, nth(spec, 1), 40));
	if (count->i < 0)
		error_at(p, "dotimes: the bound must not be negative (%lld)", (long long)count->i);
	Scope *saved = e->scope;
	Scope *s = push_scope(e, spec->car->s);
	s->width = 4;
	Sx *body = walk_seq(e, f->cdr->cdr, p);
	e->scope = saved;
	return list(e, p, 4, sym(e, "loop", p), sx_sym(e->a, spec->car->s, p), count, body);
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

/* (+ P (STRUCT-FIELD P)) where the accessor already returns P+OFFSET:
 * the manual's own example writes this for kernel arrays; say so. */
static void warn_double_base(Expander *e, Sx *f)
{
	Sx *a = sx_nth(f, 1), *b = sx_nth(f, 2);
	if (!a || !b || a->kind != SX_SYM || b->kind != SX_CONS || b->car->kind != SX_SYM)
		return;
	const Accessor *acc = find_accessor(e, b->car->s);
	Sx *arg = sx_nth(b, 1);
	if (acc && (acc->kind == ACC_KERNEL_PTR || acc->kind == ACC_FIELD_PTR) && arg &&
	    sx_is(arg, a->s))
		warn_at(f->pos, "(%s %s) is already the address %s + %lld; adding %s again "
			"gives a different address", b->car->s, a->s, a->s,
			(long long)acc->offset, a->s);
}

static Sx *f_nary(Expander *e, Sx *f, int n)
{
	const char *op = f->car->s;
	if (n == 2 && op[0] == '+')
		warn_double_base(e, f);
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
	need_args(f, n, 1, -1);
	if (n == 1) {
		Sx *a = walk(e, nth(f, 1));
		if (is_int(a))
			return num(e, (int64_t)-(uint64_t)a->i, f->pos);
		return list(e, f->pos, 2, sym(e, "neg", f->pos), a);
	}
	return fold(e, f, "-");
}

static Sx *f_binary(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	return op2(e, f->car->s, walk(e, nth(f, 1)), walk(e, nth(f, 2)), f->pos);
}

/* (ash x n): << for positive constant n, >> (logical) for negative; as
 * in Common Lisp (on 64 bits), 64 places or more shift every bit out */
static Sx *f_ash(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	Sx *a = walk(e, nth(f, 1)), *s = walk(e, nth(f, 2));
	if (!is_int(s))
		error_at(f->pos, "ash: the shift amount must be a constant; use << or >>");
	if (s->i >= 64 || s->i <= -64)
		return instead(e, a, 0, f->pos);
	if (s->i >= 0)
		return op2(e, "<<", a, s, f->pos);
	return op2(e, ">>", a, num(e, -s->i, f->pos), f->pos);
}

static Sx *f_compare(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	return op2(e, f->car->s, walk(e, nth(f, 1)), walk(e, nth(f, 2)), f->pos);
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
	need_args(f, n, 1, 1);
	Sx *a = walk(e, nth(f, 1));
	if (is_int(a))
		return num(e, a->i == 0, f->pos);
	return list(e, f->pos, 2, sym(e, "not", f->pos), a);
}

static Sx *f_cast(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	int w = type_width(e, nth(f, 1), "cast");
	Sx *v = walk(e, nth(f, 2));
	if (w == 8)
		return v;
	if (is_int(v))
		return cast_to(e, w, v, f->pos);
	return list(e, f->pos, 3, sym(e, "cast", f->pos), sym(e, width_sym(w), f->pos), v);
}

/* (u32 x) is (cast u32 x) */
static Sx *f_type_call(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, 1);
	Sx *c = list(e, f->pos, 3, sym(e, "cast", f->pos), f->car, nth(f, 1));
	return f_cast(e, c, 2);
}

static Sx *f_swap(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, 1);
	const char *op = f->car->s;
	int w = strstr(op, "ll") ? 8 : op[strlen(op) - 1] == 's' ? 2 : 4;
	Pos p = f->pos;
	Sx *v = walk(e, nth(f, 1));
	if (is_int(v)) {
		uint64_t x = (uint64_t)v->i, r = 0;
		for (int i = 0; i < w; i++)
			r |= ((x >> (8 * i)) & 0xff) << (8 * (w - 1 - i));
		return num(e, (int64_t)r, p);
	}
	/* on a little-endian target, byte order conversion swaps the low W
	 * bits (notes/semantics.md) */
	return list(e, p, 3, sym(e, "bswap", p), sym(e, width_sym(w), p), v);
}

static Sx *f_load(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 3);
	Pos p = f->pos;
	int w = type_width(e, nth(f, 1), f->car->s);
	return list(e, p, 4, sym(e, "load", p), sym(e, width_sym(w), p), walk(e, nth(f, 2)),
		    n >= 3 ? walk(e, nth(f, 3)) : num(e, 0, p));
}

/* (core-load TYPE PTR OFFSET STRUCT FIELD): a load of FIELD of the
 * kernel struct STRUCT, whose offset the loader relocates; OFFSET is
 * what the program's own reading of the struct says (it must agree with
 * the kernel BTF the program compiles with). Without STRUCT and FIELD, a
 * plain load. */
static Sx *f_core_load(Expander *e, Sx *f, int n)
{
	need_args(f, n, 3, 5);
	Pos p = f->pos;
	if (n == 4)
		error_at(p, "core-load: expected (core-load TYPE PTR OFFSET STRUCT FIELD), "
			 "the struct and its field both");
	if (n == 3) {
		Sx *l = list(e, p, 4, sym(e, "load", p), nth(f, 1), nth(f, 2), nth(f, 3));
		return f_load(e, l, 3);
	}
	Sx *st = nth(f, 4), *fl = nth(f, 5);
	if (st->kind != SX_SYM || fl->kind != SX_SYM)
		error_at(p, "core-load: the struct and field are names, as in "
			 "(core-load u32 task 0 task-struct pid)");
	const KernelField *kf = kernel_field(e, st->s, fl->s, p);
	int64_t off = const_eval(e, nth(f, 3), "a core-load offset");
	if (off != kf->offset)
		error_at(p, "core-load: %s.%s is at byte %lld in the kernel BTF, not %lld",
			 kf->type, kf->member, (long long)kf->offset, (long long)off);
	int w = type_width(e, nth(f, 1), "core-load");
	return list(e, p, 4, sym(e, "load", p), sym(e, width_sym(w), p),
		    op2(e, "+", walk(e, nth(f, 2)), kernel_offset(e, kf, p), p), num(e, 0, p));
}

static Sx *f_store(Expander *e, Sx *f, int n)
{
	need_args(f, n, 4, 4);
	Pos p = f->pos;
	int w = type_width(e, nth(f, 1), "store");
	Sx *ptr = walk(e, nth(f, 2)), *off = walk(e, nth(f, 3)), *v = walk(e, nth(f, 4));
	if (cut_when_stored(v, w))
		warn_if_cut(v, w, p, arena_printf(e->a, "a %s store", width_sym(w)));
	return list(e, p, 5, sym(e, "store", p), sym(e, width_sym(w), p), ptr, off, v);
}

/* (atomic-add PTR OFFSET VALUE [TYPE]); (atomic-add PTR VALUE) adds at 0 */
static Sx *f_atomic_add(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 4);
	Pos p = f->pos;
	int w = n == 4 ? type_width(e, nth(f, 4), "atomic-add") : 8;
	if (w != 4 && w != 8)
		error_at(p, "atomic-add works on u32 or u64, not %s", width_sym(w));
	Sx *off = n == 2 ? num(e, 0, p) : walk(e, nth(f, 2));
	Sx *val = walk(e, nth(f, n == 2 ? 2 : 3));
	if (is_int(off) && off->i % w)
		error_at(p, "atomic-add: offset %lld is not aligned to %d bytes",
			 (long long)off->i, w);
	return list(e, p, 5, sym(e, "atomic-add", p), sym(e, width_sym(w), p),
		    walk(e, nth(f, 1)), off, val);
}

/* The width of a signed type name i8, i16, i32, i64 (the types the manual
 * gives signed tracepoint fields), or 0. */
static int signed_width(const Sx *x)
{
	static const struct { const char *name; int width; } types[] = {
		{"i8", 1}, {"i16", 2}, {"i32", 4}, {"i64", 8},
	};
	for (unsigned i = 0; x->kind == SX_SYM && i < sizeof types / sizeof *types; i++)
		if (!strcmp(x->s, types[i].name))
			return types[i].width;
	return 0;
}

/* (ctx-load TYPE OFFSET): a signed TYPE loads the unsigned width and
 * sign-extends it to 64 bits. */
static Sx *f_ctx_load(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	int sw = signed_width(nth(f, 1));
	int w = sw ? sw : type_width(e, nth(f, 1), f->car->s);
	Sx *off = walk(e, nth(f, 2));
	if (!is_int(off))
		error_at(f->pos, "%s: the offset must be a constant", f->car->s);
	Sx *load = ctx_load(e, w, off->i, f->pos);
	return sw ? sign_extend(e, load, w, f->pos) : load;
}

/* (core-ctx-load TYPE OFFSET STRUCT FIELD) */
static Sx *f_core_ctx_load(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 4);
	return f_ctx_load(e, list(e, f->pos, 3, f->car, nth(f, 1), nth(f, 2)), 2);
}

static Sx *f_ctx_store(Expander *e, Sx *f, int n)
{
	need_args(f, n, 3, 3);
	int w = type_width(e, nth(f, 1), "ctx-store");
	Sx *off = walk(e, nth(f, 2));
	if (!is_int(off))
		error_at(f->pos, "ctx-store: the offset must be a constant");
	check_ctx_range(e, off->i, w, f->pos);
	return list(e, f->pos, 4, sym(e, "ctx-store", f->pos), sym(e, width_sym(w), f->pos),
		    off, walk(e, nth(f, 3)));
}

static Sx *f_ctx_ptr(Expander *e, Sx *f, int n)
{
	need_args(f, n, 0, 0);
	return list(e, f->pos, 1, sym(e, "ctx-ptr", f->pos));
}

static Sx *f_ctx(Expander *e, Sx *f, int n)
{
	(void)n;
	return ctx_form(e, f);
}

/* (stack-alloc N) / (struct-alloc N): an uninitialized stack object */
static Sx *f_stack_alloc(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, 1);
	Sx *size = walk(e, nth(f, 1));
	if (!is_int(size) || size->i <= 0 || size->i > 512)
		error_at(f->pos, "%s: the size must be a constant from 1 to 512", f->car->s);
	return list(e, f->pos, 2, sym(e, "stack-alloc", f->pos), size);
}

/* Move a let variable to a stack slot: the reads and writes of it walked
 * so far become loads and stores (in place: they are already part of the
 * core being built), and later ones are made so by walk_symbol and
 * set_local. build_let, run after the body, stores the initial value. */
static void give_slot(Expander *e, Scope *s)
{
	s->slot = gensym(e, s->name);
	for (int i = 0; i < s->uses.n; i++) {
		Sx *u = s->uses.v[i];
		Pos p = u->pos;
		Sx *w = sym(e, width_sym(s->width), p), *slot = sx_sym(e->a, s->slot, p);
		if (u->kind == SX_SYM)  /* a read: (load W SLOT 0) */
			*u = *list(e, p, 4, sym(e, "load", p), w, slot, num(e, 0, p));
		else                    /* (set NAME v): (store W SLOT 0 v) */
			*u = *list(e, p, 5, sym(e, "store", p), w, slot, num(e, 0, p), sx_nth(u, 2));
	}
	s->uses.n = 0;
}

static Sx *f_stack_addr(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, 1);
	Sx *v = nth(f, 1);
	Scope *s = v->kind == SX_SYM ? find_local(e, v->s) : NULL;
	if (!s)
		error_at(f->pos, "stack-addr needs a variable bound by let, not %s",
			 sx_brief(e->a, v, 30));
	if (!s->addressable)
		error_at(f->pos, "stack-addr of %s: only a variable bound by let or let* "
			 "lives on the stack, and %s is a loop counter", v->s, v->s);
	if (!s->slot)
		give_slot(e, s);
	return sx_sym(e->a, s->slot, f->pos);
}

/* (kernel-load TYPE PTR OFFSET): probe-read-kernel into a stack buffer */
static Sx *f_kernel_load(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 3);
	Pos p = f->pos;
	int w = type_width(e, nth(f, 1), "kernel-load");
	Sx *ptr = walk(e, nth(f, 2));
	return kernel_read(e, w, num(e, w, p), ptr, n == 3 ? walk(e, nth(f, 3)) : num(e, 0, p), p);
}

Sx *kernel_read(Expander *e, int w, Sx *size, Sx *ptr, Sx *off, Pos p)
{
	Sx *buf = sx_sym(e->a, gensym(e, "buf"), p);
	Sx *read = list(e, p, 5, sym(e, "call", p), sym(e, "probe-read-kernel", p), buf,
			size, op2(e, "+", ptr, off, p));
	Sx *load = list(e, p, 4, sym(e, "load", p), sym(e, width_sym(w), p), buf, num(e, 0, p));
	Sx *bind = list(e, p, 1, list(e, p, 2, buf, list(e, p, 2, sym(e, "stack-alloc", p),
							  num(e, 8, p))));
	if (is_int(size))
		return list(e, p, 4, sym(e, "let", p), bind, read, load);
	/* a size the loader relocates may shrink: the bytes it leaves are 0 */
	return list(e, p, 5, sym(e, "let", p), bind,
		    list(e, p, 5, sym(e, "store", p), sym(e, "u64", p), buf, num(e, 0, p),
			 num(e, 0, p)),
		    read, load);
}

static Sx *f_memset(Expander *e, Sx *f, int n) { (void)n; return memset_form(e, f); }
static Sx *f_memcpy(Expander *e, Sx *f, int n) { (void)n; return memcpy_form(e, f); }

static Sx *f_sizeof(Expander *e, Sx *f, int n)
{
	need_args(f, n, 1, 1);
	return num(e, const_eval(e, f, "sizeof"), f->pos);
}

/* (tail-call MAP INDEX): the map must be a :prog-array */
static Sx *f_tail_call(Expander *e, Sx *f, int n)
{
	need_args(f, n, 2, 2);
	Pos p = f->pos;
	MapDecl *m = map_arg(e, nth(f, 1), "tail-call");
	check_helper_map(helper_by_name("tail-call"), m, "tail-call", p);
	return list(e, p, 5, sym(e, "call", p), sym(e, "tail-call", p),
		    list(e, p, 1, sym(e, "ctx-ptr", p)),
		    list(e, p, 2, sym(e, "map-ref", p), sx_sym(e->a, m->c_name, p)),
		    walk(e, nth(f, 2)));
}

/* (asm OPCODE DST SRC OFFSET IMM): one raw instruction */
static Sx *f_asm(Expander *e, Sx *f, int n)
{
	need_args(f, n, 5, 5);
	static const struct { const char *what; int64_t lo, hi; } fields[] = {
		{"opcode", 0, 255}, {"dst register", 0, 10}, {"src register", 0, 10},
		{"offset", -32768, 32767}, {"immediate", -2147483648LL, 4294967295LL},
	};
	Sx *out = sx_nil(e->a, f->pos);
	for (int i = 4; i >= 0; i--) {
		int64_t v = const_eval(e, nth(f, i + 1), "an asm operand");
		if (v < fields[i].lo || v > fields[i].hi)
			error_at(f->pos, "asm: %s %lld is out of range %lld..%lld", fields[i].what,
				 (long long)v, (long long)fields[i].lo, (long long)fields[i].hi);
		out = sx_cons(e->a, num(e, v, f->pos), out, f->pos);
	}
	return sx_cons(e->a, sym(e, "asm", f->pos), out, f->pos);
}

static const struct { const char *name; FormFn fn; } forms[] = {
	{"let", f_let}, {"let*", f_letstar}, {"progn", f_progn},
	{"if", f_if},
	{"return", f_return}, {"setf", f_setf}, {"setq", f_setf},
	{"incf", f_incf}, {"decf", f_incf}, {"dotimes", f_dotimes},
	{"+", f_nary}, {"*", f_nary}, {"logand", f_nary}, {"logior", f_nary},
	{"logxor", f_nary}, {"-", f_minus},
	{"/", f_binary}, {"mod", f_binary}, {"<<", f_binary}, {">>", f_binary},
	{">>>", f_binary}, {"ash", f_ash},
	{"=", f_compare}, {"/=", f_compare}, {"<", f_compare}, {"<=", f_compare},
	{">", f_compare}, {">=", f_compare}, {"s<", f_compare}, {"s<=", f_compare},
	{"s>", f_compare}, {"s>=", f_compare},
	{"and", f_logic}, {"or", f_logic}, {"not", f_not},
	{"cast", f_cast}, {"u8", f_type_call}, {"u16", f_type_call}, {"u32", f_type_call},
	{"u64", f_type_call},
	{"ntohs", f_swap}, {"htons", f_swap}, {"ntohl", f_swap},
	{"htonl", f_swap}, {"ntohll", f_swap}, {"htonll", f_swap},
	{"load", f_load}, {"core-load", f_core_load}, {"store", f_store},
	{"atomic-add", f_atomic_add},
	{"ctx", f_ctx}, {"ctx-load", f_ctx_load}, {"ctx-store", f_ctx_store},
	{"core-ctx-load", f_core_ctx_load}, {"ctx-ptr", f_ctx_ptr},
	{"stack-alloc", f_stack_alloc}, {"struct-alloc", f_stack_alloc},
	{"stack-addr", f_stack_addr}, {"kernel-load", f_kernel_load},
	{"memset", f_memset}, {"memcpy", f_memcpy}, {"sizeof", f_sizeof},
	{"tail-call", f_tail_call}, {"asm", f_asm},
};

static FormFn builtin_form(const char *name)
{
	static SymTab table;
	if (!table.n)
		for (unsigned i = 0; i < sizeof forms / sizeof *forms; i++)
			symtab_put(&table, intern(forms[i].name), (void *)forms[i].fn);
	return (FormFn)symtab_get(&table, name);
}


/* "; did you mean ..." for an unknown form: the builtin forms, the
 * generated accessors, the helpers and the macros are what it could be. */
static const char *form_hint(Expander *e, const char *head)
{
	Suggest s;
	suggest_start(&s, head);
	for (unsigned i = 0; i < sizeof forms / sizeof *forms; i++)
		suggest_offer(&s, forms[i].name);
	suggest_offer_keys(&s, &e->accessors);
	for (int i = 0; helper_at(i); i++)
		suggest_offer(&s, helper_at(i)->name);
	suggest_offer_keys(&s, &e->lisp->macros);
	return suggest_hint(e->a, &s, NULL);
}

/* A helper called by name: arguments in order; a map argument becomes the
 * map's address. */
static Sx *helper_call(Expander *e, Sx *f, const HelperInfo *h, int n)
{
	if (n != h->nargs)
		error_at(f->pos, "helper %s takes %d argument%s, got %d", f->car->s,
			 h->nargs, h->nargs == 1 ? "" : "s", n);
	Pos p = f->pos;
	Sx *args = NULL, **tail = &args;
	int i = 1;
	for (Sx *l = f->cdr; l->kind == SX_CONS; l = l->cdr, i++) {
		Sx *a;
		if (i == h->map_arg) {
			MapDecl *m = map_arg(e, l->car, f->car->s);
			check_helper_map(h, m, f->car->s, p);
			a = list(e, p, 2, sym(e, "map-ref", p), sx_sym(e->a, m->c_name, p));
		} else {
			a = walk(e, l->car);
		}
		*tail = sx_cons(e->a, a, NULL, p);
		tail = &(*tail)->cdr;
	}
	*tail = sx_nil(e->a, p);
	return sx_cons(e->a, sym(e, "call", p), sx_cons(e->a, sym(e, h->name, p), args, p), p);
}

/* "; did you mean ..." for an unknown variable: the locals in scope and
 * the integer constants are the names it could have meant. */
const char *variable_hint(Expander *e, const char *name, const char *written)
{
	Suggest s;
	suggest_start(&s, name);
	for (Scope *l = e->scope; l; l = l->up)
		suggest_offer(&s, l->name);
	const SymTab *vars = &e->lisp->vars;
	for (size_t i = 0; i < vars->cap; i++)
		if (vars->keys[i] && ((Sx *)vars->vals[i])->kind == SX_INT)
			suggest_offer(&s, vars->keys[i]);
	return suggest_hint(e->a, &s, written);
}

static Sx *walk_symbol(Expander *e, Sx *x)
{
	int64_t v;
	Scope *s = find_local(e, x->s);
	if (s) {
		if (s->slot)
			return list(e, x->pos, 4, sym(e, "load", x->pos), sym(e, width_sym(s->width), x->pos),
				    sx_sym(e->a, s->slot, x->pos), num(e, 0, x->pos));
		/* a node of its own: give_slot may turn it into a load */
		Sx *ref = sx_sym(e->a, s->name, x->pos);
		if (s->addressable)
			vec_push(e->a, &s->uses, ref);
		return ref;
	}
	if (x->s == intern("nil"))
		return num(e, 0, x->pos);
	if (x->s == intern("t"))
		return num(e, 1, x->pos);
	if (lookup_constant(e, x->s, &v))
		return num(e, v, x->pos);
	if (lisp_global(e->lisp, x->s))
		error_at(x->pos, "%s is a compile-time value, not an integer a program can use",
			 x->s);
	error_at(x->pos, "unknown variable '%s'%s", sx_written(x),
		 variable_hint(e, x->s, sx_written(x)));
}

Sx *walk(Expander *e, Sx *x)
{
	switch (x->kind) {
	case SX_INT:
		return x;
	case SX_CHAR:
		return num(e, x->i, x->pos);
	case SX_NIL:
		return num(e, 0, x->pos);
	case SX_STR:
		error_at(x->pos, "a string is not a value in a BPF program");
	case SX_FN: {
		static const char *const what[] = {
			[LISP_FUNCTION] = "function", [LISP_VECTOR] = "vector",
			[LISP_RECORD] = "record", [LISP_HANDLE] = "Lisp object",
			[LISP_HASH] = "hash table",
		};
		error_at(x->pos, "a %s is not a value in a BPF program", what[x->fn->type]);
	}
	case SX_SYM:
		return walk_symbol(e, x);
	case SX_CONS:
		break;
	}
	if (x->car->kind != SX_SYM)
		error_at(x->pos, "a form must start with a name, not %s",
			 sx_brief(e->a, x->car, 30));
	int n = sx_length(x) - 1;
	if (n < 0)
		error_at(x->pos, "improper form %s", sx_brief(e->a, x, 40));
	const char *head = x->car->s;
	FormFn fn = builtin_form(head);
	if (fn)
		return fn(e, x, n);
	const Accessor *acc = find_accessor(e, head);
	if (acc)
		return expand_accessor(e, acc, x);
	const HelperInfo *h = helper_by_name(head);
	if (h)
		return helper_call(e, x, h, n);
	Sx *m = lisp_macro(e->lisp, head);
	if (m) {
		Sx *expansion = expand_macro_call(e, m, x);
		Sx *core = walk(e, expansion);
		expansion_done(e);
		return core;
	}
	if (symtab_get(&e->lisp->funs, head))
		error_at(x->pos, "%s is a compile-time function; call it from a macro, "
			 "not from a program", head);
	error_at(x->pos, "unknown form '%s'%s", sx_written(x->car), form_hint(e, head));
}
