/* mapops.c: operations on a created map's fd (lookup, update, delete,
 * iteration), per-CPU value layout included. Shared by `test --dump` and
 * the later map commands. */
#include "wl.h"
#include "wl_sys.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wl_num_possible_cpus(void)
{
	static int cached;
	if (cached > 0)
		return cached;
	FILE *f = fopen("/sys/devices/system/cpu/possible", "r");
	if (!f)
		return wl_fail("cannot read /sys/devices/system/cpu/possible: %s",
			       strerror(errno));
	/* A list of ranges like "0-3,8-11": the count is the highest + 1. */
	char line[256];
	int max = -1;
	if (fgets(line, sizeof line, f)) {
		for (char *p = line; *p;) {
			char *end;
			long v = strtol(p, &end, 10);
			if (end == p)
				break;
			if (v > max)
				max = (int)v;
			p = end;
			while (*p == '-' || *p == ',' || *p == '\n')
				p++;
		}
	}
	fclose(f);
	if (max < 0)
		return wl_fail("cannot parse /sys/devices/system/cpu/possible");
	cached = max + 1;
	return cached;
}

int wl_map_is_percpu(const WlMap *m)
{
	const MapTypeInfo *mt = map_type_by_id((int)m->type);
	if (mt)
		return mt->per_cpu;
	return m->type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       m->type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

size_t wl_map_value_bufsize(const WlMap *m)
{
	if (!wl_map_is_percpu(m))
		return m->value_size;
	int n = wl_num_possible_cpus();
	return n < 0 ? 0 : (((size_t)m->value_size + 7) & ~(size_t)7) * (size_t)n;
}

static int elem_op(int cmd, const WlMap *m, const void *key, const void *value,
		   uint64_t flags)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.map_fd = (uint32_t)m->fd;
	attr.key = wl_ptr(key);
	attr.value = wl_ptr(value);
	attr.flags = flags;
	return wl_bpf(cmd, &attr, sizeof attr);
}

int wl_map_lookup(const WlMap *m, const void *key, void *value)
{
	if (elem_op(BPF_MAP_LOOKUP_ELEM, m, key, value, 0) == 0)
		return 0;
	if (errno == ENOENT)
		return 1;
	return wl_fail("map %s: lookup failed: %s", m->name, wl_strerror(errno));
}

int wl_map_update(const WlMap *m, const void *key, const void *value,
		  uint64_t flags)
{
	if (elem_op(BPF_MAP_UPDATE_ELEM, m, key, value, flags) == 0)
		return 0;
	return wl_fail("map %s: update failed: %s", m->name, wl_strerror(errno));
}

int wl_map_delete(const WlMap *m, const void *key)
{
	if (elem_op(BPF_MAP_DELETE_ELEM, m, key, NULL, 0) == 0)
		return 0;
	return wl_fail("map %s: delete failed: %s", m->name, wl_strerror(errno));
}

int wl_map_next_key(const WlMap *m, const void *key, void *next)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.map_fd = (uint32_t)m->fd;
	attr.key = wl_ptr(key);
	attr.next_key = wl_ptr(next);
	if (wl_bpf(BPF_MAP_GET_NEXT_KEY, &attr, sizeof attr) == 0)
		return 0;
	if (errno == ENOENT)
		return 1;
	return wl_fail("map %s: cannot iterate: %s", m->name, wl_strerror(errno));
}

int wl_map_foreach(const WlMap *m, WlMapVisit fn, void *ctx)
{
	if (m->fd < 0)
		return wl_fail("map %s is not created", m->name);
	if (!m->key_size)
		return wl_fail("map %s has no keys to iterate", m->name);
	size_t vsize = wl_map_value_bufsize(m);
	if (!vsize)
		return -1;
	char *key = calloc(1, m->key_size), *next = calloc(1, m->key_size);
	char *value = calloc(1, vsize);
	int r = key && next && value ? 0 : wl_fail("out of memory");
	const void *cur = NULL;         /* NULL: the first key */
	while (r == 0) {
		int n = wl_map_next_key(m, cur, next);
		if (n) {
			r = n < 0 ? -1 : 0;
			break;
		}
		memcpy(key, next, m->key_size);
		cur = key;
		n = wl_map_lookup(m, key, value);
		if (n < 0)
			r = -1;
		else if (n == 0)        /* 1: deleted meanwhile, skip */
			r = fn(m, key, value, ctx);
	}
	free(key);
	free(next);
	free(value);
	return r;
}
