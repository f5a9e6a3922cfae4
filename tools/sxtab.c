/* sxtab: a build tool. Reads Lisp source and writes it as a C table of
 * s-expressions (shared/sxtab.h), so that a phase starts without reading
 * it: the Makefile makes build/gen/wh_prelude.c and lisp_prelude.c so.
 *   sxtab NAME FILE.lisp -o OUT.c */
#include "io.h"
#include "sxtab.h"
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	diag_prog = "sxtab";
	if (argc != 5 || strcmp(argv[3], "-o") != 0) {
		fprintf(stderr, "usage: sxtab NAME FILE.lisp -o OUT.c\n");
		return 2;
	}
	diag_file = argv[2];
	Arena *a = arena_new();
	SxFile *f = sx_read_source(a, read_file_all(a, argv[2], NULL));
	Buf b = {0};
	buf_printf(&b, "/* generated from %s by tools/sxtab.c; do not edit */\n", argv[2]);
	sx_table_write(&b, f, argv[1]);
	write_output(argv[3 + 1], b.data, b.len);
	buf_free(&b);
	arena_free(a);
	return 0;
}
