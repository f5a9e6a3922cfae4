/* lisp_loader.c: the loader library as Lisp functions, with the manual's
 * names: BPF objects (open/load/close, bpf-object-map/-prog), map
 * operations on byte vectors, integers and defstruct records, the integer
 * codecs and the +bpf-...+ constants; the cgroup chapter's standalone
 * loader (bpf:open-object, bpf:find-program, bpf:load-program,
 * bpf:find-map, bpf:map-lookup). Objects, maps and programs are
 * handles; every object is also kept in the session for the final
 * clean-up. */
#include "session.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define B(name) static Sx *name(__attribute__((unused)) Lisp *L, Sx **a, \
				__attribute__((unused)) int n, __attribute__((unused)) Pos p)

void put_le(void *out, size_t n, uint64_t v)
{
	unsigned char *o = out;
	for (size_t i = 0; i < n; i++, v >>= 8)
		o[i] = i < 8 ? (unsigned char)v : 0;
}

uint64_t get_le(const void *in, size_t n)
{
	const unsigned char *d = in;
	uint64_t v = 0;
	for (size_t i = 0; i < n && i < 8; i++)
		v |= (uint64_t)d[i] << (8 * i);
	return v;
}

static const char *string_arg(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind == SX_STR)
		return arena_strndup(L->a, x->s, x->len);
	if (x->kind == SX_SYM)
		return x->s;
	lisp_error(L, p, "%s: expected a string, got %s", who, lisp_brief(L, x, 30));
}

/* The value of keyword `key` among a[from..n-1], or NULL. */
static Sx *kwarg(Sx **a, int n, int from, const char *key)
{
	for (int i = from; i + 1 < n; i += 2)
		if (a[i]->kind == SX_SYM && !strcmp(a[i]->s, key))
			return a[i + 1];
	return NULL;
}

/* ---- objects ---- */

static void load_error(Lisp *L, Pos p)
{
	const WlProg *refused = wl_error_prog();
	const char *log = wl_error_log(), *why = NULL;
	for (int i = 0; refused && !why && i < the_session->objects.n; i++) {
		LObj *lo = the_session->objects.v[i];
		if (refused >= lo->o->progs && refused < lo->o->progs + lo->o->nprogs)
			why = wl_explain_refusal(L->a, lo->o, refused);
	}
	if (why)
		fputs(why, stderr);
	else if (log && *log)
		fprintf(stderr, "%s%s", log, log[strlen(log) - 1] == '\n' ? "" : "\n");
	lisp_error(L, p, "%s", wl_error());
}

LObj *lobj_open(Lisp *L, const char *path, Pos p)
{
	if (access(path, R_OK) != 0)
		lisp_error(L, p, "cannot read BPF object %s", path);
	LObj *lo = arena_alloc(L->a, sizeof *lo);
	lo->o = wl_open(path);
	if (!lo->o)
		load_error(L, p);
	vec_push(L->a, &the_session->objects, lo);
	return lo;
}

void lobj_load(Lisp *L, LObj *lo, Pos p)
{
	if (lo->closed)
		lisp_error(L, p, "load-bpf-object: the object is closed");
	if (lo->loaded)
		return;
	if (wl_load_maps(lo->o) < 0)
		load_error(L, p);
	WlLoadOpts opts = {0};
	for (int i = 0; i < lo->o->nprogs; i++)
		if (wl_prog_load(lo->o, &lo->o->progs[i], &opts) < 0)
			load_error(L, p);
	lo->loaded = 1;
}

void lobj_close(LObj *lo)
{
	if (lo->closed)
		return;
	for (int i = lo->links.n - 1; i >= 0; i--) {
		LLink *ll = lo->links.v[i];
		if (ll->l)
			wl_detach(ll->l);
		ll->l = NULL;
	}
	wl_close(lo->o);
	lo->o = NULL;
	lo->closed = 1;
}

static LObj *need_obj(Lisp *L, Sx *x, Pos p, const char *who)
{
	LObj *lo = lisp_get_handle(L, x, intern("bpf-object"), p, who);
	if (lo->closed)
		lisp_error(L, p, "%s: the object is closed", who);
	return lo;
}

LObj *lobj_of(Sx *x)
{
	LispFn *f = lisp_object(x, LISP_HANDLE);
	if (!f || (strcmp(f->name, "bpf-object") && strcmp(f->name, "bpf-session")))
		return NULL;
	return f->handle;
}

LObj *need_lobj(Lisp *L, Sx *x, Pos p, const char *who)
{
	LObj *lo = lobj_of(x);
	if (!lo)
		lisp_error(L, p, "%s: expected a bpf-object or a bpf-session, got %s", who,
			   lisp_brief(L, x, 30));
	if (lo->closed)
		lisp_error(L, p, "%s: the object is closed", who);
	return lo;
}

/* Names from Lisp: '-' matches '_' (the ELF spells them with '_'). */
static int same_name(const char *elf, const char *lisp)
{
	for (; *elf && *lisp; elf++, lisp++)
		if (*elf != *lisp && !((*elf == '_' || *elf == '-') && (*lisp == '-' || *lisp == '_')))
			return 0;
	return !*elf && !*lisp;
}

WlMap *lobj_find_map(LObj *lo, const char *name)
{
	for (int i = 0; i < lo->o->nmaps; i++)
		if (same_name(lo->o->maps[i].name, name))
			return &lo->o->maps[i];
	return NULL;
}

WlProg *lobj_find_prog(LObj *lo, const char *name)
{
	for (int i = 0; i < lo->o->nprogs; i++)
		if (same_name(lo->o->progs[i].name, name))
			return &lo->o->progs[i];
	return NULL;
}

Sx *lmap_value(Lisp *L, LObj *lo, WlMap *m)
{
	LMap *lm = arena_alloc(L->a, sizeof *lm);
	lm->owner = lo;
	lm->m = m;
	return lisp_handle(L, intern("map-info"), lm);
}

Sx *lprog_value(Lisp *L, LObj *lo, WlProg *pr)
{
	LProg *lp = arena_alloc(L->a, sizeof *lp);
	lp->owner = lo;
	lp->p = pr;
	return lisp_handle(L, intern("prog-info"), lp);
}

B(b_open_object)
{
	LObj *lo = lobj_open(L, string_arg(L, a[0], p, "open-bpf-object"), p);
	return lisp_handle(L, intern("bpf-object"), lo);
}

B(b_load_object)
{
	lobj_load(L, need_obj(L, a[0], p, "load-bpf-object"), p);
	return a[0];
}

B(b_close_object)
{
	LObj *lo = lisp_get_handle(L, a[0], intern("bpf-object"), p, "close-bpf-object");
	lobj_close(lo);
	return lisp_nil(L);
}

B(b_object_map)
{
	LObj *lo = need_obj(L, a[0], p, "bpf-object-map");
	WlMap *m = lobj_find_map(lo, string_arg(L, a[1], p, "bpf-object-map"));
	return m ? lmap_value(L, lo, m) : lisp_nil(L);
}

B(b_object_prog)
{
	LObj *lo = need_obj(L, a[0], p, "bpf-object-prog");
	WlProg *pr = lobj_find_prog(lo, string_arg(L, a[1], p, "bpf-object-prog"));
	return pr ? lprog_value(L, lo, pr) : lisp_nil(L);
}

/* The cgroup chapter's standalone loader: bpf:find-map and
 * bpf:find-program take an object or a session; bpf:load-program loads
 * the maps of its object (once) and that one program. */
B(b_find_map)
{
	LObj *lo = need_lobj(L, a[0], p, "bpf:find-map");
	WlMap *m = lobj_find_map(lo, string_arg(L, a[1], p, "bpf:find-map"));
	return m ? lmap_value(L, lo, m) : lisp_nil(L);
}

B(b_find_prog)
{
	LObj *lo = need_lobj(L, a[0], p, "bpf:find-program");
	WlProg *pr = lobj_find_prog(lo, string_arg(L, a[1], p, "bpf:find-program"));
	return pr ? lprog_value(L, lo, pr) : lisp_nil(L);
}

B(b_load_program)
{
	LProg *lp = lisp_get_handle(L, a[0], intern("prog-info"), p, "bpf:load-program");
	if (lp->owner->closed)
		lisp_error(L, p, "bpf:load-program: the object of %s is closed", lp->p->name);
	WlLoadOpts opts = {0};
	if (wl_prog_load(lp->owner->o, lp->p, &opts) < 0)
		load_error(L, p);
	return a[0];
}

B(b_prog_fd)
{
	LProg *lp = lisp_get_handle(L, a[0], intern("prog-info"), p, "bpf-prog-fd");
	return lisp_int(L, lp->p->fd);
}

B(b_map_fd)
{
	LMap *lm = need_map(L, a[0], p, "bpf-map-fd");
	return lisp_int(L, lm->m->fd);
}

/* ---- maps ---- */

LMap *need_map(Lisp *L, Sx *x, Pos p, const char *who)
{
	LMap *lm = lisp_get_handle(L, x, intern("map-info"), p, who);
	if (lm->owner->closed || lm->m->fd < 0)
		lisp_error(L, p, "%s: map %s is not loaded (its object is closed or not "
			   "loaded)", who, lm->m->name);
	return lm;
}

static void *key_bytes(Lisp *L, WlMap *m, Sx *key, Pos p, const char *who)
{
	void *k = arena_alloc(L->a, m->key_size ? m->key_size : 1);
	lisp_get_bytes(L, key, k, m->key_size, p, who);
	return k;
}

static void *int_key(Lisp *L, WlMap *m, Sx *key, Pos p, const char *who)
{
	void *k = arena_alloc(L->a, m->key_size ? m->key_size : 1);
	put_le(k, m->key_size, (uint64_t)lisp_get_int(L, key, p, who));
	return k;
}

static void map_fail(Lisp *L, Pos p, const char *who)
{
	lisp_error(L, p, "%s: %s", who, wl_error());
}

/* The raw value buffer, NULL when the key is absent. */
static unsigned char *lookup_raw(Lisp *L, WlMap *m, const void *key, Pos p, const char *who)
{
	unsigned char *v = arena_alloc(L->a, wl_map_value_bufsize(m) + 8);
	int r = wl_map_lookup(m, key, v);
	if (r < 0)
		map_fail(L, p, who);
	return r ? NULL : v;
}

/* A value as Lisp: bytes, or for per-CPU maps a vector of bytes per CPU. */
static Sx *value_bytes(Lisp *L, WlMap *m, const unsigned char *v)
{
	if (!wl_map_is_percpu(m))
		return lisp_bytes(L, v, m->value_size);
	int ncpu = wl_num_possible_cpus();
	size_t stride = (m->value_size + 7) / 8 * 8;
	Sx *vec = lisp_vector(L, ncpu < 0 ? 0 : ncpu, NULL);
	for (int c = 0; c < ncpu; c++)
		vec->fn->items[c] = lisp_bytes(L, v + stride * (size_t)c, m->value_size);
	return vec;
}

/* An integer value; per-CPU maps: the sum over the CPUs. */
static Sx *value_int(Lisp *L, WlMap *m, const unsigned char *v)
{
	if (!wl_map_is_percpu(m))
		return lisp_int(L, (int64_t)get_le(v, m->value_size));
	int ncpu = wl_num_possible_cpus();
	size_t stride = (m->value_size + 7) / 8 * 8;
	uint64_t sum = 0;
	for (int c = 0; c < ncpu; c++)
		sum += get_le(v + stride * (size_t)c, m->value_size);
	return lisp_int(L, (int64_t)sum);
}

/* A value buffer for an update from bytes (per-CPU: one copy per CPU, or
 * a vector of per-CPU byte vectors). */
static void *update_value(Lisp *L, WlMap *m, Sx *val, Pos p, const char *who)
{
	size_t sz = wl_map_value_bufsize(m);
	unsigned char *v = arena_alloc(L->a, sz + 8);
	if (!wl_map_is_percpu(m)) {
		lisp_get_bytes(L, val, v, m->value_size, p, who);
		return v;
	}
	size_t stride = (m->value_size + 7) / 8 * 8;
	int ncpu = wl_num_possible_cpus();
	LispFn *f = lisp_object(val, LISP_VECTOR);
	int per_cpu = f && f->nitems > 0 && lisp_object(lisp_vec_ref(L, f, 0), LISP_VECTOR);
	for (int c = 0; c < ncpu; c++) {
		Sx *one = per_cpu ? (c < f->nitems ? lisp_vec_ref(L, f, c) : NULL) : val;
		if (one)
			lisp_get_bytes(L, one, v + stride * (size_t)c, m->value_size, p, who);
	}
	return v;
}

static uint64_t flags_arg(Lisp *L, Sx **a, int n, int from, Pos p)
{
	Sx *f = kwarg(a, n, from, ":flags");
	return f ? (uint64_t)lisp_get_int(L, f, p, "map-update :flags") : 0;
}

static const char *struct_name(Lisp *L, Sx *x, Pos p, const char *who)
{
	if (x->kind != SX_SYM || session_struct_size(x->s) < 0)
		lisp_error(L, p, "%s: %s is not a defstruct name", who, lisp_brief(L, x, 30));
	return x->s;
}

B(b_map_lookup)
{
	WlMap *m = need_map(L, a[0], p, "map-lookup")->m;
	unsigned char *v = lookup_raw(L, m, key_bytes(L, m, a[1], p, "map-lookup"), p,
				      "map-lookup");
	return v ? value_bytes(L, m, v) : lisp_nil(L);
}

B(b_map_lookup_int)
{
	WlMap *m = need_map(L, a[0], p, "map-lookup-int")->m;
	unsigned char *v = lookup_raw(L, m, int_key(L, m, a[1], p, "map-lookup-int"), p,
				      "map-lookup-int");
	return v ? value_int(L, m, v) : lisp_nil(L);
}

B(b_map_lookup_struct_int)
{
	WlMap *m = need_map(L, a[0], p, "map-lookup-struct-int")->m;
	const char *sn = struct_name(L, a[2], p, "map-lookup-struct-int");
	unsigned char *v = lookup_raw(L, m, int_key(L, m, a[1], p, "map-lookup-struct-int"),
				      p, "map-lookup-struct-int");
	return v ? struct_decode(L, sn, v, m->value_size, p) : lisp_nil(L);
}

static Sx *do_update(Lisp *L, WlMap *m, void *k, void *v, uint64_t flags, Pos p,
		     const char *who)
{
	if (wl_map_update(m, k, v, flags) < 0)
		map_fail(L, p, who);
	return lisp_t(L);
}

B(b_map_update)
{
	WlMap *m = need_map(L, a[0], p, "map-update")->m;
	return do_update(L, m, key_bytes(L, m, a[1], p, "map-update"),
			 update_value(L, m, a[2], p, "map-update"), flags_arg(L, a, n, 3, p),
			 p, "map-update");
}

B(b_map_update_int)
{
	WlMap *m = need_map(L, a[0], p, "map-update-int")->m;
	Sx *val = lisp_bytes(L, NULL, m->value_size);
	unsigned char tmp[8];
	put_le(tmp, 8, (uint64_t)lisp_get_int(L, a[2], p, "map-update-int"));
	memcpy(val->fn->bytes, tmp, m->value_size < 8 ? m->value_size : 8);
	return do_update(L, m, int_key(L, m, a[1], p, "map-update-int"),
			 update_value(L, m, val, p, "map-update-int"), flags_arg(L, a, n, 3, p),
			 p, "map-update-int");
}

B(b_map_update_struct)
{
	WlMap *m = need_map(L, a[0], p, "map-update-struct")->m;
	Sx *val = struct_encode(L, struct_name(L, a[3], p, "map-update-struct"), a[2], p);
	return do_update(L, m, key_bytes(L, m, a[1], p, "map-update-struct"),
			 update_value(L, m, val, p, "map-update-struct"),
			 flags_arg(L, a, n, 4, p), p, "map-update-struct");
}

B(b_map_update_struct_int)
{
	WlMap *m = need_map(L, a[0], p, "map-update-struct-int")->m;
	Sx *val = struct_encode(L, struct_name(L, a[3], p, "map-update-struct-int"), a[2], p);
	return do_update(L, m, int_key(L, m, a[1], p, "map-update-struct-int"),
			 update_value(L, m, val, p, "map-update-struct-int"),
			 flags_arg(L, a, n, 4, p), p, "map-update-struct-int");
}

static Sx *do_delete(Lisp *L, WlMap *m, void *k, Pos p, const char *who)
{
	int r = wl_map_delete(m, k);
	if (r < 0)
		map_fail(L, p, who);
	return lisp_bool(L, r == 0);
}

B(b_map_delete)
{
	WlMap *m = need_map(L, a[0], p, "map-delete")->m;
	return do_delete(L, m, key_bytes(L, m, a[1], p, "map-delete"), p, "map-delete");
}

B(b_map_delete_int)
{
	WlMap *m = need_map(L, a[0], p, "map-delete-int")->m;
	return do_delete(L, m, int_key(L, m, a[1], p, "map-delete-int"), p, "map-delete-int");
}

B(b_map_delete_struct)
{
	WlMap *m = need_map(L, a[0], p, "map-delete-struct")->m;
	Sx *k = struct_encode(L, struct_name(L, a[2], p, "map-delete-struct"), a[1], p);
	return do_delete(L, m, key_bytes(L, m, k, p, "map-delete-struct"), p,
			 "map-delete-struct");
}

/* The next key after `key` (NULL: the first) as raw bytes, or NULL. */
static unsigned char *next_raw(Lisp *L, WlMap *m, const void *key, Pos p, const char *who)
{
	unsigned char *next = arena_alloc(L->a, m->key_size + 8);
	int r = wl_map_next_key(m, key, next);
	if (r < 0)
		map_fail(L, p, who);
	return r ? NULL : next;
}

B(b_next_key)
{
	WlMap *m = need_map(L, a[0], p, "map-get-next-key")->m;
	const void *k = lisp_true(a[1]) ? key_bytes(L, m, a[1], p, "map-get-next-key") : NULL;
	unsigned char *nk = next_raw(L, m, k, p, "map-get-next-key");
	return nk ? lisp_bytes(L, nk, m->key_size) : lisp_nil(L);
}

B(b_next_key_int)
{
	WlMap *m = need_map(L, a[0], p, "map-get-next-key-int")->m;
	const void *k = n > 1 && lisp_true(a[1]) ?
		int_key(L, m, a[1], p, "map-get-next-key-int") : NULL;
	unsigned char *nk = next_raw(L, m, k, p, "map-get-next-key-int");
	return nk ? lisp_int(L, (int64_t)get_le(nk, m->key_size)) : lisp_nil(L);
}

B(b_next_key_struct)
{
	WlMap *m = need_map(L, a[0], p, "map-get-next-key-struct")->m;
	const char *sn = struct_name(L, a[1], p, "map-get-next-key-struct");
	const void *k = NULL;
	if (n > 2 && lisp_true(a[2]))
		k = key_bytes(L, m, struct_encode(L, sn, a[2], p), p, "map-get-next-key-struct");
	unsigned char *nk = next_raw(L, m, k, p, "map-get-next-key-struct");
	return nk ? struct_decode(L, sn, nk, m->key_size, p) : lisp_nil(L);
}

/* ---- integer codecs ---- */

B(b_encode_int_key)
{
	int64_t v = lisp_get_int(L, a[0], p, "encode-int-key");
	int64_t size = n > 1 ? lisp_get_int(L, a[1], p, "encode-int-key") : 4;
	if (size < 1 || size > 64)
		lisp_error(L, p, "encode-int-key: bad size %lld", (long long)size);
	unsigned char buf[64];
	put_le(buf, (size_t)size, (uint64_t)v);
	return lisp_bytes(L, buf, (size_t)size);
}

B(b_decode_int_value)
{
	LispFn *f = lisp_object(a[0], LISP_VECTOR);
	if (!f)
		lisp_error(L, p, "decode-int-value: expected a byte vector, got %s",
			   lisp_brief(L, a[0], 30));
	unsigned char buf[8] = {0};
	int len = f->nitems < 8 ? f->nitems : 8;
	for (int i = 0; i < len; i++)
		buf[i] = (unsigned char)lisp_get_int(L, lisp_vec_ref(L, f, i), p,
						     "decode-int-value");
	return lisp_int(L, (int64_t)get_le(buf, 8));
}

static const struct {
	const char *name;
	LispBuiltin fn;
	int min, max;
} builtins[] = {
	{"open-bpf-object", b_open_object, 1, 1}, {"load-bpf-object", b_load_object, 1, 1},
	{"close-bpf-object", b_close_object, 1, 1}, {"bpf-object-map", b_object_map, 2, 2},
	{"bpf-object-prog", b_object_prog, 2, 2}, {"bpf-prog-fd", b_prog_fd, 1, 1},
	{"bpf-map-fd", b_map_fd, 1, 1},
	/* the standalone loader of the cgroup chapter */
	{"bpf:open-object", b_open_object, 1, 1}, {"bpf:find-program", b_find_prog, 2, 2},
	{"bpf:load-program", b_load_program, 1, 1}, {"bpf:find-map", b_find_map, 2, 2},
	{"bpf:map-lookup", b_map_lookup_int, 2, 2},
	{"map-lookup", b_map_lookup, 2, 2}, {"map-lookup-int", b_map_lookup_int, 2, 2},
	{"map-lookup-struct-int", b_map_lookup_struct_int, 3, 3},
	{"map-update", b_map_update, 3, 5}, {"map-update-int", b_map_update_int, 3, 5},
	{"map-update-struct", b_map_update_struct, 4, 6},
	{"map-update-struct-int", b_map_update_struct_int, 4, 6},
	{"map-delete", b_map_delete, 2, 2}, {"map-delete-int", b_map_delete_int, 2, 2},
	{"map-delete-struct", b_map_delete_struct, 3, 3},
	{"map-get-next-key", b_next_key, 2, 2}, {"map-get-next-key-int", b_next_key_int, 1, 2},
	{"map-get-next-key-struct", b_next_key_struct, 2, 3},
	{"encode-int-key", b_encode_int_key, 1, 2},
	{"decode-int-value", b_decode_int_value, 1, 1},
};

/* The manual's constants: cgroup attach types, update flags, cgroup flags. */
static const struct {
	const char *name;
	int64_t value;
} constants[] = {
	{"+bpf-cgroup-inet-ingress+", BPF_CGROUP_INET_INGRESS},
	{"+bpf-cgroup-inet-egress+", BPF_CGROUP_INET_EGRESS},
	{"+bpf-cgroup-inet-sock-create+", BPF_CGROUP_INET_SOCK_CREATE},
	{"+bpf-cgroup-inet4-connect+", BPF_CGROUP_INET4_CONNECT},
	{"+bpf-cgroup-inet6-connect+", BPF_CGROUP_INET6_CONNECT},
	{"+bpf-cgroup-udp4-sendmsg+", BPF_CGROUP_UDP4_SENDMSG},
	{"+bpf-cgroup-udp6-sendmsg+", BPF_CGROUP_UDP6_SENDMSG},
	{"+bpf-cgroup-inet-sock-release+", BPF_CGROUP_INET_SOCK_RELEASE},
	{"+bpf-cgroup-sock-ops+", BPF_CGROUP_SOCK_OPS},
	{"+bpf-cgroup-device+", BPF_CGROUP_DEVICE},
	{"+bpf-cgroup-sysctl+", BPF_CGROUP_SYSCTL},
	{"+bpf-any+", BPF_ANY}, {"+bpf-noexist+", BPF_NOEXIST}, {"+bpf-exist+", BPF_EXIST},
	{"+bpf-f-lock+", BPF_F_LOCK},
	{"+bpf-f-allow-override+", BPF_F_ALLOW_OVERRIDE},
	{"+bpf-f-allow-multi+", BPF_F_ALLOW_MULTI}, {"+bpf-f-replace+", BPF_F_REPLACE},
};

void session_install_loader(Lisp *L)
{
	for (unsigned i = 0; i < sizeof builtins / sizeof *builtins; i++)
		lisp_defbuiltin(L, builtins[i].name, builtins[i].fn, builtins[i].min,
				builtins[i].max);
	for (unsigned i = 0; i < sizeof constants / sizeof *constants; i++) {
		const char *name = intern(constants[i].name);
		lisp_set_global(L, name, lisp_int(L, constants[i].value));
		symtab_put(&L->constants, name, (void *)name);
	}
}
