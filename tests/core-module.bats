#!/usr/bin/env bats
# CO-RE against module BTF. A kernel module's BTF (/sys/kernel/btf/MODULE)
# is split BTF: it continues vmlinux's, its type ids and string offsets
# following the base's. This kernel has no module BTF, so
# tests/core/split-btf.py writes a directory laid out the same way
# (btf/vmlinux and a module's btf/whmod) and a plain BTF the program
# compiles against; `wh-load --btf-dir DIR` relocates against it. The
# program (tests/core/module.lisp) fills a map value with the bytes 0 1 2
# ... 63 and reads wh_mod_stat.count (8 bytes) and .flags (4) from it, so
# the value read says which offset the loader patched in:
#   compile.btf  count at 8:   bytes 8..15  = 0x0f0e0d0c0b0a0908
#   the module   count at 24:  bytes 24..31 = 0x1f1e1d1c1b1a1918
#   base-too     count at 40:  bytes 40..47 = 0x2f2e2d2c2b2a2928
# flags is at 0 everywhere: 0x03020100.
load helper

setup() {
	setup_tmp
	cd "$ROOT"
	C="$BATS_TEST_DIRNAME/core"
	python3 "$C/split-btf.py" "$TMP"
	WH_VMLINUX="$TMP/compile.btf" whistler compile "$C/module.lisp" -o "$TMP/m.o"
}
teardown() { teardown_tmp; }

# run_mod OPTION...: run read-mod once; $count and $flags are what it read
run_mod() {
	run wh-load test "$TMP/m.o" read-mod --hex 000000000000000000000000000000 \
		--dump res "$@"
	echo "$output" >&2
	[ "$status" -eq 0 ]
	count=$(sed -n 's/^res\[0\] = //p' <<<"$output")
	flags=$(sed -n 's/^res\[1\] = //p' <<<"$output")
}

@test "core-module: the generated split BTF is what libbpf reads as split BTF" {
	require_tool bpftool
	run bpftool -B "$TMP/btf/vmlinux" btf dump file "$TMP/btf/whmod"
	[ "$status" -eq 0 ]
	[[ "$output" == "[3] STRUCT 'wh_mod_stat' size=32 vlen=3"* ]]
	[[ "$output" == *"'count' type_id=2 bits_offset=192"* ]]
	# without its base it is no BTF at all
	run bpftool btf dump file "$TMP/btf/whmod"
	[ "$status" -ne 0 ]
}

@test "kernel: core-module: a struct only a module's BTF has is relocated from there" {
	require_kernel
	run_mod --btf-dir "$TMP/btf"
	[ "$count" = $((0x1f1e1d1c1b1a1918)) ]
	[ "$flags" = $((0x03020100)) ]
	# the same through the environment
	WH_LOAD_BTF_DIR="$TMP/btf" run_mod
	[ "$count" = $((0x1f1e1d1c1b1a1918)) ]
	# the compile-time layout, for contrast (so the check above can fail)
	run_mod --btf "$TMP/compile.btf"
	[ "$count" = $((0x0f0e0d0c0b0a0908)) ]
}

@test "kernel: core-module: vmlinux is searched first; a module is not searched then" {
	require_kernel
	rm -r "$TMP/btf"
	python3 "$C/split-btf.py" "$TMP" --base-too
	run_mod --btf-dir "$TMP/btf"
	[ "$count" = $((0x2f2e2d2c2b2a2928)) ]
}

@test "core-module: --btf FILE is used alone, as libbpf does with an overriding vmlinux" {
	run wh-load check "$TMP/m.o" --btf "$TMP/btf/vmlinux"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "wh-load: $TMP/m.o: program read_mod: CO-RE: the target BTF $TMP/btf/vmlinux has no struct wh_mod_stat (read at "*"module.lisp:14:"* ]]
	# a directory without the struct anywhere says so
	rm "$TMP/btf/whmod"
	cp "$TMP/btf/vmlinux" "$TMP/btf/other"
	run wh-load check "$TMP/m.o" --btf-dir "$TMP/btf"
	[ "$status" -eq 1 ]
	[[ "$output" == *"the target BTF $TMP/btf/vmlinux (nor any module's BTF beside it) has no struct wh_mod_stat"* ]]
}

@test "core-module: a module's BTF given alone is refused as split BTF without its base" {
	run wh-load check "$TMP/m.o" --btf "$TMP/btf/whmod"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"$TMP/btf/whmod: bad BTF: bad string section: it does not start with a NUL (split BTF, such as a kernel module's, needs its base: the vmlinux BTF)" ]]
}

@test "core-module: hostile module BTF is one error line, never a crash" {
	local kind want
	for kind in badref badstr nonul truncated; do
		case $kind in
		badref) want="member 'count' of wh_mod_stat (type 3) refers to type 99, which does not exist (the last is 3, the base's included)" ;;
		badstr) want="type 3 (STRUCT): item 2 has a name outside the string sections (the base's and this split BTF's: offsets below 59)" ;;
		nonul) want="bad string section (it must start and end with a NUL)" ;;
		truncated) want="type 3 (STRUCT) runs past the end of the type section" ;;
		esac
		rm -r "$TMP/btf"
		python3 "$C/split-btf.py" "$TMP" --hostile $kind
		run wh-load check "$TMP/m.o" --btf-dir "$TMP/btf"
		echo "$kind: $output" >&2
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		[ "$output" = "wh-load: $TMP/m.o: CO-RE: $TMP/btf/whmod: bad module (split) BTF: $want" ]
	done
}
