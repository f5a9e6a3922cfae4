/* Twin of tests/expand/kprobe-tc.lisp: a kprobe using the tracing macros
 * (fill-process-info, ringbuf-output, probe-read-user-str, do-user-array,
 * do-user-ptrs), the TC port filter, and an XDP program counting TCP
 * destination ports through parse-tcp. */
#define __TARGET_ARCH_x86
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <asm/ptrace.h>
#include <bpf/bpf_tracing.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/pkt_cls.h>
#include "twin.h"

struct my_event {
	__u32 pid;
	__u32 uid;
	__u64 timestamp;
	__u8 comm[16];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u16);
	__type(value, __u64);
	__uint(max_entries, 100);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 100);
} histogram SEC(".maps");

struct ffi_type {
	__u64 size;
	__u16 alignment;
	__u16 type_code;
};

struct stats_key {
	__u8 comm[16];
	__u16 nargs;
	__u8 rtype;
	__u8 abi;
	__u32 pad;
	__u8 arg_types[16];
};

SEC("kprobe/__x64_sys_execve")
int trace_exec(struct pt_regs *ctx)
{
	struct my_event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (e) {
		e->pid = (__u32)bpf_get_current_pid_tgid();
		e->uid = (__u32)bpf_get_current_uid_gid();
		e->timestamp = bpf_ktime_get_ns();
		bpf_get_current_comm(e->comm, 16);
		bpf_ringbuf_submit(e, 0);
	}
	{
		struct my_event evt = {};

		evt.pid = 1;
		bpf_ringbuf_output(&events, &evt, sizeof(evt), 0);
	}
	{
		__u64 filename_ptr = PT_REGS_PARM2(ctx);
		char buf[64];

		bpf_probe_read_user_str(buf, 64, (void *)filename_ptr);
	}
	{
		__u64 array_ptr = PT_REGS_PARM1(ctx);
		__u64 nelems = PT_REGS_PARM2(ctx);
		__u64 cif = PT_REGS_PARM3(ctx);
		struct stats_key key;
		struct ffi_type ft;
		__u64 buf, slot;

		__builtin_memset(&key, 0, sizeof(key));
		__builtin_memset(&ft, 0, sizeof(ft));
		for (__u64 i = 0; i < 64; i++) {
			if (i < nelems) {
				bpf_probe_read_user(&buf, 4, (void *)(array_ptr + i * 4));
				hash_add(&histogram, *(__u32 *)&buf, 1);
			}
		}
		for (__u64 i = 0; i < 16; i++) {
			if (i < nelems) {
				slot = 0;
				bpf_probe_read_user(&slot, 8, (void *)(cif + i * 8));
				if (slot) {
					bpf_probe_read_user(&ft, sizeof(ft), (void *)slot);
					key.arg_types[i] = ft.type_code;
				}
			}
		}
	}
	return 0;
}

SEC("tc/block_4444")
int tcf(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *data_end = (void *)(long)skb->data_end;
	struct tcphdr *tcp = data + 34;

	if (data + 54 > data_end)
		return TC_ACT_OK;
	if (((struct eth_hdr *)data)->proto != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	if (((struct iphdr *)(data + 14))->protocol != IPPROTO_TCP)
		return TC_ACT_OK;
	if (bpf_ntohs(tcp->dest) == 4444)
		return TC_ACT_SHOT;
	return TC_ACT_OK;
}

static __always_inline void *parse_tcp(void *data, void *data_end)
{
	if (data + 54 > data_end)
		return 0;
	if (((struct eth_hdr *)data)->proto == bpf_htons(ETH_P_IP) &&
	    ((struct iphdr *)(data + 14))->protocol == IPPROTO_TCP)
		return data + 34;
	return 0;
}

SEC("xdp")
int x2(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct tcphdr *tcp = parse_tcp(data, data_end);

	if (tcp) {
		__u16 port = bpf_ntohs(tcp->dest);
		__u64 *v = bpf_map_lookup_elem(&stats, &port);

		if (v) {
			__sync_fetch_and_add(v, 1);
		} else {
			__u64 init = 1;

			bpf_map_update_elem(&stats, &port, &init, BPF_NOEXIST);
		}
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
