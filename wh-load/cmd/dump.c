/* dump.c: formatting map entries. Keys and values print as integers (up
 * to 8 bytes, little-endian) or hex bytes; when the map's BTF gives a
 * struct, union, array or enum type, the text shows it decoded field by
 * field and JSON adds a "formatted" member with the decoded key and value
 * (bpftool's habit), leaving "key" and "value" as they always were.
 * Per-CPU values: text sums integers (shows each CPU's value otherwise),
 * JSON lists every CPU's value under "values". */
#include "dump.h"
#include "decode.h"
#include "btf.h"
#include <inttypes.h>
#include <string.h>

static int is_int(uint32_t size)
{
	return size >= 1 && size <= 8;
}

static uint64_t le(const uint8_t *p, uint32_t size)
{
	uint64_t v = 0;
	for (uint32_t i = size; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* The BTF type of a key or value worth decoding in text: aggregates and
 * enums (integers keep their plain unsigned spelling). 0: none. */
static uint32_t decoded_type(const WlMap *m, uint32_t id)
{
	if (!m->btf || !id)
		return 0;
	uint32_t t_id = id;
	const struct btf_type *t = btf_skip_mods(m->btf, &t_id);
	if (!t)
		return 0;
	switch (btf_kind_of(t)) {
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ARRAY:
	case BTF_KIND_ENUM: case BTF_KIND_ENUM64:
		return id;
	default:
		return 0;
	}
}

/* Decimal for integers, "0a 0b ..." otherwise, or decoded from BTF. */
static void scalar(Buf *b, const WlMap *m, uint32_t type, const uint8_t *p,
		   uint32_t size)
{
	wl_fmt_text(b, m->btf, decoded_type(m, type), p, size);
}

void dump_key_text(Buf *b, const WlMap *m, const void *key)
{
	scalar(b, m, m->btf_key_type_id, key, m->key_size);
}

void dump_key_json(Json *j, const WlMap *m, const void *key)
{
	wl_fmt_json(j, NULL, 0, key, m->key_size);
}

static void json_scalar(Json *j, const uint8_t *p, uint32_t size)
{
	wl_fmt_json(j, NULL, 0, p, size);
}

/* Per-CPU values sit 8-byte aligned, one per possible CPU. */
static int ncpus(const WlMap *m)
{
	return wl_map_is_percpu(m) ? wl_num_possible_cpus() : 1;
}

static const uint8_t *cpu_value(const WlMap *m, const void *value, int cpu)
{
	size_t stride = ((size_t)m->value_size + 7) & ~(size_t)7;
	return (const uint8_t *)value + stride * (size_t)cpu;
}

static uint64_t percpu_sum(const WlMap *m, const void *value)
{
	uint64_t sum = 0;
	for (int c = 0; c < ncpus(m); c++)
		sum += le(cpu_value(m, value, c), m->value_size);
	return sum;
}

int dump_entry_text(Buf *b, const WlMap *m, const void *key, const void *value)
{
	uint32_t vt = decoded_type(m, m->btf_value_type_id);
	buf_printf(b, "%s[", m->name);
	scalar(b, m, m->btf_key_type_id, key, m->key_size);
	buf_puts(b, "] = ");
	if (!wl_map_is_percpu(m)) {
		scalar(b, m, vt, value, m->value_size);
	} else if (is_int(m->value_size) && !vt) {
		buf_printf(b, "%" PRIu64, percpu_sum(m, value));
	} else {
		for (int c = 0; c < ncpus(m); c++) {
			buf_puts(b, c ? ", " : "{ ");
			scalar(b, m, vt, cpu_value(m, value, c), m->value_size);
		}
		buf_puts(b, " }");
	}
	buf_putc(b, '\n');
	return 0;
}

static int text_entry(const WlMap *m, const void *key, const void *value, void *ctx)
{
	return dump_entry_text(ctx, m, key, value);
}

int dump_entry_json(Json *j, const WlMap *m, const void *key, const void *value)
{
	json_object(j);
	json_key(j, "key");
	json_scalar(j, key, m->key_size);
	if (!wl_map_is_percpu(m)) {
		json_key(j, "value");
		json_scalar(j, value, m->value_size);
	} else {
		if (is_int(m->value_size)) {
			json_key(j, "value");
			json_u64(j, percpu_sum(m, value));
		}
		json_key(j, "values");
		json_array(j);
		for (int c = 0; c < ncpus(m); c++)
			json_scalar(j, cpu_value(m, value, c), m->value_size);
		json_array_end(j);
	}
	if (decoded_type(m, m->btf_key_type_id) || decoded_type(m, m->btf_value_type_id)) {
		json_key(j, "formatted");
		json_object(j);
		json_key(j, "key");
		wl_fmt_json(j, m->btf, m->btf_key_type_id, key, m->key_size);
		if (!wl_map_is_percpu(m)) {
			json_key(j, "value");
			wl_fmt_json(j, m->btf, m->btf_value_type_id, value, m->value_size);
		} else {
			json_key(j, "values");
			json_array(j);
			for (int c = 0; c < ncpus(m); c++)
				wl_fmt_json(j, m->btf, m->btf_value_type_id,
					    cpu_value(m, value, c), m->value_size);
			json_array_end(j);
		}
		json_object_end(j);
	}
	json_object_end(j);
	return 0;
}

static int json_entry(const WlMap *m, const void *key, const void *value, void *ctx)
{
	return dump_entry_json(ctx, m, key, value);
}

int dump_map_text(Buf *out, const WlMap *m)
{
	return wl_map_foreach(m, text_entry, out);
}

int dump_map_json(Json *j, const WlMap *m)
{
	json_array(j);
	int r = wl_map_foreach(m, json_entry, j);
	json_array_end(j);
	return r;
}
