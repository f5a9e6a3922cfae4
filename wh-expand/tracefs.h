/* tracefs.h: tracepoint format files (tracefs.c) as deftracepoint needs
 * them: where they live, and each field's offset, size and signedness. */
#ifndef WH_TRACEFS_H
#define WH_TRACEFS_H
#include <stdint.h>
#include "arena.h"
#include "diag.h"

typedef struct {
	const char *name;       /* C name: prev_comm */
	const char *type;       /* C type as written: char, __data_loc char[] */
	int64_t offset, size;
	int is_signed;
	int is_array;           /* declared NAME[N] or NAME[] */
	int64_t count;          /* array elements; 0 for a scalar or unknown */
	int width;              /* bytes of one element when 1 2 4 or 8, else 0 */
	int is_data_loc;        /* __data_loc/__rel_loc: a u32 (offset, length) */
} TpField;

typedef struct {
	const char *path;       /* the file read */
	TpField *fields;
	int n;
} TpFormat;

/* Read and parse the format file of CATEGORY/EVENT (file-system names):
 * $WH_TRACEFS/events/... when WH_TRACEFS is set, else /sys/kernel/tracing
 * then /sys/kernel/debug/tracing. Errors (file missing or unreadable,
 * malformed field line) are reported at p for the form `what`. */
TpFormat *tp_format_load(Arena *a, const char *category, const char *event,
			 const char *what, Pos p);

/* Parse the text of a format file read from `path`. */
TpFormat *tp_format_parse(Arena *a, const char *path, const char *text,
			  const char *what, Pos p);

#endif
