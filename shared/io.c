/* io.c: reading inputs whole and writing outputs atomically. */
#include "io.h"
#include "diag.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The bytes of an open file into arena memory, NUL-terminated: read(2)
 * straight into the arena (a regular file's size is known, a pipe's
 * buffer doubles), not through stdio, a stack buffer and a malloc'd
 * copy, each of whose pages would cost a page fault; 0 or an errno. */
static int read_fd(Arena *a, int fd, char **data, size_t *len)
{
	struct stat st;
	size_t cap = 16384 - 1, n = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		cap = (size_t)st.st_size + 1;   /* + 1: room for the read that finds the end */
	char *buf = arena_alloc(a, cap + 1);
	for (;;) {
		if (n == cap) {
			char *more = arena_alloc(a, 2 * cap + 2);
			memcpy(more, buf, n);
			buf = more;
			cap = 2 * cap + 1;
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return errno ? errno : EIO;
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = 0;
	*data = buf;
	*len = n;
	return 0;
}

int read_file_try(Arena *a, const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	int err = read_fd(a, fd, data, len);
	close(fd);
	return err;
}

char *read_file_all(Arena *a, const char *path, size_t *len)
{
	int use_stdin = !path || !strcmp(path, "-");
	int fd = use_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fatal("cannot open %s: %s", path, strerror(errno));
	char *out;
	size_t n;
	int err = read_fd(a, fd, &out, &n);
	if (!use_stdin)
		close(fd);
	if (err)
		fatal("cannot read %s", use_stdin ? "standard input" : path);
	/* In a driver pipeline, an empty input means an earlier phase failed
	 * and already said why: leave quietly. */
	if (use_stdin && n == 0 && getenv("WH_PIPE"))
		exit(1);
	if (len)
		*len = n;
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
