/* sys.c: the bpf(2) system call, kernel object names, error strings and
 * the verifier log buffer. */
#include "wl_sys.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int wl_bpf(int cmd, union bpf_attr *attr, unsigned size)
{
	for (int tries = 0;; tries++) {
		long r = syscall(__NR_bpf, cmd, attr, size);
		if (r >= 0)
			return (int)r;
		/* The kernel returns EAGAIN from a load it could not finish
		 * (e.g. a signal during verification); libbpf retries 5 times. */
		if ((errno == EINTR || errno == EAGAIN) && tries < 5)
			continue;
		return -1;
	}
}

void wl_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name)
{
	size_t i = 0;
	memset(dst, 0, BPF_OBJ_NAME_LEN);
	for (; name[i] && i < BPF_OBJ_NAME_LEN - 1; i++) {
		unsigned char c = (unsigned char)name[i];
		dst[i] = (char)(isalnum(c) || c == '_' || c == '.' ? c : '_');
	}
}

const char *wl_strerror(int err)
{
	if (err == 524)         /* ENOTSUPP, kernel-internal */
		return "Operation not supported by the kernel";
	return strerror(err);
}

int wl_log_grow(WlLog *l, uint32_t size)
{
	if (size < WL_LOG_MIN)
		size = WL_LOG_MIN;
	if (size > WL_LOG_MAX)
		size = WL_LOG_MAX;
	if (l->buf && l->size >= size)
		return 0;
	char *b = realloc(l->buf, size);
	if (!b)
		return 0;
	/* Zeroed: the kernel writes only what it logs, and tools like
	 * valgrind cannot see it write at all when a load fails. */
	memset(b, 0, size);
	l->buf = b;
	l->size = size;
	return 1;
}

void wl_log_free(WlLog *l)
{
	free(l->buf);
	l->buf = NULL;
	l->size = 0;
}
