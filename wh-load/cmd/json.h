/* json.h: a minimal JSON writer into a Buf, commas and escapes handled,
 * for the -j output of every command. */
#ifndef WH_LOAD_JSON_H
#define WH_LOAD_JSON_H
#include <stddef.h>
#include <stdint.h>
#include "arena.h"

enum { JSON_MAX_DEPTH = 32 };

typedef struct {
	Buf *out;
	int depth;
	int after_key;
	unsigned char nonempty[JSON_MAX_DEPTH];
} Json;

void json_init(Json *j, Buf *out);
void json_object(Json *j);
void json_object_end(Json *j);
void json_array(Json *j);
void json_array_end(Json *j);
void json_key(Json *j, const char *key);
void json_u64(Json *j, uint64_t v);
void json_bool(Json *j, int v);
void json_string(Json *j, const char *s);
void json_i64(Json *j, int64_t v);
void json_null(Json *j);
/* A value already in JSON syntax (a number printed by the caller). */
void json_raw(Json *j, const char *text);
/* A string of n bytes that may hold NULs and non-ASCII: bytes >= 0x7f
 * and control characters are escaped as \u00XX. */
void json_string_n(Json *j, const char *s, size_t n);

#endif
