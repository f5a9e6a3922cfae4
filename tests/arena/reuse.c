/* reuse.c: shared/arena.c under a long run of arenas made and freed, as a
 * long-running process (wh-load session) makes them: every allocation must
 * come zeroed and 16-byte aligned, the memory counted must go back to 0,
 * and freed memory must be taken again, so that the address space the
 * process holds stays bounded (RLIMIT_AS: past it, the run fails with
 * "out of memory" rather than growing). Prints "ok" on success. */
#include "arena.h"
#include "common.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ROUNDS = 3000, ARENAS = 4, LIMIT_MB = 512 };

int main(void)
{
	if (limit_address_space(LIMIT_MB))
		return 2;
	for (int round = 0; round < ROUNDS; round++) {
		Arena *as[ARENAS];
		for (int k = 0; k < ARENAS; k++) {
			as[k] = arena_new();
			int n = (int)(next_random() % 50);
			for (int i = 0; i < n; i++) {
				/* mostly small, one in ten up to 900 KB */
				size_t size = next_random() % 10 ? next_random() % 300
								  : next_random() % 900000;
				unsigned char *p = arena_alloc(as[k], size);
				if ((uintptr_t)p % 16) {
					printf("round %d: not 16-byte aligned\n", round);
					return 1;
				}
				for (size_t j = 0; j < size; j++)
					if (p[j]) {
						printf("round %d: memory not zero\n", round);
						return 1;
					}
				memset(p, 0xab, size);
			}
		}
		for (int k = 0; k < ARENAS; k++)
			arena_free(as[k]);
		if (mem_in_use()) {
			printf("round %d: %zu bytes counted after every arena was freed\n",
			       round, mem_in_use());
			return 1;
		}
	}
	printf("ok\n");
	return 0;
}
