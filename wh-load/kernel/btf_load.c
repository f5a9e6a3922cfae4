/* btf_load.c: preparing the object's BTF for the kernel and loading it.
 * Compilers leave DATASEC sizes (and often VAR offsets) at 0 because only
 * the linker knows them; the kernel rejects size 0, so like libbpf's
 * btf_fixup_datasec we take sizes from the ELF sections and offsets from
 * the symbols, and sort each DATASEC's entries by offset. The blob patched
 * is the loader's own encoding of .BTF (WlObject.btf_blob). */
#include "wl.h"
#include "wl_sys.h"
#include <errno.h>
#include <elf.h>
#include <string.h>

static const ObjSym *var_symbol(const ObjFile *e, int sec, const char *name)
{
	for (size_t i = 0; i < e->nsym; i++) {
		const ObjSym *y = &e->sym[i];
		if ((int)y->shndx == sec && y->type == STT_OBJECT && !strcmp(y->name, name))
			return y;
	}
	return NULL;
}

static void sort_by_offset(struct btf_var_secinfo *v, uint32_t n)
{
	for (uint32_t i = 1; i < n; i++) {
		struct btf_var_secinfo x = v[i];
		uint32_t j = i;
		for (; j > 0 && v[j - 1].offset > x.offset; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static int fixup_datasec(const WlObject *o, const Btf *b, struct btf_type *t)
{
	const char *name = btf_name(b, t);
	int sec = obj_section(o->obj, name);
	if (sec < 0)
		return wl_fail(".BTF: DATASEC %s has no ELF section", name);
	uint64_t size = o->obj->sec[sec].size;
	if (size > UINT32_MAX)
		return wl_fail("section %s is too large", name);
	t->size = (uint32_t)size;
	struct btf_var_secinfo *v = (struct btf_var_secinfo *)(t + 1);
	for (uint32_t i = 0; i < btf_vlen_of(t); i++) {
		const struct btf_type *var = btf_type_at(b, v[i].type);
		if (!var || btf_kind_of(var) != BTF_KIND_VAR)
			continue;       /* the kernel will say what is wrong */
		const char *vname = btf_name(b, var);
		const ObjSym *y = var_symbol(o->obj, sec, vname);
		if (!y) {
			if (((const struct btf_var *)(var + 1))->linkage == BTF_VAR_STATIC)
				continue;
			return wl_fail(".BTF: variable %s in %s has no symbol", vname, name);
		}
		if (y->value > UINT32_MAX)
			return wl_fail(".BTF: variable %s has a bad offset", vname);
		v[i].offset = (uint32_t)y->value;
	}
	sort_by_offset(v, btf_vlen_of(t));
	return 0;
}

/* BPF_BTF_LOAD, first without a log; on failure again with one so the
 * error can say why. */
static int load(WlObject *o)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.btf = wl_ptr(o->btf_blob);
	attr.btf_size = (uint32_t)o->btf_size;
	int fd = wl_bpf(BPF_BTF_LOAD, &attr, sizeof attr);
	if (fd >= 0) {
		o->btf_fd = fd;
		return 0;
	}
	int err = errno;
	WlLog log = {0};
	if (wl_log_grow(&log, WL_LOG_MIN)) {
		attr.btf_log_buf = wl_ptr(log.buf);
		attr.btf_log_size = log.size;
		attr.btf_log_level = 1;
		fd = wl_bpf(BPF_BTF_LOAD, &attr, sizeof attr);
		if (fd >= 0) {          /* a transient failure after all */
			wl_log_free(&log);
			o->btf_fd = fd;
			return 0;
		}
	}
	wl_fail_log(log.buf, "the kernel rejected the object's BTF: %s%s",
		    wl_strerror(err),
		    err == EPERM ? " (loading BPF needs root or CAP_BPF)" : "");
	wl_log_free(&log);
	return -1;
}

int wl_btf_load(WlObject *o)
{
	if (!o->btf || o->btf_fd >= 0)
		return 0;
	/* A view of our own blob, to find its DATASECs and patch them. */
	Btf *b;
	const char *err = btf_parse(o->arena, o->btf_blob, o->btf_size, &b);
	if (err)
		return wl_fail(".BTF: %s", err);
	for (uint32_t id = 1; id < btf_type_count(b); id++) {
		struct btf_type *t = (struct btf_type *)btf_type_at(b, id);
		if (btf_kind_of(t) == BTF_KIND_DATASEC && fixup_datasec(o, b, t))
			return -1;
	}
	return load(o);
}
