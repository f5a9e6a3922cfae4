/* decode.h: values printed field by field from BTF: map keys and values,
 * ring buffer events. Integers (signed or not, by their BTF encoding),
 * enums by name when one matches, char arrays as strings when printable,
 * nested structs, unions and arrays; bitfields included. Without a type
 * (btf NULL or type_id 0) a buffer of 1 to 8 bytes prints as a
 * little-endian unsigned integer and anything else as hex bytes ("0a 0b",
 * a string in JSON), as `wh-load test --dump` always did.
 * The formatter never reads outside [data, data+len): a type larger than
 * the buffer prints what fits and marks the rest as missing. */
#ifndef WH_LOAD_DECODE_H
#define WH_LOAD_DECODE_H
#include <stddef.h>
#include <stdint.h>
#include "btf.h"
#include "json.h"

/* The id of a struct, union, typedef or enum named `name` (structs and
 * unions first). 0 with wl_error() set when there is none. */
uint32_t wl_btf_find_type(const Btf *b, const char *name);

/* n bytes as hex digits appended to b: "0a 0b 0c" when spaced, else
 * "0a0b0c". */
void wl_hex_text(Buf *b, const void *data, size_t n, int spaced);

/* Text: integers in decimal, structs as "{a=1 b={c=2} name="x"}", arrays
 * as "[1 2 3]", fall-back hex as "0a 0b 0c". Appends to out. */
void wl_fmt_text(Buf *out, const Btf *b, uint32_t type_id,
		 const void *data, size_t len);

/* JSON: integers as numbers, structs as objects, arrays as arrays,
 * printable char arrays as strings, enums by name, data missing from a
 * short buffer as null. Writes one JSON value at the writer's current
 * position. */
void wl_fmt_json(Json *j, const Btf *b, uint32_t type_id,
		 const void *data, size_t len);

/* The reverse, for map keys and values typed on a command line: parse
 * text into exactly size bytes at out. Accepted spellings:
 *   an integer (decimal, 0x hex, or negative: two's complement), when
 *     size is 1 to 8: stored little-endian, and it must fit;
 *   hex bytes, exactly size of them, separated by spaces or colons, or
 *   written together after "hex:" ("hex:0a000001");
 *   with a struct type from BTF: "NAME=VALUE ..." (spaces or commas
 *     between, optional braces), each VALUE an integer, an enum's name or
 *     for a char array a string; members not named are zero.
 * 0 on success, -1 with wl_error() saying what is wrong. */
int wl_parse_value(const Btf *b, uint32_t type_id, const char *text,
		   void *out, size_t size);

/* Hex digits to bytes (spaces, tabs, newlines and ':' between them are
 * ignored): at most cap bytes into out, their number in *len. 0 on
 * success, -1 with wl_error() on a non-hex character, an odd number of
 * digits or more than cap bytes. */
int wl_hex_bytes(const char *s, uint8_t *out, size_t cap, size_t *len);

#endif
