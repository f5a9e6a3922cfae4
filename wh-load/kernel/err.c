/* err.c: the library's last error: a one-line message (control characters
 * and bytes that are not UTF-8, from hostile names, replaced) and, when the kernel explained itself, its
 * log. */
#include "wl.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char message[1024];

/* Length of the valid UTF-8 sequence at s (a printable character: not a
 * C1 control), or 0. */
static int utf8_len(const unsigned char *s)
{
	int n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
	if (n == 0 || (n == 3 && s[0] > 0xef))
		return 0;
	for (int i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 2 && s[0] == 0xc2 && s[1] < 0xa0)
		return 0;       /* U+0080..U+009F: C1 controls */
	if ((n == 3 && s[0] == 0xe0 && s[1] < 0xa0) ||
	    (n == 3 && s[0] == 0xed && s[1] >= 0xa0) ||
	    (n == 4 && s[0] == 0xf0 && s[1] < 0x90) ||
	    (n == 4 && s[0] == 0xf4 && s[1] >= 0x90))
		return 0;       /* overlong, surrogate, beyond U+10FFFF */
	return n;
}

/* Control characters (but for newlines and tabs when multi_line) and
 * bytes that are not UTF-8 become '?'. */
static void printable_text(char *str, int multi_line)
{
	unsigned char *s = (unsigned char *)str;
	while (*s) {
		if (multi_line && (*s == '\n' || *s == '\t')) {
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			*s++ = '?';
		} else if (*s < 0x80) {
			s++;
		} else {
			int n = utf8_len(s);
			if (n)
				s += n;
			else
				*s++ = '?';
		}
	}
}

static void printable(char *s)
{
	printable_text(s, 0);
}

char *wl_log_dup(Arena *a, const char *log)
{
	char *s = arena_strdup(a, log);
	printable_text(s, 1);
	return s;
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
	/* Through a copy: the arguments may include wl_error() itself. */
	char tmp[sizeof message];
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	memcpy(message, tmp, sizeof message);
	printable(message);     /* one line, whatever the object holds */
	free(log_copy);
	log_copy = NULL;
	if (log && *log && (log_copy = strdup(log)))
		printable_text(log_copy, 1);
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
