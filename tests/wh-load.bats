#!/usr/bin/env bats
# wh-load.bats: the loader, against objects clang builds from the C
# fixtures in tests/wh-load/ (the compiler pipeline is tested elsewhere).
load helper

FIX="$BATS_TEST_DIRNAME/wh-load"
PKT14=000102030405060708090a0b0c0d
PKT60=$(printf '00%.0s' $(seq 60))

setup() { setup_tmp; }
teardown() { teardown_tmp; }

# fixture NAME [CLANG FLAGS...]: compile tests/wh-load/NAME.c to $TMP/NAME.o
# (flags default to -g; pass -g0 for an object without BTF).
fixture() {
	local name=$1
	shift
	require_tool clang
	clang -O2 -target bpf ${@:--g} -c "$FIX/$name.c" -o "$TMP/$name.o"
}

# The output is exactly one line, a wh-load error.
one_error_line() {
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == wh-load:* ]]
}

# ---- the command line ----

@test "wh-load --help and every subcommand's --help exit 0" {
	run wh-load --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: wh-load"* ]]
	[[ "$output" == *"test OBJ PROG"* ]]
	run wh-load test --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: wh-load test OBJ PROG (--data FILE | --hex HEX)"* ]]
	run wh-load check --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: wh-load check OBJ"* ]]
	run wh-load help check
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: wh-load check OBJ"* ]]
	run wh-load --version
	[ "$status" -eq 0 ]
}

@test "bad usage exits 2" {
	for args in "" "frob" "--frob" "test" "test x.o" "test x.o p" \
		"test x.o p --hex 00 --data f" "test x.o p --hex 0" \
		"test x.o p --hex zz" "test x.o p --hex 00 --repeat 0" \
		"test x.o p --hex 00 --repeat -3" "test x.o p --hex 00 --frob" \
		"test x.o p --data" "check" "check a.o b.o" "check --frob a.o" \
		"help frob"; do
		run wh-load $args
		echo "args: $args -> $status: $output"
		[ "$status" -eq 2 ]
		[[ "${lines[0]}" == wh-load* ]]
	done
}

# ---- hostile objects: one error line, exit 1, never a crash ----

@test "a missing file exits 1 with one line" {
	run wh-load check "$TMP/nope.o"
	[ "$status" -eq 1 ]
	one_error_line
}

@test "random bytes, an empty file, /bin/true exit 1 with one line" {
	head -c 4096 /dev/urandom >"$TMP/random.o"
	: >"$TMP/empty.o"
	for f in "$TMP/random.o" "$TMP/empty.o" /bin/true; do
		run wh-load check "$f"
		echo "$f -> $status: $output"
		[ "$status" -eq 1 ]
		one_error_line
	done
	run wh-load check /bin/true
	[[ "$output" == *"not a BPF object"* ]]
}

@test "truncated objects exit 1 with one line" {
	fixture xdp_count
	local size
	size=$(stat -c %s "$TMP/xdp_count.o")
	for n in 1 16 63 64 65 200 1000 $((size / 2)) $((size - 1)); do
		head -c "$n" "$TMP/xdp_count.o" >"$TMP/cut.o"
		run wh-load check "$TMP/cut.o"
		echo "$n bytes -> $status: $output"
		[ "$status" -eq 1 ]
		one_error_line
	done
}

@test "every truncation and many corruptions: exit 0 or 1, never a crash" {
	require_tool python3
	fixture xdp_count
	fixture multi
	python3 - "$TMP" "$TMP/xdp_count.o" "$TMP/multi.o" <<'EOF'
import random, subprocess, sys
tmp, objs = sys.argv[1], sys.argv[2:]
rng = random.Random(7)
def run(data, what):
    path = tmp + "/fuzz.o"
    open(path, "wb").write(data)
    r = subprocess.run(["wh-load", "check", path], capture_output=True, timeout=60)
    if r.returncode not in (0, 1):
        sys.exit("%s: exit %d\n%s" % (what, r.returncode, r.stderr.decode(errors="replace")))
for obj in objs:
    d = open(obj, "rb").read()
    for n in range(0, len(d), 13):
        run(d[:n], "%s cut at %d" % (obj, n))
    for i in range(150):
        b = bytearray(d)
        for _ in range(rng.choice([1, 2, 4, 16])):
            p = rng.randrange(len(b))
            b[p] = rng.choice([0, 0xff, rng.randrange(256), b[p] ^ (1 << rng.randrange(8))])
        run(bytes(b), "%s mutation %d" % (obj, i))
EOF
}

@test "unsupported features are refused by name" {
	fixture unsupported -g -DGLOBAL_DATA
	run wh-load check "$TMP/unsupported.o"
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"uses global data seen in section .data"* ]]
	fixture unsupported -g -DSUBPROG
	run wh-load check "$TMP/unsupported.o"
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"calls function verdict: bpf-to-bpf calls"* ]]
}

# ---- the kernel ----

@test "Hello XDP counter: retval 2 and pkt_count[0] = 5 after 5 runs" {
	require_kernel
	fixture xdp_count
	run wh-load test "$TMP/xdp_count.o" count_packets --hex "$PKT14" --repeat 5 --dump pkt_count
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 2" ]
	[[ "${lines[1]}" =~ ^duration_ns:\ [0-9]+$ ]]
	[ "${lines[2]}" = "pkt_count[0] = 5" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "test -j prints one JSON object with retval, duration_ns and maps" {
	require_kernel
	require_tool python3
	fixture xdp_count
	wh-load test "$TMP/xdp_count.o" count-packets --hex "$PKT14" --repeat 5 \
		--dump pkt_count -j >"$TMP/out.json"
	python3 - "$TMP/out.json" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))
assert o["retval"] == 2, o
assert isinstance(o["duration_ns"], int), o
assert o["maps"] == {"pkt_count": [{"key": 0, "value": 5}]}, o
EOF
	run python3 -c 'import json,sys; json.load(sys.stdin)' <"$TMP/out.json"
	[ "$status" -eq 0 ]
}

@test "test reads the packet from --data FILE and from standard input" {
	require_kernel
	fixture xdp_count
	head -c 64 /dev/zero >"$TMP/pkt"
	run wh-load test "$TMP/xdp_count.o" count_packets --data "$TMP/pkt" --dump pkt_count
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "pkt_count[0] = 1" ]
	run wh-load test "$TMP/xdp_count.o" count_packets --data - <"$TMP/pkt"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 2" ]
}

@test "check prints the verifier's processed-instruction count" {
	require_kernel
	fixture xdp_count
	run wh-load check "$TMP/xdp_count.o"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" =~ ^count_packets\ \(xdp\):\ processed\ [1-9][0-9]*\ insns$ ]]
}

@test "check -j lists every program of an object" {
	require_kernel
	require_tool python3
	fixture multi
	wh-load check -j "$TMP/multi.o" >"$TMP/out.json"
	python3 - "$TMP/out.json" <<'EOF'
import json, sys
o = json.load(open(sys.argv[1]))
names = [(p["name"], p["section"], p["loaded"]) for p in o["programs"]]
assert names == [("xdp_flows", "xdp/tcp", True), ("xdp_drop_short", "xdp/tcp", True),
                 ("tc_len", "tc", True)], names
assert all(p["processed_insns"] > 0 for p in o["programs"]), o
EOF
}

@test "a program the verifier rejects: exit 1, the log, one error line" {
	require_kernel
	fixture bad_read
	run wh-load check "$TMP/bad_read.o"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"invalid access to packet"* ]]
	[[ "$output" == *"processed "*" insns"* ]]
	[[ "${lines[-1]}" == "wh-load: $TMP/bad_read.o: program bad_read: the verifier rejected it: Permission denied" ]]
	run wh-load test "$TMP/bad_read.o" bad_read --hex "$PKT14"
	[ "$status" -eq 1 ]
	[[ "$output" == *"invalid access to packet"* ]]
	[[ "${lines[-1]}" == "wh-load: $TMP/bad_read.o: program bad_read: the verifier rejected it"* ]]
}

@test "check -j on a rejected program: loaded false, error and log" {
	require_kernel
	require_tool python3
	fixture bad_read
	run bash -c "wh-load check -j '$TMP/bad_read.o' >'$TMP/out.json'"
	[ "$status" -eq 1 ]
	python3 - "$TMP/out.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))["programs"][0]
assert p["loaded"] is False and "invalid access to packet" in p["log"], p
EOF
}

@test "an unknown program or map exits 1 with one line" {
	require_kernel
	fixture xdp_count
	run wh-load test "$TMP/xdp_count.o" nope --hex "$PKT14"
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"no program 'nope' (programs: count_packets)"* ]]
	run wh-load test "$TMP/xdp_count.o" count_packets --hex "$PKT14" --dump nope
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"no map 'nope' (maps: pkt_count)"* ]]
}

@test "an XDP packet shorter than an Ethernet header exits 1 with one line" {
	require_kernel
	fixture xdp_count
	run wh-load test "$TMP/xdp_count.o" count_packets --hex 0011
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"at least 14"* ]]
}

@test "hand-written section xdp/tcp, struct-keyed hash, per-CPU array, tc" {
	require_kernel
	fixture multi
	run wh-load test "$TMP/multi.o" xdp_flows --hex "$PKT60" --repeat 3 --dump flows
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 2" ]
	[ "${lines[2]}" = "flows[01 00 00 0a 02 00 00 0a d2 04 50 00 06 00 00 00] = 03 00 00 00 00 00 00 00 b4 00 00 00 00 00 00 00" ]
	run wh-load test "$TMP/multi.o" xdp-drop-short --hex "$PKT14" --repeat 7 --dump per_cpu
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 1" ]
	[ "${lines[3]}" = "per_cpu[1] = 7" ]
	run wh-load test "$TMP/multi.o" tc_len --hex "$PKT60" --dump by_len
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 0" ]
	[ "${lines[2]}" = "by_len[60] = 1" ]
}

@test "line_info is rebased for the second program of a section" {
	require_kernel
	fixture multi
	run wh-load test -d "$TMP/multi.o" xdp_drop_short --hex "$PKT14"
	[ "$status" -eq 0 ]
	[[ "$output" == *"; __u64 *v = bpf_map_lookup_elem(&per_cpu, &key); @ multi.c:"* ]]
	[[ "$output" != *"&flows"* ]]
	[[ "$output" == *"processed "*" insns"* ]]
}

@test "the object can come from standard input" {
	require_kernel
	fixture xdp_count
	run wh-load test - count_packets --hex "$PKT14" <"$TMP/xdp_count.o"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 2" ]
	run wh-load check - <"$TMP/xdp_count.o"
	[ "$status" -eq 0 ]
	run wh-load test - count_packets --data - <"$TMP/xdp_count.o"
	[ "$status" -eq 2 ]
}

@test "an object without BTF loads without it" {
	require_kernel
	fixture nobtf -g0
	run llvm-readelf -S "$TMP/nobtf.o"
	[[ "$output" != *".BTF"* ]]
	run wh-load test "$TMP/nobtf.o" xdp_tx --hex "$PKT14"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 3" ]
}

@test "valgrind: no memory errors, no leaks, no fd left open" {
	require_kernel
	# An extra check: skipped, never failed, where valgrind is missing.
	command -v valgrind >/dev/null || skip "valgrind not installed"
	if grep -q __asan_init "$WH_BIN/wh-load"; then
		skip "a sanitizer build cannot run under valgrind"
	fi
	fixture multi
	fixture bad_read
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full --track-fds=yes
		--suppressions="$FIX/valgrind.supp")
	run "${vg[@]}" wh-load test "$TMP/multi.o" xdp_flows --hex "$PKT60" \
		--dump flows --dump per_cpu -j
	echo "$output"
	if [[ "$output" == *"debuginfo reader"* ]]; then
		skip "this valgrind cannot read the binary's debug info (clang's DWARF 5)"
	fi
	[ "$status" -eq 0 ]
	# Every fd still open at exit must be one wh-load inherited.
	run awk '/Open file descriptor/ { fd = $0; next }
		 fd && /inherited/ { fd = ""; next }
		 fd && NF > 1 { print fd; fd = "" }' <<<"$output"
	[ -z "$output" ]
	run "${vg[@]}" wh-load check "$TMP/bad_read.o"
	[ "$status" -eq 1 ]
	run awk '/Open file descriptor/ { fd = $0; next }
		 fd && /inherited/ { fd = ""; next }
		 fd && NF > 1 { print fd; fd = "" }' <<<"$output"
	[ -z "$output" ]
}
