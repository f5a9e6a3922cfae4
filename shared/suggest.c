/* suggest.c: the nearest known name by edit distance (insertions,
 * deletions, substitutions and swaps of two neighbours count one each;
 * case is ignored), for "did you mean" in messages. */
#include "suggest.h"
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum { LONGEST = 64 };          /* longer names are not compared */

static int lower(char c) { return tolower((unsigned char)c); }

/* The distance between a and b, or a number above `limit` when it is
 * larger (or a name is too long to compare). */
static int distance(const char *a, const char *b, int limit)
{
	int n = (int)strlen(a), m = (int)strlen(b);
	if (n > LONGEST || m > LONGEST || abs(n - m) > limit)
		return limit + 1;
	int rows[3][LONGEST + 1];
	int *two = rows[0], *one = rows[1], *cur = rows[2];
	for (int j = 0; j <= m; j++)
		one[j] = j;
	for (int i = 1; i <= n; i++) {
		cur[0] = i;
		int row_min = i;
		for (int j = 1; j <= m; j++) {
			int same = lower(a[i - 1]) == lower(b[j - 1]);
			int d = one[j - 1] + !same;
			if (one[j] + 1 < d)
				d = one[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
			    lower(a[i - 2]) == lower(b[j - 1]) && two[j - 2] + 1 < d)
				d = two[j - 2] + 1;
			cur[j] = d;
			if (d < row_min)
				row_min = d;
		}
		if (row_min > limit)
			return limit + 1;
		int *t = two;
		two = one;
		one = cur;
		cur = t;
	}
	return one[m];
}

/* A typo changes about one character in three, at least one. */
static int near_enough(const char *want)
{
	int n = (int)strlen(want);
	return n < 3 ? 1 : (n + 2) / 3;
}

void suggest_start(Suggest *s, const char *want)
{
	*s = (Suggest){want, NULL, near_enough(want), ""};
}

void suggest_offer(Suggest *s, const char *name)
{
	if (!name || !strcmp(name, s->want) || name[0] == '%')
		return;         /* %names are the implementation's own */
	int d = distance(s->want, name, s->dist);
	/* on a tie the first in alphabetical order: tables are offered
	 * in their hash order, which changes from run to run */
	if (d < s->dist || (d == s->dist && (!s->best || strcmp(name, s->best) < 0))) {
		s->dist = d;
		s->best = name;
	}
}

void suggest_offer_keys(Suggest *s, const SymTab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		if (t->keys && t->keys[i])
			suggest_offer(s, t->keys[i]);
}

const char *suggest_hint(Arena *a, const Suggest *s, const char *written)
{
	if (!s->best)
		return "";
	int capitals = 0, small = 0;
	for (const char *c = written ? written : ""; *c; c++) {
		capitals += isupper((unsigned char)*c) != 0;
		small += islower((unsigned char)*c) != 0;
	}
	char *name = arena_strdup(a, s->best);
	if (capitals && !small)
		for (char *c = name; *c; c++)
			*c = (char)toupper((unsigned char)*c);
	return arena_printf(a, "; did you mean '%s%s'?", s->prefix, name);
}
