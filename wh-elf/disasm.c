/* disasm.c: an object model (shared/obj.h, read by shared/obj_read.c)
 * -> AsmUnit, for `wh-elf --disasm`: the programs with their
 * instructions, map references and .loc positions (from line_info), the
 * maps (with their key and value types where .map can spell them), the
 * license, the structs and unions of .BTF that .struct can spell, the
 * kernel structs that .kstruct can (told apart by their members' types:
 * wh-elf writes kernel integers as __u32, __s64 ..., defstruct integers as
 * "unsigned int" ...), and a .core line for each core_relo record. What
 * the asm cannot spell exactly (so that reassembling gives
 * the same bytes) is refused: names that are not C identifiers, strings
 * with control characters, instructions without an asm form, map
 * attributes .map has no word for. */
#include "whelf.h"
#include <ctype.h>
#include <elf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { LD_IMM64 = BC_LD | BS_DW | BM_IMM };

typedef struct {
	Arena *a;
	const char *what;
	const ObjFile *o;
	AsmUnit *u;
	const AsmStruct **kstruct_of;   /* by BTF type id: the .kstruct read */
} Dis;

static noreturn void bad_msg(const char *what, const char *msg)
{
	char m[1024];           /* not strdup: fatal may return to a fuzz harness */
	snprintf(m, sizeof m, "%s", msg);
	for (char *p = m; *p; p++)              /* names from the file: keep one line */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	fatal("%s: %s", what, m);
}

static noreturn void bad(Dis *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static noreturn void bad(Dis *d, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	bad_msg(d->what, msg);
}

ObjFile *elf_read(Arena *a, const char *image, size_t len, const char *what)
{
	ObjFile *o;
	const char *err = obj_read(a, image, len, &o);
	if (err)
		bad_msg(what, err);
	return o;
}

/* Names and strings must be spellable in asm: names are C identifiers,
 * strings hold no control characters. */
static bool is_ident(const char *s)
{
	bool ok = *s && !isdigit((unsigned char)*s);
	for (const char *p = s; *p && ok; p++)
		ok = isalnum((unsigned char)*p) || *p == '_';
	return ok;
}

static const char *ident(Dis *d, const char *s, const char *what)
{
	if (!is_ident(s))
		bad(d, "%s name '%.64s' is not a C identifier", what, s);
	return s;
}

static const char *text(Dis *d, const char *s, const char *what)
{
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			bad(d, "%s contains control characters", what);
	return s;
}

/* ================================================================ maps */

static int map_by_off(const void *x, const void *y)
{
	const ObjMap *a = *(const ObjMap *const *)x, *b = *(const ObjMap *const *)y;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* A typed map's key or value type as .map spells it (key=u32,
 * value=flow[4]); untyped (name NULL) when the asm has no word for the
 * BTF type: a typedef, a bit-field INT, a struct .struct did not read. */
static AsmMapType map_type_of(Dis *d, uint32_t id)
{
	const Btf *b = d->o->btf;
	const struct btf_type *t = id && b ? btf_type_at(b, id) : NULL;
	AsmMapType r = {0};
	if (t && btf_kind_of(t) == BTF_KIND_ARRAY) {
		const struct btf_array *arr = (const void *)(t + 1);
		r.count = arr->nelems;
		t = r.count ? btf_type_at(b, arr->type) : NULL;
	}
	if (!t)
		return (AsmMapType){0};
	uint32_t enc = 0;
	if (btf_kind_of(t) == BTF_KIND_INT)
		memcpy(&enc, t + 1, sizeof enc);
	if (btf_kind_of(t) == BTF_KIND_INT && width_index((int)t->size) >= 0 &&
	    BTF_INT_BITS(enc) == t->size * 8 && !BTF_INT_OFFSET(enc) &&
	    !(BTF_INT_ENCODING(enc) & ~BTF_INT_SIGNED))
		r.name = arena_printf(d->a, "%c%u", BTF_INT_ENCODING(enc) ? 'i' : 'u',
				      t->size * 8);
	else if ((btf_kind_of(t) == BTF_KIND_STRUCT || btf_kind_of(t) == BTF_KIND_UNION) &&
		 asm_struct(d->u, btf_name(b, t)))
		r.name = btf_name(b, t);
	return r.name ? r : (AsmMapType){0};
}

/* In the order of their definitions in .maps. */
static void read_maps(Dis *d)
{
	const ObjFile *o = d->o;
	const ObjMap **v = arena_alloc(d->a, sizeof *v * (size_t)(o->nmaps + 1));
	for (int i = 0; i < o->nmaps; i++)
		v[i] = &o->maps[i];
	qsort(v, (size_t)o->nmaps, sizeof *v, map_by_off);
	for (int i = 0; i < o->nmaps; i++) {
		const ObjMap *om = v[i];
		const char *name = ident(d, om->name, "map");
		if (om->numa_node || om->pinning)
			bad(d, "map '%s': %s is not supported", name,
			    om->numa_node ? "numa_node" : "pinning");
		const MapTypeInfo *mt = map_type_by_id((int)om->type);
		if (!mt)
			bad(d, "map '%s': map type %u is not supported", name, om->type);
		AsmMap *m = arena_alloc(d->a, sizeof *m);
		*m = (AsmMap){.name = name, .type = mt->keyword, .key_size = om->key_size,
			      .value_size = om->value_size, .max_entries = om->max_entries,
			      .flags = om->flags, .key = map_type_of(d, om->btf_key_type_id),
			      .value = map_type_of(d, om->btf_value_type_id)};
		if (asm_map_types_error(d->a, d->u, m))  /* e.g. clang's, of other sizes */
			m->key = m->value = (AsmMapType){0};
		vec_push(d->a, &d->u->maps, m);
	}
}

/* ============================================================= structs */

/* The asm type of a member's BTF type: an unsigned INT as uW, or a struct
 * read before; NULL when the asm cannot spell it. *align gets its
 * alignment. */
static const char *member_type(Dis *d, const struct btf_type *t, uint32_t *align)
{
	if (btf_kind_of(t) == BTF_KIND_INT) {
		uint32_t enc;
		memcpy(&enc, t + 1, sizeof enc);
		int w = width_index((int)t->size);
		*align = t->size;
		return w >= 0 && enc == t->size * 8 ? width_info[w].name : NULL;
	}
	if (btf_kind_of(t) != BTF_KIND_STRUCT && btf_kind_of(t) != BTF_KIND_UNION)
		return NULL;
	const AsmStruct *st = asm_struct(d->u, btf_name(d->o->btf, t));
	*align = st ? st->align : 0;
	return st ? st->name : NULL;
}

/* A named STRUCT/UNION made of what .member spells, or NULL (clang's
 * objects hold other types; they are left out, as the code needs none). */
static AsmStruct *read_struct(Dis *d, const struct btf_type *t)
{
	const Btf *b = d->o->btf;
	const char *name = btf_name(b, t);
	if (!is_ident(name) || !btf_vlen_of(t) || btf_kflag_of(t) || asm_struct(d->u, name))
		return NULL;
	AsmStruct *st = arena_alloc(d->a, sizeof *st);
	*st = (AsmStruct){.name = name, .is_union = btf_kind_of(t) == BTF_KIND_UNION,
			  .size = t->size, .align = 1};
	const struct btf_member *mem = (const void *)(t + 1);
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		AsmMember *m = arena_alloc(d->a, sizeof *m);
		uint32_t bits = mem[i].offset, align = 0;
		const struct btf_type *mt = btf_type_at(b, mem[i].type);
		if (!mt)
			return NULL;
		bool is_array = btf_kind_of(mt) == BTF_KIND_ARRAY;
		if (is_array) {
			const struct btf_array *arr = (const void *)(mt + 1);
			m->count = arr->nelems;
			mt = btf_type_at(b, arr->type);
			if (!mt)
				return NULL;
		}
		m->name = btf_str(b, mem[i].name_off);
		m->type = member_type(d, mt, &align);
		m->offset = bits / 8;
		if (!is_ident(m->name) || !m->type || bits % 8 || (is_array && !m->count) ||
		    m->offset + (uint64_t)asm_member_width(d->u, m) * (m->count ? m->count : 1) > st->size)
			return NULL;
		if (align > st->align)
			st->align = align;
		vec_push(d->a, &st->members, m);
	}
	return st;
}

/* ====================================================== kernel structs */

enum { KTYPE_DEPTH = 32 };     /* pointers and arrays nested deeper: refused */

/* The .kmember type of BTF type id as btf.c writes it (integers named
 * __u8 ... __s128, PTR, ARRAY, FWD for a named struct, member-less
 * anonymous STRUCT/UNION and ENUM), or NULL when it is not one. */
static const AsmKType *read_ktype(Dis *d, uint32_t id, bool under_ptr, int depth)
{
	const Btf *b = d->o->btf;
	AsmKType *k = arena_alloc(d->a, sizeof *k);
	if (!id) {
		k->kind = KT_VOID;
		return under_ptr ? k : NULL;
	}
	const struct btf_type *t = btf_type_at(b, id);
	if (!t || depth > KTYPE_DEPTH || btf_vlen_of(t))
		return NULL;
	const char *name = btf_name(b, t);
	bool ok = false;
	switch (btf_kind_of(t)) {
	case BTF_KIND_INT: {
		uint32_t enc;
		memcpy(&enc, t + 1, sizeof enc);
		k->kind = KT_INT;
		k->size = t->size;
		k->is_signed = enc >> 24 == BTF_INT_SIGNED;
		const char *want = kernel_int_name(t->size, k->is_signed);
		ok = want && !strcmp(name, want) && !btf_kflag_of(t) &&
		     enc == ((uint32_t)(k->is_signed ? BTF_INT_SIGNED : 0) << 24 | t->size * 8);
		break;
	}
	case BTF_KIND_PTR:
		k->kind = KT_PTR;
		k->elem = read_ktype(d, t->type, true, depth + 1);
		ok = k->elem && !*name && !btf_kflag_of(t);
		break;
	case BTF_KIND_ARRAY: {
		const struct btf_array *arr = (const void *)(t + 1);
		k->kind = KT_ARRAY;
		k->count = arr->nelems;
		k->elem = read_ktype(d, arr->type, false, depth + 1);
		ok = k->elem && !*name && !btf_kflag_of(t);
		break;
	}
	case BTF_KIND_FWD: {    /* struct NAME: declared before unless behind "*" */
		k->kind = btf_kflag_of(t) ? KT_UNION : KT_STRUCT;
		k->name = name;
		const AsmStruct *st = asm_kstruct(d->u, name);
		ok = is_ident(name) &&
		     (st ? st->is_union == (k->kind == KT_UNION) : under_ptr);
		break;
	}
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:      /* struct N: anonymous */
		k->kind = btf_kind_of(t) == BTF_KIND_STRUCT ? KT_STRUCT : KT_UNION;
		k->size = t->size;
		ok = !*name && !btf_kflag_of(t);
		break;
	case BTF_KIND_ENUM:
		k->kind = KT_ENUM;
		k->size = t->size;
		k->name = *name ? name : NULL;
		ok = (!*name || is_ident(name)) && !btf_kflag_of(t) &&
		     (t->size == 1 || t->size == 2 || t->size == 4 || t->size == 8);
		break;
	}
	return ok ? k : NULL;
}

/* A named STRUCT/UNION whose members all have .kmember types, as the
 * .kstruct and .kmember lines can spell it (what the asm parser checks:
 * members in the order of their offsets, a union's at 0, each within the
 * size), or NULL. A kernel struct without members is not told apart from
 * a program's context struct, and is left out. */
static AsmStruct *read_kstruct(Dis *d, const struct btf_type *t)
{
	const Btf *b = d->o->btf;
	const char *name = btf_name(b, t);
	if (!is_ident(name) || !btf_vlen_of(t) || btf_kflag_of(t) || asm_kstruct(d->u, name) ||
	    t->size > UINT32_MAX / 8)
		return NULL;
	AsmStruct *st = arena_alloc(d->a, sizeof *st);
	*st = (AsmStruct){.name = name, .is_union = btf_kind_of(t) == BTF_KIND_UNION,
			  .size = t->size};
	const struct btf_member *mem = (const void *)(t + 1);
	uint32_t last = 0;
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		AsmMember *m = arena_alloc(d->a, sizeof *m);
		m->name = btf_str(b, mem[i].name_off);
		m->offset = mem[i].offset / 8;
		m->ktype = read_ktype(d, mem[i].type, false, 0);
		if (!m->ktype || !is_ident(m->name) || asm_kmember(st, m->name) ||
		    mem[i].offset % 8 || m->offset < last || (st->is_union && m->offset) ||
		    m->offset + asm_ktype_size(d->u, m->ktype) > st->size)
			return NULL;
		last = m->offset;
		vec_push(d->a, &st->members, m);
	}
	return st;
}

/* Kernel structs first: a struct of kernel integers is not a defstruct. */
static void read_structs(Dis *d)
{
	const Btf *b = d->o->btf;
	uint32_t n = b ? btf_type_count(b) : 0;
	d->kstruct_of = arena_alloc(d->a, sizeof *d->kstruct_of * (size_t)(n + 1));
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf_type_at(b, id);
		uint32_t k = btf_kind_of(t);
		if (k != BTF_KIND_STRUCT && k != BTF_KIND_UNION)
			continue;
		AsmStruct *st = read_kstruct(d, t);
		if (st) {
			vec_push(d->a, &d->u->kstructs, st);
			d->kstruct_of[id] = st;
		} else if ((st = read_struct(d, t))) {
			vec_push(d->a, &d->u->structs, st);
		}
	}
}

/* =========================================================== programs */

enum { F_DST = 1, F_SRC = 2, F_OFF = 4, F_IMM = 8 };

static bool known_alu(uint8_t op)
{
	for (int i = 0; i < ALU_COUNT; i++)
		if (alu_info[i].op == op)
			return true;
	return op == BA_MOV;
}

static bool known_cond(uint8_t op)
{
	for (int i = 0; i < CC_COUNT; i++)
		if (cond_info[i].op == op)
			return true;
	return false;
}

/* The fields an instruction's asm form shows, or -1 when it has none. */
static int shown_fields(const BpfInsn *in)
{
	uint8_t cls = in->code & 7, op = in->code & 0xf0, mode = in->code & 0xe0;
	uint8_t size = in->code & 0x18;
	bool x = in->code & BSRC_X;
	switch (cls) {
	case BC_ALU:
	case BC_ALU64:
		if (op == BA_END)
			return cls == BC_ALU && (in->imm == 16 || in->imm == 32 || in->imm == 64) ?
			       F_DST | F_IMM : -1;
		if (op == BA_NEG)
			return x ? -1 : F_DST;
		if (known_alu(op))
			return x ? F_DST | F_SRC : F_DST | F_IMM;
		return -1;
	case BC_LD:
		return in->code == LD_IMM64 ? F_DST | F_IMM : -1;
	case BC_LDX:
		return mode == BM_MEM ? F_DST | F_SRC | F_OFF : -1;
	case BC_ST:
		return mode == BM_MEM ? F_DST | F_OFF | F_IMM : -1;
	case BC_STX:
		if (mode == BM_MEM ||
		    (mode == BM_ATOMIC && (size == BS_W || size == BS_DW) && in->imm == BA_ADD))
			return F_DST | F_SRC | F_OFF;
		return -1;
	default:        /* BC_JMP, BC_JMP32 */
		if (op == BJ_JA || op == BJ_CALL || op == BJ_EXIT)
			return cls != BC_JMP || x ? -1 : op == BJ_JA ? F_OFF : op == BJ_CALL ? F_IMM : 0;
		if (known_cond(op))
			return x ? F_DST | F_SRC | F_OFF : F_DST | F_OFF | F_IMM;
		return -1;
	}
}

static void check_insn(Dis *d, const ObjProg *p, uint64_t off, const BpfInsn *in)
{
	int f = shown_fields(in), dst = in->regs & 0xf, src = in->regs >> 4;
	uint8_t cls = in->code & 7;
	bool writes = cls == BC_ALU || cls == BC_ALU64 || cls == BC_LD || cls == BC_LDX;
	if (f < 0 || dst > 10 || src > 10 || (writes && dst == BPF_REG_FP) ||
	    (!(f & F_DST) && dst) || (!(f & F_SRC) && src) ||
	    (!(f & F_OFF) && in->off) || (!(f & F_IMM) && in->imm))
		bad(d, "%s+0x%llx: instruction (code 0x%02x regs 0x%02x off %d imm %d) "
		    "has no asm form", p->section, (unsigned long long)off, in->code,
		    in->regs, in->off, in->imm);
}

/* The relocation at byte offset off of the program (checked: only map
 * references). */
static const ObjProgRel *reloc_at(const ObjProg *p, uint32_t off)
{
	for (int i = 0; i < p->nrels; i++)
		if (p->rels[i].off == off)
			return &p->rels[i];
	return NULL;
}

static void check_relocs(Dis *d, const ObjProg *p)
{
	for (int i = 0; i < p->nrels; i++) {
		const ObjProgRel *r = &p->rels[i];
		unsigned long long at = p->off + r->off;
		if (r->type == R_BPF_64_32)
			bad(d, "%s+0x%llx: calls to BPF functions are not supported",
			    p->section, at);
		if (r->type != R_BPF_64_64)
			bad(d, "%s+0x%llx: relocation type %u is not supported", p->section,
			    at, r->type);
		if (r->off % 8)
			bad(d, "%s: relocation at 0x%llx is not on an instruction",
			    p->section, at);
	}
}

static bool is_map_sym(const ObjFile *o, const ObjSym *s)
{
	return o->maps_sec >= 0 && (int)s->shndx == o->maps_sec && s->type == STT_OBJECT;
}

/* ld_imm64 at off: its value, or the map named by its relocation */
static void ld_imm64(Dis *d, const ObjProg *p, uint32_t i, AsmLine *l)
{
	const BpfInsn *hi = &p->insns[i + 1];
	unsigned long long at = p->off + 8ull * i;
	if (hi->code || hi->regs || hi->off)
		bad(d, "%s+0x%llx: malformed ld_imm64", p->section, at);
	l->imm64 = (int64_t)((uint64_t)(uint32_t)hi->imm << 32 | (uint32_t)l->in.imm);
	const ObjProgRel *r = reloc_at(p, 8 * i);
	if (!r)
		return;
	const ObjSym *sym = &d->o->sym[r->sym];
	if (!is_map_sym(d->o, sym) || r->map < 0)
		bad(d, "%s+0x%llx: relocation against '%s', which is not a map, is not supported",
		    p->section, at, obj_sym_name(d->o, sym));
	if (l->imm64)
		bad(d, "%s+0x%llx: map reference with an addend is not supported", p->section, at);
	l->sym = d->o->maps[r->map].name;
}

static int line_by_off(const void *x, const void *y)
{
	const ObjLineInfo *a = *(const ObjLineInfo *const *)x, *b = *(const ObjLineInfo *const *)y;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* The position in force at byte offset off: the last line record at or
 * before it. The cursor *k advances monotonically over the sorted
 * records. */
static Pos pos_at(Dis *d, const Vec *lines, uint64_t off, int *k, Pos cur)
{
	for (; *k < lines->n; ++*k) {
		const ObjLineInfo *r = lines->v[*k];
		if (r->off > off)
			break;
		cur = (Pos){(int)r->line, (int)r->col};
		if (!d->u->file && *r->file)
			d->u->file = text(d, r->file, "the source file name");
	}
	return cur;
}

/* The core_relo record of each instruction of the program, or NULL. */
static const ObjCoreRelo **cores_by_insn(Dis *d, const ObjProg *op, const bool *second)
{
	const ObjCoreRelo **core = arena_alloc(d->a, sizeof *core * (op->ninsns + 1));
	const Vec *recs = &op->ext[EXT_CORE];
	for (int j = 0; j < recs->n; j++) {
		const ObjCoreRelo *r = recs->v[j];
		uint32_t i = (uint32_t)((r->off - op->off) / 8);        /* checked by the reader */
		if (second[i] || core[i])
			bad(d, "%s+0x%x: %s core_relo record the asm cannot spell", op->section,
			    r->off, second[i] ? "a" : "a second");
		core[i] = r;
	}
	return core;
}

/* The .core line of record r on instruction l: its type a .kstruct read,
 * its access "0:N" (member N), a field kind, and the instruction holding
 * what the .kmember gives, as the asm parser checks. */
static const AsmCore *read_core(Dis *d, const ObjProg *op, const ObjCoreRelo *r, AsmLine *l)
{
	const AsmStruct *st = r->type_id < btf_type_count(d->o->btf) ? d->kstruct_of[r->type_id] : NULL;
	if (!st)
		bad(d, "%s+0x%x: core_relo on type %u, which is not a kernel struct .kstruct "
		    "spells", op->section, r->off, r->type_id);
	bool prefixed = !strncmp(r->access, "0:", 2);
	const char *digits = prefixed ? r->access + 2 : "";
	char *end;
	unsigned long mi = strtoul(digits, &end, 10);
	if (!isdigit((unsigned char)*digits) || *end ||
	    (*digits == '0' && digits[1]) || mi >= (unsigned long)st->members.n)
		bad(d, "%s+0x%x: core_relo access '%.32s' is not a member of '%s' (0:N)",
		    op->section, r->off, r->access, st->name);
	const CoreKindInfo *kind = core_kind_by_value((int)r->kind);
	if (!kind || !kind->field)
		bad(d, "%s+0x%x: core_relo kind %u is not a field relocation", op->section,
		    r->off, r->kind);
	AsmCore *c = arena_alloc(d->a, sizeof *c);
	*c = (AsmCore){kind, st->name, ((const AsmMember *)st->members.v[mi])->name};
	const char *why = asm_core_insn_problem(l);
	int64_t want = 0;
	if (!why)
		why = asm_core_value(d->a, d->u, c, &want);
	if (!why && asm_core_insn_value(l) != want)
		why = arena_printf(d->a, "the instruction holds %lld, but %s of %s.%s is %lld",
				   (long long)asm_core_insn_value(l), kind->name, st->name,
				   c->member, (long long)want);
	if (why)
		bad(d, "%s+0x%x: %s", op->section, r->off, why);
	return c;
}

static AsmProg *read_prog(Dis *d, const ObjProg *op)
{
	const char *name = ident(d, op->name, "program");
	text(d, op->section, "a section name");
	const ProgTypeInfo *pt = op->kind ? prog_type_by_id(op->kind->prog_type) : NULL;
	if (!pt)
		bad(d, "program '%s': no program type known for section '%s'", name, op->section);
	check_relocs(d, op);
	AsmProg *p = arena_alloc(d->a, sizeof *p);
	p->name = name;
	p->type = pt->keyword;
	p->section = op->section;
	uint32_t n = op->ninsns;

	/* pass 1: check, find jump targets */
	int *label = arena_alloc(d->a, sizeof *label * (n + 1));
	bool *second = arena_alloc(d->a, sizeof *second * (n + 1));
	for (uint32_t i = 0; i <= n; i++)
		label[i] = -1;
	for (uint32_t i = 0; i < n; i++) {
		const BpfInsn *in = &op->insns[i];
		unsigned long long at = op->off + 8ull * i;
		check_insn(d, op, at, in);
		if (in->code == LD_IMM64) {
			if (i + 1 >= n)
				bad(d, "%s+0x%llx: truncated ld_imm64", op->section, at);
			second[++i] = true;
		} else if ((in->code & 7) == BC_JMP || (in->code & 7) == BC_JMP32) {
			int64_t t = (int64_t)i + 1 + in->off;
			uint8_t opc = in->code & 0xf0;
			if (opc == BJ_CALL || opc == BJ_EXIT)
				continue;
			if (t < 0 || t > n)
				bad(d, "%s+0x%llx: jump outside program '%s'", op->section, at, name);
			label[t] = 0;
		} else if (reloc_at(op, 8 * i)) {
			bad(d, "%s+0x%llx: relocation on an instruction that is not ld_imm64",
			    op->section, at);
		}
	}
	int nlabels = 0;
	for (uint32_t i = 0; i <= n; i++) {
		if (label[i] < 0)
			continue;
		if (second[i])
			bad(d, "%s: jump into the middle of an ld_imm64", op->section);
		label[i] = nlabels++;
	}

	/* pass 2: lines */
	Vec lines = op->ext[EXT_LINE];
	lines.v = arena_alloc(d->a, sizeof(void *) * (size_t)(lines.n + 1));
	if (lines.n) {
		memcpy(lines.v, op->ext[EXT_LINE].v, sizeof(void *) * (size_t)lines.n);
		qsort(lines.v, (size_t)lines.n, sizeof(void *), line_by_off);
	}
	const ObjCoreRelo **core = cores_by_insn(d, op, second);
	int k = 0;
	Pos pos = {0, 0};
	for (uint32_t i = 0; i <= n; i++) {
		if (label[i] >= 0) {
			AsmLine *l = arena_alloc(d->a, sizeof *l);
			l->kind = AL_LABEL;
			l->label = arena_printf(d->a, "L%d", label[i]);
			vec_push(d->a, &p->lines, l);
		}
		if (i == n || second[i])
			continue;
		AsmLine *l = arena_alloc(d->a, sizeof *l);
		l->kind = AL_INSN;
		l->in = op->insns[i];
		l->pos = pos = pos_at(d, &lines, op->off + 8ull * i, &k, pos);
		uint8_t cls = l->in.code & 7, opc = l->in.code & 0xf0;
		if (l->in.code == LD_IMM64)
			ld_imm64(d, op, i, l);
		else if ((cls == BC_JMP || cls == BC_JMP32) && opc != BJ_CALL && opc != BJ_EXIT)
			l->target = arena_printf(d->a, "L%d", label[(int64_t)i + 1 + l->in.off]);
		if (core[i])
			l->core = read_core(d, op, core[i], l);
		vec_push(d->a, &p->lines, l);
	}
	return p;
}

static int prog_by_place(const void *x, const void *y)
{
	const ObjProg *a = *(const ObjProg *const *)x, *b = *(const ObjProg *const *)y;
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	return a->off < b->off ? -1 : a->off > b->off;
}

/* In the order of their sections, then of their offsets. */
static void read_progs(Dis *d)
{
	const ObjFile *o = d->o;
	if (!o->nprogs)
		bad(d, "no programs (global functions in executable sections) found");
	const ObjProg **v = arena_alloc(d->a, sizeof *v * (size_t)o->nprogs);
	for (int i = 0; i < o->nprogs; i++)
		v[i] = &o->progs[i];
	qsort(v, (size_t)o->nprogs, sizeof *v, prog_by_place);
	for (int i = 0; i < o->nprogs; i++) {
		if (i && v[i]->sec == v[i - 1]->sec &&
		    v[i]->off < v[i - 1]->off + 8ull * v[i - 1]->ninsns)
			bad(d, "function '%s' overlaps the one before", v[i]->name);
		vec_push(d->a, &d->u->progs, read_prog(d, v[i]));
	}
}

AsmUnit *elf_disasm(Arena *a, const ObjFile *o, const char *what)
{
	Dis d = {.a = a, .what = what, .o = o};
	d.u = arena_alloc(a, sizeof *d.u);
	read_structs(&d);
	read_maps(&d);
	if (o->license)
		d.u->license = text(&d, o->license, "the license");
	read_progs(&d);
	return d.u;
}
