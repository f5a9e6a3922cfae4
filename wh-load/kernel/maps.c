/* maps.c: creating the object's maps (after its BTF, so the kernel knows
 * their key and value types, as bpftool map dump shows them). */
#include "wl.h"
#include "wl_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <string.h>
#include <unistd.h>

/* libbpf's adjust_ringbuf_sz: a power-of-2 multiple of the page size. */
static uint32_t ringbuf_size(uint32_t n)
{
	uint32_t page = (uint32_t)sysconf(_SC_PAGESIZE), sz = page;
	while (sz < n && sz <= UINT32_MAX / 2)
		sz *= 2;
	return sz;
}

static int create(WlObject *o, WlMap *m, int with_btf)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.map_type = m->type;
	attr.key_size = m->key_size;
	attr.value_size = m->value_size;
	attr.max_entries = m->type == BPF_MAP_TYPE_RINGBUF
		? ringbuf_size(m->max_entries) : m->max_entries;
	attr.map_flags = m->flags;
	attr.numa_node = m->numa_node;
	attr.map_extra = m->map_extra;
	wl_obj_name(attr.map_name, m->name);
	if (with_btf) {
		attr.btf_fd = (uint32_t)o->btf_fd;
		attr.btf_key_type_id = m->btf_key_type_id;
		attr.btf_value_type_id = m->btf_value_type_id;
	}
	return wl_bpf(BPF_MAP_CREATE, &attr, sizeof attr);
}

static int create_map(WlObject *o, WlMap *m)
{
	int with_btf = o->btf_fd >= 0 && (m->btf_key_type_id || m->btf_value_type_id);
	int fd = create(o, m, with_btf);
	/* Like libbpf: types the kernel will not check for this map type
	 * (say, a struct key in an array) are only decoration; retry bare. */
	if (fd < 0 && with_btf && errno != EPERM)
		fd = create(o, m, 0);
	if (fd < 0) {
		const MapTypeInfo *mt = map_type_by_id((int)m->type);
		int err = errno;
		if (mt)
			return wl_fail("map %s (%s): the kernel refused to create it: %s%s",
				       m->name, mt->keyword, wl_strerror(err),
				       err == EPERM ? " (needs root or CAP_BPF)" : "");
		return wl_fail("map %s (type %u): the kernel refused to create it: %s",
			       m->name, m->type, wl_strerror(err));
	}
	m->fd = fd;
	return 0;
}

int wl_load_maps(WlObject *o)
{
	if (o->maps_loaded)
		return 0;
	if (wl_btf_load(o))
		return -1;
	for (int i = 0; i < o->nmaps; i++)
		if (o->maps[i].fd < 0 && create_map(o, &o->maps[i]))
			return -1;
	o->maps_loaded = 1;
	return 0;
}
