/* attach_probe.c: the target strings of kprobes ("FUNC[+OFF]"), uprobes
 * ("PATH:SYMBOL[+OFF]", "PATH:0xOFF") and tracepoints ("[tracepoint/]
 * CAT/NAME" or "CAT:NAME", '-' read as '_'), turned into perf events. */
#include "attach_int.h"
#include "elf_sym.h"
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* "name+0x10" -> name, 16. Returns -1 on a bad offset. */
static int split_offset(Arena *a, const char *s, const char **name,
			uint64_t *off)
{
	const char *plus = strrchr(s, '+');
	*off = 0;
	if (!plus) {
		*name = arena_strdup(a, s);
		return 0;
	}
	char *end;
	errno = 0;
	*off = strtoull(plus + 1, &end, 0);
	if (plus[1] == 0 || *end || errno)
		return wl_fail("bad offset in '%s'", s);
	*name = arena_strndup(a, s, (size_t)(plus - s));
	return 0;
}

/* Syscall wrappers by machine, for ksyscall/NAME sections. */
static const struct {
	const char *machine, *prefix;
} syscall_prefix[] = {
	{"x86_64", "__x64_sys_"}, {"aarch64", "__arm64_sys_"},
	{"s390x", "__s390x_sys_"}, {"riscv64", "__riscv_sys_"},
	{"ppc64le", "sys_"}, {"ppc64", "sys_"},
};

const char *wl_ksyscall_name(Arena *a, const char *name)
{
	struct utsname u;
	if (uname(&u) == 0)
		for (size_t i = 0; i < sizeof syscall_prefix / sizeof *syscall_prefix; i++)
			if (!strcmp(u.machine, syscall_prefix[i].machine))
				return arena_printf(a, "%s%s", syscall_prefix[i].prefix, name);
	return name;
}

int wl_attach_kprobe(WlLink *l, int prog_fd, const char *target,
		     int retprobe, const WlAttachSpec *s)
{
	const char *fn;
	uint64_t off;
	if (split_offset(l->arena, target, &fn, &off) < 0)
		return -1;
	if (!*fn)
		return wl_fail("kprobe needs a function name");
	l->target = off ? arena_printf(l->arena, "%s+%#llx", fn,
				       (unsigned long long)off) : fn;
	int pfd = wl_perf_probe_open(0, retprobe, fn, off, 0);
	if (pfd < 0)
		return -1;
	return wl_perf_attach(l, prog_fd, pfd, s);
}

/* Split a uprobe target into path and the part after ':' (NULL if none).
 * The colon that separates is the last one. */
static void split_path(Arena *a, const char *s, const char **path,
		       const char **rest)
{
	const char *colon = s ? strrchr(s, ':') : NULL;
	if (!colon) {
		*path = s;
		*rest = NULL;
		return;
	}
	*path = arena_strndup(a, s, (size_t)(colon - s));
	*rest = colon + 1;
}

int wl_attach_uprobe(WlLink *l, int prog_fd, const char *target,
		     const char *sec_arg, int retprobe, const WlAttachSpec *s)
{
	const char *path, *sym;
	split_path(l->arena, target, &path, &sym);
	if (!sym && sec_arg) {
		/* the section names the other half */
		const char *spath, *ssym;
		split_path(l->arena, sec_arg, &spath, &ssym);
		if (ssym)
			sym = ssym;             /* target is the path */
		else
			sym = path, path = spath;       /* target is the symbol */
	}
	if (!path || !*path || !sym || !*sym)
		return wl_fail("uprobe target must be PATH:SYMBOL or PATH:0xOFFSET");
	char real[PATH_MAX];
	if (!realpath(path, real))
		return wl_fail("uprobe: %s: %s", path, strerror(errno));
	const char *name, *err;
	uint64_t off, base = 0;
	if (split_offset(l->arena, sym, &name, &off) < 0)
		return -1;
	char *end;
	errno = 0;
	uint64_t raw = strtoull(name, &end, 0);
	if (*name && !*end && !errno && (name[0] >= '0' && name[0] <= '9'))
		base = raw;             /* a file offset */
	else if ((err = elf_func_offset(l->arena, real, name, &base)))
		return wl_fail("uprobe: %s", err);
	l->target = off ? arena_printf(l->arena, "%s:%s+%#llx", real, name,
				       (unsigned long long)off)
		: arena_printf(l->arena, "%s:%s", real, name);
	int pfd = wl_perf_probe_open(1, retprobe, real, base + off, s->pid);
	if (pfd < 0)
		return -1;
	return wl_perf_attach(l, prog_fd, pfd, s);
}

int wl_attach_tracepoint(WlLink *l, int prog_fd, const char *target,
			 const WlAttachSpec *s)
{
	static const char *const prefixes[] = {"tracepoint/", "tp/"};
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		size_t n = strlen(prefixes[i]);
		if (!strncmp(target, prefixes[i], n)) {
			target += n;
			break;
		}
	}
	char *t = arena_strdup(l->arena, target);
	for (char *c = t; *c; c++)
		if (*c == '-')
			*c = '_';
	char *sep = strchr(t, '/');
	if (!sep)
		sep = strchr(t, ':');
	if (!sep || sep == t || !sep[1] || strchr(sep + 1, '/') ||
	    strstr(t, ".."))
		return wl_fail("tracepoint must be CATEGORY/NAME, not '%s'", target);
	l->target = arena_strdup(l->arena, t);
	((char *)l->target)[sep - t] = '/';
	*sep = 0;
	int pfd = wl_perf_tracepoint_open(t, sep + 1);
	if (pfd < 0)
		return -1;
	return wl_perf_attach(l, prog_fd, pfd, s);
}
