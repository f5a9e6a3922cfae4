/* symtab.c: open-addressing hash table on interned symbol pointers. */
#include "symtab.h"
#include "arena.h"
#include "diag.h"
#include <stdint.h>
#include <stdlib.h>

static size_t slot_of(const char *k, size_t cap)
{
	uintptr_t h = (uintptr_t)k;
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 20) & (cap - 1);
}

void *symtab_get(const SymTab *t, const char *k)
{
	if (!t->cap)
		return NULL;
	for (size_t i = slot_of(k, t->cap);; i = (i + 1) & (t->cap - 1)) {
		if (t->keys[i] == k)
			return t->vals[i];
		if (!t->keys[i])
			return NULL;
	}
}

static void grow(SymTab *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64;
	const char **keys = mem_calloc(cap, sizeof *keys);
	void **vals = mem_calloc(cap, sizeof *vals);
	for (size_t i = 0; i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		size_t j = slot_of(t->keys[i], cap);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = t->keys[i];
		vals[j] = t->vals[i];
	}
	mem_release(t->keys, t->cap * sizeof *t->keys);
	mem_release(t->vals, t->cap * sizeof *t->vals);
	t->keys = keys;
	t->vals = vals;
	t->cap = cap;
}

void symtab_put(SymTab *t, const char *k, void *val)
{
	if ((t->n + 1) * 2 > t->cap)
		grow(t);
	size_t i = slot_of(k, t->cap);
	while (t->keys[i] && t->keys[i] != k)
		i = (i + 1) & (t->cap - 1);
	if (!t->keys[i]) {
		t->keys[i] = k;
		t->n++;
	}
	t->vals[i] = val;
}

void symtab_free(SymTab *t)
{
	mem_release(t->keys, t->cap * sizeof *t->keys);
	mem_release(t->vals, t->cap * sizeof *t->vals);
	t->keys = NULL;
	t->vals = NULL;
	t->cap = t->n = 0;
}
