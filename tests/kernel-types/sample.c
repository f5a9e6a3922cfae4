/* sample.c: the source of sample.btf, the BTF fixture of kernel-types.bats:
 * ints of each size and sign, typedef/const/volatile/restrict/type-tag
 * chains, pointers to a struct, to a forward declaration, to void and to a
 * function, an embedded struct, 1-D, 2-D and flexible arrays, anonymous
 * unions and structs (nested), bitfields, enums.  Regenerate with
 *   clang -g -O2 -target bpf -c sample.c -o sample.o
 *   llvm-objcopy --dump-section .BTF=sample.btf sample.o
 * (clang 14; the corruption tests patch fixed byte offsets of the blob, so
 * check them after regenerating). */
typedef unsigned int u32_t;
typedef const u32_t cu32_t;
enum color { RED, GREEN, BLUE = 7 };
enum sign { NEG = -1, POS = 1 };
struct other { int a; long b; };
struct fwd_only;
struct inner { unsigned short lo, hi; };
struct sample {
	char c;
	unsigned short us;
	int i;
	cu32_t u;
	long long ll;
	const volatile unsigned long cvl;
	struct other *optr;
	struct inner emb;
	char name[16];
	int grid[2][3];
	union {
		int ui;
		char uc[4];
	};
	struct {
		short s1;
		union { short s2; unsigned short s3; };
	};
	unsigned int flag : 1, mode : 3;
	enum color col;
	enum sign sg;
	void *vp;
	struct fwd_only *fp;
	int (*fn)(int);
	struct sample *next;
	_Bool ok;
	int __attribute__((btf_type_tag("user"))) *up;
	union { int x; long y; } named_u;
	int * restrict rp;
	char tail[];
};
union u_only { int x; long y; struct other o; };
struct sample g_sample;
union u_only g_u __attribute__((btf_decl_tag("tagged")));
