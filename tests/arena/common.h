/* common.h: what the arena test programs share: a deterministic
 * pseudo-random sequence and a bound on the address space. */
#include <stdint.h>
#include <stdio.h>
#include <sys/resource.h>

/* xorshift: the same sequence every run */
static uint32_t next_random(void)
{
	static uint32_t x = 2463534242u;
	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

/* RLIMIT_AS to mb megabytes: past it, a run fails with "out of memory";
 * 0, or perror and 2 */
static int limit_address_space(int mb)
{
	struct rlimit lim = {(rlim_t)mb << 20, (rlim_t)mb << 20};
	if (setrlimit(RLIMIT_AS, &lim)) {
		perror("setrlimit");
		return 2;
	}
	return 0;
}
