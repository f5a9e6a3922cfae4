/* Twin of tests/programs/user-memory-loops.lisp: do-user-ptrs and
 * do-user-array: bounded loops reading user memory, a struct buffer
 * reused per iteration, a runtime index into an array field. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include "twin.h"
#include <asm/ptrace.h>
#include <bpf/bpf_tracing.h>

struct ffi_type {
	__u64 size;
	__u16 alignment;
	__u16 type_code;
};

struct stats_key {
	__u16 nargs;
	__u16 pad;
	__u8 arg_types[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
} histogram SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct stats_key);
	__type(value, __u64);
	__uint(max_entries, 64);
} stats SEC(".maps");

SEC("uprobe//lib/x86_64-linux-gnu/libffi.so.8:ffi_call")
int ffi_call(struct pt_regs *ctx)
{
	__u64 arg_types = PT_REGS_PARM1(ctx);
	__u64 nargs = PT_REGS_PARM2(ctx);
	__u64 values = PT_REGS_PARM3(ctx);
	struct stats_key key;
	struct ffi_type ft;
	__u64 slot, buf;
	__u64 *p;

	__builtin_memset(&key, 0, sizeof(key));
	__builtin_memset(&ft, 0, sizeof(ft));
	key.nargs = nargs;
	for (__u64 i = 0; i < 16; i++) {
		if (i < nargs) {
			slot = 0;
			bpf_probe_read_user(&slot, 8, (void *)(arg_types + i * 8));
			if (slot) {
				bpf_probe_read_user(&ft, sizeof(ft), (void *)slot);
				key.arg_types[i] = ft.type_code;
			}
		}
	}
	for (__u64 i = 0; i < 8; i++) {
		if (i < nargs) {
			bpf_probe_read_user(&buf, 4, (void *)(values + i * 4));
			hash_add(&histogram, *(__u32 *)&buf, 1);
		}
	}
	p = bpf_map_lookup_elem(&stats, &key);
	if (p) {
		__sync_fetch_and_add(p, 1);
	} else {
		__u64 init = 1;

		bpf_map_update_elem(&stats, &key, &init, BPF_NOEXIST);
	}
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
