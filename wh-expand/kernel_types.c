/* kernel_types.c: deftracepoint (tracefs format files) and
 * import-kernel-struct (vmlinux BTF). Placeholder until written. */
#include "expand.h"

void expand_deftracepoint(Expander *e, Sx *form)
{
	(void)e;
	error_at(form->pos, "deftracepoint is not implemented yet");
}

void expand_import_kernel_struct(Expander *e, Sx *form)
{
	(void)e;
	error_at(form->pos, "import-kernel-struct is not implemented yet");
}
