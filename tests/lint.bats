#!/usr/bin/env bats
# lint.bats: the suites' own assertions can fail. A bare `! cmd` in a bats
# test, or `cmd || true` on a check, passes whatever cmd says
# (tests/lib/lint-asserts.awk says why and what it allows).
load helper

LINT="$BATS_TEST_DIRNAME/lib/lint-asserts.awk"


@test "lint: no assertion in the suites is inert" {
	run awk -f "$LINT" "$BATS_TEST_DIRNAME"/*.bats "$BATS_TEST_DIRNAME"/*.bash
	echo "$output"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "lint: it finds each inert form, and lets the working ones pass" {
	local f="$BATS_TEST_DIRNAME/lint/inert.sample"
	run awk -f "$LINT" "$f"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 4 ]
	[[ "${lines[0]}" == "$f:5: inverted command"* ]]
	[[ "${lines[1]}" == "$f:13: inverted command"* ]]
	[[ "${lines[2]}" == "$f:14: inverted command"* ]]
	[[ "${lines[3]}" == "$f:15: || true throws away a verdict"* ]]
}
