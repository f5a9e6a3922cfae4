/* asm_core.c: the kernel types of the line formats (.kstruct, .kunion,
 * .kmember) and the CO-RE relocations on instructions (.core), as
 * models: lookups, sizes, the canonical spelling of a member type, and
 * what value a relocated instruction must hold. The parser of these
 * lines is asm.c's (it owns the lexer). */
#include "asm.h"
#include <inttypes.h>
#include <linux/bpf.h>
#include <string.h>

const AsmStruct *asm_kstruct(const AsmUnit *u, const char *name)
{
	return asm_struct_in(&u->kstructs, name);
}

const AsmMember *asm_kmember(const AsmStruct *st, const char *name)
{
	for (int i = 0; i < st->members.n; i++)
		if (!strcmp(((AsmMember *)st->members.v[i])->name, name))
			return st->members.v[i];
	return NULL;
}

uint64_t asm_ktype_size(const AsmUnit *u, const AsmKType *t)
{
	switch (t->kind) {
	case KT_INT: case KT_ENUM:
		return t->size;
	case KT_VOID:
		return 0;
	case KT_PTR:
		return 8;
	case KT_ARRAY:
		return t->count * asm_ktype_size(u, t->elem);
	case KT_STRUCT: case KT_UNION: {
		if (!t->name)
			return t->size;
		const AsmStruct *st = asm_kstruct(u, t->name);
		return st ? st->size : 0;
	}
	}
	return 0;
}

void asm_print_ktype(Buf *out, const AsmKType *t)
{
	switch (t->kind) {
	case KT_INT:
		buf_printf(out, "%c%" PRIu32, t->is_signed ? 'i' : 'u', t->size * 8);
		return;
	case KT_VOID:
		buf_puts(out, "void");
		return;
	case KT_PTR:
		buf_putc(out, '*');
		asm_print_ktype(out, t->elem);
		return;
	case KT_ARRAY:
		buf_printf(out, "[%" PRIu32 "]", t->count);
		asm_print_ktype(out, t->elem);
		return;
	case KT_STRUCT: case KT_UNION:
		buf_puts(out, t->kind == KT_STRUCT ? "struct " : "union ");
		if (t->name)
			buf_puts(out, t->name);
		else
			buf_printf(out, "%" PRIu32, t->size);
		return;
	case KT_ENUM:
		buf_printf(out, "enum %" PRIu32 "%s%s", t->size, t->name ? " " : "",
			   t->name ? t->name : "");
		return;
	}
}

static int same_name(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

int asm_ktype_equal(const AsmKType *x, const AsmKType *y)
{
	if (x == y)
		return 1;
	if (x->kind != y->kind || x->size != y->size || x->is_signed != y->is_signed ||
	    x->count != y->count || !same_name(x->name, y->name))
		return 0;
	return !x->elem || !y->elem ? x->elem == y->elem : asm_ktype_equal(x->elem, y->elem);
}

const char *asm_core_value(Arena *a, const AsmUnit *u, const AsmCore *c, int64_t *value)
{
	const AsmStruct *st = asm_kstruct(u, c->type);
	if (!st)
		return arena_printf(a, "no .kstruct or .kunion '%s'", c->type);
	const AsmMember *m = asm_kmember(st, c->member);
	if (!m)
		return arena_printf(a, "%s '%s' has no .kmember '%s'",
				    st->is_union ? "union" : "struct", c->type, c->member);
	if (!c->kind->field)
		return arena_printf(a, "'%s' is not a field relocation", c->kind->name);
	*value = (int64_t)core_field_value(c->kind->kind, m->offset, asm_ktype_size(u, m->ktype),
					   m->ktype->kind == KT_INT && m->ktype->is_signed);
	return NULL;
}

const char *asm_core_insn_problem(const AsmLine *l)
{
	uint8_t code = l->in.code;
	switch (code & 7) {
	case BC_ALU: case BC_ALU64:
		if ((code & BSRC_X) || (code & 0xf0) == BA_NEG || (code & 0xf0) == BA_END)
			return "a CO-RE relocation needs an ALU instruction with an immediate";
		return NULL;
	case BC_LDX: case BC_ST: case BC_STX:
		if ((code & 0xe0) != BM_MEM)
			return "a CO-RE relocation cannot be on an atomic instruction";
		return NULL;
	case BC_LD:
		if (code == (BC_LD | BM_IMM | BS_DW) && !l->sym)
			return NULL;
		return "a CO-RE relocation needs an ld_imm64 of a number";
	default:
		return "a CO-RE relocation cannot be on a jump, call or exit";
	}
}

int64_t asm_core_insn_value(const AsmLine *l)
{
	switch (l->in.code & 7) {
	case BC_LDX: case BC_ST: case BC_STX:
		return l->in.off;
	case BC_LD:
		return l->imm64;
	default:
		return l->in.imm;
	}
}

void asm_print_core(Buf *out, const AsmCore *c)
{
	buf_printf(out, ".core %s %s %s", c->kind->name, c->type, c->member);
}
