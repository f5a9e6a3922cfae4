/* main.c: wh-elf's command line. Assembles asm into a BPF ELF object, or
 * (--disasm) prints an ELF object as asm, or (--print-asm) re-prints asm
 * canonically. */
#include "whelf.h"
#include "io.h"
#include <string.h>

static const char help[] =
	"usage: wh-elf [IN.asm] [-o OUT.o]\n"
	"       wh-elf --disasm [OBJ.o] [-o OUT.asm]\n"
	"       wh-elf --print-asm [IN.asm] [-o OUT.asm]\n"
	"\n"
	"Assemble Whistler asm (#!asm, see docs/formats.md) into an ELF64 BPF\n"
	"relocatable object for libbpf, bpftool and the kernel: one section per\n"
	"program section name, .maps (BTF-defined maps), license, .BTF and\n"
	".BTF.ext (func_info, line_info). Input defaults to standard input,\n"
	"output to standard output; a failed run writes nothing.\n"
	"\n"
	"  -o FILE       write the result to FILE\n"
	"  --disasm      read an ELF object (ours or clang's) and print it as asm\n"
	"  --print-asm   parse asm and print it canonically (no object)\n"
	"  -h, --help    show this help\n"
	"  --version     show the version\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

typedef enum { MODE_ASSEMBLE, MODE_DISASM, MODE_PRINT } Mode;

static int option(int argc, char **argv, int i, void *ctx)
{
	(void)argc;
	Mode *mode = ctx;
	Mode m = !strcmp(argv[i], "--disasm") ? MODE_DISASM :
		 !strcmp(argv[i], "--print-asm") ? MODE_PRINT : MODE_ASSEMBLE;
	if (m == MODE_ASSEMBLE)
		return 0;
	if (*mode != MODE_ASSEMBLE && *mode != m)
		usage_error("--disasm and --print-asm exclude each other");
	*mode = m;
	return 1;
}

static void print(const AsmUnit *u, const char *path)
{
	Buf out = {0};
	asm_print(&out, u);
	write_output(path, out.data, out.len);
	buf_free(&out);
}

int main(int argc, char **argv)
{
	diag_prog = "wh-elf";
	Mode mode = MODE_ASSEMBLE;
	FilterArgs fa = parse_filter_args(argc, argv, help, option, &mode);
	diag_file = fa.input && strcmp(fa.input, "-") ? fa.input : "<stdin>";
	Arena *a = arena_new();
	size_t len;
	char *in = read_file_all(a, fa.input, &len);
	if (mode == MODE_DISASM) {
		print(elf_disasm(a, in, len, diag_file), fa.output);
	} else {
		if (len >= 4 && !memcmp(in, "\x7f" "ELF", 4))
			error_at((Pos){1, 1}, "expected #!asm input, got an ELF object "
				 "(--disasm reads one)");
		if (strlen(in) != len)
			error_at((Pos){0, 0}, "asm input contains a NUL byte");
		AsmUnit *u = asm_parse(a, in);
		if (mode == MODE_PRINT) {
			print(u, fa.output);
		} else {
			elf_write(a, assemble(a, u), fa.output);
			if (!u->progs.n)
				warn_at((Pos){0, 0}, "%s has no programs (defprog): the object holds none",
					u->file ? u->file : "the input");
		}
	}
	arena_free(a);
	return 0;
}
