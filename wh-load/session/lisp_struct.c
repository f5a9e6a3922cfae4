/* lisp_struct.c: the userspace side of defstruct in sessions. The layout
 * is C's natural alignment by the compiler's own rule (shared/layout.c;
 * fields u8 u16 u32 u64, i8 .. i64, (array TYPE N), an earlier defstruct); the
 * record type NAME-record and make-NAME-record, NAME-record-FIELD (with
 * setf), NAME-record-p, decode-NAME and encode-NAME are defined as Lisp
 * over the generic %struct-decode, %struct-encode and record slots. */
#include "session.h"
#include "layout.h"
#include <stdio.h>
#include <string.h>

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

typedef struct SDef SDef;
typedef struct {
	const char *name;       /* interned */
	int width;              /* scalar or element bytes; 0 for a nested struct */
	int is_signed;
	int count;              /* array length, 0 for a scalar */
	const SDef *nested;     /* embedded defstruct */
	int offset;
} SField;

struct SDef {
	const char *name;       /* interned */
	const char *record;     /* NAME-record, interned */
	SField *fields;
	const char **slots;
	int nfields, size, align;
};

static SymTab structs;          /* name -> SDef* */

static const SDef *find(const char *name) { return symtab_get(&structs, name); }

int session_struct_size(const char *name)
{
	const SDef *d = find(name);
	return d ? d->size : -1;
}

static int scalar(const char *t, int *is_signed)
{
	static const struct { const char *name; int width, is_signed; } types[] = {
		{"u8", 1, 0}, {"u16", 2, 0}, {"u32", 4, 0}, {"u64", 8, 0},
		{"i8", 1, 1}, {"i16", 2, 1}, {"i32", 4, 1}, {"i64", 8, 1},
		{"s8", 1, 1}, {"s16", 2, 1}, {"s32", 4, 1}, {"s64", 8, 1},
		{"char", 1, 0},
	};
	for (unsigned i = 0; i < sizeof types / sizeof *types; i++)
		if (!strcmp(types[i].name, t)) {
			*is_signed = types[i].is_signed;
			return types[i].width;
		}
	return 0;
}

/* A field's type into f; returns what the field takes. */
static LayoutType field_type(Lisp *L, Sx *t, SField *f)
{
	if (t->kind == SX_SYM && scalar(t->s, &f->is_signed)) {
		f->width = scalar(t->s, &f->is_signed);
		return layout_scalar(f->width, 0);
	}
	if (t->kind == SX_CONS && sx_is(t->car, intern("array")) && sx_length(t) == 3 &&
	    sx_nth(t, 1)->kind == SX_SYM && scalar(sx_nth(t, 1)->s, &f->is_signed)) {
		f->width = scalar(sx_nth(t, 1)->s, &f->is_signed);
		int64_t c = lisp_get_int(L, lisp_eval(L, sx_nth(t, 2)), t->pos, "array length");
		if (c < 1 || c > LAYOUT_MAX_COUNT)
			lisp_error(L, t->pos, "array length %lld is out of range 1..%d",
				   (long long)c, LAYOUT_MAX_COUNT);
		f->count = (int)c;
		return layout_scalar(f->width, f->count);
	}
	if (t->kind == SX_SYM && find(t->s)) {
		f->nested = find(t->s);
		return (LayoutType){.size = f->nested->size, .align = f->nested->align};
	}
	lisp_error(L, t->pos, "unknown field type %s (u8, u16, u32, u64, (array TYPE N) or "
		   "a defstruct name)", lisp_brief(L, t, 30));
}

static Sx *zero_of(Lisp *L, const SField *f);

static Sx *decode(Lisp *L, const SDef *d, const unsigned char *data, size_t len, Pos p);

static Sx *decode_scalar(Lisp *L, const SField *f, const unsigned char *at)
{
	uint64_t v = get_le(at, (size_t)f->width);
	if (f->is_signed && f->width < 8 && (v >> (f->width * 8 - 1)) & 1)
		v |= ~(uint64_t)0 << (f->width * 8);
	return lisp_int(L, (int64_t)v);
}

static Sx *decode(Lisp *L, const SDef *d, const unsigned char *data, size_t len, Pos p)
{
	if (len < (size_t)d->size)
		lisp_error(L, p, "decode-%s: %zu bytes, the struct needs %d", d->name, len,
			   d->size);
	Sx **vals = arena_alloc(L->a, sizeof *vals * (size_t)(d->nfields ? d->nfields : 1));
	for (int i = 0; i < d->nfields; i++) {
		const SField *f = &d->fields[i];
		const unsigned char *at = data + f->offset;
		if (f->nested) {
			vals[i] = decode(L, f->nested, at, (size_t)f->nested->size, p);
		} else if (f->count) {
			Sx *v = lisp_vector(L, f->count, NULL);
			for (int k = 0; k < f->count; k++)
				v->fn->items[k] = decode_scalar(L, f, at + k * f->width);
			vals[i] = v;
		} else {
			vals[i] = decode_scalar(L, f, at);
		}
	}
	return lisp_record(L, d->record, d->slots, vals, d->nfields);
}

static LispFn *need_record(Lisp *L, const SDef *d, Sx *r, Pos p, const char *who)
{
	LispFn *f = lisp_object(r, LISP_RECORD);
	if (!f || f->name != d->record)
		lisp_error(L, p, "%s: expected a %s, got %s", who, d->record,
			   lisp_brief(L, r, 30));
	return f;
}

static void encode(Lisp *L, const SDef *d, Sx *r, unsigned char *out, Pos p)
{
	LispFn *rf = need_record(L, d, r, p, "encode");
	for (int i = 0; i < d->nfields; i++) {
		const SField *f = &d->fields[i];
		unsigned char *at = out + f->offset;
		Sx *v = rf->items[i];
		if (f->nested) {
			encode(L, f->nested, v, at, p);
		} else if (f->count) {
			LispFn *vf = lisp_object(v, LISP_VECTOR);
			if (!vf && v->kind != SX_STR)
				lisp_error(L, p, "encode-%s: field %s wants a vector", d->name,
					   f->name);
			int have = vf ? vf->nitems : (int)v->len;
			for (int k = 0; k < f->count && k < have; k++) {
				uint64_t e = vf ? (uint64_t)lisp_get_int(L, lisp_vec_ref(L, vf, k), p,
									 "encode")
						: (unsigned char)v->s[k];
				put_le(at + k * f->width, (size_t)f->width, e);
			}
		} else {
			put_le(at, (size_t)f->width, (uint64_t)lisp_get_int(L, v, p, "encode"));
		}
	}
}

Sx *struct_encode(Lisp *L, const char *name, Sx *record, Pos p)
{
	const SDef *d = find(name);
	if (!d)
		lisp_error(L, p, "%s is not a defstruct name", name);
	unsigned char *buf = arena_alloc(L->a, (size_t)d->size + 1);
	encode(L, d, record, buf, p);
	return lisp_bytes(L, buf, (size_t)d->size);
}

Sx *struct_decode(Lisp *L, const char *name, const unsigned char *data, size_t len, Pos p)
{
	const SDef *d = find(name);
	if (!d)
		lisp_error(L, p, "%s is not a defstruct name", name);
	return decode(L, d, data, len, p);
}

static Sx *zero_of(Lisp *L, const SField *f)
{
	if (f->nested) {
		unsigned char *z = arena_alloc(L->a, (size_t)f->nested->size + 1);
		return decode(L, f->nested, z, (size_t)f->nested->size, (Pos){0, 0});
	}
	return f->count ? lisp_vector(L, f->count, lisp_int(L, 0)) : lisp_int(L, 0);
}

static const SDef *need_struct(Lisp *L, Sx *x, Pos p)
{
	const SDef *d = x->kind == SX_SYM ? find(x->s) : NULL;
	if (!d)
		lisp_error(L, p, "%s is not a defstruct name", lisp_brief(L, x, 30));
	return d;
}

/* (%struct-decode 'name bytes offset) */
B(b_struct_decode)
{
	const SDef *d = need_struct(L, a[0], p);
	int64_t off = n > 2 ? lisp_get_int(L, a[2], p, "decode") : 0;
	LispFn *f = lisp_object(a[1], LISP_VECTOR);
	size_t len = f ? (size_t)f->nitems : a[1]->kind == SX_STR ? a[1]->len : 0;
	if (off < 0 || (size_t)off > len)
		lisp_error(L, p, "decode-%s: offset %lld out of range", d->name, (long long)off);
	unsigned char *buf = arena_alloc(L->a, len + 1);
	lisp_get_bytes(L, a[1], buf, len, p, "decode");
	return decode(L, d, buf + off, len - (size_t)off, p);
}

B(b_struct_encode) { return struct_encode(L, need_struct(L, a[0], p)->name, a[1], p); }

/* (%make-record 'name :field v ...) */
B(b_make_record)
{
	const SDef *d = need_struct(L, a[0], p);
	Sx **vals = arena_alloc(L->a, sizeof *vals * (size_t)(d->nfields ? d->nfields : 1));
	for (int i = 0; i < d->nfields; i++)
		vals[i] = zero_of(L, &d->fields[i]);
	for (int i = 1; i + 1 < n; i += 2) {
		int k;
		for (k = 0; k < d->nfields; k++)
			if (a[i]->kind == SX_SYM && a[i]->s[0] == ':' &&
			    !strcmp(a[i]->s + 1, d->fields[k].name))
				break;
		if (k == d->nfields)
			lisp_error(L, p, "make-%s: no field %s", d->record, lisp_brief(L, a[i], 30));
		vals[k] = a[i + 1];
	}
	if ((n - 1) % 2)
		lisp_error(L, p, "make-%s: odd number of keyword arguments", d->record);
	return lisp_record(L, d->record, d->slots, vals, d->nfields);
}

/* (%record-slot 'name record i) and (%set-record-slot 'name record i v) */
B(b_record_slot)
{
	const SDef *d = need_struct(L, a[0], p);
	return need_record(L, d, a[1], p, "record accessor")->items[a[2]->i];
}

B(b_set_record_slot)
{
	const SDef *d = need_struct(L, a[0], p);
	need_record(L, d, a[1], p, "setf record accessor")->items[a[2]->i] = a[3];
	return a[3];
}

B(b_record_p)
{
	const SDef *d = need_struct(L, a[0], p);
	LispFn *f = lisp_object(a[1], LISP_RECORD);
	return lisp_bool(L, f && f->name == d->record);
}

/* (defstruct name (field type)...): the layout and the Lisp functions. */
static Sx *sf_defstruct(Lisp *L, Sx *form, LispEnv *env)
{
	(void)env;
	Sx *name = sx_nth(form, 1);
	if (!name || name->kind != SX_SYM)
		lisp_error(L, form->pos, "defstruct: expected a name");
	int nf = sx_length(form) - 2;
	if (nf < 1)
		lisp_error(L, form->pos, "defstruct %s: no fields", name->s);
	SDef *d = arena_alloc(L->a, sizeof *d);
	d->name = name->s;
	d->record = intern(arena_printf(L->a, "%s-record", name->s));
	d->fields = arena_alloc(L->a, sizeof *d->fields * (size_t)nf);
	d->slots = arena_alloc(L->a, sizeof *d->slots * (size_t)nf);
	Layout lay = layout_begin(0);
	for (Sx *l = form->cdr->cdr; l->kind == SX_CONS; l = l->cdr) {
		Sx *fd = l->car;
		if (fd->kind != SX_CONS || fd->car->kind != SX_SYM || sx_length(fd) < 2)
			lisp_error(L, form->pos, "defstruct %s: a field is (NAME TYPE), not %s",
				   name->s, lisp_brief(L, fd, 30));
		SField *f = &d->fields[d->nfields];
		f->name = fd->car->s;
		f->offset = (int)layout_add(&lay, field_type(L, sx_nth(fd, 1), f));
		d->slots[d->nfields++] = f->name;
	}
	d->align = (int)lay.align;
	d->size = (int)layout_size(&lay);
	symtab_put(&structs, d->name, d);
	/* the named functions, as Lisp */
	const char *s = d->name;
	Buf b = {0};
	buf_printf(&b, "(defun make-%s-record (&rest args) (apply #'%%make-record '%s args))\n",
		   s, s);
	buf_printf(&b, "(defun decode-%s (bytes &optional (offset 0)) "
		   "(%%struct-decode '%s bytes offset))\n", s, s);
	buf_printf(&b, "(defun encode-%s (record) (%%struct-encode '%s record))\n", s, s);
	buf_printf(&b, "(defun %s-record-p (x) (%%record-p '%s x))\n", s, s);
	for (int i = 0; i < d->nfields; i++) {
		buf_printf(&b, "(defun %s-record-%s (r) (%%record-slot '%s r %d))\n", s,
			   d->fields[i].name, s, i);
		buf_printf(&b, "(defsetf %s-record-%s (r) (v) (list '%%set-record-slot ''%s r %d v))\n",
			   s, d->fields[i].name, s, i);
	}
	buf_putc(&b, '\0');
	lisp_load_string(L, b.data);
	buf_free(&b);
	return name;
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"%struct-decode", b_struct_decode, 2, 3}, {"%struct-encode", b_struct_encode, 2, 2},
	{"%make-record", b_make_record, 1, -1}, {"%record-slot", b_record_slot, 3, 3},
	{"%set-record-slot", b_set_record_slot, 4, 4}, {"%record-p", b_record_p, 2, 2},
};

void session_free_structs(void)
{
	symtab_free(&structs);
}

void session_install_struct(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
	lisp_defspecial(L, "defstruct", sf_defstruct);
}
