/* libbpf-loader.c: a plain libbpf loader for the CO-RE tests (libbpf-dev
 * is a test-only dependency; the product never links it). Opens OBJ,
 * loads it (libbpf applies its CO-RE relocations against the running
 * kernel), attaches PROG, calls getpid() N times to trigger a
 * syscalls/sys_enter_getpid tracepoint, and prints the u64 values of
 * keys 0..3 of the array MAP, one "KEY VALUE" line each.
 * Usage: libbpf-loader OBJ PROG MAP N */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 5) {
		fprintf(stderr, "usage: %s OBJ PROG MAP N\n", argv[0]);
		return 2;
	}
	struct bpf_object *obj = bpf_object__open_file(argv[1], NULL);
	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "cannot open %s\n", argv[1]);
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "cannot load %s\n", argv[1]);
		return 1;
	}
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, argv[2]);
	struct bpf_map *map = bpf_object__find_map_by_name(obj, argv[3]);
	if (!prog || !map) {
		fprintf(stderr, "no program %s or map %s\n", argv[2], argv[3]);
		return 1;
	}
	struct bpf_link *link = bpf_program__attach(prog);
	if (!link || libbpf_get_error(link)) {
		fprintf(stderr, "cannot attach %s\n", argv[2]);
		return 1;
	}
	for (int i = atoi(argv[4]); i > 0; i--)
		syscall(SYS_getpid);    /* not the libc wrapper, which may cache */
	bpf_link__destroy(link);
	for (uint32_t k = 0; k < 4; k++) {
		uint64_t v = 0;
		if (bpf_map_lookup_elem(bpf_map__fd(map), &k, &v)) {
			fprintf(stderr, "cannot read key %u of %s\n", k, argv[3]);
			return 1;
		}
		printf("%u %llu\n", k, (unsigned long long)v);
	}
	bpf_object__close(obj);
	return 0;
}
