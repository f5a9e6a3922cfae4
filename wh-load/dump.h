/* dump.h: printing a map's entries as text (NAME[KEY] = VALUE lines) or
 * as a JSON array of {"key":..,"value":..} objects. Integers of up to 8
 * bytes are decoded little-endian; longer ones print as hex bytes. */
#ifndef WH_LOAD_DUMP_H
#define WH_LOAD_DUMP_H
#include "json.h"
#include "wl.h"

int dump_map_text(Buf *out, const WlMap *m);
int dump_map_json(Json *j, const WlMap *m);

#endif
