/* err.c: the library's last error: a one-line message (control characters
 * from hostile names replaced) and, when the kernel explained itself, its
 * log. */
#include "wl.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char message[1024];

static void printable(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

char *wl_name_dup(Arena *a, const char *name)
{
	char *s = arena_strdup(a, name);
	printable(s);
	return s;
}
static char *log_copy;

const char *wl_error(void) { return message; }
const char *wl_error_log(void) { return log_copy; }

static void set(const char *log, const char *fmt, va_list ap)
{
	vsnprintf(message, sizeof message, fmt, ap);
	printable(message);     /* one line, whatever the object holds */
	free(log_copy);
	log_copy = NULL;
	if (log && *log)
		log_copy = strdup(log);
}

int wl_fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int wl_fail_log(const char *log, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(log, fmt, ap);
	va_end(ap);
	return -1;
}
