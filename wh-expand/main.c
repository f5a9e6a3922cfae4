/* wh-expand: sx to core. Evaluates the top-level forms, expands program
 * bodies into core forms and prints the declarations (license, maps,
 * programs) in the core format. */
#include "expand.h"
#include "io.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
	"Usage: wh-expand [FILE.sx] [-o FILE.core]\n"
	"Expand a program read by wh-read (the sx format) into core forms:\n"
	"top-level declarations are evaluated, macros and builtin forms in\n"
	"defprog bodies are expanded, constants are folded in.\n"
	"\n"
	"  --reprint   parse the sx input and print it back canonically\n"
	"  -o FILE     write the output to FILE (only on success)\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status: 0 success, 1 error in the program, 2 bad usage.\n";

int main(int argc, char **argv)
{
	diag_prog = "wh-expand";
	int reprint = 0;
	FilterArgs fa = parse_filter_args(argc, argv, help, reprint_option, &reprint);
	Arena *a = arena_new();
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	SxFile *in = sx_read_format(a, text, "sx");
	if (in->file)
		diag_file = in->file;
	if (reprint) {
		Buf rb = {0};
		sx_print_file(&rb, in);
		write_output(fa.output, rb.data, rb.len);
		buf_free(&rb);
		arena_free(a);
		return 0;
	}
	Expander e = {.a = a};
	for (int i = 0; i < in->forms.n; i++)
		expand_toplevel(&e, in->forms.v[i]);

	SxFile out = {.header = "core", .file = in->file};
	if (e.license) {
		Pos p = e.license_pos;
		vec_push(a, &out.forms, sx_list(a, p, 2, sx_sym(a, "license", p),
						 sx_str(a, e.license, strlen(e.license), p)));
	}
	for (int i = 0; i < e.out.n; i++)
		vec_push(a, &out.forms, e.out.v[i]);
	Buf b = {0};
	sx_print_file(&b, &out);
	write_output(fa.output, b.data, b.len);
	buf_free(&b);
	arena_free(a);
	return 0;
}
