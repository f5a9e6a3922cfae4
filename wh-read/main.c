/* wh-read: Lisp source to the sx format (canonical s-expressions with
 * source positions). The reader itself lives in shared/sexp.c. */
#include "io.h"
#include "sexp.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
	"Usage: wh-read [FILE.lisp] [-o FILE.sx]\n"
	"Read Whistler Lisp source and print it in the sx format: one top-level\n"
	"form per line, each list prefixed by its source position @LINE:COL.\n"
	"Reads standard input when no FILE is given; writes standard output\n"
	"unless -o is given.\n"
	"\n"
	"  -o FILE     write the output to FILE (only when reading succeeds)\n"
	"  --name NAME file name recorded in the output (default: FILE)\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

static int opt(int argc, char **argv, int i, void *ctx)
{
	const char **name = ctx;
	if (!strcmp(argv[i], "--name")) {
		if (i + 1 >= argc)
			usage_error("option --name needs a value");
		*name = argv[i + 1];
		return 2;
	}
	return 0;
}

int main(int argc, char **argv)
{
	diag_prog = "wh-read";
	const char *name = NULL;
	FilterArgs fa = parse_filter_args(argc, argv, help, opt, &name);
	Arena *a = arena_new();
	diag_file = name ? name : fa.input ? fa.input : "<stdin>";
	size_t len;
	const char *text = read_file_all(a, fa.input, &len);
	diag_set_source(text, len);     /* caret lines, from standard input too */
	/* Source is text: a NUL or other control byte means a wrong file. */
	Pos at = {1, 1};
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];
		if (c == '\n') {
			at.line++;
			at.col = 1;
			continue;
		}
		if (c < 32 && c != '\t' && c != '\r' && c != '\f')
			error_at(at, "control character 0x%02x in source (not a text file?)", c);
		at.col++;
	}
	SxFile *f = sx_read_source(a, text);
	f->header = "sx";
	f->file = diag_file;
	Buf out = {0};
	sx_print_file(&out, f);
	write_output(fa.output, out.data, out.len);
	buf_free(&out);
	arena_free(a);
	return 0;
}
