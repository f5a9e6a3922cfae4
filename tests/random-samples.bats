#!/usr/bin/env bats
# random-samples.bats: random programs the compiler once got wrong.
#
# Each tests/random-samples/pNNNN/ holds a random XDP program (prog.lisp)
# and what running it must produce (spec), as the random-program tester
# wrote them: its expected values follow notes/semantics.md, and a C twin
# of each built with clang -O2 gives exactly these values. check-sample
# (in that folder) describes the spec lines; it compiles the program, pins
# it, runs every `run` line in the kernel (BPF_PROG_TEST_RUN through
# bpftool, the maps keeping their contents from run to run) and checks
# every `map` line.
#
# A folder with a `pending` file is a sample the compiler cannot do yet:
# the test is skipped with the file's text as reason, and fails once the
# sample passes, asking for the file to be removed.
#
# Run one sample by hand:   bats tests/random-samples.bats -f '^p1024$'
load helper

S="$BATS_TEST_DIRNAME/random-samples"

setup() { setup_tmp; }
teardown() { teardown_tmp; }

run_sample() {
	local d="$S/$1" pending="" st=0
	[ -f "$d/spec" ] || { echo "no sample $d" >&2; return 1; }
	require_kernel
	require_tool python3
	require_tool bpftool
	if ! mountpoint -q /sys/fs/bpf; then
		[ "${WH_REQUIRE_KERNEL:-0}" = 1 ] && { echo "bpffs is not mounted on /sys/fs/bpf" >&2; return 1; }
		skip "bpffs is not mounted on /sys/fs/bpf"
	fi
	[ -f "$d/pending" ] && pending=$(head -1 "$d/pending")
	"$S/check-sample" "$d" "$TMP" >"$TMP/result" 2>&1 || st=$?
	pending_verdict "$st" "$pending" "$TMP/result" "$d/pending"
}

@test "every sample folder has a test below, and every test a folder" {
	local listed folders
	listed=$(sed -n 's/^@test "\(p[0-9]*\)" { run_sample \1; }$/\1/p' \
		"$BATS_TEST_FILENAME" | sort)
	folders=$(cd "$S" && ls -d p*/ | tr -d / | sort)
	diff <(echo "$folders") <(echo "$listed")
}

@test "p1024" { run_sample p1024; }
@test "p1028" { run_sample p1028; }
@test "p1059" { run_sample p1059; }
@test "p1090" { run_sample p1090; }
@test "p1253" { run_sample p1253; }
@test "p1372" { run_sample p1372; }
@test "p1452" { run_sample p1452; }
@test "p1569" { run_sample p1569; }
@test "p1592" { run_sample p1592; }
@test "p1632" { run_sample p1632; }
@test "p1748" { run_sample p1748; }
@test "p1813" { run_sample p1813; }
@test "p1826" { run_sample p1826; }
@test "p2070" { run_sample p2070; }
@test "p2081" { run_sample p2081; }
@test "p2198" { run_sample p2198; }
@test "p2314" { run_sample p2314; }
@test "p2440" { run_sample p2440; }
@test "p2485" { run_sample p2485; }
@test "p2713" { run_sample p2713; }
@test "p2903" { run_sample p2903; }
@test "p2909" { run_sample p2909; }
