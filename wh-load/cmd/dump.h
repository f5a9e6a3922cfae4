/* dump.h: printing a map's entries as text (NAME[KEY] = VALUE lines) or
 * as a JSON array of {"key":..,"value":..} objects. Integers of up to 8
 * bytes are decoded little-endian; longer ones print as hex bytes; with
 * the map's BTF, struct (union, array, enum) keys and values print field
 * by field in text and under "formatted" in JSON. */
#ifndef WH_LOAD_DUMP_H
#define WH_LOAD_DUMP_H
#include "json.h"
#include "../kernel/wl.h"

int dump_map_text(Buf *out, const WlMap *m);
int dump_map_json(Json *j, const WlMap *m);
/* One entry (value in wl_map_value_bufsize layout): a text line, or one
 * JSON object. */
int dump_entry_text(Buf *out, const WlMap *m, const void *key, const void *value);
int dump_entry_json(Json *j, const WlMap *m, const void *key, const void *value);
/* A key alone, as the entries print it. */
void dump_key_text(Buf *out, const WlMap *m, const void *key);
void dump_key_json(Json *j, const WlMap *m, const void *key);

#endif
