/* bench/ringbuf's libbpf consumer: ring_buffer__poll on the ring buffer
 * map of id ARGV[1] until ARGV[2] records have arrived; prints the count.
 * A tests-only dependency on libbpf-dev. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdio.h>
#include <stdlib.h>

static long long seen;

static int count_record(void *ctx, void *data, size_t len)
{
	(void)ctx;
	(void)data;
	(void)len;
	seen++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: libbpf-consumer MAP_ID COUNT\n");
		return 2;
	}
	int fd = bpf_map_get_fd_by_id((unsigned)atoi(argv[1]));
	long long want = atoll(argv[2]);
	struct ring_buffer *rb = fd < 0 ? NULL : ring_buffer__new(fd, count_record, NULL, NULL);
	if (!rb) {
		perror("libbpf-consumer: ring buffer");
		return 1;
	}
	while (seen < want)
		if (ring_buffer__poll(rb, 1000) < 0) {
			perror("libbpf-consumer: poll");
			return 1;
		}
	printf("%lld\n", seen);
	ring_buffer__free(rb);
	return 0;
}
