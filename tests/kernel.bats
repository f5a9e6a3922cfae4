#!/usr/bin/env bats
# End to end in the kernel: the Hello program compiled by the pipeline is
# accepted by libbpf and the verifier, runs, returns XDP_PASS and counts.
load helper

setup() {
	setup_tmp
	cd "$ROOT"
	require_kernel
	require_tool bpftool
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	PIN=/sys/fs/bpf/wh-test-$$-$BATS_TEST_NUMBER
}
teardown() {
	[ -n "${PIN:-}" ] && rm -rf "$PIN" "$PIN-maps"
	teardown_tmp
}

# 64 bytes of an Ethernet frame (content does not matter to the counter)
PKT=ffffffffffff0000000000010800450000280000400040060000c0a80001c0a800020000005000000000000000005002200000000000000000000000000000

@test "bpftool prog loadall accepts the compiled Hello object" {
	whistler compile examples/count-xdp.lisp -o "$TMP/count.bpf.o"
	mkdir -p "$PIN-maps"
	run bpftool prog loadall "$TMP/count.bpf.o" "$PIN" pinmaps "$PIN-maps"
	echo "$output"
	[ "$status" -eq 0 ]
	[ -e "$PIN/count_packets" ]
	[ -e "$PIN-maps/pkt_count" ]
}

@test "wh-load test runs Hello N times: returns 2 and pkt_count holds N" {
	whistler compile examples/count-xdp.lisp -o "$TMP/count.bpf.o"
	run wh-load test "$TMP/count.bpf.o" count_packets --hex "$PKT" --repeat 7 --dump pkt_count
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"retval: 2"* ]]
	[[ "$output" == *"pkt_count[0] = 7"* ]]
}

@test "wh-load test -j prints one JSON object with retval and duration_ns" {
	whistler compile examples/count-xdp.lisp -o "$TMP/count.bpf.o"
	python3 -c "import sys; sys.stdout.buffer.write(bytes.fromhex('$PKT'))" >"$TMP/pkt.bin"
	run wh-load test "$TMP/count.bpf.o" count_packets --data "$TMP/pkt.bin" --repeat 3 --dump pkt_count -j
	echo "$output"
	[ "$status" -eq 0 ]
	python3 - "$output" <<'PY'
import json, sys
o = json.loads(sys.argv[1])
assert o["retval"] == 2, o
assert "duration_ns" in o, o
vals = o["maps"]["pkt_count"]
assert vals[0]["key"] == 0 and vals[0]["value"] == 3, vals
PY
}

@test "the verifier accepts Hello through wh-load check" {
	whistler compile examples/count-xdp.lisp -o "$TMP/count.bpf.o"
	run wh-load check "$TMP/count.bpf.o"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *count_packets* ]]
}
