/* layout.c: C's natural layout of structs and unions (layout.h). */
#include "layout.h"

/* n rounded up to a multiple of align (align >= 1). */
static int64_t layout_round(int64_t n, int64_t align)
{
	return (n + align - 1) / align * align;
}

LayoutType layout_scalar(int width, int64_t count)
{
	return (LayoutType){.size = width * (count ? count : 1), .align = width};
}

Layout layout_begin(int is_union)
{
	return (Layout){.is_union = is_union, .end = 0, .align = 1};
}

int64_t layout_add(Layout *l, LayoutType t)
{
	int64_t off = l->is_union ? 0 : layout_round(l->end, t.align);
	if (off + t.size > l->end)
		l->end = off + t.size;
	if (t.align > l->align)
		l->align = t.align;
	return off;
}

int64_t layout_size(const Layout *l)
{
	return layout_round(l->end, l->align);
}
