/* cmd_session.c: `wh-load session FILE.lisp` (what `whistler run` runs)
 * and `wh-load repl` (what `whistler repl` runs): the command lines; the
 * sessions themselves are the session layer's (session/session.c,
 * session/session_repl.c). */
#include "cli.h"
#include "diag.h"
#include "../session/session.h"
#include <unistd.h>

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
	lisp_catch_interrupts();        /* Ctrl-C from now on is 130, 'interrupted' */
	static const struct option longopts[] = {CLI_COMMON_OPTS};
	int c;
	while ((c = cli_getopt(argc, argv, "+hjd", longopts, cmd_session_help, g)) != -1)
		usage_error("unknown option");
	if (optind != argc - 1)
		usage_error("session takes one file (FILE.lisp)");
	return session_run(argv[optind]);
}

const char cmd_repl_help[] =
"Usage: wh-load repl [--no-prompt]\n"
"Read Lisp forms from standard input and evaluate them, printing their\n"
"values: the session's Lisp and loader library (as wh-load session), with\n"
"BPF definitions that accumulate (a redefinition replaces), compile-to-elf,\n"
"and (load \"FILE\"). The prompt \"* \" is shown on a terminal (on stdout),\n"
"unless --no-prompt. An error or Ctrl-C ends the form being evaluated and\n"
"releases what it attached; Ctrl-C at the prompt drops the input typed so\n"
"far. The end of input (Ctrl-D) detaches everything and exits.\n"
"Exit status: 0; 1 when the input ends inside a form; 130 when interrupted\n"
"while reading from a pipe, or by SIGTERM.\n";

int cmd_repl(int argc, char **argv, CliGlobal *g)
{
	lisp_catch_interrupts();
	enum { NO_PROMPT = 1000 };
	static const struct option longopts[] = {
		{"no-prompt", no_argument, NULL, NO_PROMPT}, CLI_COMMON_OPTS};
	int c, prompt = isatty(0);
	while ((c = cli_getopt(argc, argv, "+hjd", longopts, cmd_repl_help, g)) != -1) {
		if (c != NO_PROMPT)
			usage_error("unknown option");
		prompt = 0;
	}
	if (optind != argc)
		usage_error("repl takes no file (use (load \"FILE\"))");
	return session_repl(prompt);
}
