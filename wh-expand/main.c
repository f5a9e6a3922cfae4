/* wh-expand: sx to core. Evaluates the top-level forms, expands program
 * bodies into core forms and prints the declarations (license, maps,
 * structs, constants, programs) in the core format. With --eval it is
 * the compile-time Lisp on its own: Lisp source in, printed values out.
 * With --gen LANG it writes the userspace headers for the structs and
 * constants (gen*.c). */
#include "expand.h"
#include "gen.h"
#include "io.h"
#include "lisp.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
	"Usage: wh-expand [FILE.sx] [-o FILE.core]\n"
	"       wh-expand --eval [FILE.lisp] [-o FILE]\n"
	"       wh-expand --gen LANG [FILE.sx|FILE.core] [-o FILE]\n"
	"       wh-expand --gen LANG[,LANG...] --base BASE [FILE.sx|FILE.core]\n"
	"Expand a program read by wh-read (the sx format) into core forms:\n"
	"top-level declarations are evaluated, macros and builtin forms in\n"
	"defprog bodies are expanded, constants are folded in.\n"
	"\n"
	"  --eval      read Lisp source and evaluate each top-level form with\n"
	"              the compile-time Lisp, printing each value (prin1) on a line\n"
	"  --reprint   parse the sx input and print it back canonically\n"
	"  --gen LANG  write the structs (defstruct, defunion) and constants\n"
	"              (defconstant) for userspace in LANG: c, go, rust, python\n"
	"              or lisp, with the layout the expander computed; reads sx\n"
	"              (and expands it) or core. The output name gives the base\n"
	"              for the header guard and Go package (foo.h, foo_types.go)\n"
	"  --base BASE write each language's file, BASE.h, BASE_types.go,\n"
	"              BASE_types.rs, BASE_types.py, BASE_types.lisp, at once\n"
	"  --prefix P  the namespace of the generated C, Go, Rust and Python\n"
	"              names (P_conn_event, PConnEvent, P_EVENT_TYPE_TCP);\n"
	"              default: the base name; '' for the bare names\n"
	"  -o FILE     write the output to FILE (only on success)\n"
	"  -h, --help  show this help\n"
	"\n"
	"Environment: WH_TRACEFS (tracefs root for deftracepoint), WH_VMLINUX\n"
	"(BTF for import-kernel-struct), WH_ARCH (x86_64 or aarch64 for pt-regs).\n"
	"\n"
	"Exit status: 0 success, 1 error in the program, 2 bad usage.\n";

enum { MODE_EXPAND, MODE_REPRINT, MODE_EVAL, MODE_GEN };

typedef struct {
	int mode;
	Arena *a;
	Vec langs;              /* const GenLang*, from --gen */
	const char *base;       /* --base */
	const char *prefix;     /* --prefix, NULL for the base name */
} Mode;

static int mode_option(int argc, char **argv, int i, void *ctx)
{
	Mode *m = ctx;
	if (!strcmp(argv[i], "--reprint"))
		m->mode = MODE_REPRINT;
	else if (!strcmp(argv[i], "--eval"))
		m->mode = MODE_EVAL;
	else if (!strcmp(argv[i], "--gen") || !strcmp(argv[i], "--base") ||
		 !strcmp(argv[i], "--prefix")) {
		if (i + 1 >= argc)
			usage_error("option %s needs %s", argv[i], argv[i][2] == 'g' ?
				    "a language (c, go, rust, python, lisp)" :
				    argv[i][2] == 'b' ? "a file name" : "a name (or '')");
		if (argv[i][2] == 'b')
			m->base = argv[i + 1];
		else if (argv[i][2] == 'p')
			m->prefix = argv[i + 1];
		else
			gen_parse_langs(m->a, &m->langs, argv[i + 1]);
		m->mode = MODE_GEN;
		return 2;
	} else
		return 0;
	return 1;
}

static void eval_source(Arena *a, const char *text, const char *out)
{
	Lisp *L = lisp_new(a);
	SxFile *f = sx_read_source(a, text);
	Buf b = {0};
	for (int i = 0; i < f->forms.n; i++) {
		lisp_print(&b, lisp_eval(L, lisp_read_time(L, f->forms.v[i])), 1);
		buf_putc(&b, '\n');
	}
	fflush(stdout);
	write_output(out, b.data ? b.data : "", b.len);
	buf_free(&b);
	lisp_free(L);
}

int main(int argc, char **argv)
{
	diag_prog = "wh-expand";
	Arena *a = arena_new();
	Mode md = {.mode = MODE_EXPAND, .a = a};
	FilterArgs fa = parse_filter_args(argc, argv, help, mode_option, &md);
	int mode = md.mode;
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	if (mode == MODE_EVAL) {
		eval_source(a, text, fa.output);
		arena_free(a);
		return 0;
	}
	if (mode == MODE_GEN) {
		gen_files(a, text, md.langs, md.base, fa.output, md.prefix);
		arena_free(a);
		return 0;
	}
	SxFile *in = sx_read_format(a, text, "sx");
	if (in->file)
		diag_file = in->file;
	if (mode == MODE_REPRINT) {
		Buf rb = {0};
		sx_print_file(&rb, in);
		write_output(fa.output, rb.data, rb.len);
		buf_free(&rb);
		arena_free(a);
		return 0;
	}
	SxFile *out = expand_file(a, in);
	Buf b = {0};
	sx_print_file(&b, out);
	write_output(fa.output, b.data, b.len);
	buf_free(&b);
	expand_done();
	arena_free(a);
	return 0;
}
