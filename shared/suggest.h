/* suggest.h: "did you mean" for a misspelled name: the known name nearest
 * by edit distance, when it is near enough to be a likely typo. */
#ifndef WH_SUGGEST_H
#define WH_SUGGEST_H
#include "arena.h"
#include "symtab.h"

typedef struct {
	const char *want;       /* the unknown name, as the program names it */
	const char *best;       /* the nearest candidate so far, or NULL */
	int dist;               /* its distance; at first the largest accepted */
	const char *prefix;     /* shown before the suggestion: ":" for
				 * keywords offered without their colon */
} Suggest;

void suggest_start(Suggest *s, const char *want);
/* Offer a known name (NULL is ignored). */
void suggest_offer(Suggest *s, const char *name);
/* Offer every key of t. */
void suggest_offer_keys(Suggest *s, const SymTab *t);
/* "; did you mean 'NAME'?" for the nearest candidate, else "". `written`
 * is the spelling of the unknown name in the source (or NULL): when it is
 * all capitals, the suggestion is shown in capitals too (XDP_PASS for
 * XDP_PAS, though the constant's name is xdp_pass). */
const char *suggest_hint(Arena *a, const Suggest *s, const char *written);

#endif
