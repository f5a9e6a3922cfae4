/* cmd_check.c: `wh-load check`: put every program of an object through
 * the verifier, report what it processed or why it refused, unload. */
#include "cli.h"
#include "diag.h"
#include "json.h"
#include <stdio.h>
#include <stdlib.h>

const char cmd_check_help[] =
"Usage: wh-load check OBJ [-j] [-d]\n"
"Load every program of OBJ into the verifier (creating OBJ's maps first),\n"
"print one line per program, then unload everything.\n"
"\n"
"  -j, --json    print one JSON object:\n"
"                {\"programs\":[{\"name\":P,\"section\":S,\"insns\":N,\n"
"                  \"loaded\":true,\"processed_insns\":N}, ...]}\n"
"                (a rejected program has \"loaded\":false, \"error\" and \"log\")\n"
"  -d, --debug   print each program's verifier log to stderr\n"
"  -h, --help    print this help\n"
"\n"
"Text output: 'PROG (SECTION): processed N insns' per loaded program.\n"
"A rejected program's verifier log and an error line go to stderr.\n"
"Exit status: 0 when every program loads, 1 when one does not or on an\n"
"error, 2 on bad usage.\n";

static void report_json(Json *j, const WlProg *p, int ok)
{
	json_object(j);
	json_key(j, "name");
	json_string(j, p->name);
	json_key(j, "section");
	json_string(j, p->section);
	json_key(j, "insns");
	json_u64(j, p->insn_cnt);
	json_key(j, "loaded");
	json_bool(j, ok);
	if (ok) {
		json_key(j, "processed_insns");
		json_u64(j, p->verified_insns);
	} else {
		json_key(j, "error");
		json_string(j, wl_error());
		json_key(j, "log");
		json_string(j, p->log ? p->log : "");
	}
	json_object_end(j);
}

int cmd_check(int argc, char **argv, CliGlobal *g)
{
	static const struct option longopts[] = { CLI_COMMON_OPTS };
	while (cli_getopt(argc, argv, ":hjd", longopts, cmd_check_help, g) != -1)
		;
	if (argc - optind != 1)
		usage_error("expected one OBJ, got %d arguments", argc - optind);
	const char *path = argv[optind];
	diag_prog = "wh-load";

	WlObject *o = cli_open(path);
	if (!o->nprogs)
		fatal("%s: no programs (global functions in executable sections)", path);
	if (wl_load_maps(o))
		cli_die();
	WlLoadOpts opts = {.log_level = g->debug ? 2 | 4 : 0};
	Buf out = {0};
	Json j;
	json_init(&j, &out);
	if (g->json) {
		json_object(&j);
		json_key(&j, "programs");
		json_array(&j);
	}
	int failed = 0;
	for (int i = 0; i < o->nprogs; i++) {
		WlProg *p = &o->progs[i];
		int ok = wl_prog_load(o, p, &opts) == 0;
		if (g->json) {
			report_json(&j, p, ok);
		} else if (ok) {
			buf_printf(&out, "%s (%s): processed %u insns\n", p->name,
				   p->section, p->verified_insns);
		}
		if (g->debug || (!ok && !g->json))
			cli_print_log(p->log);
		if (!ok) {
			fprintf(stderr, "%s: %s: %s\n", diag_prog, path, wl_error());
			failed++;
		}
		wl_prog_unload(p);
	}
	if (g->json) {
		json_array_end(&j);
		json_object_end(&j);
	}
	cli_emit(&out);
	buf_free(&out);
	cli_close();
	return failed ? 1 : 0;
}
