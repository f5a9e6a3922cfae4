/* cli.h: what the wh-load subcommands share: global options, the object
 * closed on every exit path, error reporting, option parsing. The command
 * layer (cmd/) may call the session and kernel layers and shared/
 * (wh-load/README.md). */
#ifndef WH_LOAD_CLI_H
#define WH_LOAD_CLI_H
#include <getopt.h>
#include <stdnoreturn.h>
#include "../kernel/wl.h"

typedef struct {
	int json;               /* -j */
	int debug;              /* -d: verifier log even on success */
} CliGlobal;

/* The object a command has open; the diag_on_exit hook closes it, so a
 * fatal() anywhere still closes every fd. */
extern WlObject *cli_object;
WlObject *cli_open(const char *path);
void cli_close(void);

/* Print the library error's log (if any) to stderr, then fatal() with its
 * message: exit 1 with one line. */
noreturn void cli_die(void);
void cli_print_log(const char *log);
/* A program the kernel refused, to stderr: the explanation at its source
 * form (wl_explain_refusal), and its raw verifier log with -d or when
 * there is no explanation. */
void cli_print_refusal(const WlObject *o, const WlProg *p);

/* getopt_long for a subcommand: prints `help` on -h/--help and exits 0;
 * -j/-d set the globals; unknown options and missing arguments are usage
 * errors. Returns getopt's value for the command's own options, -1 at the
 * end. `shortopts` must include "hjd". */
int cli_getopt(int argc, char **argv, const char *shortopts,
	       const struct option *longopts, const char *help, CliGlobal *g);
/* The common long options, to put at the end of a command's table. */
enum { CLI_BTF_DIR = 0x100 };   /* long-only: no short letter */
#define CLI_COMMON_OPTS \
	{"help", no_argument, NULL, 'h'}, \
	{"json", no_argument, NULL, 'j'}, \
	{"debug", no_argument, NULL, 'd'}, \
	{"btf", required_argument, NULL, 'B'}, \
	{"btf-dir", required_argument, NULL, CLI_BTF_DIR}, \
	{NULL, 0, NULL, 0}

/* Write out to stdout, all of it, or fatal(). */
void cli_emit(const Buf *out);

int cmd_test(int argc, char **argv, CliGlobal *g);
int cmd_check(int argc, char **argv, CliGlobal *g);
extern const char cmd_test_help[], cmd_check_help[];
int cmd_run(int argc, char **argv, CliGlobal *g);
int cmd_pin(int argc, char **argv, CliGlobal *g);
int cmd_map(int argc, char **argv, CliGlobal *g);
extern const char cmd_pin_help[], cmd_map_help[];
extern const char cmd_run_help[];
int cmd_session(int argc, char **argv, CliGlobal *g);
extern const char cmd_session_help[];
int cmd_repl(int argc, char **argv, CliGlobal *g);
extern const char cmd_repl_help[];
int cmd_describe(int argc, char **argv, CliGlobal *g);
extern const char cmd_describe_help[];

#endif
