/* A uprobe target: calls wh_probe_me N times (argv[1], default 5). */
#include <stdlib.h>

__attribute__((noinline)) int wh_probe_me(int x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 5, s = 0;
	for (int i = 0; i < n; i++)
		s += wh_probe_me(i);
	return s == -1;
}
