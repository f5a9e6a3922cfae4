/* cmd_session.c: `wh-load session FILE.lisp` (what `whistler run` runs):
 * the command line; the session itself is the session layer's
 * (session/session.c). */
#include "cli.h"
#include "diag.h"
#include "../session/session.h"

const char cmd_session_help[] =
"Usage: wh-load session FILE.lisp\n"
"Run a Lisp file with the loader library: with-bpf-session (its bpf:map and\n"
"bpf:prog forms compiled by the driver, $WH_DRIVER or the whistler beside\n"
"wh-load, with the phases of $WH_BIN or beside wh-load),\n"
"with-bpf-object, attach-*, map-*, ring consumers, defstruct records.\n"
"Everything the file attached or opened is closed when it ends, fails or\n"
"is interrupted (SIGINT, SIGTERM). Exit status: 0, 1 on an error, 130 when\n"
"interrupted and nothing handled it.\n";

int cmd_session(int argc, char **argv, CliGlobal *g)
{
	static const struct option longopts[] = {CLI_COMMON_OPTS};
	int c;
	while ((c = cli_getopt(argc, argv, "+hjd", longopts, cmd_session_help, g)) != -1)
		usage_error("unknown option");
	if (optind != argc - 1)
		usage_error("session takes one file (FILE.lisp)");
	return session_run(argv[optind]);
}
