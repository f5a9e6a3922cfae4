/* object.c: the object's life in the loader: read by the shared object
 * reader (shared/obj_read.c), turned into what the kernel is given (the
 * maps to create, each program's instructions, relocations and
 * func_info/line_info, the .BTF blob they refer to), found by name, and
 * every fd it owns closed (wl_close). */
#include "wl.h"
#include "wl_int.h"
#include "io.h"
#include <string.h>
#include <unistd.h>

static void take_maps(WlObject *o)
{
	const ObjFile *obj = o->obj;
	o->nmaps = obj->nmaps;
	o->maps = arena_alloc(o->arena, (size_t)(obj->nmaps ? obj->nmaps : 1) * sizeof *o->maps);
	for (int i = 0; i < obj->nmaps; i++) {
		const ObjMap *om = &obj->maps[i];
		WlMap *m = &o->maps[i];
		m->name = wl_name_dup(o->arena, om->name);
		m->type = om->type;
		m->key_size = om->key_size;
		m->value_size = om->value_size;
		m->max_entries = om->max_entries;
		m->flags = om->flags;
		m->numa_node = om->numa_node;
		m->pinning = om->pinning;
		m->btf_key_type_id = om->btf_key_type_id;
		m->btf_value_type_id = om->btf_value_type_id;
		m->btf = obj->btf;
		m->fd = -1;
	}
}

/* The kernel's func_info and line_info: instruction indices from the
 * program's start, strings as offsets in the blob the kernel gets. */
static void take_ext(WlObject *o, WlProg *p, BtfOut *strs)
{
	const ObjProg *op = p->obj;
	const Vec *fi = &op->ext[EXT_FUNC], *li = &op->ext[EXT_LINE];
	p->func_info_cnt = (uint32_t)fi->n;
	p->line_info_cnt = (uint32_t)li->n;
	p->func_info = arena_alloc(o->arena, sizeof *p->func_info * (size_t)(fi->n + 1));
	p->line_info = arena_alloc(o->arena, sizeof *p->line_info * (size_t)(li->n + 1));
	for (int i = 0; i < fi->n; i++) {
		const ObjFuncInfo *r = fi->v[i];
		p->func_info[i] = (struct bpf_func_info){
			(uint32_t)((r->off - op->off) / 8), r->type_id};
	}
	for (int i = 0; i < li->n; i++) {
		const ObjLineInfo *r = li->v[i];
		p->line_info[i] = (struct bpf_line_info){
			(uint32_t)((r->off - op->off) / 8), btf_out_str(strs, r->file),
			btf_out_str(strs, r->text), r->line << 10 | r->col};
	}
}

static void take_programs(WlObject *o, BtfOut *strs)
{
	const ObjFile *obj = o->obj;
	o->nprogs = obj->nprogs;
	o->progs = arena_alloc(o->arena, (size_t)(obj->nprogs ? obj->nprogs : 1) * sizeof *o->progs);
	for (int i = 0; i < obj->nprogs; i++) {
		const ObjProg *op = &obj->progs[i];
		WlProg *p = &o->progs[i];
		p->fd = -1;
		p->obj = op;
		p->name = wl_name_dup(o->arena, op->name);
		p->section = wl_name_dup(o->arena, op->section);
		p->sec = op->kind;
		p->insn_cnt = op->ninsns;
		p->insns = arena_alloc(o->arena, sizeof *p->insns * op->ninsns);
		memcpy(p->insns, op->insns, sizeof *p->insns * op->ninsns);
		if (strs)
			take_ext(o, p, strs);
	}
}

/* .BTF as the object writer encodes it, with the strings of .BTF.ext. */
static void take_btf(WlObject *o, BtfOut **strs)
{
	*strs = NULL;
	if (!o->btf)
		return;
	Buf btf = {0}, ext = {0};
	obj_encode_btf(o->obj, &btf, &ext, strs);
	o->btf_size = btf.len;
	o->btf_blob = arena_alloc(o->arena, btf.len);
	memcpy(o->btf_blob, btf.data, btf.len);
	buf_free(&btf);
	buf_free(&ext);
}

static WlObject *read_image(Arena *a, const char *name, const void *image, size_t len)
{
	WlObject *o = arena_alloc(a, sizeof *o);
	o->arena = a;
	o->path = arena_strdup(a, name ? name : "-");
	o->btf_fd = -1;
	ObjFile *obj;
	const char *err = obj_read(a, image, len, &obj);
	if (err) {
		wl_fail("%s", err);
		wl_close(o);
		return NULL;
	}
	o->obj = obj;
	o->license = obj->license ? obj->license : "";
	o->btf = obj->btf;
	BtfOut *strs;
	take_btf(o, &strs);
	take_maps(o);
	take_programs(o, strs);
	if (strs)
		btf_out_free(strs);
	if (wl_collect_relos(o)) {
		wl_close(o);
		return NULL;
	}
	return o;
}

WlObject *wl_open(const char *path)
{
	Arena *a = arena_new();
	size_t len;
	const char *image = read_file_all(a, path, &len);
	return read_image(a, path, image, len);
}

WlObject *wl_open_mem(const void *image, size_t len, const char *name)
{
	return read_image(arena_new(), name ? name : "(memory)", image, len);
}

void wl_close(WlObject *o)
{
	if (!o)
		return;
	for (int i = 0; i < o->nprogs; i++)
		wl_prog_unload(&o->progs[i]);
	for (int i = 0; i < o->nmaps; i++)
		if (o->maps[i].fd >= 0)
			close(o->maps[i].fd);
	if (o->btf_fd >= 0)
		close(o->btf_fd);
	arena_free(o->arena);
}

void wl_prog_unload(WlProg *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

/* Program names as typed on a command line: '-' stands for '_'. */
static int name_matches(const char *sym, const char *want)
{
	for (; *sym && *want; sym++, want++)
		if (*sym != *want && !(*sym == '_' && *want == '-'))
			return 0;
	return !*sym && !*want;
}

WlProg *wl_find_prog(WlObject *o, const char *name)
{
	for (int i = 0; i < o->nprogs; i++)
		if (name_matches(o->progs[i].name, name))
			return &o->progs[i];
	return NULL;
}

WlMap *wl_find_map(WlObject *o, const char *name)
{
	for (int i = 0; i < o->nmaps; i++)
		if (name_matches(o->maps[i].name, name))
			return &o->maps[i];
	return NULL;
}
