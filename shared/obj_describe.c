/* obj_describe.c: the summary of an object as a tool sees it, one fact a
 * line, so that two tools' readings of the same object can be compared
 * with diff (wh-elf --describe, wh-load describe):
 *
 *   license "GPL"
 *   map NAME type=T key_size=N value_size=N max_entries=N flags=N
 *   prog NAME section="S" insns=N func_info=N line_info=N core_relo=N
 *   reloc PROG insn=N map=NAME
 *   btf types=N KIND=N ...            (the kinds present, in kind order)
 *
 * Maps and programs by name, a program's references by instruction.
 */
#include "obj.h"
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

void obj_summary_btf(ObjSummary *s, const Btf *b)
{
	s->btf_types = 0;
	for (int k = 0; k < NR_BTF_KINDS; k++)
		s->btf_kinds[k] = 0;
	if (!b)
		return;
	s->btf_types = btf_type_count(b) - 1;
	for (uint32_t id = 1; id < btf_type_count(b); id++)
		s->btf_kinds[btf_kind_of(btf_type_at(b, id))]++;
}

static void print_map(Buf *out, const ObjMap *m)
{
	const MapTypeInfo *mt = map_type_by_id((int)m->type);
	buf_printf(out, "map %s type=", m->name);
	if (mt)
		buf_puts(out, mt->keyword);
	else
		buf_printf(out, "%" PRIu32, m->type);
	buf_printf(out, " key_size=%" PRIu32 " value_size=%" PRIu32 " max_entries=%" PRIu32
		   " flags=%" PRIu32 "\n", m->key_size, m->value_size, m->max_entries,
		   m->flags);
}

static int map_by_name(const void *x, const void *y)
{
	return strcmp((*(const ObjMap *const *)x)->name, (*(const ObjMap *const *)y)->name);
}

static int prog_by_name(const void *x, const void *y)
{
	return strcmp((*(const ObjSummaryProg *const *)x)->name,
		      (*(const ObjSummaryProg *const *)y)->name);
}

static int reloc_by_insn(const void *x, const void *y)
{
	uint32_t a = (*(const ObjSummaryReloc *const *)x)->insn;
	uint32_t b = (*(const ObjSummaryReloc *const *)y)->insn;
	return a < b ? -1 : a > b;
}

static void sort(Vec *v, int (*cmp)(const void *, const void *))
{
	if (v->n > 1)
		qsort(v->v, (size_t)v->n, sizeof(void *), cmp);
}

/* Maps and programs by name, references by instruction: the same facts
 * print the same whatever order a tool found them in. */
void obj_summary_print(Buf *out, ObjSummary *s)
{
	sort(&s->maps, map_by_name);
	sort(&s->progs, prog_by_name);
	if (s->license)
		buf_printf(out, "license \"%s\"\n", s->license);
	for (int i = 0; i < s->maps.n; i++)
		print_map(out, s->maps.v[i]);
	for (int i = 0; i < s->progs.n; i++) {
		ObjSummaryProg *p = s->progs.v[i];
		sort(&p->relocs, reloc_by_insn);
		buf_printf(out, "prog %s section=\"%s\" insns=%" PRIu32 " func_info=%" PRIu32
			   " line_info=%" PRIu32 " core_relo=%" PRIu32 "\n", p->name,
			   p->section, p->insns, p->func_info, p->line_info, p->core_relo);
		for (int k = 0; k < p->relocs.n; k++) {
			const ObjSummaryReloc *r = p->relocs.v[k];
			buf_printf(out, "reloc %s insn=%" PRIu32 " map=%s\n", p->name,
				   r->insn, r->map);
		}
	}
	buf_printf(out, "btf types=%" PRIu32, s->btf_types);
	for (int k = 0; k < NR_BTF_KINDS; k++)
		if (s->btf_kinds[k])
			buf_printf(out, " %s=%" PRIu32, btf_kind_name((uint32_t)k),
				   s->btf_kinds[k]);
	buf_putc(out, '\n');
}
