/* cmd_describe.c: `wh-load describe OBJ`: what the loader makes of an
 * object, in the summary lines of shared/obj_describe.c: the maps it
 * would create, each program's instructions, map references and the
 * func_info/line_info it would give the kernel, the BTF kinds.
 * `wh-elf --describe` prints the same lines from the disassembly, so the
 * two readings can be compared. Nothing is loaded. */
#include "cli.h"
#include "diag.h"

const char cmd_describe_help[] =
"Usage: wh-load describe OBJ\n"
"Print what wh-load makes of OBJ, one fact a line (nothing is loaded):\n"
"  license \"L\"\n"
"  map NAME type=T key_size=N value_size=N max_entries=N flags=N\n"
"  prog NAME section=\"S\" insns=N func_info=N line_info=N core_relo=N\n"
"  reloc PROG insn=N map=NAME\n"
"  btf types=N KIND=N ...\n"
"wh-elf --describe prints the same lines from its disassembly.\n";

static ObjSummaryProg *summary_prog(Arena *a, const WlObject *o, const WlProg *p)
{
	ObjSummaryProg *sp = arena_alloc(a, sizeof *sp);
	sp->name = p->name;
	sp->section = p->section;
	sp->insns = p->insn_cnt;
	sp->func_info = p->func_info_cnt;
	sp->line_info = p->line_info_cnt;
	sp->core_relo = (uint32_t)p->obj->ext[EXT_CORE].n;
	for (int i = 0; i < p->nrelos; i++) {
		ObjSummaryReloc *r = arena_alloc(a, sizeof *r);
		*r = (ObjSummaryReloc){p->relos[i].insn, o->maps[p->relos[i].map].name};
		vec_push(a, &sp->relocs, r);
	}
	return sp;
}

int cmd_describe(int argc, char **argv, CliGlobal *g)
{
	static const struct option longopts[] = { CLI_COMMON_OPTS };
	while (cli_getopt(argc, argv, ":hjd", longopts, cmd_describe_help, g) != -1)
		;
	if (argc - optind != 1)
		usage_error("expected one OBJ, got %d arguments", argc - optind);
	WlObject *o = cli_open(argv[optind]);
	Arena *a = o->arena;
	ObjSummary s = {.license = *o->license ? o->license : NULL};
	for (int i = 0; i < o->nmaps; i++) {
		const WlMap *m = &o->maps[i];
		ObjMap *om = arena_alloc(a, sizeof *om);
		*om = (ObjMap){.name = m->name, .type = m->type, .key_size = m->key_size,
			       .value_size = m->value_size, .max_entries = m->max_entries,
			       .flags = m->flags};
		vec_push(a, &s.maps, om);
	}
	for (int i = 0; i < o->nprogs; i++)
		vec_push(a, &s.progs, summary_prog(a, o, &o->progs[i]));
	obj_summary_btf(&s, o->btf);
	Buf out = {0};
	obj_summary_print(&out, &s);
	cli_emit(&out);
	buf_free(&out);
	cli_close();
	return 0;
}
