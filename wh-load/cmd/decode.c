/* decode.c: BTF-driven formatting of map keys, map values and ring buffer
 * events, as text or JSON (decode.h). One walker over the type graph
 * feeds one of two small printers; every read is checked against the
 * buffer and every walk is bounded (depth, element count), so hostile BTF
 * or a short buffer gives odd output, never a bad read or a hang. */
#include "decode.h"
#include "../kernel/wl.h"
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum {
	MAX_DEPTH = 20,          /* nesting of structs and arrays */
	MAX_ELEMS = 4096,        /* array elements printed before "..." */
};

/* ---- the two printers ---- */

typedef struct {
	Buf *b;                  /* text, or */
	Json *j;                 /* JSON */
	int depth;
	unsigned char first[MAX_DEPTH + 4];
} Out;

static void sep(Out *o)
{
	if (!o->b)
		return;
	if (!o->first[o->depth])
		buf_putc(o->b, ' ');
	o->first[o->depth] = 0;
}

static void open_(Out *o, char c)
{
	if (o->j) {
		if (c == '{')
			json_object(o->j);
		else
			json_array(o->j);
	} else {
		buf_putc(o->b, c);
	}
	o->depth++;
	o->first[o->depth] = 1;
}

static void close_(Out *o, char c)
{
	o->depth--;
	if (o->j) {
		if (c == '}')
			json_object_end(o->j);
		else
			json_array_end(o->j);
	} else {
		buf_putc(o->b, c);
	}
}

/* A member name inside a struct (the value follows). */
static void field(Out *o, const char *name)
{
	if (o->j) {
		json_key(o->j, name);
		return;
	}
	sep(o);
	buf_printf(o->b, "%s=", name);
	o->first[o->depth] = 1;          /* the value needs no separator */
}

/* Before a value: in text, a space between array elements. */
static void item(Out *o)
{
	if (o->b)
		sep(o);
}

static void put_u64(Out *o, uint64_t v)
{
	item(o);
	if (o->j)
		json_u64(o->j, v);
	else
		buf_put_uint(o->b, v);
}

static void put_i64(Out *o, int64_t v)
{
	item(o);
	if (o->j)
		json_i64(o->j, v);
	else
		buf_printf(o->b, "%" PRId64, v);
}

static void put_word(Out *o, const char *w, int quoted)
{
	item(o);
	if (o->j) {
		if (quoted)
			json_string(o->j, w);
		else
			json_raw(o->j, w);
	} else {
		buf_puts(o->b, w);
	}
}

static void put_missing(Out *o)
{
	item(o);
	if (o->j)
		json_null(o->j);
	else
		buf_puts(o->b, "<missing>");
}

/* Two digits and a space per byte copied from a table, 8 bytes a turn
 * when spaced. */
void wl_hex_text(Buf *b, const void *data, size_t n, int spaced)
{
	static const char digit[] = "0123456789abcdef";
	static char cell[256][4];               /* "xx " and a spare byte */
	const uint8_t *p = data;
	if (!cell[255][0])
		for (int v = 0; v < 256; v++)
			memcpy(cell[v], (char[4]){digit[v >> 4], digit[v & 15], ' ', 0}, 4);
	if (!spaced) {
		char *s = buf_extend(b, 2 * n);
		for (size_t i = 0; i < n; i++)
			memcpy(s + 2 * i, cell[p[i]], 2);
		return;
	}
	if (n) {
		char *s = buf_extend(b, 3 * n - 1);
		size_t i = 0;
		for (; i + 8 < n; i += 8) {     /* written out: compilers keep a loop */
			const uint8_t *q = p + i;
			char *d = s + 3 * i;
			memcpy(d, cell[q[0]], 4);
			memcpy(d + 3, cell[q[1]], 4);
			memcpy(d + 6, cell[q[2]], 4);
			memcpy(d + 9, cell[q[3]], 4);
			memcpy(d + 12, cell[q[4]], 4);
			memcpy(d + 15, cell[q[5]], 4);
			memcpy(d + 18, cell[q[6]], 4);
			memcpy(d + 21, cell[q[7]], 4);
		}
		for (; i + 1 < n; i++)
			memcpy(s + 3 * i, cell[p[i]], 4);   /* the 4th byte: the next cell's */
		memcpy(s + 3 * (n - 1), cell[p[n - 1]], 2);
	}
}

/* "0a 0b 0c": in text straight into the output; in JSON as one string. */
static void put_hex(Out *o, const uint8_t *p, size_t n)
{
	item(o);
	Buf t = {0}, *b = o->b ? o->b : &t;
	wl_hex_text(b, p, n, 1);
	if (o->j)
		json_string(o->j, t.data ? t.data : "");
	buf_free(&t);
}

/* A char array printed as a string: the bytes up to the first NUL. */
static void put_chars(Out *o, const uint8_t *p, size_t n)
{
	item(o);
	if (o->j) {
		json_string_n(o->j, (const char *)p, n);
		return;
	}
	buf_putc(o->b, '"');
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '"' || p[i] == '\\')
			buf_putc(o->b, '\\');
		buf_putc(o->b, (char)p[i]);
	}
	buf_putc(o->b, '"');
}

/* ---- reading the buffer ---- */

typedef struct {
	const Btf *b;
	const uint8_t *data;
	size_t len;
} Src;

static uint64_t le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;
	for (size_t i = n; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* nbits (1..64) at bit offset bit_off, little-endian; 0 when outside. */
static int read_bits(const Src *s, uint64_t bit_off, uint32_t nbits, uint64_t *v)
{
	if (!nbits || nbits > 64 || bit_off / 8 >= s->len)
		return 0;
	uint64_t first = bit_off / 8, last = (bit_off + nbits - 1) / 8;
	if (last >= s->len)
		return 0;
	/* At most 9 bytes: 64 bits starting mid-byte. */
	unsigned __int128 acc = 0;
	for (uint64_t i = last + 1; i-- > first;)
		acc = acc << 8 | s->data[i];
	acc >>= bit_off % 8;
	*v = nbits == 64 ? (uint64_t)acc : (uint64_t)acc & ((UINT64_C(1) << nbits) - 1);
	return 1;
}

static int64_t sign_extend(uint64_t v, uint32_t nbits)
{
	if (nbits >= 64)
		return (int64_t)v;
	uint64_t m = UINT64_C(1) << (nbits - 1);
	return (int64_t)((v ^ m) - m);
}

static int have(const Src *s, uint64_t byte_off, uint64_t n)
{
	return byte_off <= s->len && n <= s->len - byte_off;
}

/* ---- the walker ---- */

static void walk(const Src *s, Out *o, uint32_t id, uint64_t bit_off,
		 uint32_t bitfield, int depth);

static void do_int(const Src *s, Out *o, const struct btf_type *t,
		   uint64_t bit_off, uint32_t bitfield)
{
	uint32_t info = 0;
	memcpy(&info, t + 1, sizeof info);
	uint32_t enc = BTF_INT_ENCODING(info), nbits = BTF_INT_BITS(info);
	bit_off += BTF_INT_OFFSET(info);
	if (bitfield)
		nbits = bitfield;
	if (nbits > 64) {                /* __int128 and friends */
		uint64_t n = (nbits + 7) / 8;
		if (bit_off % 8 || !have(s, bit_off / 8, n))
			put_missing(o);
		else
			put_hex(o, s->data + bit_off / 8, n);
		return;
	}
	uint64_t v;
	if (!read_bits(s, bit_off, nbits, &v)) {
		put_missing(o);
		return;
	}
	if (enc & BTF_INT_BOOL)
		put_word(o, v ? "true" : "false", 0);
	else if (enc & BTF_INT_SIGNED)
		put_i64(o, sign_extend(v, nbits));
	else
		put_u64(o, v);
}

static void do_enum(const Src *s, Out *o, const struct btf_type *t,
		    uint64_t bit_off, uint32_t bitfield)
{
	uint32_t nbits = bitfield ? bitfield : t->size * 8;
	int is64 = btf_kind_of(t) == BTF_KIND_ENUM64;
	int sign = btf_kflag_of(t);
	uint64_t v;
	if (!nbits || nbits > 64 || !read_bits(s, bit_off, nbits, &v)) {
		put_missing(o);
		return;
	}
	uint64_t cmp = sign ? (uint64_t)sign_extend(v, nbits) : v;
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		uint64_t ev;
		uint32_t name_off;
		if (is64) {
			const struct btf_enum64 *e = (const void *)(t + 1);
			ev = (uint64_t)e[i].val_hi32 << 32 | e[i].val_lo32;
			name_off = e[i].name_off;
		} else {
			const struct btf_enum *e = (const void *)(t + 1);
			ev = sign ? (uint64_t)(int64_t)e[i].val : (uint32_t)e[i].val;
			name_off = e[i].name_off;
		}
		const char *name = btf_str(s->b, name_off);
		if (ev == cmp && name && *name) {
			put_word(o, name, 1);
			return;
		}
	}
	if (sign)
		put_i64(o, (int64_t)cmp);
	else
		put_u64(o, v);
}

static void do_float(const Src *s, Out *o, const struct btf_type *t, uint64_t bit_off)
{
	char w[64];
	if (bit_off % 8 || !have(s, bit_off / 8, t->size) ||
	    (t->size != 4 && t->size != 8)) {
		if (bit_off % 8 == 0 && have(s, bit_off / 8, t->size))
			put_hex(o, s->data + bit_off / 8, t->size);
		else
			put_missing(o);
		return;
	}
	double d;
	if (t->size == 4) {
		float f;
		memcpy(&f, s->data + bit_off / 8, 4);
		d = f;
	} else {
		memcpy(&d, s->data + bit_off / 8, 8);
	}
	snprintf(w, sizeof w, "%.17g", d);
	/* JSON has no NaN or infinity: those print as strings. */
	put_word(o, w, d != d || d - d != 0);
}

/* A char array whose bytes before the first NUL are all printable, with
 * at least one of them. *n gets that length. */
static int printable_chars(const uint8_t *p, size_t len, size_t *n)
{
	size_t i = 0;
	while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
		i++;
	*n = i;
	return i > 0 && (i == len || p[i] == 0);
}

static void do_array(const Src *s, Out *o, const struct btf_type *t,
		     uint64_t bit_off, int depth)
{
	const struct btf_array *a = (const void *)(t + 1);
	uint32_t elem = a->type;
	uint64_t esize = 0;
	const struct btf_type *et = btf_skip_mods(s->b, &elem);
	if (!et || btf_size(s->b, elem, &esize) || !esize) {
		put_missing(o);
		return;
	}
	uint64_t off = bit_off / 8, total = esize * a->nelems;
	if (btf_kind_of(et) == BTF_KIND_INT && esize == 1 && bit_off % 8 == 0 &&
	    have(s, off, total)) {
		size_t n;
		if (printable_chars(s->data + off, total, &n)) {
			put_chars(o, s->data + off, n);
			return;
		}
	}
	item(o);
	open_(o, '[');
	for (uint32_t i = 0; i < a->nelems; i++) {
		uint64_t at = bit_off + (uint64_t)i * esize * 8;
		if (i == MAX_ELEMS || (esize && at / 8 >= s->len && i)) {
			if (o->b) {
				sep(o);
				buf_puts(o->b, "...");
			}
			break;
		}
		walk(s, o, elem, at, 0, depth + 1);
	}
	close_(o, ']');
}

static void do_members(const Src *s, Out *o, const struct btf_type *t,
		       uint64_t bit_off, int depth)
{
	const struct btf_member *m = (const void *)(t + 1);
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		uint32_t moff = btf_member_bit_offset(t, &m[i]);
		uint32_t bits = btf_member_bitfield_size(t, &m[i]);
		const char *name = btf_str(s->b, m[i].name_off);
		uint32_t mid = m[i].type;
		const struct btf_type *mt = btf_skip_mods(s->b, &mid);
		if ((!name || !*name) && mt && depth < MAX_DEPTH &&
		    (btf_kind_of(mt) == BTF_KIND_STRUCT || btf_kind_of(mt) == BTF_KIND_UNION)) {
			/* An anonymous struct or union: its members inline. */
			do_members(s, o, mt, bit_off + moff, depth + 1);
			continue;
		}
		field(o, name && *name ? name : "_");
		walk(s, o, m[i].type, bit_off + moff, bits, depth + 1);
	}
}

static void do_struct(const Src *s, Out *o, const struct btf_type *t,
		      uint64_t bit_off, int depth)
{
	item(o);
	open_(o, '{');
	do_members(s, o, t, bit_off, depth);
	close_(o, '}');
}

static void do_datasec(const Src *s, Out *o, const struct btf_type *t,
		       uint64_t bit_off, int depth)
{
	const struct btf_var_secinfo *v = (const void *)(t + 1);
	item(o);
	open_(o, '{');
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		const struct btf_type *var = btf_type_at(s->b, v[i].type);
		const char *name = var ? btf_str(s->b, var->name_off) : NULL;
		field(o, name && *name ? name : "_");
		walk(s, o, v[i].type, bit_off + (uint64_t)v[i].offset * 8, 0, depth + 1);
	}
	close_(o, '}');
}

static void walk(const Src *s, Out *o, uint32_t id, uint64_t bit_off,
		 uint32_t bitfield, int depth)
{
	const struct btf_type *t = btf_skip_mods(s->b, &id);
	if (!t || depth > MAX_DEPTH) {
		put_missing(o);
		return;
	}
	switch (btf_kind_of(t)) {
	case BTF_KIND_INT:
		do_int(s, o, t, bit_off, bitfield);
		return;
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		do_enum(s, o, t, bit_off, bitfield);
		return;
	case BTF_KIND_PTR: {
		uint64_t v;
		if (!read_bits(s, bit_off, 64, &v)) {
			put_missing(o);
		} else {
			char w[32];
			snprintf(w, sizeof w, "0x%" PRIx64, v);
			if (o->j)
				put_u64(o, v);
			else
				put_word(o, w, 0);
		}
		return;
	}
	case BTF_KIND_FLOAT:
		do_float(s, o, t, bit_off);
		return;
	case BTF_KIND_ARRAY:
		do_array(s, o, t, bit_off, depth);
		return;
	case BTF_KIND_STRUCT: case BTF_KIND_UNION:
		do_struct(s, o, t, bit_off, depth);
		return;
	case BTF_KIND_VAR:
		walk(s, o, t->type, bit_off, 0, depth + 1);
		return;
	case BTF_KIND_DATASEC:
		do_datasec(s, o, t, bit_off, depth);
		return;
	default:        /* FWD, FUNC, FUNC_PROTO, tags: nothing to decode */
		put_missing(o);
		return;
	}
}

/* No type: integers of 1 to 8 bytes, hex bytes otherwise. */
static void fallback(Out *o, const void *data, size_t len)
{
	if (len >= 1 && len <= 8)
		put_u64(o, le(data, len));
	else
		put_hex(o, data, len);
}

static void format(Out *o, const Btf *b, uint32_t type_id,
		   const void *data, size_t len)
{
	uint32_t id = type_id;
	if (!b || !type_id || !btf_skip_mods(b, &id)) {
		fallback(o, data, len);
		return;
	}
	Src s = {b, data, len};
	walk(&s, o, type_id, 0, 0, 0);
}

void wl_fmt_text(Buf *out, const Btf *b, uint32_t type_id,
		 const void *data, size_t len)
{
	Out o = {.b = out};
	o.first[0] = 1;
	format(&o, b, type_id, data, len);
}

void wl_fmt_json(Json *j, const Btf *b, uint32_t type_id,
		 const void *data, size_t len)
{
	Out o = {.j = j};
	format(&o, b, type_id, data, len);
}

/* ---- finding a type by name ---- */

uint32_t wl_btf_find_type(const Btf *b, const char *name)
{
	static const uint32_t order[][2] = {
		{BTF_KIND_STRUCT, BTF_KIND_UNION},
		{BTF_KIND_TYPEDEF, BTF_KIND_TYPEDEF},
		{BTF_KIND_ENUM, BTF_KIND_ENUM64},
		{BTF_KIND_INT, BTF_KIND_FLOAT},
	};
	if (!b) {
		wl_fail("no BTF in which to look for type '%s'", name);
		return 0;
	}
	for (size_t k = 0; k < sizeof order / sizeof *order; k++)
		for (uint32_t id = 1; id < btf_type_count(b); id++) {
			const struct btf_type *t = btf_type_at(b, id);
			uint32_t kind = btf_kind_of(t);
			const char *n = btf_str(b, t->name_off);
			if ((kind == order[k][0] || kind == order[k][1]) && n &&
			    !strcmp(n, name))
				return id;
		}
	wl_fail("no struct, union, typedef or enum named '%s' in the BTF", name);
	return 0;
}
