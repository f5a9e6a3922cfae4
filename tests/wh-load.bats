#!/usr/bin/env bats
# wh-load.bats: the loader, against objects clang builds from the C
# fixtures in tests/wh-load/ (the compiler pipeline is tested elsewhere).
load helper

FIX="$BATS_TEST_DIRNAME/wh-load"
PKT14=000102030405060708090a0b0c0d
PKT60=$(printf '00%.0s' $(seq 60))

setup() { setup_tmp; PIN=; }
teardown() {
	# pins go even when a test fails
	[ -n "${PIN:-}" ] && rm -rf "$PIN"
	teardown_tmp
}

# pin_dir: a fresh directory name on bpffs for this test, in $PIN (the
# teardown removes it).
pin_dir() {
	require_kernel
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	PIN=/sys/fs/bpf/wh-load-test-$$-$BATS_TEST_NUMBER
	rm -rf "$PIN"
}

# lisp NAME: compile tests/wh-load/NAME.lisp to $TMP/NAME.o
lisp() {
	whistler compile "$FIX/$1.lisp" -o "$TMP/$1.o"
}

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
	run wh-load pin --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: wh-load pin OBJ DIR"* ]]
	run wh-load map --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"Usage: wh-load map dump PINNED"* ]]
	run wh-load --help
	[[ "$output" == *"pin OBJ DIR"* && "$output" == *"map (dump|lookup|update|delete|getnext)"* ]]
	run wh-load --version
	[ "$status" -eq 0 ]
}

@test "bad usage exits 2" {
	for args in "" "frob" "--frob" "test" "test x.o" "test x.o p" \
		"test x.o p --hex 00 --data f" "test x.o p --hex 0" \
		"test x.o p --hex zz" "test x.o p --hex 00 --repeat 0" \
		"test x.o p --hex 00 --repeat -3" "test x.o p --hex 00 --frob" \
		"test x.o p --data" "check" "check a.o b.o" "check --frob a.o" \
		"help frob" "test x.o p --hex 00 --data-out=" "test x.o p --hex 00 --events" \
		"pin" "pin x.o" "pin x.o d extra" "map" "map frob /sys/fs/bpf/x" "map dump" \
		"map dump p k" "map lookup p" "map update p k" "map delete p k v" \
		"map getnext p k k" "map delete p k --exist" "map update p k v --any --exist"; do
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
	# struct key and value decoded field by field from the object's BTF
	[ "${lines[2]}" = "flows[{saddr=167772161 daddr=167772162 sport=1234 dport=80 proto=6}] = {packets=3 bytes=180}" ]
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
	fixture ring
	local vg=(valgrind -q --error-exitcode=9 --leak-check=full --track-fds=yes
		--suppressions="$FIX/valgrind.supp")
	local fds='/Open file descriptor/ { fd = $0; next }
		 fd && /inherited/ { fd = ""; next }
		 fd && NF > 1 { print fd; fd = "" }'
	# the ring buffer consumer (mmap, epoll), pinning and pinned maps
	run "${vg[@]}" wh-load test "$TMP/ring.o" ring_events --hex "$PKT14" --repeat 3 \
		--events events=event --dump last -j
	echo "$output"
	[ "$status" -eq 0 ]
	run awk "$fds" <<<"$output"
	[ -z "$output" ]
	pin_dir
	run "${vg[@]}" wh-load pin "$TMP/ring.o" "$PIN"
	[ "$status" -eq 0 ]
	run awk "$fds" <<<"$output"
	[ -z "$output" ]
	for args in "update $PIN/last 0 seq=3,comm=vg" "dump $PIN/last" "lookup -j $PIN/points 0" \
		"getnext $PIN/pcpu"; do
		run "${vg[@]}" wh-load map $args
		echo "map $args: $output"
		[ "$status" -le 1 ]
		run awk "$fds" <<<"$output"
		[ -z "$output" ]
	done
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

# ---- the object model (shared/obj*.c): what clang's objects become ----

# The lines of elf-facts.py for an object, but those of .BTF and .BTF.ext
# (whose string offsets follow the object writer's order).
facts_but_btf() {
	python3 "$BATS_TEST_DIRNAME/wh-elf/elf-facts.py" "$1" |
		grep -v -E '^section [0-9]+ \.BTF(\.ext)? '
}

@test "clang's objects: wh-elf --describe and wh-load describe agree" {
	local n
	for n in xdp_count multi ring bad_read nobtf; do
		fixture "$n"
		wh-elf --describe "$TMP/$n.o" > "$TMP/elf"
		wh-load describe "$TMP/$n.o" > "$TMP/load"
		grep -q '^prog ' "$TMP/load"
		diff -u "$TMP/elf" "$TMP/load"
	done
	fixture nobtf -g0
	[ "$(wh-load describe "$TMP/nobtf.o" | tail -1)" = "btf types=0" ]
	diff -u <(wh-elf --describe "$TMP/nobtf.o") <(wh-load describe "$TMP/nobtf.o")
}

# What `wh-load -j check` says of an object, and its exit status, but for
# the time the verifier took.
verdict() {
	{ wh-load -j check "$1" 2> /dev/null; echo "exit $?"; } |
		sed 's/verification time [0-9]* usec//'
}

@test "clang's objects written back: the same facts, BTF, view and verdicts" {
	require_kernel
	require_tool bpftool
	require_tool python3
	local n
	for n in xdp_count multi ring bad_read; do
		fixture "$n"
		wh-elf --rewrite "$TMP/$n.o" -o "$TMP/rw.o"
		diff -u <(facts_but_btf "$TMP/$n.o") <(facts_but_btf "$TMP/rw.o")
		diff -u <(bpftool btf dump file "$TMP/$n.o") <(bpftool btf dump file "$TMP/rw.o")
		diff -u <(wh-load describe "$TMP/$n.o") <(wh-load describe "$TMP/rw.o")
		# the kernel takes (or refuses) both the same way: the same
		# report, the time the verifier took aside
		verdict "$TMP/$n.o" > "$TMP/a"
		verdict "$TMP/rw.o" > "$TMP/b"
		grep -q '^{"programs":\[{"name"' "$TMP/a"
		diff -u "$TMP/a" "$TMP/b"
	done
}

# ---- broken objects: one kind of defect each, exit 1 with a message ----

@test "a corpus of broken objects: each exits 1 with its own message" {
	require_tool python3
	fixture xdp_count
	local kinds
	kinds=$(python3 "$FIX/corrupt.py" --list)
	[ "$(wc -l <<<"$kinds")" -ge 25 ]
	declare -A want=(
		[shoff-past-end]="section headers outside the file"
		[shnum-huge]="section headers outside the file"
		[shstrndx-bad]="bad section name table index"
		[section-past-end]="section .BTF: extends past the end of the file"
		[section-size-huge]="section xdp: extends past the end of the file"
		[symtab-size-odd]="section .symtab: size 359 is not a multiple of 24"
		[symtab-link-bad]="symbol table: bad string table link 999"
		[symbol-section-bad]="symbol count_packets: bad section index"
		[symbol-name-bad]=": bad name"
		[program-size-odd]="program count_packets: bad offset 0 or size 7"
		[program-outside-section]="program count_packets: outside its section xdp"
		[license-unterminated]="license section is not a NUL-terminated string"
		[btf-magic]=".BTF: bad magic"
		[btf-header-length]=".BTF: bad header length"
		[btf-types-outside]=".BTF: type section (2147483632 bytes at 0) runs past the end of the blob"
		[btf-strings-unterminated]=".BTF: bad string section"
		[btf-name-offset]=".BTF: type 1 has a name outside the string section"
		[btf-kind-unknown]=".BTF: type 1 has unknown kind 31"
		[btf-vlen-huge]="(DATASEC) runs past the end of the type section"
		[btf-type-id-bad]=".BTF: type 22 (DATASEC): item 0 refers to type 2147483647, which does not exist (the last is 23)"
		[btf-ext-magic]=".BTF.ext: bad magic"
		[btf-ext-count-huge]=".BTF.ext: line_info section xdp runs past its end"
		[btf-ext-record-size]=".BTF.ext: bad func_info record size 3"
		[reloc-symbol-bad]="relocation 0: bad symbol 16777215"
		[reloc-offset-bad]="is not on an ld_imm64 instruction"
		[reloc-type-unknown]="unsupported relocation unknown (77)"
		[reloc-table-size-odd]="size 19 is not a multiple of 16"
	)
	for k in $kinds; do
		python3 "$FIX/corrupt.py" "$TMP/xdp_count.o" "$TMP/$k.o" "$k"
		run wh-load check "$TMP/$k.o"
		echo "$k -> $status: $output"
		[ "$status" -eq 1 ]
		one_error_line
		[ -n "${want[$k]:-}" ]
		[[ "$output" == "wh-load: $TMP/$k.o: "*"${want[$k]}"* ]]
	done
}

@test "inputs the fuzzer found: exit 1 with one line" {
	local n=0 f
	for f in "$FIX"/fuzz-found/*.o; do
		[[ "$f" == */kernel-log-* ]] && continue
		n=$((n + 1))
		run wh-load check "$f"
		echo "$f -> $status: $output"
		[ "$status" -eq 1 ]
		one_error_line
	done
	[ "$n" -ge 15 ]
}

@test "the kernel's reason for refusing an object's BTF comes first; its log with -d" {
	require_kernel
	local obj="$BATS_TEST_DIRNAME/wh-elf/hostile/wh-load-btf-dump-absurd-map.o"
	# the kernel dumps the types it read, then its reason on the last line
	local reason='[3] ARRAY (anon) type_id=1 index_type_id=2 nr_elems=4294967295 Array size overflows U32_MAX'
	run wh-load check "$obj"
	echo "$output"
	[ "$status" -eq 1 ]
	one_error_line
	[ "$output" = "wh-load: $obj: the kernel rejected the object's BTF: $reason (Invalid argument)" ]
	run wh-load check -d "$obj"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "magic: 0xeb9f" ]
	[[ "$output" == *$'\n[13] STRUCT (anon) size=40 vlen=5\n'* ]]
	[ "${lines[-1]}" = "wh-load: $obj: the kernel rejected the object's BTF: $reason (Invalid argument)" ]
}

@test "a kernel log echoing hostile names is printed as valid UTF-8" {
	require_kernel
	require_tool python3
	local n=0 f
	for f in "$FIX"/fuzz-found/kernel-log-*.o; do
		n=$((n + 1))
		run bash -c "wh-load check -d '$f' 2>&1 | python3 -c 'import sys; sys.stdin.buffer.read().decode(\"utf-8\")'"
		echo "$f -> $status: $output"
		[ "$status" -eq 0 ]
		run wh-load check "$f"
		[ "$status" -eq 1 ]
		[[ "${lines[-1]}" == *"the kernel rejected the object's BTF"* ]]
	done
	[ "$n" -ge 2 ]
}

# ---- loading ----

@test "every map type of the manual is created (pinned, then seen by bpftool)" {
	pin_dir
	require_tool bpftool
	lisp maps8
	run wh-load pin "$TMP/maps8.o" "$PIN"
	echo "$output"
	[ "$status" -eq 0 ]
	local m
	for m in h:hash a:array pa:prog_array ph:percpu_hash parr:percpu_array \
		lru:lru_hash lpm:lpm_trie rb:ringbuf; do
		run bpftool -j map show pinned "$PIN/${m%%:*}"
		echo "$m: $output"
		[ "$status" -eq 0 ]
		[[ "$output" == *"\"type\":\"${m#*:}\""* ]]
	done
	run bpftool -j prog show pinned "$PIN/touch_all"
	[[ "$output" == *'"type":"xdp"'* ]]
}

@test "typed maps: bpftool and wh-load print keys and values by field" {
	pin_dir
	require_tool bpftool
	lisp typed
	run wh-load pin "$TMP/typed.o" "$PIN"
	[ "$status" -eq 0 ]
	# the program stores flows[{src=1 dst=2}] = {packets=3 bytes=4} and
	# deltas[1] = [-5 7 0] (an i32 array: #xfffffffb is -5)
	head -c 60 /dev/zero >"$TMP/pkt"
	bpftool prog run pinned "$PIN/fill" data_in "$TMP/pkt" >/dev/null
	run bpftool -j map dump pinned "$PIN/flows"
	echo "$output"
	[[ "$output" == *'"formatted":{"key":{"src":1,"dst":2},"value":{"packets":3,"bytes":4}}'* ]]
	run bpftool -j map dump pinned "$PIN/deltas"
	echo "$output"
	[[ "$output" == *'"formatted":{"key":1,"value":[-5,7,0]}'* ]]
	run wh-load map dump "$PIN/flows"
	[ "$status" -eq 0 ]
	[ "$output" = "flows[{src=1 dst=2}] = {packets=3 bytes=4}" ]
	run wh-load -j map dump "$PIN/flows"
	[[ "$output" == *'"formatted":{"key":{"src":1,"dst":2},"value":{"packets":3,"bytes":4}}'* ]]
	run wh-load map dump "$PIN/deltas"
	[ "${lines[1]}" = "deltas[1] = [-5 7 0]" ]
	# the test run decodes them alike
	run wh-load test "$TMP/typed.o" fill --data "$TMP/pkt" --dump flows --dump deltas
	[ "$status" -eq 0 ]
	[[ "$output" == *"flows[{src=1 dst=2}] = {packets=3 bytes=4}"* ]]
	[[ "$output" == *"deltas[1] = [-5 7 0]"* ]]
}

@test "a Lisp program the verifier rejects: explained at its form; the raw log with -d; exit 1" {
	require_kernel
	# wh-opt refuses it at compile time; built without that check, the
	# kernel's refusal is what is tested here
	WH_OPT="wh-opt --no-refuse" lisp unsafe
	run wh-load check "$TMP/unsafe.o"
	echo "$output"
	[ "$status" -eq 1 ]
	# (load u8 data 20) at 5:5 reads byte 20: :min-len 21 covers it
	[ "${lines[0]}" = "$FIX/unsafe.lisp:5:5: error: the kernel verifier refused unsafe_read: reads or writes 1 byte at offset 20 of the packet, but the bounds check before it covers 0 bytes" ]
	[ "${lines[1]}" = "    5 |     (load u8 data 20)))" ]
	[ "${lines[2]}" = "      |     ^" ]
	[ "${lines[3]}" = "$FIX/unsafe.lisp:5:5: note: check the length first: (with-packet (data data-end :min-len 21) ...) covers bytes 0 to 20" ]
	[ "${lines[4]}" = "wh-load: $TMP/unsafe.o: program unsafe_read: the verifier rejected it: Permission denied" ]
	[ "${#lines[@]}" -eq 5 ]
	# the raw log needs -d (before or after the command)
	local d
	for d in "-d check" "check -d"; do
		run wh-load $d "$TMP/unsafe.o"
		[ "$status" -eq 1 ]
		[[ "$output" == *"; (load u8 data 20))) @ unsafe.lisp:5"*"invalid access to packet"*"$FIX/unsafe.lisp:5:5: error: the kernel verifier refused"* ]]
	done
	# JSON: the raw log and the explanation's lines
	run wh-load -j check "$TMP/unsafe.o"
	[ "$status" -eq 1 ]
	[[ "$output" == *'"log":"'*"invalid access to packet"* ]]
	[[ "$output" == *'"explanation":"'"$FIX/unsafe.lisp:5:5: error: the kernel verifier refused unsafe_read: "*'\n    5 |     (load u8 data 20)))\n'* ]]
	run wh-load test "$TMP/unsafe.o" unsafe-read --hex "$PKT14"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$FIX/unsafe.lisp:5:5: error: the kernel verifier refused unsafe_read: reads or writes 1 byte at offset 20 of the packet, but the bounds check before it covers 0 bytes" ]
	[[ "$output" != *"invalid access to packet"* ]]
	run wh-load run "$TMP/unsafe.o" --attach unsafe-read:xdp=lo --duration 1
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "$FIX/unsafe.lisp:5:5: error: the kernel verifier refused unsafe_read: reads or writes 1 byte at offset 20 of the packet, but the bounds check before it covers 0 bytes" ]
}

# refused NAME LINE:COL WHAT NOTE: tests/wh-load/refused/NAME.lisp,
# compiled without wh-opt's refusals, is refused by the kernel and
# explained at LINE:COL (the form the comment in the file names) with a
# caret under the column, WHAT and the NOTE.
refused() {
	local src="$FIX/refused/$1.lisp"
	WH_OPT="wh-opt --no-refuse" whistler compile "$src" -o "$TMP/$1.o"
	run wh-load check "$TMP/$1.o"
	echo "$output"
	[ "$status" -eq 1 ]
	local line=${2%%:*} col=${2#*:}
	[[ "${lines[0]}" == "$src:$2: error: the kernel verifier refused "*": $3" ]]
	[ "${lines[1]}" = "$(printf '%5d | %s' "$line" "$(sed -n "${line}p" "$src")")" ]
	[ "${lines[2]}" = "      | $(printf "%$((col - 1))s")^" ]
	[ "${lines[3]}" = "$src:$2: note: $4" ]
	[[ "${lines[4]}" == "wh-load: $TMP/$1.o: program "*": the verifier rejected it: "* ]]
	[ "${#lines[@]}" -eq 5 ]
}

@test "refusal explained: a TC program's packet read is covered by with-tc-packet" {
	require_kernel
	# (load u32 data 14) reads bytes 14..17: :min-len 18
	refused tc-packet 5:5 "reads or writes 4 bytes at offset 14 of the packet, but the bounds check before it covers 0 bytes" \
		"check the length first: (with-tc-packet (data data-end :min-len 18) ...) covers bytes 0 to 17"
}

@test "refusal explained: a map value used without a null check" {
	require_kernel
	refused null-map 6:5 "a map value is used before it is checked for null (a lookup gives 0 when the key is absent)" \
		"test it first: (let ((v (getmap MAP KEY))) (when v ...))"
}

@test "refusal explained: a ring-buffer record used without a null check" {
	require_kernel
	refused null-ring 6:5 "the record ringbuf-reserve returned is used before it is checked for null (the reservation fails when the buffer is full)" \
		"use it under (when RECORD ...), or reserve with with-ringbuf, which checks it"
}

@test "refusal explained: an unreleased ring-buffer reservation, at the reserve" {
	require_kernel
	refused unreleased 5:12 "what ringbuf-reserve returns here is neither submitted nor discarded on some path to the exit" \
		"call ringbuf-submit or ringbuf-discard on every path where the reservation succeeded, or use with-ringbuf, which does"
}

@test "refusal explained: a stack access out of bounds" {
	require_kernel
	# (the kernel lets root read uninitialised stack: not a refusal here)
	refused stack 6:5 "an access of 8 bytes at stack offset 8, outside what the program's stack objects hold (the frame is the 512 bytes below r10)" \
		"keep loads and stores inside the stack-alloc or struct they go through (its size, less the access's width)"
}

@test "refusal explained: a pointer stored into fewer than 8 bytes of the stack" {
	require_kernel
	refused spill 7:11 "a pointer is stored into fewer than 8 bytes of the stack (the kernel keeps pointers on the stack only as whole 8-byte slots)" \
		"store it into a u64 field"
}

@test "refusal explained: a helper argument of the wrong type" {
	require_kernel
	refused helper-arg 5:7 "argument 2 of map-lookup-elem is the packet's end (xdp-data-end), which it does not take" \
		"pass a pointer to memory that holds the key or data (a stack-alloc, a struct made with make-NAME, or a checked map value)"
}

@test "refusal explained: a GPL-only helper without a GPL license" {
	require_kernel
	refused gpl 3:3 'trace-printk is a GPL-only helper and the license is "MIT"' \
		'give a GPL-compatible license: (defprog NAME (... :license "GPL") ...)'
}

@test "refusal explained: a program too complex for the verifier" {
	require_kernel
	refused complex 7:13 "the verifier gave up: too many paths or jumps to follow" \
		"make loops shorter (a smaller dotimes count), keep fewer branches inside them, or split the work across programs with tail calls"
}

# refused_asm NAME BODY: assemble BODY (printf %b) as program NAME whose
# .loc lines point into tests/wh-load/refused/hand-written.lisp.
refused_asm() {
	printf "#!asm\n.file \"%s\"\n.license \"GPL\"\n.prog %s type=xdp section=\"xdp\" @4:1\n$2" \
		"$FIX/refused/hand-written.lisp" "$1" >"$TMP/$1.asm"
	wh-elf "$TMP/$1.asm" -o "$TMP/$1.o"
	run wh-load check "$TMP/$1.o"
	echo "$output"
	[ "$status" -eq 1 ]
}

@test "refusal explained: an unbounded loop, and R0 not set at exit (hand-written assembly)" {
	require_kernel
	local src="$FIX/refused/hand-written.lisp"
	refused_asm spin '\t.loc 4:1\n\tr0 = 0\ntop:\n\t.loc 5:3\n\tif r0 == 0 goto top\n\texit\n'
	[ "${lines[0]}" = "$src:5:3: error: the kernel verifier refused spin: a loop the verifier cannot prove to end" ]
	[ "${lines[1]}" = "    5 |   (loop-forever)" ]
	[ "${lines[2]}" = "      |   ^" ]
	[ "${lines[3]}" = "$src:5:3: note: give it a constant bound: (dotimes (i N) ...)" ]
	refused_asm no_value '\t.loc 6:3\n\texit\n'
	[ "${lines[0]}" = "$src:6:3: error: the kernel verifier refused no_value: the program exits without setting its return value (R0)" ]
	[ "${lines[2]}" = "      |   ^" ]
	[ "${lines[3]}" = "$src:6:3: note: end the program's body with a value, such as XDP_PASS" ]
}

@test "a refusal the explainer does not know keeps the kernel's log" {
	require_kernel
	# an unreachable instruction: no class of explain.c names it
	printf '#!asm\n.license "GPL"\n.prog odd type=xdp section="xdp"\n\tr0 = 0\n\texit\n\texit\n' >"$TMP/odd.asm"
	wh-elf "$TMP/odd.asm" -o "$TMP/odd.o"
	run wh-load check "$TMP/odd.o"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "unreachable insn 2" ]
	[[ "$output" != *"error: the kernel verifier refused"* ]]
}

# ---- test: the packet after the run, ring buffer events ----

@test "test --data-out prints the packet as the program left it" {
	require_kernel
	fixture ring
	run wh-load test "$TMP/ring.o" xdp_mark --hex "$PKT14" --data-out
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "retval: 3" ]
	[ "${lines[2]}" = "data_out: ff0102030405060708090a0b0c0d" ]
	run wh-load test "$TMP/ring.o" xdp_mark --hex "$PKT14" --data-out -j
	[[ "$output" == *'"data_out":"ff0102030405060708090a0b0c0d"'* ]]
	run wh-load test "$TMP/ring.o" xdp_mark --hex "$PKT14" --data-out="$TMP/out.bin"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "$(od -An -tx1 "$TMP/out.bin" | tr -d ' \n')" = ff0102030405060708090a0b0c0d ]
	# without the option the packet is not shown
	run wh-load test "$TMP/ring.o" xdp_mark --hex "$PKT14"
	[[ "$output" != *data_out* ]]
}

@test "test --events: submitted events decoded from BTF, discarded ones skipped" {
	require_kernel
	fixture ring
	run wh-load test "$TMP/ring.o" ring_events --hex "$PKT14" --repeat 5 --events events=event
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 5 ]
	[ "${lines[2]}" = 'events: {seq=1 neg=-1 comm="run" color=GREEN low=1 high=17 at={x=10 y=65535} bytes=[1 0 255]}' ]
	[ "${lines[3]}" = 'events: {seq=3 neg=-3 comm="run" color=BLUE low=3 high=17 at={x=30 y=65535} bytes=[1 0 255]}' ]
	[ "${lines[4]}" = 'events: {seq=5 neg=-5 comm="run" color=7 low=5 high=17 at={x=50 y=65535} bytes=[1 0 255]}' ]
}

@test "test --events -j: events as JSON objects, in order" {
	require_kernel
	require_tool python3
	fixture ring
	wh-load test "$TMP/ring.o" ring_events --hex "$PKT14" --repeat 4 \
		--events events=event --dump last -j >"$TMP/out.json"
	python3 - "$TMP/out.json" <<'PY'
import json, sys
o = json.load(open(sys.argv[1]))
ev = o["events"]["events"]
assert [e["seq"] for e in ev] == [1, 3], ev
assert ev[0] == {"seq": 1, "neg": -1, "comm": "run", "color": "GREEN", "low": 1,
                 "high": 17, "at": {"x": 10, "y": 65535}, "bytes": [1, 0, 255]}, ev[0]
last = o["maps"]["last"][0]
assert last["key"] == 0 and last["formatted"]["value"]["seq"] == 3, last
assert last["formatted"]["value"]["color"] == "BLUE", last
PY
}

@test "test --events without a struct: raw bytes; a Lisp object's ring buffer" {
	require_kernel
	whistler compile "$ROOT/tests/programs/ringbuf-xdp.lisp" -o "$TMP/rb.o"
	run wh-load test "$TMP/rb.o" ringbuf-xdp --hex "$PKT14" --repeat 2 --events events
	echo "$output"
	[ "$status" -eq 0 ]
	# per run: the with-ringbuf event {1,2,3} and ringbuf-output's {9,0,0};
	# the raw reservation is discarded
	[ "${#lines[@]}" -eq 6 ]
	[ "${lines[2]}" = "events: 01 00 00 00 02 00 00 00 03 00 00 00" ]
	[ "${lines[3]}" = "events: 09 00 00 00 00 00 00 00 00 00 00 00" ]
	[ "${lines[4]}" = "${lines[2]}" ]
	[ "${lines[5]}" = "${lines[3]}" ]
}

@test "test --events errors: not a ring buffer, no such struct, no such map" {
	require_kernel
	fixture ring
	run wh-load test "$TMP/ring.o" ring_events --hex "$PKT14" --events seq
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"--events seq: map seq is not a ring buffer"* ]]
	run wh-load test "$TMP/ring.o" ring_events --hex "$PKT14" --events events=nope
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"no struct, union, typedef or enum named 'nope'"* ]]
	run wh-load test "$TMP/ring.o" ring_events --hex "$PKT14" --events nope
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"no map 'nope'"* ]]
}

# ---- pin ----

@test "pin: every map and program under DIR, all of them usable" {
	pin_dir
	require_tool bpftool
	fixture ring
	run wh-load pin "$TMP/ring.o" "$PIN"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"map events: $PIN/events"* ]]
	[ "${lines[-1]}" = "program xdp_mark: $PIN/xdp_mark" ]
	[ "$(ls "$PIN" | tr '\n' ' ')" = "events last pcpu points ring_events seq xdp_mark " ]
	run bpftool -j prog show pinned "$PIN/ring_events"
	[[ "$output" == *'"name":"ring_events"'* ]]
	# the pinned program uses the pinned maps: the run counter is shared
	head -c 14 /dev/zero >"$TMP/pkt"
	bpftool prog run pinned "$PIN/ring_events" data_in "$TMP/pkt" repeat 2 >/dev/null
	run wh-load map lookup "$PIN/seq" 0
	[ "$output" = "seq[0] = 2" ]
}

@test "pin -j prints the paths as JSON" {
	pin_dir
	require_tool python3
	fixture xdp_count
	wh-load pin -j "$TMP/xdp_count.o" "$PIN" >"$TMP/out.json"
	python3 - "$TMP/out.json" "$PIN" <<'PY'
import json, sys
o, d = json.load(open(sys.argv[1])), sys.argv[2]
assert o == {"maps": {"pkt_count": d + "/pkt_count"},
             "programs": {"count_packets": d + "/count_packets"}}, o
PY
}

@test "pin errors: not on bpffs, missing parent, pinned twice, a rejected program" {
	pin_dir
	fixture xdp_count
	fixture bad_read
	run wh-load pin "$TMP/xdp_count.o" "$TMP/pins"
	echo "$output"
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"$TMP/pins: $TMP is not on a BPF filesystem (mount one with"* ]]
	[ ! -e "$TMP/pins" ]
	run wh-load pin "$TMP/xdp_count.o" "$TMP"
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"$TMP: not on a BPF filesystem"* ]]
	run wh-load pin "$TMP/xdp_count.o" "$PIN/a/b"
	[ "$status" -eq 1 ]
	one_error_line
	# pinned twice: the second refuses, the first stays whole
	run wh-load pin "$TMP/xdp_count.o" "$PIN"
	[ "$status" -eq 0 ]
	run wh-load pin "$TMP/xdp_count.o" "$PIN"
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"$PIN/pkt_count: cannot pin: a file of that name exists"* ]]
	[ "$(ls "$PIN" | tr '\n' ' ')" = "count_packets pkt_count " ]
	# a program the verifier refuses: nothing is pinned, DIR is not left
	run wh-load pin "$TMP/bad_read.o" "$PIN/rejected"
	[ ! -e "$PIN/rejected" ]
	[ "$status" -eq 1 ]
	[[ "$output" == *"invalid access to packet"* ]]
	[[ "${lines[-1]}" == *"program bad_read: the verifier rejected it"* ]]
}

# ---- map operations on pinned maps ----

@test "map update/lookup/delete/getnext/dump on a pinned hash, flags honoured" {
	pin_dir
	fixture ring
	wh-load pin "$TMP/ring.o" "$PIN" >/dev/null
	local m=$PIN/points
	run wh-load map dump "$m"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run wh-load map getnext "$m"
	[ "$status" -eq 1 ]
	[[ "$output" == *"the map is empty"* ]]
	run wh-load map update "$m" 7 "x=1 y=2"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	run wh-load map update "$m" 7 "x=5" --noexist
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"update failed: File exists"* ]]
	run wh-load map update "$m" 8 "{x=3, y=4}" --exist
	[ "$status" -eq 1 ]
	[[ "$output" == *"update failed: No such file or directory"* ]]
	run wh-load map update "$m" 8 "hex:03000400" --noexist
	[ "$status" -eq 0 ]
	run wh-load map update "$m" 7 "09 00 0a 00" --exist
	[ "$status" -eq 0 ]
	run wh-load map lookup "$m" 7
	[ "$output" = "points[7] = {x=9 y=10}" ]
	run wh-load map lookup "$m" 0x8
	[ "$output" = "points[8] = {x=3 y=4}" ]
	run wh-load map dump "$m"
	[ "${#lines[@]}" -eq 2 ]
	[[ "$output" == *"points[7] = {x=9 y=10}"* && "$output" == *"points[8] = {x=3 y=4}"* ]]
	# getnext walks every key once
	local first second
	first=$(wh-load map getnext "$m")
	second=$(wh-load map getnext "$m" "${first#next_key: }")
	[ "$(printf '%s\n%s\n' "${first#next_key: }" "${second#next_key: }" | sort | tr '\n' ' ')" = "7 8 " ]
	run wh-load map getnext "$m" "${second#next_key: }"
	[ "$status" -eq 1 ]
	[[ "$output" == *"no key after"* ]]
	run wh-load map delete "$m" 7
	[ "$status" -eq 0 ]
	run wh-load map delete "$m" 7
	[ "$status" -eq 1 ]
	one_error_line
	run wh-load map lookup "$m" 7
	[ "$status" -eq 1 ]
	one_error_line
	[[ "$output" == *"points: no entry for key 7"* ]]
}

@test "map -j: entries decoded with the map's BTF read back from the kernel" {
	pin_dir
	require_tool python3
	fixture ring
	wh-load pin "$TMP/ring.o" "$PIN" >/dev/null
	wh-load map update "$PIN/last" 0 'seq=42 neg=-7 comm=hello color=BLUE low=6 high=30'
	run wh-load map lookup "$PIN/last" 0
	echo "$output"
	[ "$output" = 'last[0] = {seq=42 neg=-7 comm="hello" color=BLUE low=6 high=30 at={x=0 y=0} bytes=[0 0 0]}' ]
	wh-load map dump -j "$PIN/last" >"$TMP/dump.json"
	wh-load map getnext -j "$PIN/last" >"$TMP/next.json"
	python3 - "$TMP/dump.json" "$TMP/next.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 1 and d[0]["key"] == 0, d
v = d[0]["formatted"]["value"]
assert v["seq"] == 42 and v["neg"] == -7 and v["comm"] == "hello" and v["color"] == "BLUE", v
assert isinstance(d[0]["value"], str), d      # raw bytes, as test --dump prints them
assert json.load(open(sys.argv[2])) == {"key": None, "next_key": 0}
PY
}

@test "map on a per-CPU hash: one value per possible CPU, 8-byte slots" {
	pin_dir
	require_tool python3
	fixture ring
	wh-load pin "$TMP/ring.o" "$PIN" >/dev/null
	local ncpu
	ncpu=$(python3 -c 'import re; s=open("/sys/devices/system/cpu/possible").read(); print(max(int(x) for x in re.split("[-,]", s.strip())) + 1)')
	wh-load map update "$PIN/pcpu" 5 42
	run wh-load map lookup "$PIN/pcpu" 5
	[ "$output" = "pcpu[5] = $((42 * ncpu))" ]
	run wh-load map lookup -j "$PIN/pcpu" 5
	echo "$output"
	python3 -c 'import json,sys; o=json.loads(sys.argv[1]); n=int(sys.argv[2]); assert o["values"] == [42]*n and o["value"] == 42*n, o' "$output" "$ncpu"
	# the program's own update, from a test run of the pinned program
	head -c 14 /dev/zero >"$TMP/pkt"
	bpftool prog run pinned "$PIN/ring_events" data_in "$TMP/pkt" >/dev/null
	run wh-load map lookup -j "$PIN/pcpu" 0
	python3 -c 'import json,sys; o=json.loads(sys.argv[1]); assert sorted(o["values"])[-1] == 1 and o["value"] == 1, o' "$output"
}

@test "map errors: bad keys and values, wrong files, ring buffers" {
	pin_dir
	fixture ring
	wh-load pin "$TMP/ring.o" "$PIN" >/dev/null
	local cases=(
		"lookup $PIN/points 4294967296|key 4294967296: 4294967296 does not fit in 32 bits"
		"lookup $PIN/points x1|key x1: 'x1' is not an integer"
		"lookup $PIN/points 01:02|key 01:02: 2 bytes where 4 are needed"
		"update $PIN/points 1 z=1|value z=1: no member 'z'"
		"update $PIN/points 1 x=70000|value x=70000: member 'x': 70000 does not fit in 16 bits"
		"update $PIN/last 0 comm=waytoolongname|member 'comm': 'waytoolongname' is longer than 8 bytes"
		"update $PIN/seq 0 a=1|NAME=VALUE needs a struct type from BTF"
		"dump $PIN/events|map events: a ring buffer has no keys: nothing to dump"
		"dump $PIN/ring_events|$PIN/ring_events: not a map (a pinned program?)"
		"dump $PIN/nope|$PIN/nope: cannot open the pinned object: No such file or directory"
		"dump $TMP|$TMP: not on a BPF filesystem"
	)
	local c
	for c in "${cases[@]}"; do
		run wh-load map ${c%%|*}
		echo "${c%%|*} -> $status: $output"
		[ "$status" -eq 1 ]
		one_error_line
		[[ "$output" == *"${c#*|}"* ]]
	done
}
