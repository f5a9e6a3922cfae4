/* wh-ra: ssa to mir. Allocates physical registers and the stack frame of
 * each program. */
#include "io.h"
#include "ra.h"
#include <stdio.h>
#include <string.h>

static const char help[] =
	"Usage: wh-ra [FILE.ssa] [-o FILE.mir]\n"
	"Allocate registers: read ssa (the output of wh-opt) and write mir, the\n"
	"same program on the BPF registers r0-r10 with its stack frame laid out.\n"
	"Values live across helper calls are kept in r6-r9; when registers run\n"
	"out, constants and addresses are rebuilt where they are used and other\n"
	"values go through 8-byte stack slots. A stack address built for three\n"
	"helper calls or more is built once, in an r6-r9 the program leaves\n"
	"unused. Stack objects and spill slots share\n"
	"frame space when they are not live at the same time; the frame must fit\n"
	"the kernel's 512 bytes.\n"
	"\n"
	"  --reprint   parse the ssa input and print it back canonically\n"
	"  -o FILE     write the output to FILE (only on success)\n"
	"  -h, --help  show this help\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

int main(int argc, char **argv)
{
	diag_prog = "wh-ra";
	int reprint = 0;
	FilterArgs fa = parse_filter_args(argc, argv, help, reprint_option, &reprint);
	Arena *a = arena_new();
	diag_file = fa.input ? fa.input : "<stdin>";
	const char *text = read_file_all(a, fa.input, NULL);
	IrUnit *u = ir_parse(a, text, 0);
	if (u->file)
		diag_file = u->file;
	for (int i = 0; !reprint && i < u->progs.n; i++) {
		IrProg *p = u->progs.v[i];
		ir_verify(p, 0);
		ra_prog(a, p);
	}
	u->mir = !reprint;
	Buf b = {0};
	ir_print(&b, u);
	write_output(fa.output, b.data, b.len);
	buf_free(&b);
	arena_free(a);
	return 0;
}
