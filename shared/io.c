/* io.c: reading inputs whole and writing outputs atomically. */
#include "io.h"
#include "diag.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The bytes of an open stream into b; 0 or an errno (EIO if unknown). */
static int read_stream(FILE *f, Buf *b)
{
	char tmp[65536];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_put(b, tmp, n);
	return ferror(f) ? (errno ? errno : EIO) : 0;
}

static char *arena_copy(Arena *a, const Buf *b)
{
	char *out = arena_alloc(a, b->len + 1);
	if (b->len)
		memcpy(out, b->data, b->len);
	out[b->len] = 0;
	return out;
}

int read_file_try(Arena *a, const char *path, char **data, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno;
	Buf b = {0};
	int err = read_stream(f, &b);
	fclose(f);
	if (!err) {
		*data = arena_copy(a, &b);
		*len = b.len;
	}
	buf_free(&b);
	return err;
}

char *read_file_all(Arena *a, const char *path, size_t *len)
{
	int use_stdin = !path || !strcmp(path, "-");
	FILE *f = use_stdin ? stdin : fopen(path, "rb");
	if (!f)
		fatal("cannot open %s: %s", path, strerror(errno));
	Buf b = {0};
	int err = read_stream(f, &b);
	if (!use_stdin)
		fclose(f);
	if (err)
		fatal("cannot read %s", use_stdin ? "standard input" : path);
	/* In a driver pipeline, an empty input means an earlier phase failed
	 * and already said why: leave quietly. */
	if (use_stdin && b.len == 0 && getenv("WH_PIPE"))
		exit(1);
	char *out = arena_copy(a, &b);
	if (len)
		*len = b.len;
	buf_free(&b);
	return out;
}

/* Write to a file that is not a regular one (/dev/null, a FIFO) in place:
 * renaming over it would replace the device or the pipe with a file. */
static void write_in_place(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fatal("cannot open %s: %s", path, strerror(errno));
	int bad = fwrite(data, 1, n, f) != n;
	if (fclose(f) != 0 || bad)
		fatal("cannot write %s: %s", path, strerror(errno));
}

void write_output(const char *path, const void *data, size_t n)
{
	if (!path || !strcmp(path, "-")) {
		if (fwrite(data, 1, n, stdout) != n || fflush(stdout) != 0)
			fatal("cannot write standard output: %s", strerror(errno));
		return;
	}
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		write_in_place(path, data, n);
		return;
	}
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	if (!tmp)
		fatal("out of memory");
	snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0)
		fatal("cannot create %s: %s", path, strerror(errno));
	const char *p = data;
	size_t left = n;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			unlink(tmp);
			fatal("cannot write %s: %s", path, strerror(e));
		}
		p += w;
		left -= (size_t)w;
	}
	if (fchmod(fd, 0644) != 0 || close(fd) != 0 || rename(tmp, path) != 0) {
		int e = errno;
		unlink(tmp);
		fatal("cannot write %s: %s", path, strerror(e));
	}
	free(tmp);
}

FilterArgs parse_filter_args(int argc, char **argv, const char *help,
			     OptionFn extra, void *ctx)
{
	FilterArgs fa = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(help, stdout);
			exit(0);
		} else if (!strcmp(a, "--version")) {
			printf("%s %s\n", diag_prog, WH_VERSION);
			exit(0);
		} else if (!strcmp(a, "-o")) {
			if (i + 1 >= argc)
				usage_error("option -o needs a file name");
			fa.output = argv[++i];
		} else if (!strncmp(a, "-o", 2) && a[2]) {
			fa.output = a + 2;
		} else if (a[0] == '-' && a[1]) {
			int used = extra ? extra(argc, argv, i, ctx) : 0;
			if (!used)
				usage_error("unknown option '%s'", a);
			i += used - 1;
		} else {
			if (fa.input)
				usage_error("more than one input file ('%s' and '%s')",
					    fa.input, a);
			fa.input = a;
		}
	}
	return fa;
}

int reprint_option(int argc, char **argv, int i, void *ctx)
{
	(void)argc;
	if (strcmp(argv[i], "--reprint"))
		return 0;
	*(int *)ctx = 1;
	return 1;
}
