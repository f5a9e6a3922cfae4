/* Twin of tests/programs/memset-runtime.lisp: memset with runtime byte
 * values over a struct first filled with #xff. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 40);
	__uint(max_entries, 1);
} raw SEC(".maps");

SEC("xdp")
int memset_runtime(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u8 v = *(__u8 *)data;
	__u8 w = *(__u8 *)(data + 1);
	__u64 buf[5];	/* struct buf, 40 bytes */
	void *b = buf;
	__u32 k = 0;

	__builtin_memset(buf, 0, sizeof(buf));
	__builtin_memset(b, 0xff, 40);
	__builtin_memset(b + 1, v, 5);
	__builtin_memset(b + 9, v, 13);
	__builtin_memset(b + 30, w, 3);
	__builtin_memset(b + 33, w, 7);
	bpf_map_update_elem(&raw, &k, b, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
