/* Twin of tests/programs/memset-pattern.lisp: memset with byte values
 * whose repeated pattern does not fit a 32-bit immediate. */
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
int memset_pattern(struct xdp_md *ctx)
{
	__u64 buf[5];	/* struct buf, 40 bytes */
	void *b = buf;
	__u32 k = 0;

	__builtin_memset(buf, 0, sizeof(buf));
	__builtin_memset(b + 0, 0x11, 1);
	__builtin_memset(b + 2, 0x22, 3);
	__builtin_memset(b + 7, 0x33, 5);
	__builtin_memset(b + 13, 0x44, 7);
	__builtin_memset(b + 21, 0x55, 13);
	__builtin_memset(b + 35, 0xa5, 4);
	__builtin_memset(b + 39, 0x5a, 1);
	bpf_map_update_elem(&raw, &k, b, BPF_ANY);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
