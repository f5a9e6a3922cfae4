/* wh-emit: mir to asm. Selects BPF instructions for each program and
 * cleans them up with the peepholes; declarations pass through as
 * directives. */
#include "emit.h"
#include "io.h"
#include <stdio.h>
#include <string.h>

static const char help_head[] =
	"Usage: wh-emit [FILE.mir] [-o FILE.s] [--no-peephole | --peephole=LIST]\n"
	"       wh-emit --check FILE.s\n"
	"Select BPF instructions: read mir (the output of wh-ra) and write BPF\n"
	"assembly in the asm format, the syntax of the verifier log and\n"
	"llvm-objdump, with labels and Whistler directives.\n"
	"\n"
	"  --reprint         parse the mir input and print it back canonically\n"
	"  --check           read asm instead and report the first instruction\n"
	"                    the verifier refuses whatever the program (an\n"
	"                    immediate 0 divisor, a shift by the width or more, a\n"
	"                    write to r10 ...; wh-emit checks its own output so)\n"
	"  --no-peephole     run no peephole (labels are still renamed L1, L2 ...)\n"
	"  --peephole=LIST   run only these peepholes (names separated by commas)\n"
	"  -o FILE           write the output to FILE (only on success)\n"
	"  -h, --help        show this help\n"
	"\n"
	"Peepholes, run in this order until none changes the code:\n";
static const char help_tail[] =
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

typedef struct {
	unsigned mask;          /* peepholes to run */
	int reprint;
	int check;              /* --check: the input is asm to check */
} Options;

static int opt(int argc, char **argv, int i, void *ctx)
{
	Options *o = ctx;
	if (!strcmp(argv[i], "--no-peephole")) {
		o->mask = 0;
		return 1;
	}
	if (!strcmp(argv[i], "--check")) {
		o->check = 1;
		return 1;
	}
	if (!strncmp(argv[i], "--peephole=", 11)) {
		o->mask = peephole_mask(argv[i] + 11);
		return 1;
	}
	return reprint_option(argc, argv, i, &o->reprint);
}

int main(int argc, char **argv)
{
	diag_prog = "wh-emit";
	Buf help = {0};
	buf_puts(&help, help_head);
	for (int i = 0; i < npeepholes; i++)
		buf_printf(&help, "  %-10s %s\n", peepholes[i].name, peepholes[i].what);
	buf_puts(&help, help_tail);
	Options o = {(1u << npeepholes) - 1, 0, 0};
	FilterArgs fa = parse_filter_args(argc, argv, help.data, opt, &o);
	buf_free(&help);
	Arena *a = arena_new();
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	if (o.check) {
		check_asm_file(asm_parse(a, text));
		arena_free(a);
		return 0;
	}
	IrUnit *u = ir_parse(a, text, 1);
	if (u->file)
		diag_file = u->file;
	if (o.reprint) {
		Buf rb = {0};
		ir_print(&rb, u);
		write_output(fa.output, rb.data, rb.len);
		buf_free(&rb);
		arena_free(a);
		return 0;
	}
	AsmUnit out = {.file = u->file, .license = u->license, .output = u->output,
		       .maps = u->maps, .structs = u->structs, .kstructs = u->kstructs};
	for (int i = 0; i < u->progs.n; i++) {
		IrProg *p = u->progs.v[i];
		ir_verify(p, 1);
		AsmProg *ap = select_prog(a, p);
		check_output(ap, "instruction selection", NULL);
		peephole(a, ap, o.mask);       /* with no peephole: labels only */
		asm_label_raw_jumps(a, ap);
		vec_push(a, &out.progs, ap);
	}
	Buf b = {0};
	asm_print(&b, &out);
	write_output(fa.output, b.data, b.len);
	buf_free(&b);
	arena_free(a);
	return 0;
}
