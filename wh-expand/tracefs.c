/* tracefs.c: finding and parsing tracepoint format files. A field line
 * reads  field:TYPE NAME[N];<tab>offset:O;<tab>size:S;<tab>signed:G;
 * and becomes a TpField with the width of one element. */
#include "tracefs.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Element sizes of the C types array fields use, for dimensions the
 * format file leaves symbolic (older kernels print char comm[TASK_COMM_LEN])
 * or empty. Pointer types are 8 bytes. */
static const struct { const char *type; int size; } ctypes[] = {
	{"char", 1}, {"signed char", 1}, {"unsigned char", 1}, {"bool", 1},
	{"u8", 1}, {"__u8", 1}, {"s8", 1}, {"__s8", 1}, {"uint8_t", 1}, {"int8_t", 1},
	{"short", 2}, {"unsigned short", 2}, {"u16", 2}, {"__u16", 2},
	{"s16", 2}, {"__s16", 2}, {"uint16_t", 2}, {"int16_t", 2},
	{"int", 4}, {"unsigned int", 4}, {"unsigned", 4}, {"u32", 4},
	{"__u32", 4}, {"s32", 4}, {"__s32", 4}, {"uint32_t", 4}, {"int32_t", 4},
	{"pid_t", 4},
	{"long", 8}, {"unsigned long", 8}, {"long long", 8},
	{"unsigned long long", 8}, {"u64", 8}, {"__u64", 8}, {"s64", 8},
	{"__s64", 8}, {"uint64_t", 8}, {"int64_t", 8},
};

static int ctype_size(const char *type)
{
	if (!strncmp(type, "const ", 6))
		type += 6;
	size_t n = strlen(type);
	if (n && type[n - 1] == '*')
		return 8;
	for (size_t i = 0; i < sizeof ctypes / sizeof *ctypes; i++)
		if (!strcmp(type, ctypes[i].type))
			return ctypes[i].size;
	return 0;
}

static int is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	char *end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		*--end = 0;
	return s;
}

static int parse_int(const char *s, int64_t *v)
{
	char *end;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (end == s || *end || errno || x < 0)
		return 0;
	*v = x;
	return 1;
}

/* Split "TYPE NAME[A][B]" into type and name; dims multiplied into *count
 * (0 when a dimension is empty or not a number). 0 on a malformed decl. */
static int parse_decl(Arena *a, char *decl, TpField *f)
{
	char *end = decl + strlen(decl);
	int64_t count = 1;
	while (end > decl && end[-1] == ']') {
		char *open = end - 1;
		while (open > decl && *open != '[')
			open--;
		if (*open != '[')
			return 0;
		int64_t dim;
		char *inner = arena_strndup(a, open + 1, (size_t)(end - 1 - open - 1));
		if (parse_int(trim(inner), &dim) && count && dim <= INT32_MAX &&
		    count <= INT64_MAX / (dim ? dim : 1))
			count *= dim;
		else
			count = 0;
		f->is_array = 1;
		end = open;
	}
	while (end > decl && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	char *name = end;
	while (name > decl && is_ident_char(name[-1]))
		name--;
	if (name == end)
		return 0;
	f->name = arena_strndup(a, name, (size_t)(end - name));
	*name = 0;
	f->type = arena_strdup(a, trim(decl));
	if (!*f->type)
		return 0;
	f->count = f->is_array ? count : 0;
	return 1;
}

/* The element width and count from the declaration and the size. */
static void shape_field(TpField *f)
{
	static const char *const loc_prefixes[] = {"__data_loc ", "__rel_loc "};
	for (size_t i = 0; i < sizeof loc_prefixes / sizeof *loc_prefixes; i++)
		if (!strncmp(f->type, loc_prefixes[i], strlen(loc_prefixes[i])))
			f->is_data_loc = 1;
	int64_t elem = f->size;
	if (f->is_data_loc) {
		f->is_array = 0;
		f->count = 0;
	} else if (f->is_array) {
		if (f->count > 0 && f->size % f->count == 0) {
			elem = f->size / f->count;
		} else {
			elem = ctype_size(f->type);
			f->count = elem && f->size % elem == 0 ? f->size / elem : 0;
		}
	}
	f->width = elem == 1 || elem == 2 || elem == 4 || elem == 8 ? (int)elem : 0;
	if (f->is_array && !f->count)
		f->width = 0;
}

/* One "field:..." line (already trimmed, without the "field:" prefix). */
static int parse_field(Arena *a, char *line, TpField *f)
{
	memset(f, 0, sizeof *f);
	int have_offset = 0, have_size = 0;
	char *save = NULL;
	char *item = strtok_r(line, ";", &save);
	if (!item || !parse_decl(a, item, f))
		return 0;
	while ((item = strtok_r(NULL, ";", &save))) {
		item = trim(item);
		if (!*item)
			continue;
		char *colon = strchr(item, ':');
		if (!colon)
			return 0;
		*colon = 0;
		int64_t v;
		if (!parse_int(trim(colon + 1), &v))
			return 0;
		if (!strcmp(item, "offset"))
			f->offset = v, have_offset = 1;
		else if (!strcmp(item, "size"))
			f->size = v, have_size = 1;
		else if (!strcmp(item, "signed"))
			f->is_signed = v != 0;
	}
	if (!have_offset || !have_size)
		return 0;
	shape_field(f);
	return 1;
}

TpFormat *tp_format_parse(Arena *a, const char *path, const char *text,
			  const char *what, Pos p)
{
	static const char *const prefixes[] = {"field:", "field special:"};
	TpFormat *fmt = arena_alloc(a, sizeof *fmt);
	fmt->path = path;
	Vec fields = {0};
	char *next = arena_strdup(a, text);
	for (int lineno = 1; next; lineno++) {
		char *line = next;
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		char *s = trim(line);
		size_t skip = 0;
		for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
			if (!strncmp(s, prefixes[i], strlen(prefixes[i])))
				skip = strlen(prefixes[i]);
		if (!skip)
			continue;
		char *shown = arena_strdup(a, s);
		for (char *c = shown; *c; c++)     /* one printable line */
			if ((unsigned char)*c < ' ' || *c == 0x7f)
				*c = ' ';
		TpField *f = arena_alloc(a, sizeof *f);
		if (!parse_field(a, s + skip, f))
			error_at(p, "%s: %s:%d: malformed field line '%s'", what,
				 path, lineno, shown);
		vec_push(a, &fields, f);
	}
	fmt->n = fields.n;
	fmt->fields = arena_alloc(a, (size_t)(fields.n ? fields.n : 1) * sizeof *fmt->fields);
	for (int i = 0; i < fields.n; i++)
		fmt->fields[i] = *(TpField *)fields.v[i];
	return fmt;
}

/* The whole file, or NULL with errno set. */
static char *slurp(Arena *a, const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	Buf b = {0};
	char tmp[8192];
	ssize_t n;
	while ((n = read(fd, tmp, sizeof tmp)) > 0)
		buf_put(&b, tmp, (size_t)n);
	int err = n < 0 ? errno : 0;
	close(fd);
	if (err) {
		buf_free(&b);
		errno = err;
		return NULL;
	}
	char *text = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return text;
}

TpFormat *tp_format_load(Arena *a, const char *category, const char *event,
			 const char *what, Pos p)
{
	static const char *const roots[] = {"/sys/kernel/tracing",
					    "/sys/kernel/debug/tracing"};
	const char *env = getenv("WH_TRACEFS");
	const char *const *bases = env && *env ? &env : roots;
	size_t nbases = env && *env ? 1 : sizeof roots / sizeof *roots;
	Buf tried = {0};
	for (size_t i = 0; i < nbases; i++) {
		const char *path = arena_printf(a, "%s/events/%s/%s/format",
						bases[i], category, event);
		char *text = slurp(a, path);
		if (text) {
			buf_free(&tried);
			return tp_format_parse(a, path, text, what, p);
		}
		buf_printf(&tried, "%s%s: %s", i ? "; " : "", path, strerror(errno));
	}
	const char *msg = arena_strndup(a, tried.data, tried.len);
	buf_free(&tried);
	error_at(p, "%s: cannot read the tracepoint format file (%s); is tracefs "
		 "mounted and the file readable? (make it readable with: "
		 "sudo chmod a+r %s/events/%s/%s/format)", what, msg, bases[0],
		 category, event);
}
