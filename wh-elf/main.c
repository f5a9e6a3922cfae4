/* main.c: wh-elf's command line. Assembles asm into a BPF ELF object, or
 * (--disasm) prints an ELF object as asm, or (--print-asm) re-prints asm
 * canonically, or reads an object into the object model and writes it
 * back (--rewrite) or summarizes what the disassembly holds
 * (--describe). */
#include "whelf.h"
#include "io.h"
#include <string.h>

static const char help[] =
	"usage: wh-elf [IN.asm] [-o OUT.o]\n"
	"       wh-elf --disasm [OBJ.o] [-o OUT.asm]\n"
	"       wh-elf --print-asm [IN.asm] [-o OUT.asm]\n"
	"       wh-elf --rewrite [OBJ.o] [-o OUT.o]\n"
	"       wh-elf --describe [OBJ.o] [-o OUT.txt]\n"
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
	"  --rewrite     read an ELF object into the object model and write it\n"
	"                back (the object format's round trip)\n"
	"  --describe    summarize the disassembly of an object: programs, map\n"
	"                references, maps, .BTF.ext records, BTF kinds\n"
	"  -h, --help    show this help\n"
	"  --version     show the version\n"
	"\n"
	"Exit status: 0 success, 1 bad input, 2 bad usage.\n";

typedef enum { MODE_ASSEMBLE, MODE_DISASM, MODE_PRINT, MODE_REWRITE, MODE_DESCRIBE } Mode;

static const struct {
	const char *option;
	Mode mode;
} modes[] = {
	{"--disasm", MODE_DISASM}, {"--print-asm", MODE_PRINT},
	{"--rewrite", MODE_REWRITE}, {"--describe", MODE_DESCRIBE},
};

static int option(int argc, char **argv, int i, void *ctx)
{
	(void)argc;
	Mode *mode = ctx;
	size_t k = 0, n = sizeof modes / sizeof *modes;
	while (k < n && strcmp(argv[i], modes[k].option))
		k++;
	if (k == n)
		return 0;
	if (*mode != MODE_ASSEMBLE && *mode != modes[k].mode)
		usage_error("--disasm, --print-asm, --rewrite and --describe exclude each other");
	*mode = modes[k].mode;
	return 1;
}

static void print(const AsmUnit *u, const char *path)
{
	Buf out = {0};
	asm_print(&out, u);
	write_output(path, out.data, out.len);
	buf_free(&out);
}

static void write_object(const ObjFile *o, const char *path)
{
	Buf out = {0};
	const char *err = obj_write(o, &out);
	if (err)
		fatal("%s: %s", diag_file, err);
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
	if (mode == MODE_DISASM || mode == MODE_REWRITE || mode == MODE_DESCRIBE) {
		ObjFile *o = elf_read(a, in, len, diag_file);
		if (mode == MODE_REWRITE) {
			write_object(o, fa.output);
		} else if (mode == MODE_DISASM) {
			print(elf_disasm(a, o, diag_file), fa.output);
		} else {
			Buf out = {0};
			elf_describe(&out, o, elf_disasm(a, o, diag_file));
			write_output(fa.output, out.data, out.len);
			buf_free(&out);
		}
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
			write_object(code_layout(a, assemble(a, u)), fa.output);
			if (!u->progs.n)
				warn_at((Pos){0, 0}, "%s has no programs (defprog): the object holds none",
					u->file ? u->file : "the input");
		}
	}
	arena_free(a);
	return 0;
}
