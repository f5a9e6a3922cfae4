#!/usr/bin/env bats
# Every complete program in the seed texts (the manual) expands: the
# fixtures in tests/seeds/programs/ were extracted from ../shared/seeds by
# tests/seeds/extract, and each NNN-*.lisp goes through wh-read | wh-expand
# with exit 0 and output equal byte for byte to its NNN-*.core golden.
# Fixtures wh-expand cannot expand yet are listed in tests/seeds/KNOWN-FAILING
# and skipped with their error. The expansion is made host-independent:
# deftracepoint reads tests/seeds/kernel/tracefs, import-kernel-struct reads
# tests/seeds/kernel/vmlinux.btf, pt-regs accessors are x86_64's.
#
# After changing the fixtures or the extract script: run tests/seeds/extract;
# for each new or changed fixture F.lisp, in tests/seeds/programs, write
#   wh-read F.lisp | WH_TRACEFS=../kernel/tracefs \
#     WH_VMLINUX=../kernel/vmlinux.btf WH_ARCH=x86_64 wh-expand >F.core
# and review the diff; add or remove the matching @test lines at the end of
# this file (the third test checks they are all there).
load helper

setup() { setup_tmp; cd "$ROOT/tests/seeds/programs"; }
teardown() { teardown_tmp; }

S="$BATS_TEST_DIRNAME/seeds"
SEEDS="${WH_SEEDS:-$ROOT/../shared/seeds}"

# expand_fixture F: wh-read F | wh-expand, stdout only (stderr to $TMP/err);
# its exit status is the first failing phase's.
expand_fixture() {
	set -o pipefail
	wh-read "$1" | env WH_TRACEFS="$S/kernel/tracefs" \
		WH_VMLINUX="$S/kernel/vmlinux.btf" WH_ARCH=x86_64 \
		wh-expand 2>"$TMP/err"
}

# The KNOWN-FAILING reason of fixture $1, empty when it is not listed.
known_failing() {
	awk -F'\t' -v f="$1" '!/^#/ && $1 == f { print $2; exit }' \
		"$S/KNOWN-FAILING"
}

# fixture NNN-slug: the test of one fixture.
fixture() {
	local f="$1.lisp" why
	[ -f "$f" ] || { echo "no fixture $f" >&2; return 1; }
	why=$(known_failing "$f")
	status=0
	expand_fixture "$f" >"$TMP/out" || status=$?
	if [ -n "$why" ]; then
		if [ "$status" -eq 0 ]; then
			echo "$f now expands: commit its .core and remove it from KNOWN-FAILING" >&2
			return 1
		fi
		skip "known failing: $why"
	fi
	[ "$status" -eq 0 ] || { cat "$TMP/err" >&2; return 1; }
	[ -f "$1.core" ] || { echo "no golden $1.core" >&2; return 1; }
	diff -u "$1.core" "$TMP/out"
}

@test "the committed fixtures are what tests/seeds/extract makes of the seeds" {
	[ -d "$SEEDS" ] || skip "no seed texts at $SEEDS (CI clones only the repository; set WH_SEEDS)"
	command -v python3 >/dev/null || skip "python3 not installed"
	"$S/extract" "$SEEDS" "$TMP" >/dev/null
	diff -r -x '*.core' "$TMP/programs" "$S/programs"
	diff -u "$S/SKIPPED" "$TMP/SKIPPED"
}

@test "the extract script is deterministic" {
	[ -d "$SEEDS" ] || skip "no seed texts at $SEEDS (CI clones only the repository; set WH_SEEDS)"
	command -v python3 >/dev/null || skip "python3 not installed"
	mkdir "$TMP/a" "$TMP/b"
	"$S/extract" "$SEEDS" "$TMP/a" >/dev/null
	"$S/extract" "$SEEDS" "$TMP/b" >/dev/null
	diff -r "$TMP/a" "$TMP/b"
}

@test "every fixture has a golden or a KNOWN-FAILING line, and a test here" {
	local f n bad=0
	for f in [0-9][0-9][0-9]-*.lisp; do
		n=${f%.lisp}
		if [ ! -f "$n.core" ] && [ -z "$(known_failing "$f")" ]; then
			echo "$f: no $n.core and not in KNOWN-FAILING" >&2; bad=1
		fi
		grep -q "^	fixture $n\$" "$BATS_TEST_FILENAME" ||
			{ echo "$f: no @test in seeds.bats" >&2; bad=1; }
	done
	for f in [0-9][0-9][0-9]-*.core; do
		[ -f "${f%.core}.lisp" ] || { echo "$f: stale golden" >&2; bad=1; }
	done
	[ "$bad" -eq 0 ]
}

@test "every fixture's object: read and written back to the same bytes; wh-elf and wh-load agree" {
	local f n=0
	for f in [0-9][0-9][0-9]-*.lisp; do
		[ -z "$(known_failing "$f")" ] || continue
		env WH_TRACEFS="$S/kernel/tracefs" WH_VMLINUX="$S/kernel/vmlinux.btf" \
			WH_ARCH=x86_64 whistler compile "$f" -o "$TMP/a.o" 2>"$TMP/err" ||
			{ cat "$TMP/err"; echo "$f does not compile"; return 1; }
		wh-elf --rewrite "$TMP/a.o" -o "$TMP/b.o"
		cmp "$TMP/a.o" "$TMP/b.o" || { echo "$f: written back differently"; return 1; }
		wh-elf --describe "$TMP/a.o" > "$TMP/elf"
		wh-load describe "$TMP/a.o" > "$TMP/load"
		diff -u "$TMP/elf" "$TMP/load" || { echo "$f: wh-elf and wh-load differ"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 30 ]
}

@test "seed 001-tracepoint-with-ring-buffer-bpf--event-logger expands to its golden" {
	fixture 001-tracepoint-with-ring-buffer-bpf--event-logger
}

@test "seed 002-whistler--count-packets expands to its golden" {
	fixture 002-whistler--count-packets
}

@test "seed 003-hello-ebpf-the-program--count-packets expands to its golden" {
	fixture 003-hello-ebpf-the-program--count-packets
}

@test "seed 004-return-value--drop-all expands to its golden" {
	fixture 004-return-value--drop-all
}

@test "seed 005-section-names--trace-exec expands to its golden" {
	fixture 005-section-names--trace-exec
}

@test "seed 006-multiple-programs--handler-a expands to its golden" {
	fixture 006-multiple-programs--handler-a
}

@test "seed 007-multiple-programs-full-example--trace-sched expands to its golden" {
	fixture 007-multiple-programs-full-example--trace-sched
}

@test "seed 008-forms--my-filter expands to its golden" {
	fixture 008-forms--my-filter
}

@test "seed 009-example-protocol-dispatch--xdp-dispatch expands to its golden" {
	fixture 009-example-protocol-dispatch--xdp-dispatch
}

@test "seed 010-example-code-generating-macro--define-port-checker expands to its golden" {
	fixture 010-example-code-generating-macro--define-port-checker
}

@test "seed 011-compile-time-computation--filter expands to its golden" {
	fixture 011-compile-time-computation--filter
}

@test "seed 012-section-name--my-filter expands to its golden" {
	fixture 012-section-name--my-filter
}

@test "seed 013-packet-context--check-len expands to its golden" {
	fixture 013-packet-context--check-len
}

@test "seed 014-example-drop-tcp-port-9999--drop-9999 expands to its golden" {
	fixture 014-example-drop-tcp-port-9999--drop-9999
}

@test "seed 015-kprobes--trace-exec expands to its golden" {
	fixture 015-kprobes--trace-exec
}

@test "seed 016-uprobes--trace-malloc expands to its golden" {
	fixture 016-uprobes--trace-malloc
}

@test "seed 017-return-probes--trace-exec-ret expands to its golden" {
	fixture 017-return-probes--trace-exec-ret
}

@test "seed 018-context-pt-regs--trace-exec expands to its golden" {
	fixture 018-context-pt-regs--trace-exec
}

@test "seed 019-example-trace-execve-calls--trace-exec expands to its golden" {
	fixture 019-example-trace-execve-calls--trace-exec
}

@test "seed 020-section-name--trace-fork expands to its golden" {
	fixture 020-section-name--trace-fork
}

@test "seed 021-example-track-process-forks--trace-fork expands to its golden" {
	fixture 021-example-track-process-forks--trace-fork
}

@test "seed 022-section-name--my-tc-filter expands to its golden" {
	fixture 022-section-name--my-tc-filter
}

@test "seed 023-example-block-outbound-traffic-to--block-4444 expands to its golden" {
	fixture 023-example-block-outbound-traffic-to--block-4444
}

@test "seed 024-cgroup-skb--count-egress expands to its golden" {
	fixture 024-cgroup-skb--count-egress
}

@test "seed 025-cgroup-sock--audit-sock expands to its golden" {
	fixture 025-cgroup-sock--audit-sock
}

@test "seed 026-cgroup-sock-addr--filter-connect expands to its golden" {
	fixture 026-cgroup-sock-addr--filter-connect
}

@test "seed 027-co-re-compatibility-example--trace-exec expands to its golden" {
	fixture 027-co-re-compatibility-example--trace-exec
}

@test "seed 028-xdp-context-access--my-xdp expands to its golden" {
	fixture 028-xdp-context-access--my-xdp
}

@test "seed 029-kernel-struct-traversal-bpf-program--trace-exec expands to its golden" {
	fixture 029-kernel-struct-traversal-bpf-program--trace-exec
}

@test "seed 030-xdp-tail-call-dispatch-bpf--xdp-dispatch expands to its golden" {
	fixture 030-xdp-tail-call-dispatch-bpf--xdp-dispatch
}

@test "seed 031-approach-2-standalone-elf-bpf--count-egress expands to its golden" {
	fixture 031-approach-2-standalone-elf-bpf--count-egress
}
