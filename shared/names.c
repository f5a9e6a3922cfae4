/* names.c: the spellings of names between Lisp and C (see names.h). */
#include "names.h"
#include <ctype.h>
#include <string.h>

const char *name_c(Arena *a, const char *lisp)
{
	char *s = arena_strdup(a, lisp);
	for (char *c = s; *c; c++)
		if (*c == '-')
			*c = '_';
	return s;
}

const char *name_lisp(Arena *a, const char *c_name)
{
	char *s = arena_strdup(a, c_name);
	for (char *c = s; *c; c++)
		*c = *c == '_' ? '-' : (char)tolower((unsigned char)*c);
	return s;
}

const char *name_respell(Arena *a, const char *name, NameStyle style)
{
	static const char sep[] = {[NAME_SNAKE] = '_', [NAME_UPPER] = '_',
				   [NAME_KEBAB] = '-', [NAME_CAMEL] = 0};
	size_t n = strlen(name);
	char *o = arena_alloc(a, 2 * n + 3), *p = o;
	int word_start = 1;
	for (const char *s = name; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (!isalnum(c) || c > 127) {
			word_start = 1;
			continue;
		}
		if (p == o && isdigit(c))       /* identifiers start with a letter */
			*p++ = '_';
		else if (word_start && p > o && sep[style])
			*p++ = sep[style];
		int up = style == NAME_UPPER || (style == NAME_CAMEL && word_start);
		*p++ = (char)(up ? toupper(c) : tolower(c));
		word_start = 0;
	}
	if (p == o)
		*p++ = 'x';
	*p = 0;
	return o;
}

const char *name_c_problem(Arena *a, const char *lisp)
{
	size_t n = strlen(lisp);
	if (!n)
		return "a name cannot be empty";
	if (n > NAME_MAX_BTF)
		return arena_printf(a, "it has %zu characters, and BTF carries at most %d",
				    n, NAME_MAX_BTF);
	if (isdigit((unsigned char)lisp[0]))
		return "a C identifier cannot start with a digit";
	for (const char *s = lisp; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c > 127)
			return "a C identifier holds only ASCII letters, digits, '-' and '_'";
		if (isalnum(c) || c == '-' || c == '_')
			continue;
		if (c == ' ')
			return "a space cannot be part of a C identifier";
		if (!isprint(c))
			return arena_printf(a, "a control character (byte 0x%02x) cannot be part "
					    "of a C identifier", c);
		return arena_printf(a, "'%c' cannot be part of a C identifier", c);
	}
	return NULL;
}

const char *name_shown(Arena *a, const char *name)
{
	size_t n = strlen(name);
	if (n <= NAME_MAX_SHOWN)
		return name;
	size_t keep = NAME_MAX_SHOWN - 3;
	while (keep && ((unsigned char)name[keep] & 0xc0) == 0x80)
		keep--;         /* do not cut a UTF-8 character in two */
	return arena_printf(a, "%.*s...", (int)keep, name);
}
