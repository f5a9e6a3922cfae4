/* phase.c: a libFuzzer target that runs one phase's main in-process on
 * each input, as `PHASE [FLAG] INPUT` would. The Makefile (make fuzz)
 * compiles the phase's main.c with -Dmain=wh_phase_main and defines
 * PHASE_NAME and PHASE_FLAG ("" or an option such as "--disasm").
 *
 * The input is handed over as a file (a memfd, named by /proc/self/fd/N);
 * standard output goes to /dev/null. An error ends the phase through
 * diag_exit (shared/diag.h), which longjmps back here. Then every arena the
 * run made and did not free is freed: arena_new and arena_free are wrapped
 * at link time (-Wl,--wrap=...) to keep the list of live arenas; for
 * wh-elf (FUZZ_LIBELF), elf_memory, elf_begin and elf_end are wrapped the
 * same way, so a libelf handle left open is closed. The expander's tables
 * and caches are released by expand_done, which only wh-expand links (a
 * weak reference here). */
#include "arena.h"
#include "diag.h"
#include <fcntl.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int wh_phase_main(int argc, char **argv);
void expand_done(void) __attribute__((weak));

/* ---- the live arenas ---- */

Arena *__real_arena_new(void);
void __real_arena_free(Arena *a);
Arena *__wrap_arena_new(void);
void __wrap_arena_free(Arena *a);

static Arena **live;
static size_t nlive, live_cap;

Arena *__wrap_arena_new(void)
{
	Arena *a = __real_arena_new();
	if (nlive == live_cap) {
		live_cap = live_cap ? live_cap * 2 : 64;
		live = realloc(live, live_cap * sizeof *live);
		if (!live)
			abort();
	}
	live[nlive++] = a;
	return a;
}

void __wrap_arena_free(Arena *a)
{
	for (size_t i = nlive; i-- > 0;)
		if (live[i] == a) {
			live[i] = live[--nlive];
			break;
		}
	__real_arena_free(a);
}

/* ---- the open libelf handles (wh-elf) ---- */

#ifdef FUZZ_LIBELF
#include <libelf.h>

Elf *__real_elf_memory(char *image, size_t size);
Elf *__real_elf_begin(int fd, Elf_Cmd cmd, Elf *ref);
int __real_elf_end(Elf *e);
Elf *__wrap_elf_memory(char *image, size_t size);
Elf *__wrap_elf_begin(int fd, Elf_Cmd cmd, Elf *ref);
int __wrap_elf_end(Elf *e);

static Elf *open_elf[16];
static int nopen_elf;

static Elf *remember(Elf *e)
{
	if (e && nopen_elf < (int)(sizeof open_elf / sizeof *open_elf))
		open_elf[nopen_elf++] = e;
	return e;
}

Elf *__wrap_elf_memory(char *image, size_t size)
{
	return remember(__real_elf_memory(image, size));
}

Elf *__wrap_elf_begin(int fd, Elf_Cmd cmd, Elf *ref)
{
	return remember(__real_elf_begin(fd, cmd, ref));
}

int __wrap_elf_end(Elf *e)
{
	for (int i = nopen_elf; i-- > 0;)
		if (open_elf[i] == e) {
			open_elf[i] = open_elf[--nopen_elf];
			break;
		}
	return __real_elf_end(e);
}

static void close_elf(void)
{
	while (nopen_elf)
		__wrap_elf_end(open_elf[nopen_elf - 1]);
}
#else
static void close_elf(void) {}
#endif

/* ---- one run ---- */

static jmp_buf back;
static int input_fd = -1;
static char input_path[64];

static noreturn void exit_to_harness(int status)
{
	longjmp(back, status + 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	unsetenv("WH_PIPE");            /* an empty input is an input */
	input_fd = memfd_create("fuzz-input", 0);
	int null = open("/dev/null", O_WRONLY);
	if (input_fd < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0) {
		perror("fuzz harness set-up");
		exit(2);
	}
	close(null);
	snprintf(input_path, sizeof input_path, "/proc/self/fd/%d", input_fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (ftruncate(input_fd, 0) != 0 ||
	    (size && pwrite(input_fd, data, size, 0) != (ssize_t)size))
		abort();
	char prog[] = PHASE_NAME, flag[] = PHASE_FLAG;
	char *argv[] = {prog, input_path, flag[0] ? flag : NULL, NULL};
	int argc = flag[0] ? 3 : 2;
	diag_on_exit = NULL;
	diag_context = NULL;
	diag_exit = exit_to_harness;
	if (setjmp(back) == 0)
		wh_phase_main(argc, argv);
	diag_exit = NULL;
	fflush(stdout);
	if (expand_done)
		expand_done();
	close_elf();
	while (nlive)
		__wrap_arena_free(live[nlive - 1]);
	return 0;
}
