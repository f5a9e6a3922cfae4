/* Twin of tests/programs/memcpy-odd.lisp: memcpy of odd sizes from the
 * packet into a zeroed stack struct, and between structs. */
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

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 16);
	__uint(max_entries, 1);
} raw2 SEC(".maps");

SEC("xdp")
int memcpy_odd(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 48 > end)
		return XDP_PASS;
	__u64 buf[5], small[2];	/* struct buf (40 bytes), struct small (16) */
	void *b = buf, *c = small;
	__u32 k = 0;

	__builtin_memset(buf, 0, sizeof(buf));
	__builtin_memset(small, 0, sizeof(small));
	__builtin_memcpy(b + 0, data + 1, 1);
	__builtin_memcpy(b + 1, data + 3, 3);
	__builtin_memcpy(b + 5, data + 10, 5);
	__builtin_memcpy(b + 11, data + 17, 7);
	__builtin_memcpy(b + 20, data + 30, 13);
	__builtin_memcpy(b + 34, data + 40, 6);
	__builtin_memcpy(c + 3, b + 0, 11);
	bpf_map_update_elem(&raw, &k, b, BPF_ANY);
	bpf_map_update_elem(&raw2, &k, c, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
