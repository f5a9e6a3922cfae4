/* perf.c: perf events that carry BPF programs: kprobe/uprobe events from
 * their PMUs (type and retprobe bit read from sysfs), tracepoint events
 * by id from tracefs (mounted for the lookup when it is not), and the
 * attachment of a program to such an event (a BPF link, or the
 * PERF_EVENT_IOC_SET_BPF ioctl on kernels without perf links). */
#include "attach_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static int perf_event_open(struct perf_event_attr *attr, int pid, int cpu)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, -1,
			    PERF_FLAG_FD_CLOEXEC);
}

/* A small integer from a sysfs file ("8\n"), or from "config:N". */
static int read_sysfs_num(const char *path, const char *prefix, long *out)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	char buf[64] = "";
	int ok = fgets(buf, sizeof buf, f) != NULL;
	fclose(f);
	size_t n = strlen(prefix);
	if (!ok || strncmp(buf, prefix, n))
		return -1;
	char *end;
	*out = strtol(buf + n, &end, 10);
	return end == buf + n ? -1 : 0;
}

int wl_perf_probe_open(int uprobe, int retprobe, const char *name,
		       uint64_t offset, int pid)
{
	const char *pmu = uprobe ? "uprobe" : "kprobe";
	char path[128];
	long type, bit = 0;
	snprintf(path, sizeof path, "/sys/bus/event_source/devices/%s/type", pmu);
	if (read_sysfs_num(path, "", &type) < 0)
		return wl_fail("this kernel has no %s support (no %s PMU in "
			       "/sys/bus/event_source/devices; built without "
			       "CONFIG_%s?)", pmu, pmu, uprobe ? "UPROBE_EVENTS" : "KPROBES");
	if (retprobe) {
		snprintf(path, sizeof path,
			 "/sys/bus/event_source/devices/%s/format/retprobe", pmu);
		if (read_sysfs_num(path, "config:", &bit) < 0 || bit < 0 || bit > 63)
			return wl_fail("cannot read %s", path);
	}
	struct perf_event_attr a;
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.type = (uint32_t)type;
	a.config = retprobe ? 1ull << bit : 0;
	a.config1 = wl_ptr(name);       /* kprobe_func / uprobe_path */
	a.config2 = offset;             /* probe_offset */
	int fd = perf_event_open(&a, pid > 0 ? pid : -1, pid > 0 ? -1 : 0);
	if (fd < 0) {
		int e = errno;
		return wl_fail("%s%s %s%s: perf_event_open: %s%s", uprobe ? "u" : "k",
			       retprobe ? "retprobe" : "probe", name,
			       offset ? "+offset" : "", strerror(e),
			       e == ENOENT || e == EINVAL ?
			       (uprobe ? " (no such file or offset?)"
				: " (no such kernel function?)") : "");
	}
	return fd;
}

/* The id of tracefs event CAT/NAME, mounting tracefs on
 * /sys/kernel/tracing for the lookup when no tracefs is there. */
static int tracepoint_id(const char *cat, const char *name, long *id)
{
	static const char *const roots[] = {
		"/sys/kernel/tracing", "/sys/kernel/debug/tracing",
	};
	char path[512];
	struct stat st;
	for (size_t i = 0; i < sizeof roots / sizeof *roots; i++) {
		snprintf(path, sizeof path, "%s/events", roots[i]);
		if (stat(path, &st) == 0) {
			snprintf(path, sizeof path, "%s/events/%s/%s/id",
				 roots[i], cat, name);
			if (read_sysfs_num(path, "", id) == 0)
				return 0;
			return wl_fail("no tracepoint %s/%s (%s: %s)", cat, name,
				       path, strerror(errno));
		}
	}
	if (mount("nodev", roots[0], "tracefs", 0, NULL) < 0)
		return wl_fail("tracefs is not mounted and mounting it on %s "
			       "failed: %s", roots[0], strerror(errno));
	snprintf(path, sizeof path, "%s/events/%s/%s/id", roots[0], cat, name);
	int rc = read_sysfs_num(path, "", id);
	int e = errno;
	umount2(roots[0], MNT_DETACH);
	if (rc < 0)
		return wl_fail("no tracepoint %s/%s (%s: %s)", cat, name, path,
			       strerror(e));
	return 0;
}

int wl_perf_tracepoint_open(const char *category, const char *name)
{
	long id;
	if (tracepoint_id(category, name, &id) < 0)
		return -1;
	struct perf_event_attr a;
	memset(&a, 0, sizeof a);
	a.size = sizeof a;
	a.type = PERF_TYPE_TRACEPOINT;
	a.config = (uint64_t)id;
	a.sample_period = 1;
	a.wakeup_events = 1;
	int fd = perf_event_open(&a, -1, 0);
	if (fd < 0)
		return wl_fail("tracepoint %s/%s: perf_event_open: %s", category,
			       name, strerror(errno));
	return fd;
}

int wl_perf_attach(WlLink *l, int prog_fd, int pfd, const WlAttachSpec *s)
{
	l->pfd = pfd;
	if (!s->legacy) {
		l->fd = wl_link_create(prog_fd, pfd, BPF_PERF_EVENT, 0, s->cookie);
		if (l->fd >= 0) {
			l->how = HOW_PERF_LINK;
			return 0;
		}
		if (!wl_link_unsupported(errno))
			return wl_fail("attaching to perf event: %s", wl_strerror(errno));
	}
	if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0)
		return wl_fail("PERF_EVENT_IOC_SET_BPF: %s", strerror(errno));
	l->how = HOW_PERF_IOCTL;
	if (ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0) < 0)
		return wl_fail("PERF_EVENT_IOC_ENABLE: %s", strerror(errno));
	return 0;
}
