/* pin.c: pinning on bpffs (BPF_OBJ_PIN) and opening pinned maps
 * (BPF_OBJ_GET, then BPF_OBJ_GET_INFO_BY_FD for what the map is, and
 * BPF_BTF_GET_FD_BY_ID for its types). */
#include "pin.h"
#include "wl_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#ifndef BPF_FS_MAGIC
#define BPF_FS_MAGIC 0xcafe4a11
#endif

static const char mount_hint[] = "mount one with 'mount -t bpf bpf /sys/fs/bpf'";

int wl_is_bpffs(const char *path)
{
	struct statfs st;
	if (statfs(path, &st))
		return wl_fail("%s: %s", path, strerror(errno));
	return st.f_type == BPF_FS_MAGIC;
}

/* DIR exists on bpffs (0), or its parent does and DIR was made (1). */
static int prepare_dir(Arena *a, const char *dir)
{
	struct stat st;
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode))
			return wl_fail("%s: not a directory", dir);
		int r = wl_is_bpffs(dir);
		if (r < 0)
			return -1;
		if (!r)
			return wl_fail("%s: not on a BPF filesystem (%s)", dir, mount_hint);
		return 0;
	}
	if (errno != ENOENT)
		return wl_fail("%s: %s", dir, strerror(errno));
	char *parent = dirname(arena_strdup(a, dir));
	int r = wl_is_bpffs(parent);
	if (r < 0)
		return -1;
	if (!r)
		return wl_fail("%s: %s is not on a BPF filesystem (%s)", dir, parent,
			       mount_hint);
	if (mkdir(dir, 0700))
		return wl_fail("%s: cannot create: %s", dir, strerror(errno));
	return 1;
}

static int pin_fd(int fd, const char *path)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.pathname = wl_ptr(path);
	attr.bpf_fd = (uint32_t)fd;
	if (wl_bpf(BPF_OBJ_PIN, &attr, sizeof attr))
		return wl_fail("%s: cannot pin: %s", path, errno == EEXIST
			       ? "a file of that name exists" : wl_strerror(errno));
	return 0;
}

/* The names, checked for clashes before anything is pinned. */
static int check_names(const WlObject *o)
{
	int n = o->nmaps + o->nprogs;
	for (int i = 0; i < n; i++) {
		const char *a = i < o->nmaps ? o->maps[i].name : o->progs[i - o->nmaps].name;
		if (strchr(a, '/') || strchr(a, '.'))
			return wl_fail("cannot pin '%s': bpffs takes no '/' or '.' in a name", a);
		for (int k = 0; k < i; k++) {
			const char *b = k < o->nmaps ? o->maps[k].name
						     : o->progs[k - o->nmaps].name;
			if (!strcmp(a, b))
				return wl_fail("cannot pin two objects named '%s' in one "
					       "directory", a);
		}
	}
	return 0;
}

int wl_pin_object(WlObject *o, const char *dir)
{
	if (check_names(o))
		return -1;
	for (int i = 0; i < o->nprogs; i++)
		if (wl_prog_load(o, &o->progs[i], NULL))
			return -1;
	if (wl_load_maps(o))
		return -1;
	int made = prepare_dir(o->arena, dir);
	if (made < 0)
		return -1;
	int n = o->nmaps + o->nprogs, done = 0;
	const char **paths = arena_alloc(o->arena, (size_t)(n + 1) * sizeof *paths);
	for (; done < n; done++) {
		int fd;
		const char *name;
		if (done < o->nmaps) {
			fd = o->maps[done].fd;
			name = o->maps[done].name;
		} else {
			fd = o->progs[done - o->nmaps].fd;
			name = o->progs[done - o->nmaps].name;
		}
		paths[done] = arena_printf(o->arena, "%s/%s", dir, name);
		if (pin_fd(fd, paths[done]))
			break;
	}
	if (done == n)
		return 0;
	/* Undo, keeping the error of the pin that failed. */
	while (done-- > 0)
		unlink(paths[done]);
	if (made)
		rmdir(dir);
	return -1;
}

/* What kind of BPF object an fd is: its anon inode's name. */
static int is_map_fd(int fd)
{
	char link[64], target[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, target, sizeof target - 1);
	if (n < 0)
		return 1;       /* no /proc: let the info call decide */
	target[n] = 0;
	return !strcmp(target, "anon_inode:bpf-map");
}

int wl_map_open_pinned(Arena *a, const char *path, WlMap *m)
{
	memset(m, 0, sizeof *m);
	m->fd = -1;
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.pathname = wl_ptr(path);
	int fd = wl_bpf(BPF_OBJ_GET, &attr, sizeof attr);
	if (fd < 0) {
		int err = errno;
		int fs = access(path, F_OK) == 0 ? wl_is_bpffs(path) : 1;
		if (fs == 0)
			return wl_fail("%s: not on a BPF filesystem", path);
		return wl_fail("%s: cannot open the pinned object: %s", path,
			       err == EINVAL ? "not a pinned BPF object" : wl_strerror(err));
	}
	if (!is_map_fd(fd)) {
		close(fd);
		return wl_fail("%s: not a map (a pinned program?)", path);
	}
	struct bpf_map_info info;
	memset(&info, 0, sizeof info);
	memset(&attr, 0, sizeof attr);
	attr.info.bpf_fd = (uint32_t)fd;
	attr.info.info_len = sizeof info;
	attr.info.info = wl_ptr(&info);
	if (wl_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof attr)) {
		int err = errno;
		close(fd);
		return wl_fail("%s: cannot read the map's description: %s", path,
			       wl_strerror(err));
	}
	char name[BPF_OBJ_NAME_LEN + 1] = {0};
	memcpy(name, info.name, BPF_OBJ_NAME_LEN);
	m->name = wl_name_dup(a, *name ? name : path);
	m->type = info.type;
	m->key_size = info.key_size;
	m->value_size = info.value_size;
	m->max_entries = info.max_entries;
	m->flags = info.map_flags;
	m->map_extra = info.map_extra;
	if (info.btf_id && (info.btf_key_type_id || info.btf_value_type_id)) {
		m->btf = wl_btf_from_kernel(a, info.btf_id);
		if (!m->btf) {
			close(fd);
			return wl_fail("%s: the map's BTF: %s", path, wl_error());
		}
		m->btf_key_type_id = info.btf_key_type_id;
		m->btf_value_type_id = info.btf_value_type_id;
	}
	m->fd = fd;
	return 0;
}
