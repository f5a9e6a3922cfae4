/* wh-emit: mir to asm. Selects BPF instructions for each program and
 * cleans them up; declarations pass through as directives. */
#include "emit.h"
#include "io.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
	"Usage: wh-emit [FILE.mir] [-o FILE.s] [--no-peephole]\n"
	"Select BPF instructions: read mir (the output of wh-ra) and write BPF\n"
	"assembly in the asm format, the syntax of the verifier log and\n"
	"llvm-objdump, with labels and Whistler directives.\n"
	"\n"
	"  --reprint      parse the mir input and print it back canonically\n"
	"  --no-peephole  skip the peephole cleanups\n"
	"  -o FILE        write the output to FILE (only on success)\n"
	"  -h, --help     show this help\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

static int opt(int argc, char **argv, int i, void *ctx)
{
	if (!strcmp(argv[i], "--no-peephole")) {
		((int *)ctx)[0] = 1;
		return 1;
	}
	return reprint_option(argc, argv, i, (int *)ctx + 1);
}

int main(int argc, char **argv)
{
	diag_prog = "wh-emit";
	int flags[2] = {0, 0};
	FilterArgs fa = parse_filter_args(argc, argv, help, opt, flags);
	int no_peep = flags[0];
	Arena *a = arena_new();
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	IrUnit *u = ir_parse(a, text, 1);
	if (u->file)
		diag_file = u->file;
	if (flags[1]) {
		Buf rb = {0};
		ir_print(&rb, u);
		write_output(fa.output, rb.data, rb.len);
		buf_free(&rb);
		arena_free(a);
		return 0;
	}
	AsmUnit out = {.file = u->file, .license = u->license, .maps = u->maps};
	for (int i = 0; i < u->progs.n; i++) {
		IrProg *p = u->progs.v[i];
		ir_verify(p, 1);
		AsmProg *ap = select_prog(a, p);
		if (!no_peep)
			peephole(a, ap);
		vec_push(a, &out.progs, ap);
	}
	Buf b = {0};
	asm_print(&b, &out);
	write_output(fa.output, b.data, b.len);
	buf_free(&b);
	arena_free(a);
	return 0;
}
