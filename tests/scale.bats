#!/usr/bin/env bats
# scale.bats: long programs compile within a memory cap and load. The
# programs come from bench/gen-straight; nothing here is timed
# (bench/phase-cost prints each phase's time and memory).
load helper

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

# capped KB SHAPE N: compile bench/gen-straight SHAPE N with the virtual
# memory of every phase capped at KB. A sanitizer build reserves far more
# address space for its shadow memory than any cap allows: skipped there.
capped() {
	if grep -q __asan_init "$WH_BIN/wh-opt"; then
		skip "the address sanitizer's shadow memory does not fit under ulimit -v"
	fi
	bench/gen-straight "$2" "$3" >"$TMP/p.lisp"
	run bash -c "ulimit -v $1 && whistler compile '$TMP/p.lisp' -o '$TMP/p.o'"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -s "$TMP/p.o" ]
}

@test "400 helper calls, each in a branch, compile in 1 GB of address space" {
	capped 1000000 helpers 400
}

@test "4,000 map updates through temporary keys compile in 2 GB of address space" {
	capped 2000000 map 4000
}

@test "4,000 guarded updates with a map update every 8th compile in 2 GB" {
	capped 2000000 alu 4000
}

@test "10,000 map updates compile in 1 GB of address space" {
	capped 1000000 map 10000
}

@test "kernel: the 400-helper and 4,000-update programs pass the verifier" {
	require_kernel
	for shape in helpers:400 map:4000 alu:4000; do
		bench/gen-straight "${shape%:*}" "${shape#*:}" >"$TMP/p.lisp"
		whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
		run wh-load check "$TMP/p.o"
		echo "$output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"straight (xdp): processed"* ]]
	done
}
