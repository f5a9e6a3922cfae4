/* main.c: the wh-load command line: global options, then a subcommand from
 * the table below. The work is in the kernel layer (../kernel/wl.h), the
 * session layer (../session/) and cmd_*.c. */
#include "cli.h"
#include "diag.h"
#include "io.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
"Usage: wh-load [-j] [-d] COMMAND ARGS...\n"
"Load BPF ELF objects into the kernel (raw bpf(2), no libbpf) and run them.\n"
"\n"
"Commands:\n"
"  test OBJ PROG (--data FILE | --hex HEX) [--repeat N] [--dump MAP]...\n"
"                 [--events MAP[=STRUCT]]... [--data-out[=FILE]]\n"
"                 load OBJ's maps and program PROG and test-run PROG on a packet\n"
"  check OBJ      load every program of OBJ into the verifier and report\n"
"  describe OBJ   print what wh-load makes of OBJ, one fact a line\n"
"  pin OBJ DIR    load OBJ and pin every map and program as DIR/NAME on bpffs\n"
"  map (dump|lookup|update|delete|getnext) PINNED [KEY [VALUE]]\n"
"                 operate on a pinned map\n"
"  run OBJ [--attach PROG[:KIND][=TARGET]]... [--print MAP]... [--events MAP]...\n"
"                 load OBJ, attach programs, print maps and ring-buffer events\n"
"                 until --duration SEC or a signal, then detach everything\n"
"  session FILE.lisp\n"
"                 run a Lisp file: with-bpf-session, the loader API (whistler run)\n"
"  repl [--no-prompt]\n"
"                 read and evaluate forms as whistler run does, printing their\n"
"                 values (whistler repl)\n"
"  help [COMMAND] print this help, or COMMAND's\n"
"\n"
"Options (also accepted after the command):\n"
"  -j, --json     JSON output\n"
"  -d, --debug    print the verifier's whole log, even when a program loads\n"
"                 (a refusal is otherwise explained at the Lisp form), and\n"
"                 the kernel's whole log when it refuses the BTF\n"
"      --btf FILE relocate CO-RE field reads against this raw BTF file alone\n"
"                 instead of the running kernel's (also: WH_LOAD_BTF=FILE)\n"
"      --btf-dir DIR\n"
"                 relocate against DIR/vmlinux and, for a struct it lacks,\n"
"                 the modules' split BTF in the other files of DIR, instead\n"
"                 of /sys/kernel/btf (also: WH_LOAD_BTF_DIR=DIR)\n"
"  -h, --help     print this help ('wh-load COMMAND --help': COMMAND's)\n"
"      --version  print the version\n"
"\n"
"Objects are ELF files from clang -target bpf or wh-elf ('-': standard input).\n"
"Exit status: 0 on success, 1 on an error (bad object, unknown program or\n"
"map, refusal by the kernel), 2 on bad usage.\n";

static const struct {
	const char *name;
	const char *prog;       /* diag_prog while parsing its arguments */
	int (*run)(int argc, char **argv, CliGlobal *g);
	const char *help;
} commands[] = {
	{"test", "wh-load test", cmd_test, cmd_test_help},
	{"check", "wh-load check", cmd_check, cmd_check_help},
	{"describe", "wh-load describe", cmd_describe, cmd_describe_help},
	{"pin", "wh-load pin", cmd_pin, cmd_pin_help},
	{"map", "wh-load map", cmd_map, cmd_map_help},
	{"session", "wh-load session", cmd_session, cmd_session_help},
	{"repl", "wh-load repl", cmd_repl, cmd_repl_help},
	{"run", "wh-load run", cmd_run, cmd_run_help},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static int find_command(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return (int)i;
	return -1;
}

static int help_command(int argc, char **argv)
{
	if (argc < 2) {
		fputs(help, stdout);
		return 0;
	}
	if (argc > 2)
		usage_error("help takes at most one command");
	int c = find_command(argv[1]);
	if (c < 0)
		usage_error("unknown command '%s'", argv[1]);
	fputs(commands[c].help, stdout);
	return 0;
}

int main(int argc, char **argv)
{
	diag_prog = "wh-load";
	CliGlobal g = {0};
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(help, stdout);
			return 0;
		} else if (!strcmp(a, "--version")) {
			printf("wh-load %s\n", WH_VERSION);
			return 0;
		} else if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			g.json = 1;
		} else if (!strcmp(a, "-d") || !strcmp(a, "--debug")) {
			g.debug = 1;
		} else if (!strcmp(a, "--btf") && i + 1 < argc) {
			wl_core_set_target(argv[++i]);
		} else if (!strncmp(a, "--btf=", 6)) {
			wl_core_set_target(a + 6);
		} else if (!strcmp(a, "--btf-dir") && i + 1 < argc) {
			wl_core_set_target_dir(argv[++i]);
		} else if (!strncmp(a, "--btf-dir=", 10)) {
			wl_core_set_target_dir(a + 10);
		} else {
			usage_error("unknown option '%s'", a);
		}
	}
	if (i == argc)
		usage_error("no command given");
	if (!strcmp(argv[i], "help"))
		return help_command(argc - i, argv + i);
	int c = find_command(argv[i]);
	if (c < 0)
		usage_error("unknown command '%s'", argv[i]);
	/* The subcommand sees itself as argv[0]; its usage errors point at
	 * its own --help. */
	diag_prog = commands[c].prog;
	optind = 0;
	return commands[c].run(argc - i, argv + i, &g);
}
