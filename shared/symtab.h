/* symtab.h: a hash table keyed by interned symbol names (pointer
 * identity), values are pointers. Used for the compile-time Lisp's global
 * namespaces and the expander's accessor and struct tables. */
#ifndef WH_SYMTAB_H
#define WH_SYMTAB_H
#include <stddef.h>

typedef struct {
	const char **keys;
	void **vals;
	size_t cap, n;
} SymTab;

void *symtab_get(const SymTab *t, const char *interned);
void symtab_put(SymTab *t, const char *interned, void *val);  /* replaces */
void symtab_free(SymTab *t);

#endif
