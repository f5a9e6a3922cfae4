/* anon-target.c: the layout tests/core/anon.c is relocated to (its BTF,
 * through llvm-objcopy): count inside an anonymous struct at byte 32. */
struct wh_anon {
	unsigned long long pad[3];
	struct {
		unsigned int flags;
		unsigned long long count;
	};
};

struct wh_anon keep_anon;
