#!/usr/bin/env bats
# deftracepoint and import-kernel-struct: the accessors wh-expand defines
# from tracefs format files and from BTF, checked through the
# WH_DUMP_ACCESSORS=1 lines, against the fixtures in tests/kernel-types/
# (a fake tracefs tree; sample.btf is clang's .BTF for sample.c) and
# against this machine's /sys/kernel/btf/vmlinux; and every error.
load helper

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

K="$BATS_TEST_DIRNAME/kernel-types"

# expand 'SOURCE' [VAR=VALUE...]: read SOURCE and expand it with the
# fixtures; the core output goes to $TMP/out.core, stderr to $output.
expand() {
	printf '%s\n' "$1" >"$TMP/p.lisp"
	shift
	wh-read "$TMP/p.lisp" >"$TMP/p.sx"
	rm -f "$TMP/out.core"
	run env WH_TRACEFS="$K/tracefs" WH_VMLINUX="$K/sample.btf" \
		WH_DUMP_ACCESSORS=1 "$@" wh-expand "$TMP/p.sx" -o "$TMP/out.core"
}

# Exactly one line, an error matching the pattern $1 at column $2 of line
# 1 (default 1: the form; else the atom at fault), exit 1 and no output
# file.
one_error() {
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "$TMP/p.lisp:1:${2:-1}: error: "$1 ]]
	[ ! -e "$TMP/out.core" ]
}

same() {	# same EXPECTED-TEXT: $output equals it line for line
	diff -u <(printf '%s\n' "$1") <(printf '%s\n' "$output")
}

# Little-endian u32 VALUE written at byte OFFSET of FILE.
patch_u32() {
	local v=$3 esc
	esc=$(printf '\\%03o\\%03o\\%03o\\%03o' $((v & 255)) $((v >> 8 & 255)) \
		$((v >> 16 & 255)) $((v >> 24 & 255)))
	printf "$esc" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# ---- deftracepoint ----

@test "deftracepoint: named fields of sched_process_fork (signed, offsets from the file)" {
	expand '(deftracepoint sched/sched-process-fork parent-pid child-pid)'
	[ "$status" -eq 0 ]
	same "accessor tp-parent-pid ACC_TP_FIELD width=4 signed=1 offset=12 count=0 tag=- result=-
accessor tp-child-pid ACC_TP_FIELD width=4 signed=1 offset=20 count=0 tag=- result=-"
}

@test "deftracepoint: no field list takes every non-common field; __data_loc is a u32" {
	expand '(deftracepoint sched/sched-process-fork)'
	[ "$status" -eq 0 ]
	same "accessor tp-parent-comm ACC_TP_FIELD width=4 signed=0 offset=8 count=0 tag=- result=-
accessor tp-parent-pid ACC_TP_FIELD width=4 signed=1 offset=12 count=0 tag=- result=-
accessor tp-child-comm ACC_TP_FIELD width=4 signed=0 offset=16 count=0 tag=- result=-
accessor tp-child-pid ACC_TP_FIELD width=4 signed=1 offset=20 count=0 tag=- result=-"
}

@test "deftracepoint: sched_switch arrays get an element accessor and -ptr" {
	expand '(deftracepoint sched/sched-switch)'
	[ "$status" -eq 0 ]
	same "accessor tp-prev-comm ACC_TP_FIELD width=1 signed=0 offset=8 count=16 tag=- result=-
accessor tp-prev-comm-ptr ACC_TP_PTR width=0 signed=0 offset=8 count=16 tag=- result=-
accessor tp-prev-pid ACC_TP_FIELD width=4 signed=1 offset=24 count=0 tag=- result=-
accessor tp-prev-prio ACC_TP_FIELD width=4 signed=1 offset=28 count=0 tag=- result=-
accessor tp-prev-state ACC_TP_FIELD width=8 signed=1 offset=32 count=0 tag=- result=-
accessor tp-next-comm ACC_TP_FIELD width=1 signed=0 offset=40 count=16 tag=- result=-
accessor tp-next-comm-ptr ACC_TP_PTR width=0 signed=0 offset=40 count=16 tag=- result=-
accessor tp-next-pid ACC_TP_FIELD width=4 signed=1 offset=56 count=0 tag=- result=-
accessor tp-next-prio ACC_TP_FIELD width=4 signed=1 offset=60 count=0 tag=- result=-"
}

@test "deftracepoint: hyphens become underscores in the category too; u64 arrays" {
	expand '(deftracepoint raw-syscalls/sys-enter)'
	[ "$status" -eq 0 ]
	same "accessor tp-id ACC_TP_FIELD width=8 signed=1 offset=8 count=0 tag=- result=-
accessor tp-args ACC_TP_FIELD width=8 signed=0 offset=16 count=6 tag=- result=-
accessor tp-args-ptr ACC_TP_PTR width=0 signed=0 offset=16 count=6 tag=- result=-"
}

@test "deftracepoint: symbolic and 2-D dimensions, struct-sized, __rel_loc, flexible array" {
	expand '(deftracepoint legacy/mixed-fields)'
	[ "$status" -eq 0 ]
	same "accessor tp-pid ACC_TP_FIELD width=4 signed=1 offset=8 count=0 tag=- result=-
accessor tp-comm ACC_TP_FIELD width=1 signed=0 offset=12 count=16 tag=- result=-
accessor tp-comm-ptr ACC_TP_PTR width=0 signed=0 offset=12 count=16 tag=- result=-
accessor tp-clone-flags ACC_TP_FIELD width=8 signed=0 offset=32 count=0 tag=- result=-
accessor tp-oom-score-adj ACC_TP_FIELD width=2 signed=1 offset=40 count=0 tag=- result=-
accessor tp-ts-ptr ACC_TP_PTR width=0 signed=0 offset=48 count=0 tag=- result=-
accessor tp-path ACC_TP_FIELD width=4 signed=0 offset=64 count=0 tag=- result=-
accessor tp-ports ACC_TP_FIELD width=2 signed=0 offset=68 count=6 tag=- result=-
accessor tp-ports-ptr ACC_TP_PTR width=0 signed=0 offset=68 count=6 tag=- result=-
accessor tp-buf-ptr ACC_TP_PTR width=0 signed=0 offset=80 count=0 tag=- result=-"
}

@test "deftracepoint: a common_ field is imported when named" {
	expand '(deftracepoint sched/sched-switch common-pid next-pid)'
	[ "$status" -eq 0 ]
	same "accessor tp-common-pid ACC_TP_FIELD width=4 signed=1 offset=4 count=0 tag=- result=-
accessor tp-next-pid ACC_TP_FIELD width=4 signed=1 offset=56 count=0 tag=- result=-"
}

@test "deftracepoint: an unknown field is an error listing the fields" {
	expand '(deftracepoint sched/sched-process-fork parent-pid bogus-pid)'
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 2 ]    # the dump of parent-pid, then the error
	[[ "${lines[1]}" == "$TMP/p.lisp:1:52: error: deftracepoint sched/sched-process-fork: no field 'bogus-pid' in $K/tracefs/events/sched/sched_process_fork/format (its fields: common-type common-flags common-preempt-count common-pid parent-comm parent-pid child-comm child-pid)" ]]
	[ ! -e "$TMP/out.core" ]
}

@test "deftracepoint: a missing format file names the path and the chmod hint" {
	expand '(deftracepoint sched/no-such-event)'
	one_error "deftracepoint sched/no-such-event: cannot read the tracepoint format file ($K/tracefs/events/sched/no_such_event/format: No such file or directory); is tracefs mounted and the file readable? (make it readable with: sudo chmod a+r $K/tracefs/events/sched/no_such_event/format)" 16
}

@test "deftracepoint: without WH_TRACEFS both kernel paths are tried" {
	printf '(deftracepoint no-such-category/no-such-event)\n' >"$TMP/p.lisp"
	wh-read "$TMP/p.lisp" >"$TMP/p.sx"
	run env -u WH_TRACEFS wh-expand "$TMP/p.sx" -o "$TMP/out.core"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"error: deftracepoint no-such-category/no-such-event: cannot read the tracepoint format file (/sys/kernel/tracing/events/no_such_category/no_such_event/format: "*"; /sys/kernel/debug/tracing/events/no_such_category/no_such_event/format: "* ]]
	[[ "$output" == *"sudo chmod a+r /sys/kernel/tracing/events/no_such_category/no_such_event/format)" ]]
}

@test "deftracepoint: an unreadable format file (not root)" {
	[ "$(id -u)" != 0 ] || skip "root reads any file"
	mkdir -p "$TMP/tfs/events/a/b"
	cp "$K/tracefs/events/sched/sched_switch/format" "$TMP/tfs/events/a/b/format"
	chmod 000 "$TMP/tfs/events/a/b/format"
	expand '(deftracepoint a/b)' WH_TRACEFS="$TMP/tfs"
	one_error "deftracepoint a/b: cannot read the tracepoint format file ($TMP/tfs/events/a/b/format: Permission denied)*sudo chmod a+r*" 16
}

@test "deftracepoint: a malformed field line names the file and line" {
	expand '(deftracepoint legacy/broken)'
	one_error "deftracepoint legacy/broken: $K/tracefs/events/legacy/broken/format:7: malformed field line 'field:int bad; offset:twelve; size:4; signed:1;'" 16
}

@test "deftracepoint: the name must be category/event-name" {
	expand '(deftracepoint sched-switch)'
	one_error "deftracepoint: expected category/event-name such as sched/sched-switch, got sched-switch" 16
	expand '(deftracepoint "sched/sched-switch")'
	one_error "deftracepoint: expected category/event-name such as sched/sched-switch, got \"sched/sched-switch\"" 16
	expand '(deftracepoint sched/../sched)'
	one_error "deftracepoint: expected category/event-name such as sched/sched-switch, got sched/../sched" 16
	expand '(deftracepoint)'
	one_error "deftracepoint: expected a name, then optional field names"
	expand '(deftracepoint sched/sched-switch 3)'
	one_error "deftracepoint: a field name must be a symbol, got 3" 35
}

@test "deftracepoint: this machine's tracefs, if mounted and readable" {
	local f=/sys/kernel/tracing/events/sched/sched_switch/format
	[ -r "$f" ] || skip "$f not readable (tracefs not mounted here)"
	local want
	want=$(awk -F'\t' '/ prev_pid;/ { sub("offset:", "", $3); sub(";", "", $3); print $3 }' "$f")
	expand '(deftracepoint sched/sched-switch prev-pid)' WH_TRACEFS=
	[ "$status" -eq 0 ]
	[[ "$output" == "accessor tp-prev-pid ACC_TP_FIELD width=4 signed=1 offset=$want count=0 "* ]]
}

# ---- import-kernel-struct on the fixture ----

@test "import-kernel-struct: every member kind of the sample struct" {
	expand '(import-kernel-struct sample)'
	[ "$status" -eq 0 ]
	# flag and mode (bitfields) are skipped; the anonymous union and the
	# anonymous struct (with a union inside) are flattened.
	same "accessor sample-c ACC_KERNEL_FIELD width=1 signed=1 offset=0 count=0 tag=sample result=-
accessor sample-us ACC_KERNEL_FIELD width=2 signed=0 offset=2 count=0 tag=sample result=-
accessor sample-i ACC_KERNEL_FIELD width=4 signed=1 offset=4 count=0 tag=sample result=-
accessor sample-u ACC_KERNEL_FIELD width=4 signed=0 offset=8 count=0 tag=sample result=-
accessor sample-ll ACC_KERNEL_FIELD width=8 signed=1 offset=16 count=0 tag=sample result=-
accessor sample-cvl ACC_KERNEL_FIELD width=8 signed=0 offset=24 count=0 tag=sample result=-
accessor sample-optr ACC_KERNEL_FIELD width=8 signed=0 offset=32 count=0 tag=sample result=other
accessor sample-emb ACC_KERNEL_PTR width=0 signed=0 offset=40 count=0 tag=sample result=inner
accessor sample-name ACC_KERNEL_PTR width=1 signed=0 offset=44 count=16 tag=sample result=-
accessor sample-grid ACC_KERNEL_PTR width=0 signed=0 offset=60 count=2 tag=sample result=-
accessor sample-ui ACC_KERNEL_FIELD width=4 signed=1 offset=84 count=0 tag=sample result=-
accessor sample-uc ACC_KERNEL_PTR width=1 signed=0 offset=84 count=4 tag=sample result=-
accessor sample-s1 ACC_KERNEL_FIELD width=2 signed=1 offset=88 count=0 tag=sample result=-
accessor sample-s2 ACC_KERNEL_FIELD width=2 signed=1 offset=90 count=0 tag=sample result=-
accessor sample-s3 ACC_KERNEL_FIELD width=2 signed=0 offset=90 count=0 tag=sample result=-
accessor sample-col ACC_KERNEL_FIELD width=4 signed=0 offset=96 count=0 tag=sample result=-
accessor sample-sg ACC_KERNEL_FIELD width=4 signed=0 offset=100 count=0 tag=sample result=-
accessor sample-vp ACC_KERNEL_FIELD width=8 signed=0 offset=104 count=0 tag=sample result=-
accessor sample-fp ACC_KERNEL_FIELD width=8 signed=0 offset=112 count=0 tag=sample result=fwd-only
accessor sample-fn ACC_KERNEL_FIELD width=8 signed=0 offset=120 count=0 tag=sample result=-
accessor sample-next ACC_KERNEL_FIELD width=8 signed=0 offset=128 count=0 tag=sample result=sample
accessor sample-ok ACC_KERNEL_FIELD width=1 signed=0 offset=136 count=0 tag=sample result=-
accessor sample-up ACC_KERNEL_FIELD width=8 signed=0 offset=144 count=0 tag=sample result=-
accessor sample-named-u ACC_KERNEL_PTR width=0 signed=0 offset=152 count=0 tag=sample result=-
accessor sample-rp ACC_KERNEL_FIELD width=8 signed=0 offset=160 count=0 tag=sample result=-
accessor sample-tail ACC_KERNEL_PTR width=1 signed=0 offset=168 count=0 tag=sample result=-
constant +sample-size+ 168
accessor as-sample ACC_KERNEL_CAST width=0 signed=0 offset=0 count=0 tag=- result=sample"
}

@test "import-kernel-struct: listed fields only, in the order given; a union; twice in one run" {
	expand '(import-kernel-struct sample next s3 name)
(import-kernel-struct u-only o)'
	[ "$status" -eq 0 ]
	same "accessor sample-next ACC_KERNEL_FIELD width=8 signed=0 offset=128 count=0 tag=sample result=sample
accessor sample-s3 ACC_KERNEL_FIELD width=2 signed=0 offset=90 count=0 tag=sample result=-
accessor sample-name ACC_KERNEL_PTR width=1 signed=0 offset=44 count=16 tag=sample result=-
constant +sample-size+ 168
accessor as-sample ACC_KERNEL_CAST width=0 signed=0 offset=0 count=0 tag=- result=sample
accessor u-only-o ACC_KERNEL_PTR width=0 signed=0 offset=0 count=0 tag=u-only result=other
constant +u-only-size+ 16
accessor as-u-only ACC_KERNEL_CAST width=0 signed=0 offset=0 count=0 tag=- result=u-only"
}

@test "import-kernel-struct: a program without it never reads the BTF" {
	expand '(deftracepoint sched/sched-process-fork child-pid)' WH_VMLINUX=/nonexistent
	[ "$status" -eq 0 ]
}

@test "import-kernel-struct: unknown struct, unknown field, bitfield" {
	expand '(import-kernel-struct no-such-struct)'
	one_error "import-kernel-struct: no struct or union named 'no_such_struct' in $K/sample.btf" 23
	expand '(import-kernel-struct sample i bogus)'
	[ "$status" -eq 1 ]
	[[ "${lines[1]}" == "$TMP/p.lisp:1:32: error: import-kernel-struct: sample has no field 'bogus'" ]]
	expand '(import-kernel-struct sample mode)'
	one_error "import-kernel-struct: sample.mode is a bitfield; bitfields are not supported" 30
	expand '(import-kernel-struct "sample")'
	one_error "import-kernel-struct: expected a struct name such as task-struct, got \"sample\"" 23
}

@test "import-kernel-struct: a missing or non-BTF file" {
	expand '(import-kernel-struct sample)' WH_VMLINUX="$TMP/none"
	one_error "import-kernel-struct: cannot read the kernel's BTF $TMP/none: No such file or directory (kernels built with CONFIG_DEBUG_INFO_BTF provide /sys/kernel/btf/vmlinux; WH_VMLINUX names another raw BTF file)"
	expand '(import-kernel-struct sample)' WH_VMLINUX="$TMP"
	one_error "import-kernel-struct: cannot read the kernel's BTF $TMP: Is a directory (*)"
	printf '\177ELF\2\1\1' >"$TMP/elf"
	expand '(import-kernel-struct sample)' WH_VMLINUX="$TMP/elf"
	one_error "import-kernel-struct: $TMP/elf is an ELF file; it needs raw BTF such as /sys/kernel/btf/vmlinux"
}

@test "import-kernel-struct: an unreadable BTF file (not root)" {
	[ "$(id -u)" != 0 ] || skip "root reads any file"
	cp "$K/sample.btf" "$TMP/locked.btf"
	chmod 000 "$TMP/locked.btf"
	expand '(import-kernel-struct sample)' WH_VMLINUX="$TMP/locked.btf"
	one_error "import-kernel-struct: cannot read the kernel's BTF $TMP/locked.btf: Permission denied (make it readable with: sudo chmod a+r $TMP/locked.btf)"
}

@test "import-kernel-struct: truncated BTF blobs give one error line, never a crash" {
	local size n
	size=$(wc -c <"$K/sample.btf")
	for n in 0 1 23 24 25 36 47 100 800 1227 1228 1229 1400 $((size - 1)); do
		head -c "$n" "$K/sample.btf" >"$TMP/cut.btf"
		expand '(import-kernel-struct sample)' WH_VMLINUX="$TMP/cut.btf"
		echo "cut at $n: $output"
		one_error "import-kernel-struct: $TMP/cut.btf: bad BTF: *"
	done
}

@test "import-kernel-struct: corrupt BTF blobs give one precise error" {
	bad() {	# bad OFFSET VALUE EXPECTED-MESSAGE
		cp "$K/sample.btf" "$TMP/bad.btf"
		patch_u32 "$TMP/bad.btf" "$1" "$2"
		expand '(import-kernel-struct sample)' WH_VMLINUX="$TMP/bad.btf"
		echo "at $1 = $2: $output"
		one_error "import-kernel-struct: $TMP/bad.btf: bad BTF: $3"
	}
	# header: magic, version and flags; hdr_len; str_len; type_len
	bad 0 0x0000eb9f "unsupported version 0"
	bad 0 0x0101eb9f "unsupported flags 0x1"
	bad 0 0x0001abcd "bad magic 0xabcd (not raw BTF)"
	bad 4 4096 "bad header length 4096 in a blob of 1558 bytes"
	bad 20 329 "bad string section (it must start and end with a NUL)"
	bad 20 4000 "string section (4000 bytes at 1204) runs past the end of the blob (1534 bytes after the header)"
	bad 12 4000 "type section (4000 bytes at 0) runs past the end of the blob (1534 bytes after the header)"
	# type 1 (STRUCT sample, at 24): name outside the strings, vlen too
	# large; type 2 (INT char, at 336): unknown kind
	bad 24 0xffff0000 "type 1 has a name outside the string section"
	bad 28 0x8400ffff "type 1 (STRUCT) runs past the end of the type section"
	bad 340 0x1f000000 "type 2 has unknown kind 31"
	# member c of sample (at 36): type id out of range, offset outside
	bad 40 9999 "member 'c' of sample (type 1) refers to type 9999, which does not exist (the last is 45)"
	bad 44 0x00ffff00 "member 'c' of sample (type 1) lies outside it (bit offset 16776960, 168 bytes)"
	# type 7 (TYPEDEF u32_t, at 408) made to point back at type 5 (cu32_t)
	bad 416 5 "member 'u' of sample (type 1): type 5: chain of typedefs and qualifiers too long (a cycle?)"
}

# ---- import-kernel-struct on this machine's kernel ----

vmlinux_dump() {
	[ -r /sys/kernel/btf/vmlinux ] || skip "/sys/kernel/btf/vmlinux not readable"
	command -v bpftool >/dev/null || skip "bpftool not installed (needed to compute expected offsets)"
	bpftool btf dump file /sys/kernel/btf/vmlinux >"$TMP/vmlinux.txt"
}

# bits_offset/8 of a direct member, as bpftool prints it.
bpftool_offset() {
	awk -v s="'$1'" -v f="'$2'" '
		$2 == "STRUCT" && $3 == s { inside = 1; next }
		/^\[/ { if (inside) exit; next }
		inside && $1 == f { sub("bits_offset=", "", $3); print $3 / 8; exit }' "$TMP/vmlinux.txt"
}

bpftool_size() {
	awk -v s="'$1'" '$2 == "STRUCT" && $3 == s { sub("size=", "", $4); print $4; exit }' \
		"$TMP/vmlinux.txt"
}

@test "vmlinux: task_struct pid and tgid offsets and size agree with bpftool" {
	vmlinux_dump
	local pid tgid size
	pid=$(bpftool_offset task_struct pid)
	tgid=$(bpftool_offset task_struct tgid)
	size=$(bpftool_size task_struct)
	[ -n "$pid" ] && [ -n "$tgid" ] && [ -n "$size" ]
	expand '(import-kernel-struct task-struct pid tgid comm)' WH_VMLINUX=
	[ "$status" -eq 0 ]
	same "accessor task-struct-pid ACC_KERNEL_FIELD width=4 signed=1 offset=$pid count=0 tag=task-struct result=-
accessor task-struct-tgid ACC_KERNEL_FIELD width=4 signed=1 offset=$tgid count=0 tag=task-struct result=-
accessor task-struct-comm ACC_KERNEL_PTR width=1 signed=0 offset=$(bpftool_offset task_struct comm) count=16 tag=task-struct result=-
constant +task-struct-size+ $size
accessor as-task-struct ACC_KERNEL_CAST width=0 signed=0 offset=0 count=0 tag=- result=task-struct"
}

@test "vmlinux: the manual's pointer chase task -> mm -> exe_file -> f_path" {
	vmlinux_dump
	expand '(import-kernel-struct task-struct mm)
(import-kernel-struct mm-struct exe-file)
(import-kernel-struct file f-path)' WH_VMLINUX=
	[ "$status" -eq 0 ]
	[[ "$output" == *"accessor task-struct-mm ACC_KERNEL_FIELD width=8 signed=0 offset=$(bpftool_offset task_struct mm) count=0 tag=task-struct result=mm-struct"* ]]
	[[ "$output" == *"accessor mm-struct-exe-file ACC_KERNEL_FIELD width=8 signed=0 offset="*" count=0 tag=mm-struct result=file"* ]]
	[[ "$output" == *"accessor file-f-path ACC_KERNEL_PTR width=0 signed=0 offset="*" count=0 tag=file result=path"* ]]
}

@test "vmlinux: all of task_struct imports, bitfields skipped" {
	vmlinux_dump
	expand '(import-kernel-struct task-struct)' WH_VMLINUX=
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -gt 100 ]
	[[ "$output" == *"accessor task-struct-real-parent ACC_KERNEL_FIELD width=8 signed=0 offset=$(bpftool_offset task_struct real_parent) count=0 tag=task-struct result=task-struct"* ]]
	# in_execve is a bitfield in every kernel with BTF
	[[ "$output" != *"task-struct-in-execve "* ]]
	expand '(import-kernel-struct task-struct in-execve)' WH_VMLINUX=
	one_error "import-kernel-struct: task_struct.in_execve is a bitfield; bitfields are not supported" 35
}
