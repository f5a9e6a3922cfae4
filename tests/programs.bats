#!/usr/bin/env bats
# programs.bats: whole programs with their expected kernel behaviour.
#
# Every tests/programs/NAME.lisp is compiled with `whistler compile`, every
# program in the object goes through the verifier (`wh-load check`), and
# each test case runs one program with BPF_PROG_TEST_RUN (`wh-load test -j`)
# on a fresh copy of the maps and compares the return value and map
# contents with what the file says. One @test per program (the list is at
# the end; the first test checks that it names every file).
#
# The expectations live in the program file, in comment lines that start
# with ';; ' and a keyword (other comments are free text):
#
#   ;; test: OPTIONS => EXPECT; EXPECT; ...
#       one test run. OPTIONS:
#         --hex HEX        the packet, in hex (no spaces)
#         --pkt NAME       the packet named by a ';; packet' line
#         --data-len N     N bytes of zeros ...
#         --fill HH        ... or of the byte HH
#         --repeat N       run N times in a row (maps keep their contents
#                          between the runs; the return value is the last's)
#         --prog NAME      the program to run (default: the file's first
#                          defprog); '-' and '_' are the same
#       EXPECT:
#         retval N         the program's return value (32 bits)
#         MAP[KEY] = V     the entry KEY of MAP holds V (per-CPU maps: the
#                          sum over the CPUs)
#         MAP[KEY] absent  MAP has no entry KEY
#         MAP size N       MAP holds N entries
#       KEY and V are integers (decimal or 0x hex; a negative V is taken
#       modulo 2^(8*value-size), a negative retval modulo 2^32) or their
#       bytes in memory order in double quotes: "01 00 00 0a" (up to 8
#       bytes, the same as the little-endian integer). Maps are named as
#       in the source.
#   ;; and: EXPECT; ...
#       more expectations for the test line above it.
#   ;; packet NAME: HEX HEX ...
#       defines (or, when NAME exists, extends) a named packet; spaces in
#       the hex are ignored.
#   ;; load-only
#       a program type BPF_PROG_TEST_RUN cannot run (kprobe, tracepoint,
#       cgroup sock, sock_addr ...): the check is that the verifier accepts
#       every program of the file.
#   ;; pending: REASON
#       the compiler cannot do this yet: the test is skipped with REASON.
#       When the program passes, the test fails, asking for the line to be
#       removed. REASON is the error or the wrong result seen.
#
# Expected values are derived from the manual and notes/semantics.md by
# hand (comments in the files show the arithmetic), never copied from the
# compiler's output.
#
# Run one program by hand:   bats tests/programs.bats -f '^NAME$'
# deftracepoint reads /sys/kernel/tracing when mounted, else the fixture
# in tests/seeds/kernel/tracefs.
load helper

P="$BATS_TEST_DIRNAME/programs"

setup() {
	setup_tmp
	if [ -z "${WH_TRACEFS:-}" ]; then
		if [ -d /sys/kernel/tracing/events/sched ]; then
			export WH_TRACEFS=/sys/kernel/tracing
		else
			export WH_TRACEFS="$BATS_TEST_DIRNAME/seeds/kernel/tracefs"
		fi
	fi
}
teardown() { teardown_tmp; }

# check_program FILE: compile, verify and test-run FILE as its directives
# say. Prints what went wrong and exits 1 on a mismatch; exit 3 when the
# file's directives themselves are malformed.
check_program() {
	python3 "$BATS_TEST_DIRNAME/lib/check-program.py" "$1" "$TMP"
}

# run_program NAME: the test of tests/programs/NAME.lisp, pending or not.
run_program() {
	local f="$P/$1.lisp" pending st=0
	[ -f "$f" ] || { echo "no program $f" >&2; return 1; }
	require_kernel
	require_tool python3
	pending=$(sed -n 's/^;; pending: *//p' "$f" | head -1)
	check_program "$f" >"$TMP/result" 2>&1 || st=$?
	pending_verdict "$st" "$pending" "$TMP/result" "the ';; pending:' line of $1"
}

@test "every program in tests/programs has a test below, and every test a program" {
	local listed files
	listed=$(sed -n 's/^@test "\([a-z0-9-]*\)" { run_program \1; }$/\1/p' \
		"$BATS_TEST_FILENAME" | sort)
	files=$(cd "$P" && ls *.lisp | sed 's/\.lisp$//' | sort)
	diff <(echo "$files") <(echo "$listed")
}

# The programs, one test each (names as in tests/programs/NAME.lisp).
@test "arith-add-sub" { run_program arith-add-sub; }
@test "arith-mul-div-mod" { run_program arith-mul-div-mod; }
@test "bitwise" { run_program bitwise; }
@test "shift-runtime" { run_program shift-runtime; }
@test "shift-const" { run_program shift-const; }
@test "const-64bit" { run_program const-64bit; }
@test "cmp-branch" { run_program cmp-branch; }
@test "cmp-values" { run_program cmp-values; }
@test "cmp-widths" { run_program cmp-widths; }
@test "cmp-heavy" { run_program cmp-heavy; }
@test "bit-tests" { run_program bit-tests; }
@test "kretprobe-latency" { run_program kretprobe-latency; }
@test "runq-latency" { run_program runq-latency; }
@test "cmp-const" { run_program cmp-const; }
@test "cmp-const-wide" { run_program cmp-const-wide; }
@test "casts" { run_program casts; }
@test "byte-order" { run_program byte-order; }
@test "const-fold" { run_program const-fold; }
@test "let-parallel" { run_program let-parallel; }
@test "typed-bindings" { run_program typed-bindings; }
@test "incf-decf-var" { run_program incf-decf-var; }
@test "typed-zero-init" { run_program typed-zero-init; }
@test "type-inference" { run_program type-inference; }
@test "type-inference-const" { run_program type-inference-const; }
@test "type-inference-folded" { run_program type-inference-folded; }
@test "if-when-unless" { run_program if-when-unless; }
@test "and-or-values" { run_program and-or-values; }
@test "and-or-short-circuit" { run_program and-or-short-circuit; }
@test "cond" { run_program cond; }
@test "case" { run_program case; }
@test "when-let-if-let" { run_program when-let-if-let; }
@test "return" { run_program return; }
@test "progn" { run_program progn; }
@test "struct-layout" { run_program struct-layout; }
@test "struct-arrays" { run_program struct-arrays; }
@test "struct-field-ptr" { run_program struct-field-ptr; }
@test "memset-ff" { run_program memset-ff; }
@test "memset-pattern" { run_program memset-pattern; }
@test "memset-runtime" { run_program memset-runtime; }
@test "memcpy-odd" { run_program memcpy-odd; }
@test "load-store-widths" { run_program load-store-widths; }
@test "packet-loads" { run_program packet-loads; }
@test "defunion" { run_program defunion; }
@test "map-array" { run_program map-array; }
@test "map-hash" { run_program map-hash; }
@test "map-lru-hash" { run_program map-lru-hash; }
@test "map-percpu" { run_program map-percpu; }
@test "map-update-flags" { run_program map-update-flags; }
@test "map-struct-key" { run_program map-struct-key; }
@test "map-struct-value" { run_program map-struct-value; }
@test "map-small-sizes" { run_program map-small-sizes; }
@test "atomic-add" { run_program atomic-add; }
@test "stack-addr" { run_program stack-addr; }
@test "dotimes-sum" { run_program dotimes-sum; }
@test "dotimes-return" { run_program dotimes-return; }
@test "tail-call-fallthrough" { run_program tail-call-fallthrough; }
@test "asm" { run_program asm; }
@test "proto-eth-ipv4" { run_program proto-eth-ipv4; }
@test "proto-tcp" { run_program proto-tcp; }
@test "proto-udp" { run_program proto-udp; }
@test "proto-parse" { run_program proto-parse; }
@test "proto-ipv6" { run_program proto-ipv6; }
@test "proto-icmp" { run_program proto-icmp; }
@test "proto-constants" { run_program proto-constants; }
@test "proto-defheader" { run_program proto-defheader; }
@test "proto-with-packet" { run_program proto-with-packet; }
@test "byte-order-compare" { run_program byte-order-compare; }
@test "ctx-xdp" { run_program ctx-xdp; }
@test "ctx-tc" { run_program ctx-tc; }
@test "ctx-cgroup-skb" { run_program ctx-cgroup-skb; }
@test "socket-filter" { run_program socket-filter; }
@test "macro-compile-time" { run_program macro-compile-time; }
@test "macro-with-map-value" { run_program macro-with-map-value; }
@test "spill-8-live" { run_program spill-8-live; }
@test "spill-12-live" { run_program spill-12-live; }
@test "spill-pointers" { run_program spill-pointers; }
@test "seed-001-event-logger" { run_program seed-001-event-logger; }
@test "seed-002-count-packets" { run_program seed-002-count-packets; }
@test "seed-003-count-packets" { run_program seed-003-count-packets; }
@test "seed-004-drop-all" { run_program seed-004-drop-all; }
@test "seed-005-trace-exec" { run_program seed-005-trace-exec; }
@test "seed-006-handlers" { run_program seed-006-handlers; }
@test "seed-007-trace-sched" { run_program seed-007-trace-sched; }
@test "seed-008-my-filter" { run_program seed-008-my-filter; }
@test "seed-009-xdp-dispatch" { run_program seed-009-xdp-dispatch; }
@test "seed-010-port-checker" { run_program seed-010-port-checker; }
@test "seed-011-blocked-ports" { run_program seed-011-blocked-ports; }
@test "seed-012-my-filter-section" { run_program seed-012-my-filter-section; }
@test "seed-013-check-len" { run_program seed-013-check-len; }
@test "seed-014-drop-9999" { run_program seed-014-drop-9999; }
@test "seed-015-kprobe" { run_program seed-015-kprobe; }
@test "seed-016-uprobe" { run_program seed-016-uprobe; }
@test "seed-017-kretprobe" { run_program seed-017-kretprobe; }
@test "seed-018-pt-regs" { run_program seed-018-pt-regs; }
@test "seed-019-exec-events" { run_program seed-019-exec-events; }
@test "seed-020-tracepoint" { run_program seed-020-tracepoint; }
@test "seed-021-fork-events" { run_program seed-021-fork-events; }
@test "seed-022-tc-filter" { run_program seed-022-tc-filter; }
@test "seed-023-block-4444" { run_program seed-023-block-4444; }
@test "seed-024-cgroup-skb" { run_program seed-024-cgroup-skb; }
@test "seed-025-cgroup-sock" { run_program seed-025-cgroup-sock; }
@test "seed-026-connect4" { run_program seed-026-connect4; }
@test "seed-027-kernel-struct" { run_program seed-027-kernel-struct; }
@test "seed-028-my-xdp" { run_program seed-028-my-xdp; }
@test "seed-029-kernel-struct-traversal" { run_program seed-029-kernel-struct-traversal; }
@test "seed-030-tail-call-dispatch" { run_program seed-030-tail-call-dispatch; }
@test "seed-031-cgroup-count" { run_program seed-031-cgroup-count; }
@test "ringbuf-xdp" { run_program ringbuf-xdp; }
@test "helpers-misc" { run_program helpers-misc; }
@test "tc-parsers" { run_program tc-parsers; }
@test "shared-section" { run_program shared-section; }
@test "cgroup-connect4" { run_program cgroup-connect4; }
@test "cgroup-sock" { run_program cgroup-sock; }
@test "kprobe-args" { run_program kprobe-args; }
@test "tracepoint-fields" { run_program tracepoint-fields; }
@test "user-memory-loops" { run_program user-memory-loops; }
@test "map-lpm-trie" { run_program map-lpm-trie; }
@test "map-max-entries-huge" { run_program map-max-entries-huge; }
@test "control-phis" { run_program control-phis; }
@test "alu-narrowing" { run_program alu-narrowing; }
@test "bswap-fusion" { run_program bswap-fusion; }
@test "memory-order" { run_program memory-order; }
@test "pointer-offsets" { run_program pointer-offsets; }
@test "setq-t-nil" { run_program setq-t-nil; }
@test "split-after-call" { run_program split-after-call; }
@test "ct-read-eval" { run_program ct-read-eval; }
@test "ct-sequence-keywords" { run_program ct-sequence-keywords; }
@test "ct-multiple-values" { run_program ct-multiple-values; }
@test "ct-hash-and-bits" { run_program ct-hash-and-bits; }
@test "ct-stack-addr-macro" { run_program ct-stack-addr-macro; }
@test "ct-toplevel-output" { run_program ct-toplevel-output; }
@test "mod-by-maybe-zero" { run_program mod-by-maybe-zero; }
@test "div-mod-zero" { run_program div-mod-zero; }
@test "shift-wide-amount" { run_program shift-wide-amount; }
@test "incf-getmap-order" { run_program incf-getmap-order; }
@test "thread-loop-phi" { run_program thread-loop-phi; }
@test "mask-for-verifier" { run_program mask-for-verifier; }
@test "mask-shift-for-verifier" { run_program mask-shift-for-verifier; }
@test "pkt-len-above-zero" { run_program pkt-len-above-zero; }
@test "stack-share-256" { run_program stack-share-256; }
@test "stack-share-structs" { run_program stack-share-structs; }
@test "packet-pointer-not-u32" { run_program packet-pointer-not-u32; }
@test "loop-scaled-sums" { run_program loop-scaled-sums; }
@test "offset-bound-for-verifier" { run_program offset-bound-for-verifier; }
@test "mask-clears-every-bit" { run_program mask-clears-every-bit; }
