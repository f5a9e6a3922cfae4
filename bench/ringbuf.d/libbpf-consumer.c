/* bench/ringbuf's libbpf consumers: ring_buffer__poll on the ring buffer
 * map of id ARGV[1] until ARGV[2] records have arrived.
 *   libbpf-consumer MAP_ID COUNT         counts; prints the count
 *   libbpf-consumer MAP_ID COUNT NAME    prints each record as
 *       `wh-load run --events NAME` does ("NAME: " then a record of 1 to
 *       8 bytes as a little-endian unsigned integer, a longer one as hex
 *       bytes "0a 0b"), with what wh-load does to print fast: a table of
 *       hex digits, one buffer written when it holds 64 KiB and after
 *       each poll, and a 1 MiB pipe when standard output is a pipe.
 * A tests-only dependency on libbpf-dev. */
#define _GNU_SOURCE
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static long long seen;
static const char *name;
static size_t name_len;
static char *out;
static size_t used, cap;
static char cell[256][4];

static void flush_out(void)
{
	size_t off = 0;
	while (off < used) {
		ssize_t n = write(STDOUT_FILENO, out + off, used - off);
		if (n <= 0) {
			perror("libbpf-consumer: write");
			exit(1);
		}
		off += (size_t)n;
	}
	used = 0;
}

static int count_record(void *ctx, void *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	seen++;
	return 0;
}

static int print_record(void *ctx, void *data, size_t len)
{
	(void)ctx;
	const unsigned char *p = data;
	if (cap - used < name_len + 3 * len + 32) {
		flush_out();
		if (cap < name_len + 3 * len + 32) {
			cap = name_len + 3 * len + 32;
			out = realloc(out, cap);
			if (!out)
				exit(1);
		}
	}
	memcpy(out + used, name, name_len);
	used += name_len;
	if (len >= 1 && len <= 8) {
		uint64_t v = 0;
		for (size_t i = len; i-- > 0;)
			v = v << 8 | p[i];
		used += (size_t)sprintf(out + used, "%" PRIu64, v);
	} else if (len) {
		for (size_t i = 0; i + 1 < len; i++)
			memcpy(out + used + 3 * i, cell[p[i]], 4);
		memcpy(out + used + 3 * (len - 1), cell[p[len - 1]], 2);
		used += 3 * len - 1;
	}
	out[used++] = '\n';
	if (used >= 65536)
		flush_out();
	seen++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: libbpf-consumer MAP_ID COUNT [NAME]\n");
		return 2;
	}
	int fd = bpf_map_get_fd_by_id((unsigned)atoi(argv[1]));
	long long want = atoll(argv[2]);
	ring_buffer_sample_fn fn = count_record;
	if (argc == 4) {
		static const char digit[] = "0123456789abcdef";
		for (int v = 0; v < 256; v++)
			memcpy(cell[v], (char[4]){digit[v >> 4], digit[v & 15], ' ', 0}, 4);
		size_t n = strlen(argv[3]);
		name = malloc(n + 3);
		sprintf((char *)name, "%s: ", argv[3]);
		name_len = n + 2;
		cap = 1 << 20;
		out = malloc(cap);
		struct stat st;
		if (fstat(STDOUT_FILENO, &st) == 0 && S_ISFIFO(st.st_mode))
			fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
		fn = print_record;
	}
	struct ring_buffer *rb = fd < 0 || (argc == 4 && !out) ? NULL
		: ring_buffer__new(fd, fn, NULL, NULL);
	if (!rb) {
		perror("libbpf-consumer: ring buffer");
		return 1;
	}
	while (seen < want) {
		if (ring_buffer__poll(rb, 1000) < 0) {
			perror("libbpf-consumer: poll");
			return 1;
		}
		flush_out();
	}
	if (!name)
		printf("%lld\n", seen);
	fflush(stdout);
	close(STDOUT_FILENO);   /* the output ends before the teardown */
	ring_buffer__free(rb);
	return 0;
}
