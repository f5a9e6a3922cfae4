/* twin.h: what the C twins share: Whistler's map idioms written in C the
 * way the expander writes them (see the .core files in tests/seeds/programs), so that
 * a twin does what its Lisp program does, helper call for helper call.
 *
 *   map_set(&M, K, V)    (setf (getmap M K) V), 4-byte key, 8-byte value:
 *                        key and value on the stack, update with BPF_ANY
 *   map_get(&M, K)       (getmap M K), 8-byte value: the value, 0 if absent
 *   array_add(&M, K, D)  (incf (getmap M K) D) on an :array: lookup, then
 *                        an atomic add when the key exists
 *   hash_add(&M, K, D)   (incf (getmap M K) D) on a :hash: atomic add, or
 *                        create the key holding D (BPF_NOEXIST)
 *
 * Each twin includes the libbpf headers itself; this adds no code. */
#ifndef TWIN_H
#define TWIN_H
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __always_inline long map_set(void *map, __u32 key, __u64 val)
{
	return bpf_map_update_elem(map, &key, &val, BPF_ANY);
}

static __always_inline __u64 map_get(void *map, __u32 key)
{
	__u64 *p = bpf_map_lookup_elem(map, &key);

	return p ? *p : 0;
}

static __always_inline void array_add(void *map, __u32 key, __u64 delta)
{
	__u64 *p = bpf_map_lookup_elem(map, &key);

	if (p)
		__sync_fetch_and_add(p, delta);
}

static __always_inline void hash_add(void *map, __u32 key, __u64 delta)
{
	__u64 *p = bpf_map_lookup_elem(map, &key);

	if (p) {
		__sync_fetch_and_add(p, delta);
	} else {
		__u64 init = delta;

		bpf_map_update_elem(map, &key, &init, BPF_NOEXIST);
	}
}

/* The Ethernet header without the packed attribute <linux/if_ether.h>
 * gives struct ethhdr, which makes clang read h_proto a byte at a time;
 * eth-type is one 16-bit load. */
struct eth_hdr {
	__u8 dst[6];
	__u8 src[6];
	__be16 proto;
};

/* The maps most test programs write their results to. */
#define OUT_MAP(name, n)                                                \
	struct {                                                        \
		__uint(type, BPF_MAP_TYPE_ARRAY);                       \
		__type(key, __u32);                                     \
		__type(value, __u64);                                   \
		__uint(max_entries, n);                                 \
	} name SEC(".maps")

#endif
