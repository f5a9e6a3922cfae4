# Whistler in C: builds bin/wh-* from one folder per executable (its
# subfolders included: wh-load's layers) plus the shared/ library, runs the
# bats suite, installs.
CC      ?= cc
CFLAGS  ?= -O2 -g
WFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
# Static executables start faster (no dynamic loader: ~0.15 ms of CPU a
# process; bench/startup): the phases from wh-read to wh-emit are linked
# so when the C library's archive exists. wh-elf and wh-load stay dynamic:
# the tests run them under valgrind, which cannot check a static glibc
# program. STATIC= links everything dynamically (the sanitizer build must).
ifeq ($(origin STATIC),undefined)
STATIC := $(if $(filter /%,$(shell $(CC) -print-file-name=libc.a)),-static)
endif
LDLIBS_ELF := -lelf
PREFIX  ?= /usr/local
BUILD   ?= build
BIN     ?= bin

PHASES := wh-read wh-expand wh-lower wh-opt wh-ra wh-emit wh-elf wh-load

SHARED_SRC := $(wildcard shared/*.c)
SHARED_OBJ := $(SHARED_SRC:%.c=$(BUILD)/%.o)

all: $(PHASES:%=$(BIN)/%)

$(BUILD)/%.o: %.c $(wildcard shared/*.h) $(wildcard */*.h) $(wildcard */*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WFLAGS) $(CFLAGS) -Ishared -c $< -o $@

$(BUILD)/libwh.a: $(SHARED_OBJ) $(BUILD)/gen/lisp_prelude.o
	@rm -f $@
	ar rcs $@ $^

# A phase's sources: its folder and subfolders, but for fuzz harnesses.
phase_src = $(filter-out $(1)/fuzz/%,$(wildcard $(1)/*.c $(1)/*/*.c))

define phase_rule
$(BIN)/$(1): $(patsubst %.c,$(BUILD)/%.o,$(call phase_src,$(1))) $(BUILD)/libwh.a
	@mkdir -p $(BIN)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) $(if $(filter wh-elf wh-load,$(1)),,$$(STATIC)) -o $$@ $$^ $(if $(filter wh-elf wh-load,$(1)),$$(LDLIBS_ELF)) $$(LDLIBS)
endef
$(foreach p,$(PHASES),$(eval $(call phase_rule,$(p))))

# Lisp compiled in as C strings: the language's own macros
# (wh-expand/prelude.lisp, `wh_prelude`) and the compile-time Lisp's
# (shared/lisp_prelude.lisp, `lisp_prelude`, part of libwh.a).
define lisp_text
$(BUILD)/gen/$(2).c: $(1)
	@mkdir -p $$(dir $$@)
	{ echo '/* generated from $(1) */'; \
	  echo 'const char $(2)[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$$$/\\n"/' $$<; \
	  echo ';'; } > $$@
endef
$(eval $(call lisp_text,wh-expand/prelude.lisp,wh_prelude))
$(eval $(call lisp_text,shared/lisp_prelude.lisp,lisp_prelude))
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -c $< -o $@
$(BIN)/wh-expand: $(BUILD)/gen/wh_prelude.o

test: all
	bats tests

# The manual's interactive workflow (repl-loader: its name for a REPL with
# the loader; here they are one).
repl repl-loader: all
	./whistler repl

# First contact: install what is missing, build, compile the Hello program
# and run it in the kernel (needs root).
demo:
	.ci/deps
	$(MAKE) all
	./whistler compile examples/count-xdp.lisp -o build/count-xdp.bpf.o
	$(BIN)/wh-load test build/count-xdp.bpf.o count_packets \
	    --hex ffffffffffff000000000001080045000028000040004006 --repeat 5 --dump pkt_count

# The same suite, with every phase built under ASan and UBSan.
test-sanitize:
	$(MAKE) BUILD=build-san BIN=bin-san CC=clang STATIC= \
	    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined"
	WH_BIN=$(CURDIR)/bin-san bats tests

# make install [PREFIX=/usr/local] [DESTDIR=staging]: the phases and the
# driver side by side (the driver finds the phases next to itself), the
# man pages, and bash completion.
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
COMPDIR ?= $(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(COMPDIR)
	install -m 755 $(PHASES:%=$(BIN)/%) $(DESTDIR)$(BINDIR)/
	install -m 755 whistler $(DESTDIR)$(BINDIR)/whistler
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7/
	install -m 644 completion/whistler.bash $(DESTDIR)$(COMPDIR)/whistler

clean:
	rm -rf build build-san build-clang build-fuzz bin bin-san bin-clang bin-fuzz tests/tmp

.PHONY: all test test-sanitize install clean demo repl repl-loader

# libFuzzer targets (clang, ASan, UBSan), into $(FUZZ_BIN)/ (fuzz/README.md):
# fuzz-wh-read ... fuzz-wh-elf run a phase's main in-process on each input
# (fuzz/phase.c), fuzz-wh-elf-disasm runs wh-elf --disasm, fuzz-open is
# wh-load's object reader (wh-load/fuzz/fuzz_open.c).
#   make fuzz                   every target
#   make fuzz PHASE=wh-opt      one (or several: PHASE="wh-ra wh-emit")
FUZZ_BUILD ?= build-fuzz
FUZZ_BIN   ?= bin-fuzz
FUZZ_TARGETS := wh-read wh-expand wh-lower wh-opt wh-ra wh-emit wh-elf wh-elf-disasm wh-load
PHASE      ?= $(FUZZ_TARGETS)
FUZZ_LIB   := kernel/object kernel/reloc kernel/core kernel/err cmd/decode cmd/encode cmd/json
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all
# a small step budget for the compile-time Lisp, so a runaway macro costs
# a fraction of a second, not the fuzzer's time-out
FUZZ_CFLAGS := -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN) -DWH_LISP_MAX_STEPS=200000L
fuzz_bin = $(FUZZ_BIN)/$(if $(filter wh-load,$(1)),fuzz-open,fuzz-$(1))
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) BIN=$(FUZZ_BIN) CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
	    $(foreach t,$(PHASE),$(call fuzz_bin,$(t)))

FUZZ_ELF_WRAP := -DFUZZ_LIBELF -Wl,--wrap=elf_memory,--wrap=elf_begin,--wrap=elf_end
# fuzz_rule TARGET FOLDER FLAG: a phase's objects, its main renamed, the harness.
define fuzz_rule
$(FUZZ_BIN)/fuzz-$(1): fuzz/phase.c $(BUILD)/fuzz/$(2)-main.o \
    $(filter-out %/main.o,$(patsubst %.c,$(BUILD)/%.o,$(wildcard $(2)/*.c))) \
    $(if $(filter wh-expand,$(2)),$(BUILD)/gen/wh_prelude.o) $(BUILD)/libwh.a
	@mkdir -p $(FUZZ_BIN)
	clang $(WFLAGS) $$(CFLAGS) -fsanitize=fuzzer -Ishared -DPHASE_NAME='"$(2)"' \
	    -DPHASE_FLAG='"$(3)"' -Wl,--wrap=arena_new,--wrap=arena_free \
	    $(if $(filter wh-elf,$(2)),$(FUZZ_ELF_WRAP)) $$^ $(if $(filter wh-elf,$(2)),$(LDLIBS_ELF)) -o $$@
endef
$(foreach p,$(filter-out wh-load,$(PHASES)),$(eval $(call fuzz_rule,$(p),$(p),)))
$(eval $(call fuzz_rule,wh-elf-disasm,wh-elf,--disasm))

$(BUILD)/fuzz/%-main.o: %/main.c $(wildcard shared/*.h) $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WFLAGS) $(CFLAGS) -Dmain=wh_phase_main -Ishared -c $< -o $@

$(FUZZ_BIN)/fuzz-open: wh-load/fuzz/fuzz_open.c $(FUZZ_LIB:%=$(BUILD)/wh-load/%.o) $(BUILD)/libwh.a
	@mkdir -p $(FUZZ_BIN)
	clang $(WFLAGS) $(CFLAGS) -fsanitize=fuzzer -Ishared -Iwh-load/kernel -Iwh-load/cmd $^ \
	    $(LDLIBS_ELF) -o $@
.PHONY: fuzz
