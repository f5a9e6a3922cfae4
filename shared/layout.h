/* layout.h: the C layout of defstruct and defunion, the one rule the
 * compiler (wh-expand/structs.c), sessions (wh-load/lisp_struct.c) and the
 * header generators (wh-expand/gen.c) follow: a field is aligned to its
 * own alignment, a struct ends at a multiple of its largest alignment, a
 * union is as large as its largest member (members all at offset 0). */
#ifndef WH_LAYOUT_H
#define WH_LAYOUT_H
#include <stdint.h>

#define LAYOUT_MAX_COUNT 4096   /* elements of the longest array field */

/* What a field takes: its bytes and the alignment it needs. */
typedef struct {
	int64_t size, align;
} LayoutType;

/* A scalar of `width` bytes (count 0), or an array of `count` of them. An
 * embedded struct is the LayoutType of its own size and alignment. */
LayoutType layout_scalar(int width, int64_t count);

/* A struct or union being laid out, field by field. */
typedef struct {
	int is_union;
	int64_t end;            /* first byte past the fields so far */
	int64_t align;          /* the largest alignment so far (1 at first) */
} Layout;

Layout layout_begin(int is_union);
/* Place the next field: returns its offset. */
int64_t layout_add(Layout *l, LayoutType t);
/* The size of the whole: the end rounded up to the alignment. */
int64_t layout_size(const Layout *l);

#endif
