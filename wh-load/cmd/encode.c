/* encode.c: text to bytes for map keys and values (wl_parse_value in
 * decode.h): integers, hex bytes, and struct members by name from BTF. */
#include "decode.h"
#include "../kernel/wl.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/* An integer that fits in nbits (1..64), signed or not. */
static int parse_int(const char *s, uint32_t nbits, uint64_t *v)
{
	char *end;
	errno = 0;
	if (*s == '-') {
		long long x = strtoll(s, &end, 0);
		if (!s[1] || *end || errno)
			return wl_fail("'%s' is not an integer", s);
		if (nbits < 64 && x < -(1LL << (nbits - 1)))
			return wl_fail("%s does not fit in %u bits", s, nbits);
		*v = (uint64_t)x;
	} else {
		unsigned long long x = strtoull(s, &end, 0);
		if (!*s || *end || errno)
			return wl_fail("'%s' is not an integer", s);
		if (nbits < 64 && x >> nbits)
			return wl_fail("%s does not fit in %u bits", s, nbits);
		*v = x;
	}
	if (nbits < 64)
		*v &= (UINT64_C(1) << nbits) - 1;
	return 0;
}

static int write_bits(uint8_t *out, size_t size, uint64_t bit_off, uint32_t nbits,
		      uint64_t v)
{
	if (!nbits || nbits > 64 || (bit_off + nbits + 7) / 8 > size)
		return wl_fail("a member lies outside the %zu-byte value", size);
	for (uint32_t i = 0; i < nbits; i++) {
		uint64_t at = bit_off + i;
		uint8_t bit = (uint8_t)(1u << (at % 8));
		if (v >> i & 1)
			out[at / 8] |= bit;
		else
			out[at / 8] &= (uint8_t)~bit;
	}
	return 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int wl_hex_bytes(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = 0;
	int hi = -1;
	for (; *s; s++) {
		if (*s == ' ' || *s == ':' || *s == '\t' || *s == '\n')
			continue;
		int v = hexval(*s);
		if (v < 0)
			return wl_fail("'%c' is not a hex digit", *s);
		if (hi < 0) {
			hi = v;
			continue;
		}
		if (n == cap)
			return wl_fail("more than %zu bytes", cap);
		out[n++] = (uint8_t)(hi << 4 | v);
		hi = -1;
	}
	if (hi >= 0)
		return wl_fail("odd number of hex digits");
	*len = n;
	return 0;
}

static int parse_hex_bytes(const char *s, uint8_t *out, size_t size)
{
	size_t n;
	if (wl_hex_bytes(s, out, size, &n) < 0)
		return -1;
	if (n != size)
		return wl_fail("%zu bytes where %zu are needed", n, size);
	return 0;
}

static const struct btf_member *find_member(const Btf *b, const struct btf_type *st,
					    const char *name)
{
	const struct btf_member *m = (const void *)(st + 1);
	for (uint32_t i = 0; i < btf_vlen_of(st); i++) {
		const char *n = btf_str(b, m[i].name_off);
		if (n && !strcmp(n, name))
			return &m[i];
	}
	return NULL;
}

static int enum_value(const Btf *b, const struct btf_type *t, const char *s,
		      uint64_t *v)
{
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		uint32_t name_off;
		uint64_t ev;
		if (btf_kind_of(t) == BTF_KIND_ENUM64) {
			const struct btf_enum64 *e = (const void *)(t + 1);
			name_off = e[i].name_off;
			ev = (uint64_t)e[i].val_hi32 << 32 | e[i].val_lo32;
		} else {
			const struct btf_enum *e = (const void *)(t + 1);
			name_off = e[i].name_off;
			ev = (uint64_t)(int64_t)e[i].val;
		}
		const char *n = btf_str(b, name_off);
		if (n && !strcmp(n, s)) {
			*v = ev;
			return 1;
		}
	}
	return 0;
}

/* One NAME=VALUE into the struct's bytes. */
static int set_member(const Btf *b, const struct btf_type *st, char *tok,
		      uint8_t *out, size_t size)
{
	char *eq = strchr(tok, '=');
	if (!eq)
		return wl_fail("'%s' is not NAME=VALUE", tok);
	*eq = 0;
	const char *val = eq + 1;
	const struct btf_member *m = find_member(b, st, tok);
	if (!m)
		return wl_fail("no member '%s'", tok);
	uint64_t bit_off = btf_member_bit_offset(st, m);
	uint32_t bits = btf_member_bitfield_size(st, m);
	uint32_t id = m->type;
	const struct btf_type *t = btf_skip_mods(b, &id);
	uint64_t v, tsize = 0;
	if (!t || btf_size(b, id, &tsize) || !tsize)
		return wl_fail("member '%s' has no usable type", tok);
	switch (btf_kind_of(t)) {
	case BTF_KIND_INT: case BTF_KIND_ENUM: case BTF_KIND_ENUM64: case BTF_KIND_PTR: {
		uint32_t nbits = bits ? bits : (uint32_t)(tsize * 8);
		if (btf_kind_of(t) == BTF_KIND_INT) {
			uint32_t info;
			memcpy(&info, t + 1, sizeof info);
			bit_off += BTF_INT_OFFSET(info);
			if (!bits)
				nbits = BTF_INT_BITS(info);
		}
		if (nbits > 64)
			return wl_fail("member '%s' is wider than 64 bits", tok);
		int named = btf_kind_of(t) != BTF_KIND_INT && btf_kind_of(t) != BTF_KIND_PTR &&
			    enum_value(b, t, val, &v);
		if (named && nbits < 64)
			v &= (UINT64_C(1) << nbits) - 1;
		if (!named && parse_int(val, nbits, &v)) {
			char why[256];
			snprintf(why, sizeof why, "%s", wl_error());
			return wl_fail("member '%s': %s", tok, why);
		}
		return write_bits(out, size, bit_off, nbits, v);
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = (const void *)(t + 1);
		uint32_t eid = a->type;
		uint64_t esize = 0;
		if (!btf_skip_mods(b, &eid) || btf_size(b, eid, &esize) ||
		    esize != 1 || bit_off % 8)
			return wl_fail("member '%s': only char arrays can be set", tok);
		size_t n = strlen(val);
		if (n >= 2 && val[0] == '"' && val[n - 1] == '"') {
			val++;
			n -= 2;
		}
		if (n > tsize || bit_off / 8 + tsize > size)
			return wl_fail("member '%s': '%s' is longer than %llu bytes", tok,
				       val, (unsigned long long)tsize);
		memset(out + bit_off / 8, 0, tsize);
		memcpy(out + bit_off / 8, val, n);
		return 0;
	}
	default:
		return wl_fail("member '%s' (%s) cannot be set from text", tok,
			       btf_kind_name(btf_kind_of(t)));
	}
}

static int parse_fields(const Btf *b, const struct btf_type *st, const char *text,
			uint8_t *out, size_t size)
{
	char *copy = strdup(text);
	if (!copy)
		return wl_fail("out of memory");
	memset(out, 0, size);
	int r = 0;
	for (char *save = NULL, *tok = strtok_r(copy, " \t,{}", &save); tok && !r;
	     tok = strtok_r(NULL, " \t,{}", &save))
		r = set_member(b, st, tok, out, size);
	free(copy);
	return r;
}

int wl_parse_value(const Btf *b, uint32_t type_id, const char *text,
		   void *out, size_t size)
{
	if (!strncmp(text, "hex:", 4))
		return parse_hex_bytes(text + 4, out, size);
	uint32_t id = type_id;
	const struct btf_type *t = b && type_id ? btf_skip_mods(b, &id) : NULL;
	if (strchr(text, '=')) {
		if (!t || (btf_kind_of(t) != BTF_KIND_STRUCT && btf_kind_of(t) != BTF_KIND_UNION))
			return wl_fail("'%s': NAME=VALUE needs a struct type from BTF", text);
		if (t->size != size)
			return wl_fail("struct of %u bytes for a %zu-byte value", t->size, size);
		return parse_fields(b, t, text, out, size);
	}
	if (strpbrk(text, " :\t"))
		return parse_hex_bytes(text, out, size);
	if (size < 1 || size > 8)
		return wl_fail("'%s': a %zu-byte value is written as hex bytes "
			       "(\"01 02 ...\" or hex:0102...)%s", text, size,
			       t && btf_kind_of(t) == BTF_KIND_STRUCT ? " or NAME=VALUE ..." : "");
	uint64_t v;
	if (parse_int(text, (uint32_t)size * 8, &v))
		return -1;
	for (size_t i = 0; i < size; i++)
		((uint8_t *)out)[i] = (uint8_t)(v >> (8 * i));
	return 0;
}
