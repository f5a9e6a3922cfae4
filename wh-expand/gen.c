/* gen.c: the language-neutral half of header generation: the model read
 * from core declarations, explicit padding, name spellings, and the table
 * of languages. */
#include "gen.h"
#include "layout.h"
#include "names.h"
#include <string.h>

const GenLang gen_langs[] = {
	{"c", ".h", gen_c},
	{"go", "_types.go", gen_go},
	{"rust", "_types.rs", gen_rust},
	{"python", "_types.py", gen_python},
	{"lisp", "_types.lisp", gen_lisp_file},
};
const int gen_nlangs = sizeof gen_langs / sizeof *gen_langs;

const GenLang *gen_find(const char *lang)
{
	for (int i = 0; i < gen_nlangs; i++)
		if (!strcmp(gen_langs[i].lang, lang))
			return &gen_langs[i];
	return NULL;
}

static int64_t int_at(const Sx *x, int n)
{
	Sx *v = sx_nth(x, n);
	if (!v || v->kind != SX_INT)
		error_at(x->pos, "malformed declaration in core input");
	return v->i;
}

static const char *sym_at(const Sx *x, int n)
{
	Sx *v = sx_nth(x, n);
	if (!v || v->kind != SX_SYM)
		error_at(x->pos, "malformed declaration in core input");
	return v->s;
}

static const GenStruct *struct_named(const GenModel *m, const char *name)
{
	for (int i = 0; i < m->structs.n; i++)
		if (!strcmp(((GenStruct *)m->structs.v[i])->name, name))
			return m->structs.v[i];
	return NULL;
}

/* The field's type: a width (u8 .. u64), else a struct declared before. */
static void field_type(const GenModel *m, const Sx *d, GenField *f, const char *w)
{
	static const char *widths[9] = {[1] = "u8", [2] = "u16", [4] = "u32", [8] = "u64"};
	for (int k = 1; k <= 8; k++)
		if (widths[k] && !strcmp(widths[k], w))
			f->width = k;
	if (f->width)
		return;
	f->type = struct_named(m, w);
	if (!f->type)
		error_at(d->pos, "bad field width %s in core input", w);
	f->width = 1;
	f->count = f->type->size;
}

/* (struct NAME :size N :align N (FIELD W OFF [COUNT]) (FIELD S OFF)...) or
 * (union NAME :size N :align N MEMBER...) */
static GenStruct *read_struct(Arena *a, GenModel *m, const Sx *d, int is_union)
{
	GenStruct *s = arena_alloc(a, sizeof *s);
	s->name = sym_at(d, 1);
	s->size = int_at(d, 3);
	s->align = int_at(d, 5);
	s->is_union = is_union;
	int64_t end = 0;
	for (Sx *l = sx_nth(d, 6) ? d->cdr->cdr->cdr->cdr->cdr->cdr : NULL;
	     l && l->kind == SX_CONS; l = l->cdr) {
		GenField *f = arena_alloc(a, sizeof *f);
		if (is_union) {
			if (l->car->kind != SX_SYM)
				error_at(d->pos, "malformed union member in core input");
			f->name = l->car->s;
			const GenStruct *ms = struct_named(m, f->name);
			f->count = ms ? ms->size : 0;
			f->width = 1;
			if (!f->count)
				error_at(d->pos, "union %s: member %s is not a struct declared before it",
					 s->name, f->name);
		} else {
			int len = sx_length(l->car);
			if (len != 3 && len != 4)
				error_at(d->pos, "malformed struct field in core input");
			f->name = sym_at(l->car, 0);
			field_type(m, d, f, sym_at(l->car, 1));
			f->offset = int_at(l->car, 2);
			if (len == 4 && f->type)
				error_at(d->pos, "field %s of %s: an embedded struct has no count in "
					 "core input", f->name, s->name);
			if (len == 4)
				f->count = int_at(l->car, 3);
			if (f->offset < end || f->offset > INT32_MAX ||
			    f->offset % gen_field_align(f) || f->count < 0 || f->count > INT32_MAX)
				error_at(d->pos, "field %s of %s is misplaced in core input", f->name,
					 s->name);
			end = f->offset + f->width * (f->count ? f->count : 1);
		}
		vec_push(a, &s->fields, f);
	}
	if (s->align < 1 || s->align > 4096 || s->size < end || s->size > INT32_MAX ||
	    s->size % s->align)
		error_at(d->pos, "struct %s has a bad size or alignment in core input", s->name);
	return s;
}

GenModel *gen_model(Arena *a, const SxFile *core, const char *base, const char *prefix)
{
	GenModel *m = arena_alloc(a, sizeof *m);
	m->a = a;
	m->source = core->file ? core->file : diag_file;
	m->base = base;
	m->prefix = prefix;
	for (int i = 0; i < core->forms.n; i++) {
		Sx *d = core->forms.v[i];
		if (d->kind != SX_CONS || d->car->kind != SX_SYM)
			continue;
		const char *h = d->car->s;
		if (!strcmp(h, "struct") || !strcmp(h, "union")) {
			vec_push(a, &m->structs, read_struct(a, m, d, h[0] == 'u'));
		} else if (!strcmp(h, "constant")) {
			GenConst *c = arena_alloc(a, sizeof *c);
			c->name = sym_at(d, 1);
			c->value = int_at(d, 2);
			vec_push(a, &m->consts, c);
		}
	}
	return m;
}

int64_t gen_field_align(const GenField *f)
{
	return f->type ? f->type->align : f->width;
}

static GenField *pad_field(Arena *a, int *n, int64_t off, int64_t bytes)
{
	GenField *p = arena_alloc(a, sizeof *p);
	p->name = arena_printf(a, "_pad%d", (*n)++);
	p->width = 1;
	p->offset = off;
	p->count = bytes;
	p->pad = 1;
	return p;
}

Vec gen_layout(Arena *a, const GenStruct *s, int every_gap)
{
	Vec out = {0};
	if (s->is_union) {
		for (int i = 0; i < s->fields.n; i++)
			vec_push(a, &out, s->fields.v[i]);
		return out;
	}
	Layout natural = layout_begin(0);      /* where the language puts each field */
	int npad = 0;
	for (int i = 0; i < s->fields.n; i++) {
		GenField *f = s->fields.v[i];
		int64_t end = natural.end;
		LayoutType t = {.size = f->width * (f->count ? f->count : 1),
				.align = gen_field_align(f)};
		if (layout_add(&natural, t) != f->offset || (every_gap && f->offset > end))
			vec_push(a, &out, pad_field(a, &npad, end, f->offset - end));
		vec_push(a, &out, f);
		natural.end = f->offset + t.size;
	}
	if (s->size != layout_size(&natural) || (every_gap && s->size > natural.end))
		vec_push(a, &out, pad_field(a, &npad, natural.end, s->size - natural.end));
	return out;
}

static const char *in_namespace(const GenModel *m, const char *name)
{
	return *m->prefix ? arena_printf(m->a, "%s-%s", m->prefix, name) : name;
}

const char *gen_type_name(const GenModel *m, const char *name, NameStyle style)
{
	return name_respell(m->a, in_namespace(m, name), style);
}

const char *gen_const_name(const GenModel *m, const char *name)
{
	return name_respell(m->a, in_namespace(m, name), NAME_UPPER);
}

const char *gen_snake(Arena *a, const char *name) { return name_respell(a, name, NAME_SNAKE); }
const char *gen_camel(Arena *a, const char *name) { return name_respell(a, name, NAME_CAMEL); }
const char *gen_lisp(Arena *a, const char *name) { return name_respell(a, name, NAME_KEBAB); }
const char *gen_const(Arena *a, const char *name) { return name_respell(a, name, NAME_UPPER); }
