# Whistler in C: builds bin/wh-* from one folder per executable plus the
# shared/ library, runs the bats suite, installs.
CC      ?= cc
CFLAGS  ?= -O2 -g
WFLAGS  := -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror
LDLIBS_ELF := -lelf
PREFIX  ?= /usr/local
BUILD   ?= build
BIN     ?= bin

PHASES := wh-read wh-expand wh-lower wh-opt wh-ra wh-emit wh-elf wh-load

SHARED_SRC := $(wildcard shared/*.c)
SHARED_OBJ := $(SHARED_SRC:%.c=$(BUILD)/%.o)

all: $(PHASES:%=$(BIN)/%)

$(BUILD)/%.o: %.c $(wildcard shared/*.h) $(wildcard */*.h)
	@mkdir -p $(dir $@)
	$(CC) $(WFLAGS) $(CFLAGS) -Ishared -c $< -o $@

$(BUILD)/libwh.a: $(SHARED_OBJ) $(BUILD)/gen/lisp_prelude.o
	@rm -f $@
	ar rcs $@ $^

define phase_rule
$(BIN)/$(1): $(patsubst %.c,$(BUILD)/%.o,$(wildcard $(1)/*.c)) $(BUILD)/libwh.a
	@mkdir -p $(BIN)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $(if $(filter wh-elf wh-load,$(1)),$$(LDLIBS_ELF)) $$(LDLIBS)
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
	$(MAKE) BUILD=build-san BIN=bin-san CC=clang \
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

.PHONY: all test test-sanitize install clean demo

# A libFuzzer target (clang) over wl_open and the BTF value formatter:
#   make fuzz && bin-fuzz/fuzz-open -max_len=16384 -max_total_time=600 CORPUS
FUZZ_BUILD ?= build-fuzz
FUZZ_BIN   ?= bin-fuzz
FUZZ_LIB   := object elf btf btf_ext mapdef reloc err decode encode json sys
FUZZ_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)" \
	    $(FUZZ_BUILD)/libwh.a $(FUZZ_LIB:%=$(FUZZ_BUILD)/wh-load/%.o)
	@mkdir -p $(FUZZ_BIN)
	clang $(WFLAGS) -O1 -g -fsanitize=fuzzer $(FUZZ_SAN) -Ishared -Iwh-load \
	    wh-load/fuzz/fuzz_open.c $(FUZZ_LIB:%=$(FUZZ_BUILD)/wh-load/%.o) \
	    $(FUZZ_BUILD)/libwh.a $(LDLIBS_ELF) -o $(FUZZ_BIN)/fuzz-open
.PHONY: fuzz
