/* dump.c: formatting map entries; per-CPU values print as their sum in
 * text (when they are integers) and per CPU in JSON. */
#include "dump.h"
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

/* Decimal for integers, "0a 0b ..." otherwise. */
static void scalar(Buf *b, const uint8_t *p, uint32_t size)
{
	if (is_int(size)) {
		buf_printf(b, "%" PRIu64, le(p, size));
		return;
	}
	for (uint32_t i = 0; i < size; i++)
		buf_printf(b, i ? " %02x" : "%02x", p[i]);
}

static void json_scalar(Json *j, const uint8_t *p, uint32_t size)
{
	if (is_int(size)) {
		json_u64(j, le(p, size));
		return;
	}
	Buf t = {0};
	scalar(&t, p, size);
	json_string(j, t.data ? t.data : "");
	buf_free(&t);
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

static int text_entry(const WlMap *m, const void *key, const void *value, void *ctx)
{
	Buf *b = ctx;
	buf_printf(b, "%s[", m->name);
	scalar(b, key, m->key_size);
	buf_puts(b, "] = ");
	if (!wl_map_is_percpu(m)) {
		scalar(b, value, m->value_size);
	} else if (is_int(m->value_size)) {
		uint64_t sum = 0;
		for (int c = 0; c < ncpus(m); c++)
			sum += le(cpu_value(m, value, c), m->value_size);
		buf_printf(b, "%" PRIu64, sum);
	} else {
		for (int c = 0; c < ncpus(m); c++) {
			buf_puts(b, c ? ", " : "{ ");
			scalar(b, cpu_value(m, value, c), m->value_size);
		}
		buf_puts(b, " }");
	}
	buf_putc(b, '\n');
	return 0;
}

static int json_entry(const WlMap *m, const void *key, const void *value, void *ctx)
{
	Json *j = ctx;
	json_object(j);
	json_key(j, "key");
	json_scalar(j, key, m->key_size);
	if (!wl_map_is_percpu(m)) {
		json_key(j, "value");
		json_scalar(j, value, m->value_size);
	} else {
		if (is_int(m->value_size)) {
			uint64_t sum = 0;
			for (int c = 0; c < ncpus(m); c++)
				sum += le(cpu_value(m, value, c), m->value_size);
			json_key(j, "value");
			json_u64(j, sum);
		}
		json_key(j, "values");
		json_array(j);
		for (int c = 0; c < ncpus(m); c++)
			json_scalar(j, cpu_value(m, value, c), m->value_size);
		json_array_end(j);
	}
	json_object_end(j);
	return 0;
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
