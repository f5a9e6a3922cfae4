#!/usr/bin/env bats
# shared/arena.c alone, built from the sources with a test program
# (tests/arena/reuse.c): memory handed out zeroed and aligned, and memory
# given back taken again rather than mapped anew; byte buffers
# (tests/arena/bufs.c) grown large keep their bytes and are given back.

load helper

setup() { setup_tmp; }
teardown() { teardown_tmp; }

# run_arena_test NAME: tests/arena/NAME.c built with shared/arena.c and run;
# it prints ok
run_arena_test() {
	cc -std=c11 -D_GNU_SOURCE -O1 -I"$ROOT/shared" -o "$TMP/$1" \
		"$ROOT/tests/arena/$1.c" "$ROOT/shared/arena.c" "$ROOT/shared/diag.c"
	run "$TMP/$1"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "arena: 3,000 rounds of arenas made and freed stay within 512 MB of address space, every allocation zeroed" {
	run_arena_test reuse
}

@test "arena: buffers grown to 2 MB (mapped past 32 KB, moved by mremap) read back byte for byte and are given back" {
	run_arena_test bufs
}
