/* prog.c: BPF_PROG_LOAD of one program: relocations applied, BTF
 * func_info/line_info attached, and the verifier log handled (asked for
 * again when a quiet load fails, buffer grown on ENOSPC). */
#include "wl.h"
#include "wl_int.h"
#include "wl_sys.h"
#include <errno.h>
#include <string.h>

/* On failure the log is asked for at level 1 (the failing path) plus
 * statistics, as libbpf does. */
enum { RETRY_LEVEL = 1 | 4 };

static void fill_attr(const WlObject *o, const WlProg *p, union bpf_attr *attr)
{
	memset(attr, 0, sizeof *attr);
	attr->prog_type = (uint32_t)p->sec->prog_type;
	if (p->sec->attach_type >= 0)
		attr->expected_attach_type = (uint32_t)p->sec->attach_type;
	attr->insns = wl_ptr(p->insns);
	attr->insn_cnt = p->insn_cnt;
	attr->license = wl_ptr(o->license);
	wl_obj_name(attr->prog_name, p->name);
	if (o->btf_fd >= 0 && (p->func_info_cnt || p->line_info_cnt)) {
		attr->prog_btf_fd = (uint32_t)o->btf_fd;
		attr->func_info = wl_ptr(p->func_info);
		attr->func_info_cnt = p->func_info_cnt;
		attr->func_info_rec_size = sizeof(struct bpf_func_info);
		attr->line_info = wl_ptr(p->line_info);
		attr->line_info_cnt = p->line_info_cnt;
		attr->line_info_rec_size = sizeof(struct bpf_line_info);
	}
}

/* Load with a log at `level`, growing the buffer while the kernel says it
 * is too small. Returns the fd or -1 with errno; the log stays in *log. */
static int load_logged(union bpf_attr *attr, uint32_t level, WlLog *log)
{
	wl_log_grow(log, level & 2 ? 1024u * 1024 : WL_LOG_MIN);
	if (!log->buf)          /* no memory for a log: load without */
		return wl_bpf(BPF_PROG_LOAD, attr, sizeof *attr);
	for (;;) {
		log->buf[0] = 0;
		attr->log_level = level;
		attr->log_buf = wl_ptr(log->buf);
		attr->log_size = log->size;
		int fd = wl_bpf(BPF_PROG_LOAD, attr, sizeof *attr);
		if (fd >= 0 || errno != ENOSPC)
			return fd;
		if (!wl_log_grow(log, log->size > WL_LOG_MAX / 2 ? WL_LOG_MAX : log->size * 2)) {
			errno = ENOSPC;
			return -1;
		}
	}
}

static const char *hint(int err)
{
	switch (err) {
	case EPERM:  return " (loading BPF needs root or CAP_BPF)";
	case E2BIG:  return " (program too large)";
	case ENOSPC: return " (the verifier log exceeds 16 MiB; it is cut)";
	default:     return "";
	}
}

static void fetch_info(WlProg *p)
{
	struct bpf_prog_info info;
	union bpf_attr attr;
	memset(&info, 0, sizeof info);
	memset(&attr, 0, sizeof attr);
	attr.info.bpf_fd = (uint32_t)p->fd;
	attr.info.info_len = sizeof info;
	attr.info.info = wl_ptr(&info);
	if (wl_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof attr) == 0)
		p->verified_insns = info.verified_insns;
}

int wl_prog_load(WlObject *o, WlProg *p, const WlLoadOpts *opts)
{
	uint32_t level = opts ? opts->log_level : 0;
	p->log = NULL;
	if (!p->sec)
		return wl_fail("program %s: section %s names no known program type",
			       p->name, p->section);
	if (p->fd >= 0)
		return 0;
	if (wl_load_maps(o) || wl_apply_relos(o, p) || wl_core_relocate(o, p))
		return -1;
	union bpf_attr attr;
	fill_attr(o, p, &attr);
	WlLog log = {0};
	int fd = level ? load_logged(&attr, level, &log)
		       : wl_bpf(BPF_PROG_LOAD, &attr, sizeof attr);
	int err = errno;
	if (fd < 0 && !level) {
		fd = load_logged(&attr, RETRY_LEVEL, &log);
		if (fd < 0)
			err = errno;
	}
	if (log.buf && log.buf[0])
		p->log = wl_log_dup(o->arena, log.buf);
	wl_log_free(&log);
	if (fd < 0)
		return wl_fail_refused(p, "program %s: %s: %s%s", p->name,
				   p->log ? "the verifier rejected it"
					  : "the kernel refused to load it",
				   wl_strerror(err), p->log && err != ENOSPC ? "" : hint(err));
	p->fd = fd;
	fetch_info(p);
	return 0;
}
