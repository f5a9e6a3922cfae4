# helper.bash: shared set-up for the bats suites.
# WH_BIN names the folder holding the wh-* programs (default: ../bin), so the
# same suite runs against the sanitizer build (bin-san).
ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
WH_BIN="${WH_BIN:-$ROOT/bin}"
PATH="$WH_BIN:$ROOT:$PATH"
export WH_BIN PATH ROOT

# Messages without the source line and caret under each (diag.c): the
# suites check messages line by line; the tests of the caret lines turn
# them back on (WH_CARET=1).
export WH_CARET=0

# `run ! cmd` (an inverted check that can fail) needs bats 1.5.
bats_require_minimum_version 1.5.0

# Fresh scratch directory per test.
setup_tmp() {
	TMP="$(mktemp -d "${BATS_TMPDIR:-/tmp}/wh.XXXXXX")"
}
teardown_tmp() {
	[ -n "${TMP:-}" ] && rm -rf "$TMP"
}

# Kernel tests: skip with a reason when bpf() is refused, fail instead when
# WH_REQUIRE_KERNEL=1.
require_kernel() {
	local why=""
	if [ "$(id -u)" != 0 ]; then
		why="not root (bpf() needs CAP_BPF)"
	elif ! bpftool prog show >/dev/null 2>&1; then
		why="bpf() refused by the kernel (bpftool prog show failed)"
	fi
	if [ -n "$why" ]; then
		if [ "${WH_REQUIRE_KERNEL:-0}" = 1 ]; then
			echo "kernel test cannot run: $why" >&2
			return 1
		fi
		skip "$why"
	fi
}

# A file a test depends on (a header of a -dev package), same policy.
require_file() {   # require_file PATH PACKAGE
	[ -e "$1" ] && return 0
	if [ "${WH_REQUIRE_KERNEL:-0}" = 1 ]; then
		echo "missing $1 (package $2)" >&2
		return 1
	fi
	skip "$1 missing: install $2"
}

# Tools a test depends on, same skip/fail policy.
require_tool() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "${WH_REQUIRE_KERNEL:-0}" = 1 ]; then
		echo "missing tool: $1" >&2
		return 1
	fi
	skip "$1 not installed"
}

# pending_verdict STATUS PENDING RESULT HINT: how a check that may be
# pending ends. STATUS: 0 it passed, 3 its own directives are malformed,
# else it failed, printing RESULT (a file). PENDING: why it is expected to
# fail (empty: it must pass). A pending check that fails is skipped with
# that reason; one that passes fails, asking for HINT to be removed.
pending_verdict() {
	local st=$1 pending=$2 result=$3 hint=$4
	if [ "$st" -ne 3 ] && [ -n "$pending" ]; then
		if [ "$st" -eq 0 ]; then
			echo "passes now: remove $hint" >&2
			return 1
		fi
		skip "pending: $pending"
	fi
	if [ "$st" -ne 0 ]; then
		cat "$result" >&2
		return 1
	fi
}

# The instructions of an object's programs, read by llvm-objdump (not by
# our own tools): the sizes of its TEXT sections over 8.
text_insns() {
	local size n=0
	for size in $(llvm-objdump -h "$1" | awk '$NF == "TEXT" { print $3 }'); do
		n=$((n + 16#$size / 8))
	done
	echo "$n"
}

# A WH_ELF that notes its pid in $TMP/elf.pid and sleeps: a compilation
# that is still running when the test interrupts it.
slow_elf() {
	printf '#!/bin/sh\necho $$ >"%s/elf.pid"\nsleep 30\nexec "%s" "$@"\n' "$TMP" "$WH_BIN/wh-elf" >"$TMP/slow-elf"
	chmod +x "$TMP/slow-elf"
}

# The compilation has started, and later no process of it is left.
compiling() { [ -s "$TMP/elf.pid" ]; }
compile_gone() { ! kill -0 "$(cat "$TMP/elf.pid")" 2>/dev/null; }

# Wait (up to 10 s) until the command succeeds.
wait_for() {
	local i
	for i in $(seq 100); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

# A veth pair: wb (10.9.0.2) in the namespace $NS, where the session
# runs, and its peer wa (10.9.0.1) in a second one, $NS-peer, that pings it
# (session.bats, repl.bats).
make_veth() {
	ip netns add "$NS"
	ip netns add "$NS-peer"
	ip -n "$NS" link add wb type veth peer name wa netns "$NS-peer"
	ip -n "$NS-peer" addr add 10.9.0.1/24 dev wa
	ip -n "$NS" addr add 10.9.0.2/24 dev wb
	ip -n "$NS" link set lo up
	ip -n "$NS-peer" link set wa up
	ip -n "$NS" link set wb up
}
ping_wb() { ip netns exec "$NS-peer" ping -c 3 -i 0.2 -W 1 10.9.0.2 >/dev/null; }
xdp_on_wb() { ip -n "$NS" link show wb | grep -q 'xdp'; }
