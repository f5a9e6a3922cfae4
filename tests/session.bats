#!/usr/bin/env bats
# session.bats: `whistler run FILE.lisp` (wh-load session): the run-time
# Lisp, with-bpf-session compiled through the phases, the loader API as
# Lisp functions, and the manual's userspace examples (tests/session/)
# against the real kernel: the cgroup packet counter both ways, the
# execve sessions with decoded ring-buffer events (Ctrl-C with and without
# a handler), the with-bpf-object and inline XDP counters on a veth pair in
# a test namespace, the cgroup chapter's Count Egress Packets loaders
# (bpf:open-object ... and with-bpf-session over an object file), uprobes
# through bpf:attach; Ctrl-C while a session compiles its BPF side (exit
# 130, "interrupted", no process of the compilation left). Examples run as written except for the attach target
# (a test cgroup, the veth), object paths, shorter loops, and, on a kernel
# without a kprobe PMU, the execve kprobe replaced by the execve tracepoint.

load helper
bats_require_minimum_version 1.5.0

S="$ROOT/tests/session"

setup() {
	setup_tmp
	NS="wh-sess-$$-$BATS_TEST_NUMBER"
	CG=""
	PID=""
}

teardown() {
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill -INT "$PID" 2>/dev/null
		sleep 1
		kill -KILL "$PID" 2>/dev/null || true
	fi
	ip netns del "$NS" 2>/dev/null || true
	ip netns del "$NS-peer" 2>/dev/null || true
	if [ -n "$CG" ] && [ -d "$CG" ]; then
		for id in $(bpftool cgroup show "$CG" 2>/dev/null | awk '$1 ~ /^[0-9]+$/ {print $1}'); do
			bpftool cgroup detach "$CG" egress id "$id" 2>/dev/null || true
		done
		rmdir "$CG" 2>/dev/null || true
	fi
	teardown_tmp
}

# A fresh cgroup v2 directory in $CG.
make_cgroup() {
	local root
	root=$(awk '$3 == "cgroup2" {print $2; exit}' /proc/mounts)
	[ -n "$root" ] || { echo "no cgroup2 mount" >&2; return 1; }
	CG="$root/wh-sess-$$-$BATS_TEST_NUMBER"
	mkdir "$CG"
}

# Pings from a process inside $CG (loopback egress packets).
ping_in_cgroup() {
	sh -c "echo \$\$ > '$CG/cgroup.procs' && ping -c $1 -i 0.2 -W 1 127.0.0.1 >/dev/null"
}

# make_veth, ping_wb, xdp_on_wb, wait_for: helper.bash.

# A link (tcx: 'type 11' to this bpftool) holding the program on_tc.
tc_on_wb() {
	local id
	for id in $(bpftool prog show name on_tc 2>/dev/null | awk -F: '/^[0-9]+:/ {print $1}'); do
		bpftool link show | grep -q "prog $id\b" && return 0
	done
	return 1
}
cg_attached() { bpftool cgroup show "$CG" 2>/dev/null | grep -q count_egress; }
# Nothing on $CG: no program attached, no link (a cgroup v2 id is its inode).
cg_clear() {
	[ -z "$(bpftool cgroup show "$CG")" ] &&
	! bpftool link show | grep -q "cgroup_id $(stat -c %i "$CG") "
}
perf_of_session() { bpftool perf show 2>/dev/null | grep -q "pid $PID "; }

# The execve examples as written when the kernel has kprobes, else with the
# kprobe on __x64_sys_execve swapped for the syscalls/sys_enter_execve
# tracepoint (same body, same output).
execve_example() {
	if [ ! -d /sys/kernel/tracing/events ]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null || true
	fi
	if [ -e /sys/bus/event_source/devices/kprobe ] &&
	   grep -qw __x64_sys_execve /proc/kallsyms; then
		cp "$S/$1" "$TMP/$1"
	else
		sed -e 's|:type :kprobe|:type :tracepoint|' \
		    -e 's|"kprobe/__x64_sys_execve"|"tracepoint/syscalls/sys_enter_execve"|' \
		    -e 's|(bpf:attach trace-exec "__x64_sys_execve")|(bpf:attach trace-exec "syscalls/sys_enter_execve")|' \
		    "$S/$1" >"$TMP/$1"
	fi
}

# Start an execve session in the background, exec a process whose pid is
# known, wait for its event, then SIGINT the session. Sets PID, RC, CHILD.
run_execve_and_interrupt() {
	whistler run "$TMP/$1" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for perf_of_session
	sh -c 'echo $$ >"$0"; exec /bin/true' "$TMP/child"
	CHILD=$(cat "$TMP/child")
	wait_for grep -q "^exec pid=$CHILD ts=[0-9]*\$" "$TMP/out"
	kill -INT "$PID"
	RC=0
	wait "$PID" || RC=$?
}

@test "run-time Lisp: byte vectors, records, loop, format t, handler-case, unwind-protect" {
	run whistler run "$S/runtime.lisp"
	[ "$status" -eq 0 ]
	[ "$output" = "buf=#(0 16 32 48) length=4 last=30
i=1 hex=FF
i=2 hex=1FE
i=3 hex=2FD
n=2
n=2
encoded=#(0 0 0 0 7 0 0 0 9 0 0 0 0 0 0 0)
decoded=#S(SAMPLE-RECORD :FLAGS 0 :ID 8 :VALUE 9)
pid=1234 comm=bash
key=#(2 1 0 0) value=258
egress=1 noexist=1
caught: boom 1
body
cleanup
callback 42
no newline,
fresh line
no blank line" ]
}

@test "run-time Lisp: byte vectors the builtins make read, print, compare, hash and change as vectors" {
	# encode-int-key, encode-STRUCT, map values and ring records hold
	# their bytes until the elements are needed as values
	run whistler run "$S/byte-vectors.lisp"
	[ "$status" -eq 0 ]
	[ "$output" = "#(1 2 3 4) 4 1 4
T NIL T
FOUND
10 10
(1 2 3 4) #(2 3)
2 2
#(1 TWO 3 4) TWO 67305985
#(4 3 9 9) #(4 3 9 9)
#(2 1 3 0) #S(PAIR-RECORD :A 258 :B 3) (3 2 4 1)" ]
}

@test "run-time Lisp: multiple values, hash tables, #., standard output stays stdout" {
	# the expected lines are what sbcl --script prints for the file
	run --separate-stderr whistler run "$S/values.lisp"
	[ "$status" -eq 0 ]
	[ "$output" = "direct: 1 2
via defun: 1 2
open: (path flags) T
read: NIL NIL
width*2=8 #(1 2)

(3 2 2) " ]
	[ "$stderr" = "to stderr" ]
}

@test "run: usage errors, unreadable file, errors at the user's line and column" {
	run whistler run
	[ "$status" -eq 2 ]
	run whistler run "$TMP/none.lisp"
	[ "$status" -eq 1 ]
	printf '(format t "a~%%")\n\n  (car 5)\n(format t "never~%%")\n' >"$TMP/e.lisp"
	run whistler run "$TMP/e.lisp"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "a" ]
	[[ "${lines[1]}" == "$TMP/e.lisp:3:3: error: "* ]]
	[[ "$output" != *never* ]]
}

@test "with-bpf-session: a BPF compile error points into the user's file" {
	cat >"$TMP/c.lisp" <<'EOF'
(format t "before~%")
(with-bpf-session ()
  (bpf:map m :type :array :key-size 4 :value-size 8 :max-entries 1)
  (bpf:prog p (:type :xdp :section "xdp" :license "GPL")
    (no-such-helper 1)
    XDP_PASS)
  (format t "never~%"))
EOF
	run whistler run "$TMP/c.lisp"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "before" ]
	[[ "$output" == *"$TMP/c.lisp:5:"*"no-such-helper"* ]]
	[[ "$output" != *never* ]]
}

@test "with-bpf-session: a program the kernel refuses is explained at its form" {
	require_kernel
	cat >"$TMP/v.lisp" <<'EOF'
(format t "before~%")
(with-bpf-session ()
  (bpf:map m :type :hash :key-size 4 :value-size 16 :max-entries 1)
  (bpf:prog p (:type :xdp :section "xdp" :license "GPL")
    (let ((v (getmap m 0)))
      (load u64 v 8)))
  (format t "never~%"))
EOF
	# wh-opt would refuse the unchecked value at compile time
	WH_OPT="wh-opt --no-refuse" run whistler run "$TMP/v.lisp"
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "before" ]
	[ "${lines[1]}" = "$TMP/v.lisp:6:7: error: the kernel verifier refused p: a map value is used before it is checked for null (a lookup gives 0 when the key is absent)" ]
	[ "${lines[2]}" = "    6 |       (load u64 v 8)))" ]
	[ "${lines[3]}" = "      |       ^" ]
	[ "${lines[4]}" = "$TMP/v.lisp:6:7: note: test it first: (let ((v (getmap MAP KEY))) (when v ...))" ]
	[[ "$output" != *never* ]]
	[[ "$output" != *"map_value_or_null"* ]]
}

@test "sessions compile with the driver: WH_* overrides hold, wh-load finds the driver" {
	# a WH_ELF that notes each run, then runs the real one
	printf '#!/bin/sh\necho ran >> "%s"\nexec "%s" "$@"\n' "$TMP/ran" "$WH_BIN/wh-elf" > "$TMP/elf"
	chmod +x "$TMP/elf"
	cat >"$TMP/s.lisp" <<'EOF'
(compile-to-elf "s.bpf.o")
(defmap m :type :array :key-size 4 :value-size 8 :max-entries 1)
(in-package #:other)
(defprog p (:type :xdp :section "xdp" :license "GPL")
  XDP_PASS)
EOF
	cd "$TMP"
	WH_ELF="$TMP/elf" run whistler run s.lisp
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$(cat ran)" = ran ]
	wh-elf --disasm s.bpf.o | grep -qx '.prog p type=xdp section="xdp"'
	# the pipeline's phases stop a session as they stop the driver
	WH_LOWER=false run whistler run s.lisp
	[ "$status" -eq 1 ]
	[[ "${lines[-1]}" == "s.lisp:1:1: error: the BPF side does not compile"* ]]
	# wh-load session alone finds the driver beside its folder
	rm s.bpf.o
	run env -u WH_DRIVER wh-load session s.lisp
	[ "$status" -eq 0 ]
	[ -s s.bpf.o ]
}

@test "map operations on a session's maps: bytes, integers, struct records, iteration" {
	require_kernel
	run whistler run "$S/maps.lisp"
	[ "$status" -eq 0 ]
	[ "$output" = "1 -> 100, 2 -> 200, 3 -> NIL
noexist update: refused
keys: (1 2)
after delete: NIL
bpf:map-ref: 200
packets=10 drops=2
A000001 -> A000002
flows left: NIL
per-cpu: T
cpu0: 0" ]
}

@test "cgroup packet counter, approach 1: the inline session counts a cgroup's pings" {
	require_kernel
	make_cgroup
	sed -e "s|/sys/fs/cgroup|$CG|g" -e 's/repeat 10/repeat 3/' \
	    "$S/cgroup-inline.lisp" >"$TMP/cg.lisp"
	whistler run "$TMP/cg.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for cg_attached
	ping_in_cgroup 3
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	mapfile -t out <"$TMP/out"
	[ "${#out[@]}" -eq 4 ]
	[ "${out[0]}" = "Counting egress packets on $CG..." ]
	[[ "${out[1]}" =~ ^"  packets: "[0-9]+$ ]]
	[ "${out[3]}" = "  packets: 3" ]
	[ -z "$(bpftool cgroup show "$CG")" ]
}

@test "cgroup packet counter, approach 2: compile-to-elf, then with-bpf-object and attach-obj-cgroup" {
	require_kernel
	make_cgroup
	sed "s|/tmp/cgroup-count.bpf.o|$TMP/cgroup-count.bpf.o|" \
	    "$S/cgroup-count.lisp" >"$TMP/count.lisp"
	run whistler run "$TMP/count.lisp"
	[ "$status" -eq 0 ]
	[ -s "$TMP/cgroup-count.bpf.o" ]
	# compile-to-elf prints the manual's line
	[ "$output" = "Compiled 1 program ($(text_insns "$TMP/cgroup-count.bpf.o") instructions total), 1 map -> $TMP/cgroup-count.bpf.o" ]
	sed -e "s|/tmp/cgroup-count.bpf.o|$TMP/cgroup-count.bpf.o|" \
	    -e "s|/sys/fs/cgroup|$CG|g" -e 's/repeat 10/repeat 3/' \
	    "$S/cgroup-loader.lisp" >"$TMP/loader.lisp"
	whistler run "$TMP/loader.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for cg_attached
	ping_in_cgroup 4
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	mapfile -t out <"$TMP/out"
	[ "${#out[@]}" -eq 4 ]
	[ "${out[0]}" = "Counting egress packets on $CG..." ]
	[ "${out[3]}" = "  packets: 4" ]
	[ -z "$(bpftool cgroup show "$CG")" ]
}

@test "an error after attaching: exit 1 at the error's position, prog_attach detached" {
	require_kernel
	make_cgroup
	cat >"$TMP/err.lisp" <<EOF
(with-bpf-session ()
  (bpf:map pkt-count :type :array :key-size 4 :value-size 8 :max-entries 1)
  (bpf:prog count-egress
      (:type :cgroup-skb :section "cgroup_skb/egress" :license "GPL")
    (incf (getmap pkt-count 0))
    1)
  (attach-cgroup (bpf-session-prog 'count-egress) "$CG" +bpf-cgroup-inet-egress+
                 :flags +bpf-f-allow-multi+)
  (format t "attached: ~a~%" (length (list 1)))
  (error "stop here"))
EOF
	whistler run "$TMP/err.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 1 ]
	[ "$(cat "$TMP/out")" = "attached: 1" ]
	[ "$(cat "$TMP/err")" = "$TMP/err.lisp:10:3: error: stop here" ]
	[ -z "$(bpftool cgroup show "$CG")" ]
}

@test "inline-session chapter: decoded execve events, Ctrl-C caught by handler-case, all detached" {
	require_kernel
	execve_example inline-session.lisp
	run_execve_and_interrupt inline-session.lisp
	cat "$TMP/err"
	[ "$RC" -eq 0 ]
	grep -q "^exec pid=$CHILD ts=[0-9]*\$" "$TMP/out"
	[ "$(tail -n 1 "$TMP/out")" = "Detaching." ]
	# every line is an event or the goodbye
	[ -z "$(grep -v -e '^exec pid=[0-9]* ts=[0-9]*$' -e '^Detaching\.$' "$TMP/out")" ]
	[ ! -s "$TMP/err" ]
	[ -z "$(bpftool perf show | grep "pid $PID ")" ]
	[ -z "$(bpftool link show | grep -w trace_exec)" ]
}

@test "sessions chapter kprobe example: Ctrl-C without a handler runs unwind-protect and exits 130" {
	require_kernel
	execve_example kprobe-session.lisp
	run_execve_and_interrupt kprobe-session.lisp
	cat "$TMP/err"
	[ "$RC" -eq 130 ]
	grep -q "^exec pid=$CHILD ts=[0-9]*\$" "$TMP/out"
	[ "$(cat "$TMP/err")" = "wh-load session: interrupted" ]
	[ -z "$(bpftool perf show | grep "pid $PID ")" ]
	[ -z "$(bpftool link show | grep -w trace_exec)" ]
}

@test "Hello chapter: with-bpf-object and attach-obj-xdp count pings on a veth" {
	require_kernel
	make_veth
	run whistler compile "$ROOT/examples/count-xdp.lisp" -o "$TMP/count.bpf.o"
	[ "$status" -eq 0 ]
	sed -e "s|\"count.bpf.o\"|\"$TMP/count.bpf.o\"|" -e 's/"eth0"/"wb"/' \
	    -e 's/repeat 5/repeat 3/' "$S/hello-loader.lisp" >"$TMP/hello.lisp"
	ip netns exec "$NS" whistler run "$TMP/hello.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for xdp_on_wb
	ping_wb
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	mapfile -t out <"$TMP/out"
	[ "${#out[@]}" -eq 3 ]
	[[ "${out[0]}" =~ ^"packets: "[0-9]+$ ]]
	[ "${out[2]#packets: }" -ge 3 ]
	run ! xdp_on_wb
}

@test "Hello chapter: the inline session counts pings on a veth, then detaches" {
	require_kernel
	make_veth
	sed -e 's/"eth0"/"wb"/' -e 's/repeat 5/repeat 3/' \
	    "$S/hello-session.lisp" >"$TMP/hello.lisp"
	ip netns exec "$NS" whistler run "$TMP/hello.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for xdp_on_wb
	ping_wb
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	mapfile -t out <"$TMP/out"
	[ "${#out[@]}" -eq 3 ]
	[ "${out[2]#packets: }" -ge 3 ]
	run ! xdp_on_wb
}

@test "open-ring-consumer with a (sap len) callback and sap-ref-8; cleanup forms run before the handler" {
	require_kernel
	execve_example ring-raw.lisp
	run_execve_and_interrupt ring-raw.lisp
	cat "$TMP/err"
	[ "$RC" -eq 0 ]
	grep -q "^exec pid=$CHILD ts=[0-9]*\$" "$TMP/out"
	[ "$(tail -n 2 "$TMP/out")" = "consumer closed
Detaching." ]
	[ ! -s "$TMP/err" ]
	[ -z "$(bpftool link show | grep -w trace_exec)" ]
}

@test "attach-xdp :mode, attach-tc :direction, attach-tracepoint and detach on session programs" {
	require_kernel
	execve_example attach-api.lisp
	make_veth
	ip netns exec "$NS" whistler run "$TMP/attach-api.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for grep -q '^attached 3$' "$TMP/out"
	xdp_on_wb
	tc_on_wb
	ping_wb
	/bin/true
	wait_for grep -q '^detached' "$TMP/out"
	run ! xdp_on_wb
	run ! tc_on_wb
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	[ "$(cat "$TMP/out")" = "attached 3
xdp T tc T exec T
detached; again: NIL" ]
}

@test "attach-xdp :mode names an XDP attach kind, or it is an error that lists them" {
	require_kernel
	local mode
	for mode in xdpfast kprobe; do
		cat >"$TMP/m.lisp" <<EOF
(with-bpf-session ()
  (bpf:prog p (:type :xdp :section "xdp" :license "GPL")
    XDP_PASS)
  (attach-xdp (bpf-session-prog 'p) "lo" :mode "$mode"))
EOF
		run whistler run "$TMP/m.lisp"
		echo "$output"
		[ "$status" -eq 1 ]
		[ "$output" = "$TMP/m.lisp:4:3: error: attach-xdp: unknown mode \"$mode\" (xdp, xdpdrv, xdpgeneric, xdpoffload)" ]
	done
}

@test "cgroup chapter, Count Egress Packets: the standalone loader (bpf:open-object ... bpf:map-lookup)" {
	require_kernel
	make_cgroup
	run whistler compile "$S/count-egress.lisp" -o "$TMP/count-egress.o"
	[ "$status" -eq 0 ]
	# as printed, plus a wait for the test's pings before reading the counter
	sed -e "s|\"count-egress.o\"|\"$TMP/count-egress.o\"|" -e "s|/sys/fs/cgroup|$CG|" \
	    -e 's|;; read the counter|(loop repeat 100 until (>= (bpf:map-lookup (bpf:find-map obj "pkt-count") 0) 3) do (sleep-ms 100))|' \
	    "$S/count-egress-standalone.lisp" >"$TMP/standalone.lisp"
	grep -q sleep-ms "$TMP/standalone.lisp"
	whistler run "$TMP/standalone.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for cg_attached
	ping_in_cgroup 3
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	[[ "$(cat "$TMP/out")" =~ ^"packets: "([0-9]+)$ ]]
	[ "${BASH_REMATCH[1]}" -ge 3 ]
	[ ! -s "$TMP/err" ]
	cg_clear
}

@test "cgroup chapter, Count Egress Packets: with-bpf-session over the object, bpf:attach :cgroup-path, Ctrl-C" {
	require_kernel
	make_cgroup
	run whistler compile "$S/count-egress.lisp" -o "$TMP/count-egress.o"
	[ "$status" -eq 0 ]
	sed -e "s|\"count-egress.o\"|\"$TMP/count-egress.o\"|" -e "s|/sys/fs/cgroup|$CG|" \
	    "$S/count-egress-session.lisp" >"$TMP/session.lisp"
	whistler run "$TMP/session.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for cg_attached
	ping_in_cgroup 3
	wait_for grep -Eq '^packets: ([3-9]|[0-9]{2,})$' "$TMP/out"
	kill -INT "$PID"
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 130 ]
	[ -z "$(grep -Ev '^packets: [0-9]+$' "$TMP/out")" ]
	[ "$(tail -n 1 "$TMP/out" | cut -d' ' -f2)" -ge 3 ]
	[ "$(cat "$TMP/err")" = "wh-load session: interrupted" ]
	cg_clear
}

@test "with-bpf-session (VAR FILE): the session in VAR and *bpf-session*, errors" {
	require_kernel
	run whistler compile "$S/count-egress.lisp" -o "$TMP/count-egress.o"
	[ "$status" -eq 0 ]
	cat >"$TMP/s.lisp" <<EOF
(defvar *file* "$TMP/count-egress.o")
(with-bpf-session (s *file*)
  (format t "~a ~a ~a~%" (bpf:find-program s 'count-egress)
          (bpf:find-map s "no-such-map") (bpf:map-ref pkt-count 0))
  (format t "~a~%" (eq s *bpf-session*)))
(format t "after: ~a~%" *bpf-session*)
(with-bpf-session (s *file*)
  (bpf:attach s "count-egress" :binary "/bin/true"))
EOF
	run whistler run "$TMP/s.lisp"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = "#<PROG-INFO> NIL 0" ]
	[ "${lines[1]}" = "T" ]
	[ "${lines[2]}" = "after: NIL" ]
	[ "${lines[3]}" = "$TMP/s.lisp:8:3: error: bpf:attach: :binary does not apply to count-egress (section \"cgroup_skb/egress\")" ]
	printf '(with-bpf-session (s "%s")\n  (bpf:prog p (:type :xdp :section "xdp") 2))\n' \
	       "$TMP/count-egress.o" >"$TMP/p.lisp"
	run whistler run "$TMP/p.lisp"
	[ "$status" -eq 1 ]
	[[ "$output" == *"p.lisp:2:3: error: with-bpf-session: bpf:prog in a session over an object file"* ]]
	printf '(with-bpf-session (s "%s")\n  (format t "never~%%"))\n' "$TMP/none.o" >"$TMP/n.lisp"
	run whistler run "$TMP/n.lisp"
	[ "$status" -eq 1 ]
	[ "$output" = "$TMP/n.lisp:1:1: error: cannot read BPF object $TMP/none.o" ]
}

@test "bpf:attach on uprobe sections: binary and symbol by position and by keyword, on a program built here" {
	require_kernel
	require_tool cc
	cc -O1 -o "$TMP/target" "$ROOT/tests/load-attach/target.c"
	sed "s|TARGET|$TMP/target|g" "$S/uprobe-session.lisp" >"$TMP/up.lisp"
	whistler run "$TMP/up.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for grep -q '^attached$' "$TMP/out"
	[ "$(bpftool perf show | grep "pid $PID " | grep -c "$TMP/target")" -eq 2 ]
	"$TMP/target" 4
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 0 ]
	[ "$(cat "$TMP/out")" = "attached
calls 4 returns 4" ]
	[ ! -s "$TMP/err" ]
	[ -z "$(bpftool perf show | grep "pid $PID ")" ]
}

@test "whistler run: Ctrl-C while the BPF side compiles exits 130, 'interrupted', no process left" {
	slow_elf
	cat >"$TMP/s.lisp" <<'EOF'
(format t "before~%")
(with-bpf-session ()
  (bpf:prog p (:type :xdp :section "xdp" :license "GPL") XDP_PASS)
  (format t "never~%"))
EOF
	# in a process group of its own, as a shell runs a foreground job
	WH_ELF="$TMP/slow-elf" setsid whistler run "$TMP/s.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for compiling
	[ "$(ps -o pgid= -p "$PID" | tr -d ' ')" = "$PID" ]
	kill -INT -- "-$PID"        # what Ctrl-C does: the whole group
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 130 ]
	[ "$(cat "$TMP/out")" = before ]
	[ "$(cat "$TMP/err")" = "wh-load session: interrupted" ]
	wait_for compile_gone
}

@test "whistler run: SIGINT to wh-load alone while it compiles: the compilation is ended too" {
	slow_elf
	printf '(compile-to-elf "%s/never.bpf.o")\n(defprog p (:type :xdp :license "GPL") XDP_PASS)\n' \
		"$TMP" >"$TMP/s.lisp"
	WH_ELF="$TMP/slow-elf" setsid whistler run "$TMP/s.lisp" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	wait_for compiling
	kill -INT "$PID"
	RC=0
	wait "$PID" || RC=$?
	cat "$TMP/out" "$TMP/err"
	[ "$RC" -eq 130 ]
	[ "$(cat "$TMP/err")" = "wh-load session: interrupted" ]
	compile_gone
	[ ! -e "$TMP/never.bpf.o" ]
}
