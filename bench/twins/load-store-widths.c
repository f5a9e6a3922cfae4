/* Twin of tests/programs/load-store-widths.lisp: stores truncate to their
 * width, loads zero-extend; a 24-byte zeroed stack struct. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 24);
	__uint(max_entries, 1);
} raw SEC(".maps");

OUT_MAP(out, 9);

SEC("xdp")
int load_store_widths(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;

	if (data + 16 > end)
		return XDP_PASS;
	__u64 x = *(__u64 *)data;
	__u64 blob[3] = {};	/* make-blob: 24 bytes, zeroed */
	void *s = blob;
	__u32 k = 0;

	*(__u8 *)(s + 0) = x;
	*(__u16 *)(s + 2) = x;
	*(__u32 *)(s + 4) = x;
	*(__u64 *)(s + 8) = x;
	map_set(&out, 8, x);
	*(__u8 *)(s + 16) = (__u8)0x1ff;
	*(__u16 *)(s + 18) = (__u16)0x12345;
	bpf_map_update_elem(&raw, &k, s, BPF_ANY);
	map_set(&out, 0, *(__u8 *)(s + 0));
	map_set(&out, 1, *(__u16 *)(s + 2));
	map_set(&out, 2, *(__u32 *)(s + 4));
	map_set(&out, 3, *(__u64 *)(s + 8));
	map_set(&out, 4, (__u64)*(__u8 *)(s + 16) + 1);
	map_set(&out, 5, *(__u16 *)(s + 18));
	map_set(&out, 6, *(__u32 *)(s + 8));
	map_set(&out, 7, *(__u16 *)(s + 10));
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
