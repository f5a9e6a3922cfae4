/* btf_load.c: preparing the object's BTF for the kernel and loading it.
 * Compilers leave DATASEC sizes (and often VAR offsets) at 0 because only
 * the linker knows them; the kernel rejects size 0, so like libbpf's
 * btf_fixup_datasec we take sizes from the ELF sections and offsets from
 * the symbols, and sort each DATASEC's entries by offset. */
#include "wl_btf.h"
#include "wl_elf.h"
#include "wl_sys.h"
#include <errno.h>
#include <gelf.h>
#include <string.h>

static const WlElfSym *var_symbol(const struct WlElf *e, int sec, const char *name)
{
	for (size_t i = 0; i < e->nsym; i++) {
		const WlElfSym *y = &e->sym[i];
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

static int fixup_datasec(const WlObject *o, struct btf_type *t)
{
	const WlBtf *b = o->btf;
	const char *name = wl_btf_str(b, t->name_off);
	int sec = wl_elf_section(o->elf, name);
	if (sec < 0)
		return wl_fail(".BTF: DATASEC %s has no ELF section", name);
	uint64_t size = o->elf->sec[sec].size;
	if (size > UINT32_MAX)
		return wl_fail("section %s is too large", name);
	t->size = (uint32_t)size;
	struct btf_var_secinfo *v = (struct btf_var_secinfo *)(t + 1);
	for (uint32_t i = 0; i < wl_btf_vlen(t); i++) {
		struct btf_type *var = wl_btf_type(b, v[i].type);
		if (!var || wl_btf_kind(var) != BTF_KIND_VAR)
			continue;       /* the kernel will say what is wrong */
		const char *vname = wl_btf_str(b, var->name_off);
		const WlElfSym *y = var_symbol(o->elf, sec, vname);
		if (!y) {
			if (((const struct btf_var *)(var + 1))->linkage == BTF_VAR_STATIC)
				continue;
			return wl_fail(".BTF: variable %s in %s has no symbol", vname, name);
		}
		if (y->value > UINT32_MAX)
			return wl_fail(".BTF: variable %s has a bad offset", vname);
		v[i].offset = (uint32_t)y->value;
	}
	sort_by_offset(v, wl_btf_vlen(t));
	return 0;
}

/* BPF_BTF_LOAD, first without a log; on failure again with one so the
 * error can say why. */
static int load(WlObject *o)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.btf = wl_ptr(o->btf->raw);
	attr.btf_size = o->btf->size;
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
	for (uint32_t id = 1; id < o->btf->ntypes; id++) {
		struct btf_type *t = o->btf->type[id];
		if (wl_btf_kind(t) == BTF_KIND_DATASEC && fixup_datasec(o, t))
			return -1;
	}
	return load(o);
}
