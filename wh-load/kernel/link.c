/* link.c: attachments made with bpf(2) alone: BPF_LINK_CREATE, link ids,
 * cgroups (a link, or BPF_PROG_ATTACH when flags are asked for), raw
 * tracepoints. */
#include "attach_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

int wl_link_create(int prog_fd, int target, uint32_t attach_type,
		   uint32_t flags, uint64_t cookie)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.link_create.prog_fd = (uint32_t)prog_fd;
	a.link_create.target_fd = (uint32_t)target;    /* or target_ifindex */
	a.link_create.attach_type = attach_type;
	a.link_create.flags = flags;
	if (attach_type == BPF_PERF_EVENT)
		a.link_create.perf_event.bpf_cookie = cookie;
	return wl_bpf(BPF_LINK_CREATE, &a, sizeof a);
}

uint32_t wl_link_id(int link_fd)
{
	struct bpf_link_info info;
	union bpf_attr a;
	memset(&info, 0, sizeof info);
	memset(&a, 0, sizeof a);
	a.info.bpf_fd = (uint32_t)link_fd;
	a.info.info_len = sizeof info;
	a.info.info = wl_ptr(&info);
	if (wl_bpf(BPF_OBJ_GET_INFO_BY_FD, &a, sizeof a) < 0)
		return 0;
	return info.id;
}

int wl_link_unsupported(int err)
{
	return err == EINVAL || err == EOPNOTSUPP || err == ENOTSUPP ||
	       err == ENOSYS;
}

static const char *cgroup2_root(Arena *a)
{
	/* The first cgroup2 mount in /proc/self/mounts. */
	FILE *f = fopen("/proc/self/mounts", "r");
	char line[4096], dev[256], dir[2048], type[64];
	const char *found = NULL;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%255s %2047s %63s", dev, dir, type) == 3 &&
		    !strcmp(type, "cgroup2")) {
			found = arena_strdup(a, dir);
			break;
		}
	if (f)
		fclose(f);
	return found;
}

int wl_cgroup_attach(WlLink *l, int prog_fd, const char *dir,
		     uint32_t attach_type, const WlAttachSpec *s)
{
	if (!dir && !(dir = cgroup2_root(l->arena)))
		return wl_fail("no cgroup v2 hierarchy is mounted; give a cgroup directory");
	l->target = arena_strdup(l->arena, dir);
	l->cg_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (l->cg_fd < 0)
		return wl_fail("cgroup %s: %s", dir, strerror(errno));
	l->attach_type = attach_type;
	if (!s->flags && !s->legacy) {
		l->fd = wl_link_create(prog_fd, l->cg_fd, attach_type, 0, 0);
		if (l->fd >= 0) {
			l->how = HOW_BPF_LINK;
			close(l->cg_fd);
			l->cg_fd = -1;
			return 0;
		}
		if (!wl_link_unsupported(errno))
			return wl_fail("cgroup %s: BPF_LINK_CREATE: %s", dir,
				       wl_strerror(errno));
	}
	l->prog_fd = fcntl(prog_fd, F_DUPFD_CLOEXEC, 3);
	if (l->prog_fd < 0)
		return wl_fail("dup: %s", strerror(errno));
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.target_fd = (uint32_t)l->cg_fd;
	a.attach_bpf_fd = (uint32_t)prog_fd;
	a.attach_type = attach_type;
	a.attach_flags = s->flags;
	if (s->flags & WL_ATTACH_F_REPLACE)
		a.replace_bpf_fd = (uint32_t)s->replace_fd;
	if (wl_bpf(BPF_PROG_ATTACH, &a, sizeof a) < 0) {
		int e = errno;
		return wl_fail("cgroup %s: BPF_PROG_ATTACH: %s%s", dir, wl_strerror(e),
			       e == EPERM && !(s->flags & WL_ATTACH_F_ALLOW_MULTI) ?
			       " (another program is attached without ALLOW_MULTI?)" : "");
	}
	l->how = HOW_PROG_ATTACH;
	return 0;
}

int wl_raw_tp_attach(WlLink *l, int prog_fd, const char *name)
{
	union bpf_attr a;
	memset(&a, 0, sizeof a);
	a.raw_tracepoint.name = wl_ptr(name);
	a.raw_tracepoint.prog_fd = (uint32_t)prog_fd;
	l->fd = wl_bpf(BPF_RAW_TRACEPOINT_OPEN, &a, sizeof a);
	if (l->fd < 0)
		return wl_fail("raw tracepoint %s: %s", name, wl_strerror(errno));
	l->how = HOW_RAW_TP;
	return 0;
}
