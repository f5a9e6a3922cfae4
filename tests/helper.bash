# helper.bash: shared set-up for the bats suites.
# WH_BIN names the folder holding the wh-* programs (default: ../bin), so the
# same suite runs against the sanitizer build (bin-san).
ROOT="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
WH_BIN="${WH_BIN:-$ROOT/bin}"
PATH="$WH_BIN:$ROOT:$PATH"
export WH_BIN PATH ROOT

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
