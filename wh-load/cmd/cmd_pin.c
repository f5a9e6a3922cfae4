/* cmd_pin.c: `wh-load pin OBJ DIR`: load every program of OBJ (creating
 * its maps) and pin each map and program on bpffs as DIR/NAME. */
#include "cli.h"
#include "diag.h"
#include "json.h"
#include "../kernel/pin.h"
#include <stdio.h>

const char cmd_pin_help[] =
"Usage: wh-load pin OBJ DIR [-j] [-d]\n"
"Load every program of OBJ (creating its maps first) and pin each map and\n"
"each program on the BPF filesystem as DIR/NAME, like 'bpftool prog\n"
"loadall OBJ DIR pinmaps DIR'. DIR must be on bpffs (normally under\n"
"/sys/fs/bpf); it is created when missing (its parent must exist). Nothing\n"
"stays pinned when one step fails. Remove the pins with 'rm -r DIR'.\n"
"\n"
"  -j, --json    print {\"maps\":{NAME:PATH,...},\"programs\":{NAME:PATH,...}}\n"
"  -d, --debug   print each program's verifier log to stderr\n"
"  -h, --help    print this help\n"
"\n"
"Text output: one 'map NAME: PATH' or 'program NAME: PATH' line per pin.\n"
"Exit status: 0 when everything is pinned, 1 on an error (a program the\n"
"verifier rejects, DIR not on bpffs, a name already pinned), 2 on bad usage.\n";

int cmd_pin(int argc, char **argv, CliGlobal *g)
{
	static const struct option longopts[] = { CLI_COMMON_OPTS };
	while (cli_getopt(argc, argv, ":hjd", longopts, cmd_pin_help, g) != -1)
		;
	if (argc - optind != 2)
		usage_error("expected OBJ and DIR, got %d argument%s", argc - optind,
			    argc - optind == 1 ? "" : "s");
	const char *path = argv[optind], *dir = argv[optind + 1];
	diag_prog = "wh-load";

	WlObject *o = cli_open(path);
	if (g->debug) {
		WlLoadOpts opts = {.log_level = 2 | 4};
		for (int i = 0; i < o->nprogs; i++) {
			if (wl_prog_load(o, &o->progs[i], &opts))
				cli_die();
			cli_print_log(o->progs[i].log);
		}
	}
	if (wl_pin_object(o, dir))
		cli_die();
	Buf out = {0};
	Json j;
	json_init(&j, &out);
	if (g->json) {
		json_object(&j);
		json_key(&j, "maps");
		json_object(&j);
		for (int i = 0; i < o->nmaps; i++) {
			json_key(&j, o->maps[i].name);
			json_string(&j, arena_printf(o->arena, "%s/%s", dir, o->maps[i].name));
		}
		json_object_end(&j);
		json_key(&j, "programs");
		json_object(&j);
		for (int i = 0; i < o->nprogs; i++) {
			json_key(&j, o->progs[i].name);
			json_string(&j, arena_printf(o->arena, "%s/%s", dir, o->progs[i].name));
		}
		json_object_end(&j);
		json_object_end(&j);
	} else {
		for (int i = 0; i < o->nmaps; i++)
			buf_printf(&out, "map %s: %s/%s\n", o->maps[i].name, dir, o->maps[i].name);
		for (int i = 0; i < o->nprogs; i++)
			buf_printf(&out, "program %s: %s/%s\n", o->progs[i].name, dir,
				   o->progs[i].name);
	}
	cli_emit(&out);
	buf_free(&out);
	cli_close();
	return 0;
}
