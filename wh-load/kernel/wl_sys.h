/* wl_sys.h: the bpf(2) system call, the one place wh-load enters the
 * kernel, plus the growable log buffer the verifier and BTF loader fill. */
#ifndef WH_WL_SYS_H
#define WH_WL_SYS_H
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

/* bpf(cmd, attr, size); -1 with errno on failure. Retries EINTR/EAGAIN
 * for loads like libbpf does. */
int wl_bpf(int cmd, union bpf_attr *attr, unsigned size);
/* A user pointer as the kernel's __aligned_u64. */
static inline uint64_t wl_ptr(const void *p) { return (uint64_t)(uintptr_t)p; }
/* Copy name into a kernel object name: at most 15 characters, anything
 * but letters, digits, '_' and '.' replaced by '_'. */
void wl_obj_name(char dst[BPF_OBJ_NAME_LEN], const char *name);
/* A strerror() that also knows the kernel-internal ENOTSUPP (524). */
const char *wl_strerror(int err);

/* Verifier / BTF log buffer (malloc-backed). */
typedef struct {
	char *buf;
	uint32_t size;
} WlLog;
#define WL_LOG_MIN (64u * 1024)
#define WL_LOG_MAX (UINT32_MAX >> 8)    /* what old kernels accept */
/* Grow to at least size (capped at WL_LOG_MAX); 0 when already at the cap. */
int wl_log_grow(WlLog *l, uint32_t size);
void wl_log_free(WlLog *l);

#endif
