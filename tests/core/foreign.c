/* A task_struct laid out unlike any real kernel's: tgid at byte 64, pid
 * at 104 and 8 bytes wide (the kernel's is 4: reading 8 there would take
 * tgid too, so the byte_sz relocation matters), comm at 112, mm at 128;
 * its mm_struct has exe_file at 24. The CO-RE tests compile against its
 * BTF (clang -g -target bpf, then llvm-objcopy --dump-section .BTF=FILE). */
struct file { int f_flags; };
struct mm_struct { long pad[3]; struct file *exe_file; };
struct task_struct {
	char pad0[64];
	int tgid;
	char pad1[36];
	long pid;
	char comm[16];
	struct mm_struct *mm;
};

struct task_struct keep_task_value;
struct mm_struct keep_mm;
