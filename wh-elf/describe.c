/* describe.c: `wh-elf --describe`: the summary (shared/obj_describe.c)
 * of what the disassembler made of an object: programs, their map
 * references and maps from the AsmUnit; the .BTF.ext record counts and
 * the BTF kinds from the object model it was read from. wh-load describe
 * prints the same lines from what the loader makes of the object. */
#include "whelf.h"
#include <string.h>

enum { LD_IMM64 = BC_LD | BS_DW | BM_IMM };

static const ObjProg *model_prog(const ObjFile *o, const char *name)
{
	for (int i = 0; i < o->nprogs; i++)
		if (!strcmp(o->progs[i].name, name))
			return &o->progs[i];
	return NULL;
}

static ObjSummaryProg *summary_prog(Arena *a, const ObjFile *o, const AsmProg *p)
{
	ObjSummaryProg *sp = arena_alloc(a, sizeof *sp);
	sp->name = p->name;
	sp->section = p->section;
	for (int i = 0; i < p->lines.n; i++) {
		const AsmLine *l = p->lines.v[i];
		if (l->kind != AL_INSN)
			continue;
		if (l->sym) {
			ObjSummaryReloc *r = arena_alloc(a, sizeof *r);
			*r = (ObjSummaryReloc){sp->insns, l->sym};
			vec_push(a, &sp->relocs, r);
		}
		sp->insns += l->in.code == LD_IMM64 ? 2 : 1;
	}
	const ObjProg *mp = model_prog(o, p->name);
	if (mp) {
		sp->func_info = (uint32_t)mp->ext[EXT_FUNC].n;
		sp->line_info = (uint32_t)mp->ext[EXT_LINE].n;
		sp->core_relo = (uint32_t)mp->ext[EXT_CORE].n;
	}
	return sp;
}

void elf_describe(Buf *out, const ObjFile *o, const AsmUnit *u)
{
	Arena *a = o->a;
	ObjSummary s = {.license = u->license};
	for (int i = 0; i < u->maps.n; i++) {
		const AsmMap *m = u->maps.v[i];
		ObjMap *om = arena_alloc(a, sizeof *om);
		*om = (ObjMap){.name = m->name, .type = (uint32_t)map_type_by_keyword(m->type)->type,
			       .key_size = m->key_size, .value_size = m->value_size,
			       .max_entries = m->max_entries, .flags = m->flags};
		vec_push(a, &s.maps, om);
	}
	for (int i = 0; i < u->progs.n; i++)
		vec_push(a, &s.progs, summary_prog(a, o, u->progs.v[i]));
	obj_summary_btf(&s, o->btf);
	obj_summary_print(out, &s);
}
