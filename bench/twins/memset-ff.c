/* Twin of tests/programs/memset-ff.lisp: memset with #xff and 0 over
 * odd sizes and offsets of a zeroed 40-byte struct. */
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
int memset_ff(struct xdp_md *ctx)
{
	__u64 buf[5];	/* struct buf, 40 bytes */
	void *b = buf;
	__u32 k = 0;

	__builtin_memset(buf, 0, sizeof(buf));
	__builtin_memset(b + 0, 0xff, 1);
	__builtin_memset(b + 2, 0xff, 3);
	__builtin_memset(b + 7, 0xff, 5);
	__builtin_memset(b + 13, 0xff, 7);
	__builtin_memset(b + 21, 0xff, 13);
	__builtin_memset(b + 22, 0x0, 3);
	__builtin_memset(b + 30, 0x0, 1);
	bpf_map_update_elem(&raw, &k, b, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
