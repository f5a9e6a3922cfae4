/* btf_kernel.c: a BTF object of the kernel by id (a map's key and value
 * types), read with BPF_BTF_GET_FD_BY_ID and BPF_OBJ_GET_INFO_BY_FD and
 * parsed by the shared decoder (shared/btf.c). */
#include "wl.h"
#include "wl_sys.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const Btf *wl_btf_from_kernel(Arena *a, uint32_t btf_id)
{
	union bpf_attr attr;
	memset(&attr, 0, sizeof attr);
	attr.btf_id = btf_id;
	int fd = wl_bpf(BPF_BTF_GET_FD_BY_ID, &attr, sizeof attr);
	if (fd < 0) {
		wl_fail("cannot open BTF object %u: %s", btf_id, wl_strerror(errno));
		return NULL;
	}
	struct bpf_btf_info info;
	memset(&info, 0, sizeof info);
	Btf *b = NULL;
	void *raw = NULL;
	/* First ask for the size, then for the bytes. */
	for (int pass = 0; pass < 2; pass++) {
		uint32_t size = info.btf_size;
		memset(&info, 0, sizeof info);
		if (pass) {
			/* calloc: tools like valgrind cannot see the kernel
			 * write it */
			raw = calloc(1, size ? size : 1);
			if (!raw) {
				wl_fail("out of memory for BTF object %u", btf_id);
				goto out;
			}
			info.btf = wl_ptr(raw);
			info.btf_size = size;
		}
		memset(&attr, 0, sizeof attr);
		attr.info.bpf_fd = (uint32_t)fd;
		attr.info.info_len = sizeof info;
		attr.info.info = wl_ptr(&info);
		if (wl_bpf(BPF_OBJ_GET_INFO_BY_FD, &attr, sizeof attr)) {
			wl_fail("cannot read BTF object %u: %s", btf_id, wl_strerror(errno));
			goto out;
		}
		if (pass && info.btf_size > size) {
			wl_fail("BTF object %u changed size while read", btf_id);
			goto out;
		}
	}
	/* the decoder reads the blob in place: a copy it keeps */
	uint8_t *copy = arena_alloc(a, info.btf_size ? info.btf_size : 1);
	memcpy(copy, raw, info.btf_size);
	const char *err = btf_parse(a, copy, info.btf_size, &b);
	if (err) {
		wl_fail("BTF object %u: %s", btf_id, err);
		b = NULL;
	}
out:
	free(raw);
	close(fd);
	return b;
}
