/* bufs.c: shared/arena.c's byte buffers grown past the size from which
 * they are mapped from the kernel (and moved by mremap): every byte put
 * must read back, the memory counted must go back to 0 when they are
 * freed, and freed buffers must be given back, so that the address space
 * stays bounded (RLIMIT_AS). Prints "ok" on success. */
#include "arena.h"
#include "common.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

enum { ROUNDS = 150, BUFS = 3, LIMIT_MB = 256 };

/* The byte at position i of buffer k in round r. */
static char byte_at(int r, int k, size_t i) { return (char)('a' + (r + 7 * k + i) % 26); }

int main(void)
{
	if (limit_address_space(LIMIT_MB))
		return 2;
	for (int r = 0; r < ROUNDS; r++) {
		Buf b[BUFS] = {{0}};
		size_t want[BUFS];
		for (int k = 0; k < BUFS; k++) {
			/* up to 2 MB, in pieces of up to 5,000 bytes, and printf */
			want[k] = next_random() % (k == 0 ? 2000000 : 100000);
			while (b[k].len < want[k]) {
				char piece[5000];
				size_t n = next_random() % sizeof piece + 1, at = b[k].len;
				if (n > want[k] - at)
					n = want[k] - at;
				for (size_t i = 0; i < n; i++)
					piece[i] = byte_at(r, k, at + i);
				if (n == 1)
					buf_printf(&b[k], "%c", piece[0]);
				else
					buf_put(&b[k], piece, n);
			}
		}
		for (int k = 0; k < BUFS; k++) {
			if (b[k].len != want[k] || (b[k].data && b[k].data[b[k].len])) {
				printf("round %d: buffer %d holds %zu bytes, not %zu\n", r, k,
				       b[k].len, want[k]);
				return 1;
			}
			for (size_t i = 0; i < b[k].len; i++)
				if (b[k].data[i] != byte_at(r, k, i)) {
					printf("round %d: buffer %d: byte %zu changed\n", r, k, i);
					return 1;
				}
			buf_free(&b[k]);
		}
		if (mem_in_use()) {
			printf("round %d: %zu bytes counted after every buffer was freed\n", r,
			       mem_in_use());
			return 1;
		}
	}
	printf("ok\n");
	return 0;
}
