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

@test "4,000 statements in if/else chains 8 deep compile in 2 GB" {
	capped 2000000 nested 4000
}

@test "4,000 guarded updates of struct fields, a make-rec per 8, compile in 2 GB" {
	capped 2000000 struct 4000
}

@test "4,000 dotimes loops compile in 512 MB of address space" {
	# too many for the verifier (its 1M-instruction budget), not for the
	# compiler. wh-opt runs its passes over them hundreds of times: the
	# memory they drop must be freed on the way (wh-opt/compact.c), or
	# it takes about 900 MB.
	capped 500000 loop 4000
}

# verified SHAPE:N...: each program compiles and the verifier loads it.
verified() {
	require_kernel
	for shape in "$@"; do
		bench/gen-straight "${shape%:*}" "${shape#*:}" >"$TMP/p.lisp"
		whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
		run wh-load check "$TMP/p.o"
		echo "$output"
		[ "$status" -eq 0 ] || return 1
		[[ "$output" == *"straight (xdp): processed"* ]] || return 1
	done
}

@test "kernel: the 400-helper and 4,000-update programs pass the verifier" {
	verified helpers:400 map:4000 alu:4000
}

@test "kernel: the nested, struct and loop programs pass the verifier" {
	verified nested:4000 struct:4000 loop:500
}
