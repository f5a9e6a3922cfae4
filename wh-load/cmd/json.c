/* json.c: the JSON writer. */
#include "json.h"
#include "diag.h"
#include <inttypes.h>
#include <string.h>

void json_init(Json *j, Buf *out)
{
	*j = (Json){.out = out};
}

/* Before a value: a comma unless it is the first in its container. */
static void value(Json *j)
{
	if (j->after_key) {
		j->after_key = 0;
		return;
	}
	if (j->depth > 0 && j->nonempty[j->depth - 1])
		buf_putc(j->out, ',');
	if (j->depth > 0)
		j->nonempty[j->depth - 1] = 1;
}

static void push(Json *j, char c)
{
	value(j);
	if (j->depth == JSON_MAX_DEPTH)
		bug("JSON nested too deeply");
	j->nonempty[j->depth++] = 0;
	buf_putc(j->out, c);
}

static void pop(Json *j, char c)
{
	if (j->depth == 0)
		bug("JSON close without open");
	j->depth--;
	buf_putc(j->out, c);
	if (j->depth == 0)
		buf_putc(j->out, '\n');
}

void json_object(Json *j) { push(j, '{'); }
void json_object_end(Json *j) { pop(j, '}'); }
void json_array(Json *j) { push(j, '['); }
void json_array_end(Json *j) { pop(j, ']'); }

static void string_n(Json *j, const char *s, size_t n, int ascii)
{
	buf_putc(j->out, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf_putc(j->out, '\\');
			buf_putc(j->out, (char)c);
		} else if (c == '\n') {
			buf_puts(j->out, "\\n");
		} else if (c == '\t') {
			buf_puts(j->out, "\\t");
		} else if (c < 0x20 || c == 0x7f || (ascii && c > 0x7f)) {
			buf_printf(j->out, "\\u%04x", c);
		} else {
			buf_putc(j->out, (char)c);
		}
	}
	buf_putc(j->out, '"');
}

static void string(Json *j, const char *s)
{
	string_n(j, s, strlen(s), 0);
}

void json_key(Json *j, const char *key)
{
	value(j);
	string(j, key);
	buf_putc(j->out, ':');
	j->after_key = 1;
}

void json_u64(Json *j, uint64_t v)
{
	value(j);
	buf_printf(j->out, "%" PRIu64, v);
}

void json_bool(Json *j, int v)
{
	value(j);
	buf_puts(j->out, v ? "true" : "false");
}

void json_string(Json *j, const char *s)
{
	value(j);
	string(j, s);
}

void json_i64(Json *j, int64_t v)
{
	value(j);
	buf_printf(j->out, "%" PRId64, v);
}

void json_null(Json *j)
{
	value(j);
	buf_puts(j->out, "null");
}

void json_raw(Json *j, const char *text)
{
	value(j);
	buf_puts(j->out, text);
}

void json_string_n(Json *j, const char *s, size_t n)
{
	value(j);
	string_n(j, s, n, 1);
}
