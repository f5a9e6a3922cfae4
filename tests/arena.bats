#!/usr/bin/env bats
# shared/arena.c alone, built from the sources with a test program
# (tests/arena/reuse.c): memory handed out zeroed and aligned, and memory
# given back taken again rather than mapped anew.

load helper

setup() { setup_tmp; }
teardown() { teardown_tmp; }

@test "arena: 3,000 rounds of arenas made and freed stay within 512 MB of address space, every allocation zeroed" {
	cc -std=c11 -D_GNU_SOURCE -O1 -I"$ROOT/shared" -o "$TMP/reuse" \
		"$ROOT/tests/arena/reuse.c" "$ROOT/shared/arena.c" "$ROOT/shared/diag.c"
	run "$TMP/reuse"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}

@test "arena: buffers grown to 2 MB (mapped past 32 KB, moved by mremap) read back byte for byte and are given back" {
	cc -std=c11 -D_GNU_SOURCE -O1 -I"$ROOT/shared" -o "$TMP/bufs" \
		"$ROOT/tests/arena/bufs.c" "$ROOT/shared/arena.c" "$ROOT/shared/diag.c"
	run "$TMP/bufs"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
}
