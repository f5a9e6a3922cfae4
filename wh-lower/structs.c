/* structs.c: core's (struct ...) and (union ...) declarations as the
 * unit's .struct/.union directives, which the later phases carry to wh-elf
 * for the object's BTF (an embedded struct as a member of its type). Names are respelled as C identifiers the way the
 * C header generator spells them (src-addr -> src_addr), so that BTF and
 * the generated headers agree. */
#include "lower.h"
#include "names.h"
#include <string.h>

static uint32_t field_int(Sx *x, Pos at, const char *what)
{
	if (!x || x->kind != SX_INT || x->i < 0 || x->i > 0xfffffffLL)
		error_at(at, "core struct: expected %s (an integer in range)", what);
	return (uint32_t)x->i;
}

/* One FIELD of a struct: (NAME W OFFSET [COUNT]), or (NAME S OFFSET) for
 * an embedded struct or union S declared before (in au). */
static AsmMember *field(Arena *a, const AsmUnit *au, Sx *f, Pos at)
{
	int n = f->kind == SX_CONS ? sx_length(f) : 0;
	Sx *name = n ? f->car : NULL, *w = sx_nth(f, 1);
	if ((n != 3 && n != 4) || name->kind != SX_SYM || w->kind != SX_SYM)
		error_at(at, "core struct: expected a field (NAME u8|u16|u32|u64|STRUCT OFFSET "
			 "[COUNT])");
	AsmMember *m = arena_alloc(a, sizeof *m);
	m->name = name_respell(a, name->s, NAME_SNAKE);
	m->type = w->s;
	if (!width_from_name(w->s)) {
		m->type = name_respell(a, w->s, NAME_SNAKE);
		if (!asm_struct(au, m->type))
			error_at(at, "core struct: field '%s' has type '%s', neither u8, u16, u32, "
				 "u64 nor a struct declared before", name->s, w->s);
		if (n == 4)
			error_at(at, "core struct: field '%s' of struct type '%s' has a count",
				 name->s, w->s);
	}
	m->offset = field_int(sx_nth(f, 2), at, "a field offset");
	if (n == 4) {
		m->count = field_int(sx_nth(f, 3), at, "an array length");
		if (!m->count)
			error_at(at, "core struct: field '%s' has 0 elements", name->s);
	}
	return m;
}

void lower_struct(Arena *a, IrUnit *u, Sx *form)
{
	Pos at = form->pos;
	int is_union = !strcmp(form->car->s, "union");
	Sx *name = sx_nth(form, 1), *k1 = sx_nth(form, 2), *k2 = sx_nth(form, 4);
	if (!name || name->kind != SX_SYM || !k1 || k1->kind != SX_SYM ||
	    strcmp(k1->s, ":size") || !k2 || k2->kind != SX_SYM || strcmp(k2->s, ":align"))
		error_at(at, "core %s: expected (%s NAME :size N :align N ...)",
			 form->car->s, form->car->s);
	AsmStruct *st = arena_alloc(a, sizeof *st);
	st->name = name_respell(a, name->s, NAME_SNAKE);
	st->is_union = is_union;
	st->size = field_int(sx_nth(form, 3), at, "a size");
	st->align = field_int(sx_nth(form, 5), at, "an alignment");
	if (st->align == 0 || st->align > 8 || (st->align & (st->align - 1)))
		error_at(at, "core %s %s: alignment %u is not 1, 2, 4 or 8",
			 form->car->s, name->s, st->align);
	st->pos = at;
	AsmUnit au = {.structs = u->structs};
	if (asm_struct(&au, st->name))
		error_at(at, "core %s: '%s' is declared twice (C spelling '%s')",
			 form->car->s, name->s, st->name);
	Sx *l = form;
	for (int i = 0; i < 6; i++)     /* the fields follow :align N */
		l = l->cdr;
	for (; l->kind == SX_CONS; l = l->cdr) {
		AsmMember *m;
		if (is_union) {         /* a member: a struct, named after it */
			if (l->car->kind != SX_SYM)
				error_at(at, "core union: expected a struct name");
			m = arena_alloc(a, sizeof *m);
			m->name = m->type = name_respell(a, l->car->s, NAME_SNAKE);
			if (!asm_struct(&au, m->type))
				error_at(at, "core union %s: no struct '%s' declared before it",
					 name->s, l->car->s);
		} else {
			m = field(a, &au, l->car, at);
		}
		for (int i = 0; i < st->members.n; i++)
			if (!strcmp(((AsmMember *)st->members.v[i])->name, m->name))
				error_at(at, "core %s %s: two members are spelled '%s' in C",
					 form->car->s, name->s, m->name);
		uint64_t end = m->offset +
			(uint64_t)asm_member_width(&au, m) * (m->count ? m->count : 1);
		if (end > st->size)
			error_at(at, "core %s %s: member '%s' ends past its size %u",
				 form->car->s, name->s, m->name, st->size);
		vec_push(a, &st->members, m);
	}
	vec_push(a, &u->structs, st);
}

/* (kstruct NAME :size N :union 0|1 (MEMBER OFFSET "TYPE")...): a kernel
 * struct as the program reads it, written as the .kstruct/.kunion and
 * .kmember lines the shared parser checks (docs/formats.md). */
void lower_kstruct(Arena *a, IrUnit *u, Sx *form)
{
	Pos at = form->pos;
	Sx *name = sx_nth(form, 1), *k1 = sx_nth(form, 2), *k2 = sx_nth(form, 4);
	Sx *size = sx_nth(form, 3), *un = sx_nth(form, 5);
	if (!name || name->kind != SX_SYM || !k1 || k1->kind != SX_SYM ||
	    strcmp(k1->s, ":size") || !k2 || k2->kind != SX_SYM || strcmp(k2->s, ":union") ||
	    !size || size->kind != SX_INT || !un || un->kind != SX_INT)
		error_at(at, "core kstruct: expected (kstruct NAME :size N :union 0|1 MEMBER...)");
	Sx *members = form;
	for (int i = 0; i < 6; i++)
		members = members->cdr;
	/* every member checked before the buffer exists: an error leaves
	 * nothing allocated outside the arena */
	for (Sx *l = members; l->kind == SX_CONS; l = l->cdr) {
		Sx *m = l->car;
		if (m->kind != SX_CONS || sx_length(m) != 3 || m->car->kind != SX_SYM ||
		    sx_nth(m, 1)->kind != SX_INT || sx_nth(m, 2)->kind != SX_STR ||
		    strchr(sx_nth(m, 2)->s, '\n'))
			error_at(at, "core kstruct %s: expected a member (NAME OFFSET \"TYPE\")",
				 name->s);
	}
	Buf b = {0};
	buf_printf(&b, ".%s %s size=%lld\n", un->i ? "kunion" : "kstruct", name->s,
		   (long long)size->i);
	for (Sx *l = members; l->kind == SX_CONS; l = l->cdr) {
		Sx *m = l->car;
		buf_printf(&b, ".kmember %s offset=%lld %s\n", m->car->s,
			   (long long)sx_nth(m, 1)->i, sx_nth(m, 2)->s);
	}
	AsmUnit au = {.kstructs = u->kstructs};
	char *text = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	int line = at.line;
	for (char *s = text; *s;) {
		char *e = strchr(s, '\n');
		AsmProg *none;
		asm_parse_decl(a, &au, 0, s, e, line, &none);
		s = e + 1;
	}
	u->kstructs = au.kstructs;
}
