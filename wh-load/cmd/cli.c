/* cli.c: the plumbing every subcommand uses: open/close of the object with
 * an exit hook, error reporting, option parsing, output. */
#include "cli.h"
#include "diag.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

WlObject *cli_object;

void cli_close(void)
{
	wl_close(cli_object);
	cli_object = NULL;
}

WlObject *cli_open(const char *path)
{
	diag_on_exit = cli_close;
	cli_object = wl_open(path);
	if (!cli_object)
		fatal("%s: %s", path, wl_error());
	return cli_object;
}

void cli_print_log(const char *log)
{
	if (!log || !*log)
		return;
	fputs(log, stderr);
	if (log[strlen(log) - 1] != '\n')
		fputc('\n', stderr);
}

/* -d: kernel logs are printed whole */
static int show_logs;

void cli_print_refusal(const WlObject *o, const WlProg *p)
{
	char *why = o ? wl_explain_refusal(o->arena, o, p) : NULL;
	if (show_logs || !why)
		cli_print_log(p->log);
	if (why)
		fputs(why, stderr);
}

void cli_die(void)
{
	/* a refused program is explained at its source form (its verifier
	 * log is the explanation when no better one is known); other logs
	 * (the BTF dump before the reason, which the message holds) need -d */
	if (wl_error_prog())
		cli_print_refusal(cli_object, wl_error_prog());
	else if (show_logs)
		cli_print_log(wl_error_log());
	if (cli_object)
		fatal("%s: %s", cli_object->path, wl_error());
	fatal("%s", wl_error());
}

int cli_getopt(int argc, char **argv, const char *shortopts,
	       const struct option *longopts, const char *help, CliGlobal *g)
{
	show_logs |= g->debug;  /* -d before the command */
	for (;;) {
		int c = getopt_long(argc, argv, shortopts, longopts, NULL);
		switch (c) {
		case 'h':
			fputs(help, stdout);
			exit(0);
		case 'j':
			g->json = 1;
			continue;
		case 'd':
			g->debug = show_logs = 1;
			continue;
		case 'B':       /* --btf FILE: the target of CO-RE relocations */
			wl_core_set_target(optarg);
			continue;
		case CLI_BTF_DIR:       /* --btf-dir DIR: vmlinux and modules' BTF */
			wl_core_set_target_dir(optarg);
			continue;
		case ':':
			usage_error("option '%s' needs an argument", argv[optind - 1]);
		case '?': {
			const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
			if (!strncmp(arg, "--", 2))
				usage_error("unknown option '%s'", arg);
			usage_error("unknown option '-%c'", optopt);
		}
		default:
			return c;
		}
	}
}

void cli_emit(const Buf *out)
{
	if ((out->len && fwrite(out->data, 1, out->len, stdout) != out->len) ||
	    fflush(stdout) != 0)
		fatal("cannot write standard output: %s", strerror(errno));
}
