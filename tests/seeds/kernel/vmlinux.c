/* vmlinux.c: the source of vmlinux.btf, the kernel BTF that seeds.bats
 * gives wh-expand (WH_VMLINUX) so that the goldens of the fixtures using
 * import-kernel-struct do not depend on the kernel of the machine running
 * the tests. It models only what the fixtures import: task_struct's pid,
 * tgid and comm, at their offsets in a 6.18 x86-64 kernel (task_struct is
 * 3264 bytes there). tracefs/ next to it holds that kernel's
 * sched_process_fork format file, for WH_TRACEFS. Regenerate with
 *   clang -g -O2 -target bpf -c vmlinux.c -o vmlinux.o
 *   llvm-objcopy --dump-section .BTF=vmlinux.btf vmlinux.o */
typedef int __kernel_pid_t;
typedef __kernel_pid_t pid_t;
struct task_struct {
	char __pad0[1264];
	pid_t pid;			/* offset 1264 */
	pid_t tgid;			/* offset 1268 */
	char __pad1[1752 - 1272];
	char comm[16];			/* offset 1752 */
	char __pad2[3264 - 1768];
};
struct task_struct task_struct_anchor;
