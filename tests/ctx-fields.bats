#!/usr/bin/env bats
# The context-struct tables (shared/bpf_ctx.c) against the build host's
# <linux/bpf.h>: tests/ctx-fields/check.c compares every field's offset,
# width and count with offsetof/sizeof, and pins which fields each program
# type may read and store.
load helper

build_check() {     # build_check CTX_SOURCE -> $BATS_TEST_TMPDIR/check
	require_tool gcc
	[ "$(uname -m)" = x86_64 ] || skip "pt_regs rows describe x86-64"
	[ -e /usr/include/linux/bpf.h ] || skip "no <linux/bpf.h> (linux-libc-dev)"
	gcc -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$ROOT/shared" \
	    "$ROOT/tests/ctx-fields/check.c" "$ROOT/shared/bpf_tables.c" \
	    "$ROOT/shared/arena.c" "$ROOT/shared/diag.c" "$1" \
	    -o "$BATS_TEST_TMPDIR/check"
}

@test "ctx tables match the kernel's structs for every program type" {
	build_check "$ROOT/shared/bpf_ctx.c"
	run "$BATS_TEST_TMPDIR/check"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "ok: 24 program types, 371 fields, 14 structs" ]
}

@test "the check has teeth: a wrong offset and a wrong store rule fail" {
	sed -e 's/{"user-port",   24,/{"user-port",   28,/' \
	    -e 's/{"tc-classid",      72, 4, 0, FT, FT}/{"tc-classid", 72, 4, 0, FT, NONE}/' \
	    "$ROOT/shared/bpf_ctx.c" >"$BATS_TEST_TMPDIR/bpf_ctx.c"
	run ! cmp -s "$ROOT/shared/bpf_ctx.c" "$BATS_TEST_TMPDIR/bpf_ctx.c"
	build_check "$BATS_TEST_TMPDIR/bpf_ctx.c"
	run "$BATS_TEST_TMPDIR/check"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "tc: tc-classid: writable should be 1" ]
	[ "${lines[1]}" = "sched-act: tc-classid: writable should be 1" ]
	[ "${lines[2]}" = "cgroup-sock-addr: user-port: offset 28 width 4 count 0, struct has 24 4 0" ]
	[ "${lines[3]}" = "3 mismatches" ]
}

@test "the check builds with clang too" {
	require_tool clang
	[ "$(uname -m)" = x86_64 ] || skip "pt_regs rows describe x86-64"
	clang -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -I"$ROOT/shared" \
	    "$ROOT/tests/ctx-fields/check.c" "$ROOT/shared/bpf_tables.c" \
	    "$ROOT/shared/arena.c" "$ROOT/shared/diag.c" "$ROOT/shared/bpf_ctx.c" -o "$BATS_TEST_TMPDIR/check-clang"
	run "$BATS_TEST_TMPDIR/check-clang"
	[ "$status" -eq 0 ]
}
