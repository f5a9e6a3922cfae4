/* assemble.c: AsmUnit -> Code. Checks the maps, groups programs into
 * their ELF sections, resolves labels to jump offsets, splits ld_imm64
 * into two slots (with a relocation for map references) and chooses the
 * line_info records. Errors point into the asm text. */
#include "whelf.h"
#include "le.h"
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum { LD_IMM64 = BC_LD | BS_DW | BM_IMM };

static const Pos nopos;

/* Section names wh-elf writes itself (and ".rel*"). */
static const char *const reserved_sections[] = {
	".maps", "license", ".BTF", ".BTF.ext", ".symtab", ".strtab", ".shstrtab",
};

static void check_maps(Arena *a, Code *c)
{
	const AsmUnit *u = c->u;
	c->maps = arena_alloc(a, sizeof *c->maps * (size_t)(u->maps.n + 1));
	for (int i = 0; i < u->maps.n; i++) {
		const AsmMap *m = u->maps.v[i];
		for (int j = 0; j < i; j++)
			if (!strcmp(((AsmMap *)u->maps.v[j])->name, m->name))
				error_at(nopos, "duplicate map '%s'", m->name);
		const MapTypeInfo *mt = map_type_by_keyword(m->type);
		if (!mt)
			error_at(nopos, "map '%s': unknown map type '%s'", m->name, m->type);
		if (!mt->needs_sizes && (m->key_size || m->value_size))
			error_at(nopos, "map '%s': %s maps take no key or value size "
				 "(key_size=0 value_size=0)", m->name, m->type);
		const char *why = asm_map_types_error(a, u, m);
		if (why)
			error_at(nopos, "%s", why);
		c->maps[c->nmaps++] = (ObjMap){.name = m->name, .type = (uint32_t)mt->type,
			.key_size = m->key_size, .value_size = m->value_size,
			.max_entries = m->max_entries, .flags = m->flags};
	}
}

static int find_map(const Code *c, const char *name)
{
	for (int i = 0; i < c->nmaps; i++)
		if (!strcmp(c->maps[i].name, name))
			return i;
	return -1;
}

static void check_names(const Code *o)
{
	const AsmUnit *u = o->u;
	for (int i = 0; i < u->progs.n; i++) {
		const AsmProg *p = u->progs.v[i];
		for (int j = 0; j < i; j++)
			if (!strcmp(((AsmProg *)u->progs.v[j])->name, p->name))
				error_at(nopos, "duplicate program '%s'", p->name);
		if (find_map(o, p->name) >= 0)
			error_at(nopos, "'%s' names both a map and a program", p->name);
	}
	if (!u->license)
		return;
	for (int i = 0; i < u->progs.n; i++)
		if (!strcmp(((AsmProg *)u->progs.v[i])->name, OBJ_LICENSE_SYMBOL))
			error_at(nopos, "the name '%s' is reserved for the license", OBJ_LICENSE_SYMBOL);
	if (find_map(o, OBJ_LICENSE_SYMBOL) >= 0)
		error_at(nopos, "the name '%s' is reserved for the license", OBJ_LICENSE_SYMBOL);
}

/* The object records a program's type only in its section name
 * (docs/formats.md, "asm"): the two must agree. */
static void check_type(const AsmProg *p)
{
	const SectionInfo *si = section_lookup_loose(p->section);
	const ProgTypeInfo *by_section = si ? prog_type_by_id(si->prog_type) : NULL;
	if (!by_section)
		error_at(nopos, "program '%s': section \"%s\" names no program type", p->name,
			 p->section);
	if (by_section != prog_type_by_keyword(p->type))
		error_at(nopos, "program '%s': type=%s, but section \"%s\" holds %s programs",
			 p->name, p->type, p->section, by_section->keyword);
}

static CodeSection *section_for(Arena *a, Code *o, const AsmProg *p)
{
	for (int i = 0; i < o->secs.n; i++) {
		CodeSection *s = o->secs.v[i];
		if (!strcmp(s->name, p->section))
			return s;
	}
	if (!*p->section)
		error_at(nopos, "program '%s': empty section name", p->name);
	bool bad = !strncmp(p->section, ".rel", 4);
	for (size_t i = 0; i < sizeof reserved_sections / sizeof *reserved_sections; i++)
		bad |= !strcmp(p->section, reserved_sections[i]);
	if (bad)
		error_at(nopos, "program '%s': section name \"%s\" is reserved", p->name, p->section);
	CodeSection *s = arena_alloc(a, sizeof *s);
	s->name = p->section;
	vec_push(a, &o->secs, s);
	return s;
}

static uint32_t slots(const AsmLine *l)
{
	return l->kind != AL_INSN ? 0 : l->in.code == LD_IMM64 ? 2 : 1;
}

static bool is_jump(const BpfInsn *in)
{
	uint8_t cls = in->code & 7, op = in->code & 0xf0;
	return (cls == BC_JMP || cls == BC_JMP32) && op != BJ_CALL && op != BJ_EXIT;
}

/* ---- labels: sorted by name, found by binary search ---- */

typedef struct {
	const char *name;
	uint32_t slot;
	const AsmLine *def;
} Label;

typedef struct {
	Label *v;
	int n;
} Labels;

static int by_name(const void *x, const void *y)
{
	const Label *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	return c ? c : a->def->line_pos.line - b->def->line_pos.line;
}

static Labels collect_labels(Arena *a, const AsmProg *p)
{
	Labels ls = {arena_alloc(a, sizeof(Label) * (size_t)(p->lines.n + 1)), 0};
	uint32_t slot = 0;
	for (int i = 0; i < p->lines.n; i++) {
		const AsmLine *l = p->lines.v[i];
		if (l->kind == AL_LABEL)
			ls.v[ls.n++] = (Label){l->label, slot, l};
		slot += slots(l);
	}
	qsort(ls.v, (size_t)ls.n, sizeof *ls.v, by_name);
	const Label *dup = NULL;     /* report the first redefinition in the text */
	for (int i = 1; i < ls.n; i++)
		if (!strcmp(ls.v[i].name, ls.v[i - 1].name) &&
		    (!dup || ls.v[i].def->line_pos.line < dup->def->line_pos.line))
			dup = &ls.v[i];
	if (dup)
		error_at(dup->def->line_pos, "duplicate label '%s' (first defined at line %d)",
			 dup->name, (dup - 1)->def->line_pos.line);
	return ls;
}

static uint32_t label_slot(const Labels *ls, const AsmLine *l)
{
	Label key = {l->target, 0, NULL};
	int lo = 0, hi = ls->n;
	while (lo < hi) {
		int mid = (lo + hi) / 2, c = strcmp(key.name, ls->v[mid].name);
		if (!c)
			return ls->v[mid].slot;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	error_at(l->line_pos, "undefined label '%s'", l->target);
}

/* ---- encoding ---- */

static void encode(uint8_t *p, uint8_t code, uint8_t regs, int16_t off, int32_t imm)
{
	p[0] = code;
	p[1] = regs;
	le_put16(p + 2, (uint16_t)off);
	le_put32(p + 4, (uint32_t)imm);
}

static int16_t jump_off(const Labels *labels, const AsmLine *l, uint32_t slot)
{
	if (!l->target)
		return l->in.off;
	int64_t off = (int64_t)label_slot(labels, l) - (int64_t)slot - 1;
	if (off < INT16_MIN || off > INT16_MAX)
		error_at(l->line_pos, "jump to '%s' is out of range (offset %lld does not fit in 16 bits)",
			 l->target, (long long)off);
	return (int16_t)off;
}

/* The position of the record at the function start: the first
 * instruction's, else the program's, else the first known one. */
static Pos start_pos(const AsmProg *p)
{
	const AsmLine *first = NULL;
	for (int i = 0; i < p->lines.n && !first; i++)
		if (((AsmLine *)p->lines.v[i])->kind == AL_INSN)
			first = p->lines.v[i];
	if (first && first->pos.line > 0)
		return first->pos;
	if (p->pos.line > 0)
		return p->pos;
	for (int i = 0; i < p->lines.n; i++) {
		const AsmLine *l = p->lines.v[i];
		if (l->kind == AL_INSN && l->pos.line > 0)
			return l->pos;
	}
	return nopos;
}

static void add_line(Arena *a, CodeSection *s, uint32_t off, Pos pos)
{
	CodeLine *ln = arena_alloc(a, sizeof *ln);
	*ln = (CodeLine){off, pos};
	vec_push(a, &s->lines, ln);
}

static void encode_prog(Arena *a, Code *o, CodeSection *s, CodeFunc *f)
{
	const AsmProg *p = f->prog;
	Labels labels = collect_labels(a, p);
	uint32_t slot = 0;
	Pos cur = start_pos(p);
	if (cur.line > 0)
		add_line(a, s, f->off, cur);
	for (int i = 0; i < p->lines.n; i++) {
		const AsmLine *l = p->lines.v[i];
		if (l->kind != AL_INSN)
			continue;
		uint32_t off = f->off + 8 * slot;
		uint8_t *at = s->code + off;
		if (l->core) {
			CodeCore *k = arena_alloc(a, sizeof *k);
			*k = (CodeCore){off, l->core};
			vec_push(a, &s->cores, k);
		}
		if (l->pos.line > 0 && slot > 0 &&
		    (l->pos.line != cur.line || l->pos.col != cur.col)) {
			add_line(a, s, off, l->pos);
			cur = l->pos;
		}
		if (l->in.code == LD_IMM64) {
			uint64_t v = (uint64_t)l->imm64;
			encode(at, l->in.code, l->in.regs, 0, (int32_t)(uint32_t)v);
			encode(at + 8, 0, 0, 0, (int32_t)(uint32_t)(v >> 32));
			if (l->sym) {
				int m = find_map(o, l->sym);
				if (m < 0)
					error_at(l->line_pos, "undeclared map '%s'", l->sym);
				CodeReloc *r = arena_alloc(a, sizeof *r);
				*r = (CodeReloc){off, m};
				vec_push(a, &s->relocs, r);
			}
		} else {
			int16_t joff = is_jump(&l->in) ? jump_off(&labels, l, slot) : l->in.off;
			encode(at, l->in.code, l->in.regs, joff, l->in.imm);
		}
		slot += slots(l);
	}
}

Code *assemble(Arena *a, const AsmUnit *u)
{
	Code *o = arena_alloc(a, sizeof *o);
	o->u = u;
	check_maps(a, o);
	check_names(o);
	/* sizes first: each section's code is allocated once */
	for (int i = 0; i < u->progs.n; i++) {
		const AsmProg *p = u->progs.v[i];
		CodeSection *s = section_for(a, o, p);
		check_type(p);
		uint32_t n = 0;
		for (int j = 0; j < p->lines.n; j++)
			n += slots(p->lines.v[j]);
		if (n == 0)
			error_at(nopos, "program '%s' has no instructions", p->name);
		if (n > (UINT32_MAX - s->size) / 8)
			error_at(nopos, "section \"%s\" is too large", s->name);
		CodeFunc *f = arena_alloc(a, sizeof *f);
		*f = (CodeFunc){p, s->size, 8 * n, 0};
		s->size += 8 * n;
		vec_push(a, &s->funcs, f);
	}
	for (int i = 0; i < o->secs.n; i++) {
		CodeSection *s = o->secs.v[i];
		s->code = arena_alloc(a, s->size);
		for (int j = 0; j < s->funcs.n; j++)
			encode_prog(a, o, s, s->funcs.v[j]);
	}
	return o;
}
