#!/usr/bin/env bats
# The fuzzers' regression corpus (fuzz/README.md): every input that made a
# fuzz target crash, leak or hang is kept in tests/fuzz-found/TARGET/, and
# replayed here through the normal binaries (under make test-sanitize, the
# ASan and UBSan build), as are the hostile objects of wh-load's fuzzer
# (tests/wh-load/fuzz-found) through wh-elf --disasm. Each input must
# succeed, or exit 1 with one error line: never crash, never hang.
load helper

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

FOUND="$BATS_TEST_DIRNAME/fuzz-found"

# replay TARGET FILE: the command the target fuzzes, on FILE (60 s: a guard
# against a hang, far above any run's real time)
replay() {
	case "$1" in
	wh-elf-disasm) run timeout 60 wh-elf --disasm "$2" -o "$TMP/out" ;;
	*) run timeout 60 "$1" "$2" -o "$TMP/out" ;;
	esac
}

# The last replay succeeded, or failed with one error line (warnings and
# notes aside) that says where or which program.
clean_outcome() {
	echo "$1 -> $status: $output"
	[ "$status" -eq 0 ] && return 0
	[ "$status" -eq 1 ] || return 1
	local errors
	errors=$(printf '%s\n' "$output" | grep -v -e ': warning: ' -e ': note: ' || true)
	[ "$(printf '%s\n' "$errors" | wc -l)" -eq 1 ] || return 1
	[[ "$errors" =~ ^[^\ ].*:\ error:\ .+$ || "$errors" =~ ^wh-[a-z]+:\ .+$ ]]
}

@test "fuzz-found: every input kept, through the phase its fuzzer ran" {
	local n=0 dir f target
	for dir in "$FOUND"/*/; do
		target=$(basename "$dir")
		case "$target" in
		wh-read | wh-expand | wh-lower | wh-opt | wh-ra | wh-emit | wh-elf | wh-elf-disasm) ;;
		*) echo "tests/fuzz-found/$target: not a fuzz target"; return 1 ;;
		esac
		for f in "$dir"*; do
			n=$((n + 1))
			replay "$target" "$f"
			clean_outcome "$f"
		done
	done
	[ "$n" -ge 1 ]
}

@test "fuzz-found: the hostile objects of wh-load's fuzzer through wh-elf --disasm" {
	local n=0 f
	for f in "$BATS_TEST_DIRNAME"/wh-load/fuzz-found/*.o; do
		n=$((n + 1))
		replay wh-elf-disasm "$f"
		clean_outcome "$f"
	done
	[ "$n" -ge 15 ]
}

@test "fuzz-found: a crash or two error lines fail the check" {
	printf '#!/bin/sh\nprintf "x:1:1: error: a\\nx:1:2: error: b\\n" >&2; exit 1\n' > "$TMP/two"
	printf '#!/bin/sh\necho "x:1:1: error: bad" >&2; kill -SEGV $$\n' > "$TMP/crash"
	printf '#!/bin/sh\necho "x:1:1: error: bad" >&2; exit 1\n' > "$TMP/good"
	chmod +x "$TMP/two" "$TMP/crash" "$TMP/good"
	run "$TMP/good"
	clean_outcome good
	run "$TMP/two"
	run ! clean_outcome two
	run "$TMP/crash"
	run ! clean_outcome crash
}

@test "fuzz-found: the harness runs wh-ra's kept inputs one after the other in one process, cleanly" {
	# diag.c kept the name of the file whose source it had read, a pointer
	# into a run's arena: the next run's error compared against it after
	# the harness freed that arena (heap-use-after-free)
	[ -x "$ROOT/bin-fuzz/fuzz-wh-ra" ] || skip "make fuzz PHASE=wh-ra"
	# (the source line is shown only with carets: WH_CARET unset)
	run env -u WH_CARET "$ROOT/bin-fuzz/fuzz-wh-ra" -close_fd_mask=3 "$FOUND"/wh-ra/diag-file-freed-*
	[ "$status" -eq 0 ] && [[ $output != *SUMMARY* ]] ||
		{ echo "$output" | grep -e SUMMARY -e ERROR; return 1; }
}

@test "fuzz-found: the disassembler's harness leaks nothing on a refused object" {
	# bad_msg strdup'ed the message before fatal(), which returns to the
	# harness: a leak per refused object
	[ -x "$ROOT/bin-fuzz/fuzz-wh-elf-disasm" ] || skip "make fuzz PHASE=wh-elf-disasm"
	run "$ROOT/bin-fuzz/fuzz-wh-elf-disasm" -close_fd_mask=3 "$FOUND"/wh-elf-disasm/leak-bad-msg.o
	[ "$status" -eq 0 ] && [[ $output != *SUMMARY* ]] ||
		{ echo "$output" | grep -e SUMMARY -e ERROR; return 1; }
}

@test "fuzz-found: wh-lower's harness leaks nothing on a kernel struct with a bad member" {
	# lower_kstruct began its text buffer before it checked the members;
	# the error (which the harness returns from) left the buffer
	[ -x "$ROOT/bin-fuzz/fuzz-wh-lower" ] || skip "make fuzz PHASE=wh-lower"
	run "$ROOT/bin-fuzz/fuzz-wh-lower" -close_fd_mask=3 "$FOUND"/wh-lower/leak-kstruct-member.core
	[ "$status" -eq 0 ] && [[ $output != *SUMMARY* ]] ||
		{ echo "$output" | grep -e SUMMARY -e ERROR; return 1; }
}

@test "fuzz-found: the harness runs wh-opt's kept inputs one after the other in one process, cleanly" {
	# block_name cached the block names in the first run's arena, which
	# the harness frees before the next run (heap-use-after-free)
	[ -x "$ROOT/bin-fuzz/fuzz-wh-opt" ] || skip "make fuzz PHASE=wh-opt"
	run "$ROOT/bin-fuzz/fuzz-wh-opt" -close_fd_mask=3 "$FOUND"/wh-opt/block-name-1.ssa \
		"$FOUND"/wh-opt/block-name-2.ssa "$FOUND"/wh-opt/block-name-3.ssa
	[ "$status" -eq 0 ] && [[ $output != *SUMMARY* ]] ||
		{ echo "$output" | grep -e SUMMARY -e ERROR; return 1; }
}

@test "fuzz-found: a section alignment past a page is refused when read, not padded out when written" {
	# fuzz-open writes back every object it reads: an alignment of 2^35 to
	# 2^59 made libelf pad the copy out to gigabytes (time-outs of 50 s)
	local f
	for f in "$BATS_TEST_DIRNAME"/wh-load/fuzz-found/section-align-huge-*.o; do
		run wh-load check "$f"
		[ "$status" -eq 1 ] && [[ $output == *": alignment "*" is not a power of two of at most 4096" ]] ||
			{ echo "$f -> $status: $output"; return 1; }
	done
	[ -x "$ROOT/bin-fuzz/fuzz-open" ] || skip "make fuzz PHASE=wh-load"
	run "$ROOT/bin-fuzz/fuzz-open" -timeout=10 -close_fd_mask=3 \
		"$BATS_TEST_DIRNAME"/wh-load/fuzz-found/section-align-huge-*.o
	[ "$status" -eq 0 ] && [[ $output != *SUMMARY* ]] ||
		{ echo "$output" | grep -e SUMMARY -e ERROR -e timeout; return 1; }
}

@test "fuzz-found: wh-expand's harness leaks nothing when format's directive is refused" {
	# lisp_format kept its text in malloc'd buffers that the error, which
	# leaves by longjmp, never freed (a leak per error caught by
	# handler-case, the REPL or a session)
	[ -x "$ROOT/bin-fuzz/fuzz-wh-expand" ] || skip "make fuzz PHASE=wh-expand"
	run "$ROOT/bin-fuzz/fuzz-wh-expand" -close_fd_mask=3 "$FOUND"/wh-expand/leak-format-error.sx
	[ "$status" -eq 0 ] && [[ $output != *SUMMARY* ]] ||
		{ echo "$output" | grep -e SUMMARY -e ERROR; return 1; }
}
