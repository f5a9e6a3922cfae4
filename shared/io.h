/* io.h: whole-file input, all-or-nothing output, and the command line
 * every filter phase shares (input file or stdin, -o FILE, --help). */
#ifndef WH_IO_H
#define WH_IO_H
#include <stddef.h>
#include "arena.h"

/* Read a whole file ("-" or NULL: stdin). NUL-terminated; *len gets the size.
 * On failure: fatal(). */
char *read_file_all(Arena *a, const char *path, size_t *len);

/* Read a whole file without exiting: NULL, with its bytes (NUL-terminated)
 * in *data and their count in *len, or an errno on failure. */
int read_file_try(Arena *a, const char *path, char **data, size_t *len);

/* Write data to path ("-" or NULL: stdout) all at once: a temporary file
 * renamed into place, so a failed run never leaves a partial file. A
 * path that is no regular file (/dev/null, a FIFO) is written in place. */
void write_output(const char *path, const void *data, size_t n);

/* The common command line of a filter phase. */
typedef struct {
	const char *input;      /* NULL: stdin */
	const char *output;     /* NULL: stdout */
} FilterArgs;

/* An extra option a phase accepts. Returns how many argv slots it used
 * (1 or 2), or 0 if it does not know the option. */
typedef int (*OptionFn)(int argc, char **argv, int i, void *ctx);

/* The OptionFn for "--reprint" (parse the input and print it back
 * canonically); ctx points to an int set to 1. */
int reprint_option(int argc, char **argv, int i, void *ctx);

/* Parses argv: --help/-h prints `help` and exits 0; --version prints the
 * version; -o FILE; one optional input; unknown options are usage errors. */
FilterArgs parse_filter_args(int argc, char **argv, const char *help,
			     OptionFn extra, void *ctx);

#define WH_VERSION "0.1.0"

#endif
