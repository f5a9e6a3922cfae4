#!/usr/bin/env bats
# Automatic CO-RE: a program that reads task_struct through
# import-kernel-struct, compiled against a foreign BTF (tests/core/foreign.c,
# whose task_struct has tgid at byte 64 and an 8-byte pid at byte 104, made into raw
# BTF with clang and llvm-objcopy), is relocated to this kernel's layout by
# libbpf (tests/core/libbpf-loader.c), by `wh-load run` and in a `whistler
# run` session: each event's task_struct pid and tgid equal what
# bpf_get_current_pid_tgid() says. Also: the formats carry the relocation
# from core to asm, the object's .BTF and .BTF.ext hold it, a field the
# target lacks is one error line, and hostile CO-RE records are errors.
load helper

setup() {
	setup_tmp
	cd "$ROOT"
	C="$BATS_TEST_DIRNAME/core"
	command -v clang >/dev/null && command -v llvm-objcopy >/dev/null ||
		skip "needs clang and llvm-objcopy"
	clang -g -target bpf -c "$C/foreign.c" -o "$TMP/foreign.o"
	llvm-objcopy --dump-section .BTF="$TMP/foreign.btf" "$TMP/foreign.o"
	cp "$C/pid.lisp" "$TMP/pid.lisp"
	WH_VMLINUX="$TMP/foreign.btf" whistler compile "$TMP/pid.lisp" -o "$TMP/pid.o"
}
teardown() { teardown_tmp; }

# The counters of map res after a run: key 0 counts the events whose tgid
# read from task_struct is the helper's, key 1 the same for pid, key 2 all
# events. Every event must agree, and there must be events.
check_counts() {	# check_counts TGID-MATCHES PID-MATCHES EVENTS
	echo "tgid $1 pid $2 events $3" >&2
	[ "$3" -ge 5 ]
	[ "$1" -eq "$3" ]
	[ "$2" -eq "$3" ]
}

# Call getpid N times in a subprocess, slowly enough for a poller to see.
trigger() {
	python3 -c 'import os, time
for _ in range(40):
    os.getpid(); time.sleep(0.02)'
}

# run_res OBJ [OPTION...]: wh-load run OBJ for 2 s while getpid is called;
# $last is the last print of map res, `val KEY` a value of it.
run_res() {
	local obj=$1
	shift
	( sleep 0.5; trigger ) &
	run wh-load run "$obj" "$@" --print res --duration 2 -j
	wait
	[ "$status" -eq 0 ]
	last=$(grep '"map":"res"' <<<"$output" | tail -1)
}
val() { sed -E "s/.*\"key\":$1,\"value\":([0-9]+).*/\1/" <<<"$last"; }

# libbpf_counts OBJ PROG: load OBJ with tests/core/libbpf-loader.c (libbpf
# relocates), call getpid 30 times, then check_counts on keys 0, 1 and 2.
libbpf_counts() {
	[ -f /usr/include/bpf/libbpf.h ] || skip "libbpf-dev is not installed"
	clang -Wall -Wextra -Werror -O2 "$C/libbpf-loader.c" -lbpf -o "$TMP/loader"
	run "$TMP/loader" "$1" "$2" res 30
	[ "$status" -eq 0 ]
	local a b n
	read -r _ a <<<"${lines[0]}"; read -r _ b <<<"${lines[1]}"; read -r _ n <<<"${lines[2]}"
	check_counts "$a" "$b" "$n"
}

@test "core: the relocation travels core -> ssa -> mir -> asm with the foreign offsets" {
	export WH_VMLINUX="$TMP/foreign.btf"
	run whistler compile --emit=core "$TMP/pid.lisp"
	[ "$status" -eq 0 ]
	[[ "$output" == *"(core byte_off task_struct tgid 64)"* ]]
	[[ "$output" == *"(core byte_off task_struct pid 104)"* ]]
	[[ "$output" == *"(core byte_sz task_struct pid 8)"* ]]
	[[ "$output" == *'(kstruct task_struct :size 136 :union 0 (tgid 64 "i32") (pid 104 "i64"))'* ]]
	for stage in ssa mir; do
		run whistler compile --emit=$stage "$TMP/pid.lisp"
		[ "$status" -eq 0 ]
		[[ "$output" == *".kstruct task_struct size=136"* ]]
		[[ "$output" == *".kmember pid offset=104 i64"* ]]
		[[ "$output" == *"= core byte_off task_struct tgid 64"* ]]
	done
	run whistler compile --emit=asm "$TMP/pid.lisp"
	[ "$status" -eq 0 ]
	# each .core line is followed by the move or the add of the offset it
	# names (wh-emit adds an offset in place when one add reads it)
	grep -A1 '\.core byte_off task_struct pid$' <<<"$output" | grep -Eq '^	r[0-9] \+?= 104$'
	grep -A1 '\.core byte_off task_struct tgid$' <<<"$output" | grep -Eq '^	r[0-9] \+?= 64$'
	grep -A1 '\.core byte_sz task_struct pid$' <<<"$output" | grep -Eq '^	r[0-9] = 8$'
}

@test "core: asm and ssa parsers refuse a .core value that is not the member's" {
	WH_VMLINUX="$TMP/foreign.btf" whistler compile --emit=asm "$TMP/pid.lisp" >"$TMP/p.s"
	sed '/\.core byte_off task_struct pid$/{n;s/= 104$/= 100/}' "$TMP/p.s" >"$TMP/bad.s"
	run ! cmp -s "$TMP/p.s" "$TMP/bad.s"
	run wh-elf "$TMP/bad.s" -o "$TMP/bad.o"
	[ "$status" -eq 1 ]
	[[ "$output" == *"error: the instruction holds 100, but byte_off of task_struct.pid is 104"* ]]
	[ ! -e "$TMP/bad.o" ]
	WH_VMLINUX="$TMP/foreign.btf" whistler compile --emit=ssa "$TMP/pid.lisp" >"$TMP/p.ssa"
	sed 's/core byte_off task_struct pid 104/core byte_off task_struct pid 8/' "$TMP/p.ssa" >"$TMP/bad.ssa"
	run wh-opt "$TMP/bad.ssa"
	[ "$status" -eq 1 ]
	[[ "$output" == *"byte_off of task_struct.pid is 104, not 8"* ]]
}

@test "core: .BTF holds the kernel struct, .BTF.ext a core_relo per field read" {
	run bpftool btf dump file "$TMP/pid.o"
	[ "$status" -eq 0 ]
	grep -A2 "STRUCT 'task_struct' size=136 vlen=2" <<<"$output" >"$TMP/st"
	grep -q "'tgid' type_id=[0-9]* bits_offset=512" "$TMP/st"
	grep -q "'pid' type_id=[0-9]* bits_offset=832" "$TMP/st"
	grep -q "INT '__s64' size=8" <<<"$output"
	run wh-elf --describe "$TMP/pid.o"
	[[ "$output" == *"prog check_pid "*" core_relo=4"* ]]
}

@test "kernel: core: libbpf relocates the foreign offsets to this kernel" {
	require_kernel
	libbpf_counts "$TMP/pid.o" check_pid
}

@test "kernel: core: wh-load run relocates; relocating to the foreign BTF itself reads wrong" {
	require_kernel
	run_res "$TMP/pid.o"
	check_counts "$(val 0)" "$(val 1)" "$(val 2)"
	# the same object relocated for the foreign layout: the reads are wrong,
	# so the check above can fail
	run_res "$TMP/pid.o" --btf "$TMP/foreign.btf"
	[ "$(val 2)" -ge 5 ]
	[ "$(val 0)" -lt "$(val 2)" ]
}

@test "kernel: core: comm (an embedded array) and task->mm->exe_file relocate, under libbpf and wh-load" {
	require_kernel
	[ -f /usr/include/bpf/libbpf.h ] || skip "libbpf-dev is not installed"
	WH_VMLINUX="$TMP/foreign.btf" whistler compile "$C/chase.lisp" -o "$TMP/chase.o"
	run wh-elf --describe "$TMP/chase.o"
	[[ "$output" == *"prog check_chase "*" core_relo=5"* ]]
	libbpf_counts "$TMP/chase.o" check_chase
	run_res "$TMP/chase.o"
	check_counts "$(val 0)" "$(val 1)" "$(val 2)"
}

@test "kernel: core: a whistler run session relocates" {
	require_kernel
	cp "$C/session.lisp" "$TMP/session.lisp"
	( sleep 1; trigger; trigger ) &
	WH_VMLINUX="$TMP/foreign.btf" run timeout 60 whistler run "$TMP/session.lisp"
	wait
	[ "$status" -eq 0 ]
	[[ "$output" == *"tgid T pid T"* ]]
	[[ "$output" == *"events T"* ]]
}

@test "kernel: core: wh-load check relocates before the verifier sees the program" {
	require_kernel
	run wh-load check "$TMP/pid.o"
	[ "$status" -eq 0 ]
	[[ "$output" == *"check_pid"* ]]
}

@test "core: a field the target lacks is one error line naming struct, field and Lisp line" {
	clang -g -target bpf -c "$C/nopid.c" -o "$TMP/nopid.o"
	llvm-objcopy --dump-section .BTF="$TMP/nopid.btf" "$TMP/nopid.o"
	run wh-load check "$TMP/pid.o" --btf "$TMP/nopid.btf"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "wh-load: $TMP/pid.o: program check_pid: CO-RE: struct task_struct has no field 'pid' in the target BTF $TMP/nopid.btf (read at $TMP/pid.lisp:8:"* ]]
}

@test "core: hostile CO-RE records are one error line, never a crash" {
	llvm-objcopy --dump-section .BTF.ext="$TMP/ext" "$TMP/pid.o"
	for bad in "type_id 9999 is not in .BTF" "access_str_off 0 bad access string" \
		   "insn_off 0x100000 is on no program's instruction" \
		   "kind 99 is not a field relocation" "type_id 1 not a struct or union"; do
		set -- $bad
		python3 "$C/mutate-ext.py" "$TMP/ext" "$TMP/ext.bad" "$1" "$2"
		llvm-objcopy --update-section .BTF.ext="$TMP/ext.bad" "$TMP/pid.o" "$TMP/bad.o"
		run wh-load check "$TMP/bad.o"
		echo "$bad: $output" >&2
		[ "$status" -eq 1 ]
		[ "${#lines[@]}" -eq 1 ]
		shift 2
		[[ "${lines[0]}" == *"$*"* ]]
	done
}

@test "kernel: core: the seeds that read task_struct carry CO-RE records; bpftool loads them" {
	require_kernel
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	for f in 027-co-re-compatibility-example--trace-exec \
		 029-kernel-struct-traversal-bpf-program--trace-exec; do
		cp "tests/seeds/programs/$f.lisp" "$TMP/"
		WH_VMLINUX=tests/seeds/kernel/vmlinux.btf WH_ARCH=x86_64 \
			whistler compile "$TMP/$f.lisp" -o "$TMP/$f.o" 2>/dev/null
		# pid, tgid (offset and size of each) and comm of task_struct
		run wh-elf --describe "$TMP/$f.o"
		[[ "$output" == *"prog trace_exec "*" core_relo=5"* ]]
		run bpftool btf dump file "$TMP/$f.o"
		[[ "$output" == *"STRUCT 'task_struct' size="*" vlen=3"* ]]
		[[ "$output" == *"'comm' type_id="* ]]
		rm -rf "/sys/fs/bpf/wh-core-$$"
		run bpftool -d prog loadall "$TMP/$f.o" "/sys/fs/bpf/wh-core-$$"
		rm -rf "/sys/fs/bpf/wh-core-$$"
		[ "$status" -eq 0 ]
		[ "$(grep -c 'relo #[0-9]*: patched insn' <<<"$output")" -eq 5 ]
	done
}

@test "kernel: core: a clang read through anonymous members (access string 0:1:0:1) is relocated by wh-load" {
	require_kernel
	# tests/core/anon.c: count at byte 16, in an anonymous struct in an
	# anonymous union; anon-target.c: at byte 32, in an anonymous struct.
	# The map value holds the bytes 0 1 2 ... 63, so the u64 read at 32 is
	# 0x2726252423222120, at 16 0x1716151413121110.
	clang -g -O2 -target bpf -c "$C/anon.c" -o "$TMP/anon.o"
	clang -g -target bpf -c "$C/anon-target.c" -o "$TMP/at.o"
	llvm-objcopy --dump-section .BTF="$TMP/at.btf" "$TMP/at.o"
	llvm-objcopy --dump-section .BTF="$TMP/self.btf" "$TMP/anon.o"
	run wh-load test "$TMP/anon.o" read-anon --hex 000000000000000000000000000000 \
		--dump res --btf "$TMP/at.btf"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"res[0] = $((0x2726252423222120))"* ]]
	run wh-load test "$TMP/anon.o" read-anon --hex 000000000000000000000000000000 \
		--dump res --btf "$TMP/self.btf"
	[ "$status" -eq 0 ]
	[[ "$output" == *"res[0] = $((0x1716151413121110))"* ]]
}

@test "kernel: core: a member inside an anonymous struct of the kernel's (mm_struct.exe_file) is relocated, under libbpf and wh-load" {
	require_kernel
	[ -f /usr/include/bpf/libbpf.h ] || skip "libbpf-dev is not installed"
	# on this kernel exe_file sits in mm_struct's anonymous struct; the
	# compiler flattens it: the object's mm_struct has it as a member of
	# its own, at the offset the kernel's BTF gives, which libbpf and
	# wh-load find again through the anonymous struct
	run bpftool btf dump file /sys/kernel/btf/vmlinux
	grep -A3 "STRUCT 'mm_struct' size=" <<<"$output" | grep -q "'(anon)' type_id=" ||
		skip "this kernel's mm_struct has no anonymous member"
	whistler compile "$C/chase.lisp" -o "$TMP/chase-host.o"
	run bpftool btf dump file "$TMP/chase-host.o"
	[[ "$output" == *"STRUCT 'mm_struct' size="*" vlen=1"* ]]
	[[ "$output" == *"'exe_file' type_id="* ]]
	libbpf_counts "$TMP/chase-host.o" check_chase
	run_res "$TMP/chase-host.o"
	check_counts "$(val 0)" "$(val 1)" "$(val 2)"
}

@test "core: a bitfield member is refused where it is named, with the reason" {
	# task_struct.in_execve is a bitfield in every kernel with BTF
	printf '(in-package #:whistler)\n(import-kernel-struct task-struct pid\n  in-execve)\n' >"$TMP/bf.lisp"
	run whistler compile "$TMP/bf.lisp" -o "$TMP/bf.o"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[ "$output" = "$TMP/bf.lisp:3:3: error: import-kernel-struct: task_struct.in_execve is a bitfield; bitfields are not supported" ]
	printf '(in-package #:whistler)\n(defprog p (:type :kprobe :section "kprobe/x" :license "GPL")\n  (core-load u32 (get-current-task) 0 task-struct in-execve))\n' >"$TMP/bf2.lisp"
	run whistler compile "$TMP/bf2.lisp" -o "$TMP/bf2.o"
	[ "$status" -eq 1 ]
	[[ "$output" == "$TMP/bf2.lisp:3:3: error: core-load: task_struct.in_execve is a bitfield; bitfields are not supported" ]]
	[ ! -e "$TMP/bf.o" ] && [ ! -e "$TMP/bf2.o" ]
}

# A getpid caller under SCHED_BATCH (policy 3).
trigger_batch() {
	python3 -c 'import os, time
os.sched_setscheduler(0, os.SCHED_BATCH, os.sched_param(0))
for _ in range(40):
    os.getpid(); time.sleep(0.02)'
}

# check_width POLICY3 START UPPER EVENTS: the counters of tests/core/width.lisp
check_width() {
	echo "policy=3 $1 start_time $2 upper-bits $3 events $4" >&2
	[ "$1" -ge 5 ]
	# start_time is a u64 of nanoseconds since boot: above 2^32 (no
	# 4-byte load gives that), not above the uptime
	local up
	read -r up _ </proc/uptime
	up=$(( (${up%.*} + 1) * 1000000000 ))
	[ "$2" -gt 4294967295 ]
	[ "$2" -le "$up" ]
	[ "$3" -eq 0 ]
}

@test "kernel: core: a direct read's width follows the field's size on the target (libbpf and wh-load)" {
	require_kernel
	require_tool chrt
	[ -f /usr/include/bpf/libbpf.h ] || skip "libbpf-dev is not installed"
	# narrow.c: policy 8 bytes, start_time 4; this kernel: 4 and 8
	clang -g -target bpf -c "$C/narrow.c" -o "$TMP/narrow.o"
	llvm-objcopy --dump-section .BTF="$TMP/narrow.btf" "$TMP/narrow.o"
	WH_VMLINUX="$TMP/narrow.btf" whistler compile "$C/width.lisp" -o "$TMP/w.o"
	# the relocation sits on each load, which holds the offset, as clang's do
	WH_VMLINUX="$TMP/narrow.btf" run whistler compile --emit=asm "$C/width.lisp"
	grep -A1 '\.core byte_off task_struct policy$' <<<"$output" | grep -Eq '^	r[0-9] = \*\(u64 \*\)\(r[0-9] \+ 16\)$'
	grep -A1 '\.core byte_off task_struct start_time$' <<<"$output" | grep -Eq '^	r[0-9] = \*\(u32 \*\)\(r[0-9] \+ 24\)$'
	clang -Wall -Wextra -Werror -O2 "$C/libbpf-loader.c" -lbpf -o "$TMP/loader"
	run chrt -b 0 "$TMP/loader" "$TMP/w.o" check_width res 30
	[ "$status" -eq 0 ]
	local k v
	declare -A got
	while read -r k v; do got[$k]=$v; done <<<"$output"
	check_width "${got[0]}" "${got[1]}" "${got[2]}" "${got[3]}"
	( sleep 0.5; trigger_batch ) &
	run wh-load run "$TMP/w.o" --print res --duration 2 -j
	wait
	[ "$status" -eq 0 ]
	last=$(grep '"map":"res"' <<<"$output" | tail -1)
	check_width "$(val 0)" "$(val 1)" "$(val 2)" "$(val 3)"
}

@test "core: a load whose width cannot follow its field is one error line" {
	# a signed field that changes size: libbpf poisons the load, wh-load refuses
	printf 'struct task_struct { char pad[16]; long policy; };\nstruct task_struct k;\n' >"$TMP/signed.c"
	clang -g -target bpf -c "$TMP/signed.c" -o "$TMP/signed.o"
	llvm-objcopy --dump-section .BTF="$TMP/signed.btf" "$TMP/signed.o"
	printf '(in-package #:whistler)\n(defprog p (:type :tracepoint :section "tracepoint/syscalls/sys_enter_getpid" :license "GPL")\n  (core-load u64 (get-current-task-btf) 16 task-struct policy))\n' >"$TMP/s.lisp"
	WH_VMLINUX="$TMP/signed.btf" whistler compile "$TMP/s.lisp" -o "$TMP/s.o"
	run wh-load check "$TMP/s.o"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *"program p: CO-RE: task_struct.policy has 4 bytes in /sys/kernel/btf/vmlinux, not 8, and a load of it cannot change width (only pointers and unsigned integers of 1, 2, 4 or 8 bytes can)" ]]
}
