/* structs.c: defstruct and defunion (C layout, the generated make-NAME,
 * NAME-FIELD, NAME-FIELD-PTR forms, sizeof, and the core (struct ...)
 * declaration), the types a defmap's keys and values may have, and
 * defheader (protocol header accessors). */
#include "expand.h"
#include "suggest.h"
#include "layout.h"
#include <string.h>

StructDecl *find_struct(Expander *e, const char *name)
{
	return symtab_get(&e->structs, name);
}

static const char *join(Expander *e, const char *a, const char *b)
{
	return intern(arena_printf(e->a, "%s-%s", a, b));
}

/* A field type: u8..u64, (array TYPE N), or a defstruct name (embedded:
 * its bytes, aligned to the struct's alignment). Returns what the field
 * takes. */
static LayoutType field_type(Expander *e, Sx *t, StructField *f)
{
	if (t->kind == SX_SYM && width_from_name(t->s)) {
		f->width = width_from_name(t->s);
		return layout_scalar(f->width, 0);
	}
	if (t->kind == SX_CONS && sx_is(t->car, intern("array")) && sx_length(t) == 3) {
		Sx *et = sx_nth(t, 1);
		if (et->kind != SX_SYM || !width_from_name(et->s))
			error_at(t->pos, "array fields hold u8, u16, u32 or u64, not %s",
				 sx_brief(e->a, et, 30));
		f->width = width_from_name(et->s);
		f->count = const_eval(e, sx_nth(t, 2), "an array length");
		if (f->count <= 0 || f->count > LAYOUT_MAX_COUNT)
			error_at(t->pos, "array length %lld is out of range 1..%d",
				 (long long)f->count, LAYOUT_MAX_COUNT);
		return layout_scalar(f->width, f->count);
	}
	if (t->kind == SX_SYM && find_struct(e, t->s)) {
		StructDecl *s = find_struct(e, t->s);
		f->width = 1;
		f->count = s->size;
		f->nested = s->name;
		return (LayoutType){.size = s->size, .align = s->align};
	}
	error_at(t->pos, "unknown field type %s (u8, u16, u32, u64, (array TYPE N) or a "
		 "defstruct name)", sx_brief(e->a, t, 30));
}

Sx *map_type_core(Expander *e, Sx *t, const char *what, int64_t *size, MapTypeKind *kind)
{
	Sx *elem = t;
	int64_t count = 0;
	if (t->kind == SX_CONS && sx_is(t->car, intern("array"))) {
		if (sx_length(t) != 3)
			error_at(t->pos, "%s: expected (array TYPE N), got %s", what,
				 sx_brief(e->a, t, 40));
		elem = sx_nth(t, 1);
		count = const_eval(e, sx_nth(t, 2), "an array length");
		if (count <= 0 || count > LAYOUT_MAX_COUNT)
			error_at(t->pos, "%s: array length %lld is out of range 1..%d", what,
				 (long long)count, LAYOUT_MAX_COUNT);
	}
	int is_signed;
	int64_t bytes = elem->kind == SX_SYM ? scalar_type_width(elem->s, &is_signed) : 0;
	StructDecl *st = elem->kind == SX_SYM && !bytes ? find_struct(e, elem->s) : NULL;
	if (!bytes && !st)
		error_at(elem->pos, "%s: unknown type %s (u8 .. u64, i8 .. i64, a defstruct "
			 "or defunion name, or (array TYPE N) of those)", what,
			 sx_brief(e->a, elem, 30));
	*kind = count ? MAPTYPE_ARRAY : st ? MAPTYPE_STRUCT : MAPTYPE_INT;
	*size = (st ? st->size : bytes) * (count ? count : 1);
	Sx *name = sx_sym(e->a, st ? c_identifier(e, st->name) : elem->s, t->pos);
	return count ? list(e, t->pos, 3, sym(e, "array", t->pos), name, num(e, count, t->pos))
		     : name;
}

static Sx *struct_decl(Expander *e, StructDecl *s, Pos p)
{
	Sx *fields = sx_nil(e->a, p);
	for (int i = s->fields.n - 1; i >= 0; i--) {
		StructField *f = s->fields.v[i];
		if (s->is_union) {     /* members: the struct names */
			fields = sx_cons(e->a, sx_sym(e->a, c_identifier(e, f->name), p), fields, p);
			continue;
		}
		Sx *fn = sx_sym(e->a, f->name, p), *off = num(e, f->offset, p);
		Sx *fl = f->nested ?
			list(e, p, 3, fn, sx_sym(e->a, c_identifier(e, f->nested), p), off) :
			f->count ?
			list(e, p, 4, fn, sym(e, width_sym(f->width), p), off, num(e, f->count, p)) :
			list(e, p, 3, fn, sym(e, width_sym(f->width), p), off);
		fields = sx_cons(e->a, fl, fields, p);
	}
	Sx *head = list(e, p, 6, sym(e, s->is_union ? "union" : "struct", p),
			sx_sym(e->a, c_identifier(e, s->name), p), sym(e, ":size", p),
			num(e, s->size, p), sym(e, ":align", p), num(e, s->align, p));
	Sx *t = head;
	while (t->cdr->kind == SX_CONS)
		t = t->cdr;
	t->cdr = fields;
	return head;
}

static void define_struct_forms(Expander *e, StructDecl *s, Pos p)
{
	Accessor mk = {.name = intern(arena_printf(e->a, "make-%s", s->name)),
		       .kind = ACC_MAKE, .size = s->size, .pos = p};
	define_accessor(e, &mk);
	if (s->is_union)        /* members keep their own accessors */
		return;
	for (int i = 0; i < s->fields.n; i++) {
		StructField *f = s->fields.v[i];
		Accessor get = {.name = join(e, s->name, f->name), .kind = ACC_FIELD,
				.width = f->width, .offset = f->offset, .count = f->count, .pos = p};
		define_accessor(e, &get);
		Accessor ptr = {.name = join(e, join(e, s->name, f->name), "ptr"),
				.kind = ACC_FIELD_PTR, .offset = f->offset, .pos = p};
		define_accessor(e, &ptr);
	}
}

/* (defstruct NAME (FIELD TYPE)...) and (defunion NAME MEMBER-STRUCT...) */
void expand_defstruct(Expander *e, Sx *form, int is_union)
{
	Sx *name = sx_nth(form, 1);
	const char *what = is_union ? "defunion" : "defstruct";
	if (!name || name->kind != SX_SYM || name->s[0] == ':')
		error_at(form->pos, "%s needs a name", what);
	if (find_struct(e, name->s))
		error_at(form->pos, "%s %s is defined twice", what, name->s);
	StructDecl *s = arena_alloc(e->a, sizeof *s);
	s->name = name->s;
	s->is_union = is_union;
	s->pos = form->pos;
	Layout lay = layout_begin(is_union);
	for (Sx *l = form->cdr->cdr; l->kind == SX_CONS; l = l->cdr) {
		Sx *fx = l->car;
		if (is_union) {
			/* members are struct names; all at offset 0 */
			StructDecl *m = fx->kind == SX_SYM ? find_struct(e, fx->s) : NULL;
			if (!m)
				error_at(form->pos, "defunion %s: %s is not a defstruct", name->s,
					 sx_brief(e->a, fx, 30));
			StructField *mf = arena_alloc(e->a, sizeof *mf);
			mf->name = m->name;
			mf->width = 1;
			mf->count = m->size;
			mf->offset = layout_add(&lay, (LayoutType){.size = m->size, .align = m->align});
			vec_push(e->a, &s->fields, mf);
			continue;
		}
		if (fx->kind == SX_STR)     /* a docstring */
			continue;
		if (fx->kind != SX_CONS || sx_length(fx) != 2 || fx->car->kind != SX_SYM)
			error_at(fx->pos.line ? fx->pos : form->pos,
				 "defstruct %s: a field is (NAME TYPE), not %s", name->s,
				 sx_brief(e->a, fx, 40));
		for (int i = 0; i < s->fields.n; i++)
			if (((StructField *)s->fields.v[i])->name == fx->car->s)
				error_at(fx->pos, "defstruct %s: field %s appears twice", name->s,
					 fx->car->s);
		StructField *f = arena_alloc(e->a, sizeof *f);
		f->name = fx->car->s;
		f->offset = layout_add(&lay, field_type(e, sx_nth(fx, 1), f));
		vec_push(e->a, &s->fields, f);
	}
	if (!is_union && !s->fields.n)
		error_at(form->pos, "defstruct %s has no fields", name->s);
	s->align = lay.align;
	s->size = layout_size(&lay);
	if (!s->size)
		error_at(form->pos, "%s %s is empty", what, name->s);
	symtab_put(&e->structs, s->name, s);
	define_struct_forms(e, s, form->pos);
	if (form->pos.line)
		vec_push(e->a, &e->out, struct_decl(e, s, form->pos));
}

/* (defheader NAME (FIELD :offset N :type uW [:net-order t])...) */
/* "; did you mean ':offset'?" for an unknown defheader field option. */
static const char *option_hint(Expander *e, const char *key)
{
	static const char *const options[] = {":offset", ":type", ":net-order"};
	Suggest s;
	suggest_start(&s, key);
	for (unsigned i = 0; i < sizeof options / sizeof *options; i++)
		suggest_offer(&s, options[i]);
	return suggest_hint(e->a, &s, NULL);
}

void expand_defheader(Expander *e, Sx *form)
{
	Sx *name = sx_nth(form, 1);
	if (!name || name->kind != SX_SYM)
		error_at(form->pos, "defheader needs a name");
	for (Sx *l = form->cdr->cdr; l->kind == SX_CONS; l = l->cdr) {
		Sx *fx = l->car;
		Pos p = fx->pos.line ? fx->pos : form->pos;
		if (fx->kind != SX_CONS || fx->car->kind != SX_SYM)
			error_at(p, "defheader %s: a field is (NAME :offset N :type TYPE)", name->s);
		Accessor acc = {.name = join(e, name->s, fx->car->s), .kind = ACC_HEADER,
				.offset = -1, .pos = p};
		for (Sx *k = fx->cdr; k->kind == SX_CONS; k = k->cdr->cdr) {
			if (k->cdr->kind != SX_CONS || k->car->kind != SX_SYM)
				error_at(p, "defheader %s: bad options for %s", name->s, fx->car->s);
			const char *key = k->car->s;
			Sx *v = k->cdr->car;
			if (!strcmp(key, ":offset"))
				acc.offset = const_eval(e, v, ":offset");
			else if (!strcmp(key, ":type"))
				acc.width = v->kind == SX_SYM ? width_from_name(v->s) : 0;
			else if (!strcmp(key, ":net-order"))
				acc.net_order = !sx_is(v, intern("nil")) && v->kind != SX_NIL;
			else
				error_at(k->car->pos, "defheader %s: unknown option %s%s", name->s,
					 sx_written(k->car), option_hint(e, key));
		}
		if (acc.offset < 0 || !acc.width)
			error_at(p, "defheader %s: field %s needs :offset and :type (u8 u16 u32 u64)",
				 name->s, fx->car->s);
		define_accessor(e, &acc);
	}
}
