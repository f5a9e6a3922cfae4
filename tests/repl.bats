#!/usr/bin/env bats
# repl.bats: `whistler repl` (wh-load repl). Through a pipe: values printed
# as Common Lisp prints them (*, **, ***), load, definitions that
# accumulate and are replaced, compile-to-elf and the manual's line,
# errors that point at the typed form or the loaded file and leave the
# REPL going, the loader API, the end of input inside a form. In a real
# terminal (tmux): the prompt, Ctrl-C during a loop that attached XDP to a
# veth (nothing left attached), Ctrl-C at the prompt, Ctrl-D, rlwrap.
# And Ctrl-C while compile-to-elf compiles: back to the REPL,
# "interrupted", no process left.

load helper
bats_require_minimum_version 1.5.0

setup() {
	setup_tmp
	NS="wh-repl-$$-$BATS_TEST_NUMBER"
	SESSION="wh-repl-$$-$BATS_TEST_NUMBER"
	PID=""
	cp "$ROOT/examples/count-xdp.lisp" "$TMP/count.lisp"   # the Hello program
}

teardown() {
	tmux -L "$SESSION" kill-server 2>/dev/null || true
	if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
		kill -KILL -- "-$PID" 2>/dev/null || true
	fi
	ip netns del "$NS" 2>/dev/null || true
	ip netns del "$NS-peer" 2>/dev/null || true
	teardown_tmp
}

# An IPv4 packet in an Ethernet frame, for wh-load test.
PKT=ffffffffffff000000000001080045000028000040004006

@test "repl through a pipe: values as Common Lisp prints them, *, ** and ***, no prompt" {
	run whistler repl <<'EOF'
(require :asdf)
(asdf:load-system "whistler")
(in-package #:whistler-user)
(+ 1 2)
"a string"
(list 'a :b #\c)
(values 1 2)
(list * ** ***)
(floor 7 2)
(values)
*
(defun sq (x)
  (* x
     x))
(sq 12)
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	# as SBCL prints them
	[ "$output" = '3
"a string"
(A :B #\c)
1
2
(1 (A :B #\c) "a string")
3
1
NIL
SQ
144' ]
}

@test "repl: load a file, compile-to-elf prints the manual's line with the object's counts" {
	cd "$TMP"
	run whistler repl <<'EOF'
(load "count.lisp")
(compile-to-elf "count.bpf.o")
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = T ]
	[ "${lines[1]}" = "Compiled 1 program ($(text_insns count.bpf.o) instructions total), 1 map -> count.bpf.o" ]
	[ "${lines[2]}" = '"count.bpf.o"' ]
	wh-elf --disasm count.bpf.o | grep -qx '.prog count_packets type=xdp section="xdp"'
	# two programs, two maps
	run whistler repl <<'EOF'
(load "count.lisp")
(defmap other :type :hash :key-size 4 :value-size 4 :max-entries 8)
(defprog second-prog (:type :xdp :section "xdp" :license "GPL") XDP_DROP)
(compile-to-elf "two.bpf.o")
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "Compiled 2 programs ($(text_insns two.bpf.o) instructions total), 2 maps -> two.bpf.o" ]
}

@test "repl: an error prints its message and a later value is still printed" {
	run whistler repl <<'EOF'
(car 5)
(+ 1 1)
(error "boom ~a" 42)
  (undefined-function-here 1)
(list 'still 'here)
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "<repl>:1:1: error: car: 5 is not a list" ]
	[ "${lines[1]}" = 2 ]
	[ "${lines[2]}" = "<repl>:3:1: error: boom 42" ]
	[[ "${lines[3]}" == "<repl>:4:3: error: "*undefined-function-here* ]]
	[ "${lines[4]}" = "(STILL HERE)" ]
	[ "${#lines[@]}" -eq 5 ]
}

@test "repl: a redefined program recompiles into one program that behaves as redefined" {
	require_kernel
	cd "$TMP"
	run whistler repl <<'EOF'
(defprog verdict (:type :xdp :section "xdp" :license "GPL") XDP_PASS)
(compile-to-elf "first.bpf.o")
(defprog verdict (:type :xdp :section "xdp" :license "GPL")
  XDP_DROP)
(compile-to-elf "second.bpf.o")
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = VERDICT ]
	[ "${lines[3]}" = VERDICT ]
	[ "${lines[4]}" = "Compiled 1 program ($(text_insns second.bpf.o) instructions total), 0 maps -> second.bpf.o" ]
	[ "$(wh-elf --disasm second.bpf.o | grep -c '^.prog ')" -eq 1 ]
	# XDP_PASS is 2, XDP_DROP is 1
	run wh-load test first.bpf.o verdict --hex "$PKT"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"retval: 2"* ]]
	run wh-load test second.bpf.o verdict --hex "$PKT"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"retval: 1"* ]]
}

@test "repl: compile errors point at the typed form, or at the loaded file's line and column" {
	cd "$TMP"
	cat >bad.lisp <<'EOF'
(defmap m :type :array :key-size 4 :value-size 8 :max-entries 1)

(defprog bad (:type :xdp :license "GPL")
  (incf (getmap no-such-map 0))
  XDP_PASS)
EOF
	run whistler repl <<'EOF'
(+ 1 2)
  (defprog typed (:type :xdp :license "GPL")
      (frobnicate 1))
(compile-to-elf "x.bpf.o")
(defprog typed (:type :xdp :license "GPL") XDP_PASS)
(load "bad.lisp")
(compile-to-elf "x.bpf.o")
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"<repl>:3:7: error: "*frobnicate* ]]
	[[ "$output" == *"<repl>:4:1: error: the BPF side does not compile (messages above)"* ]]
	[[ "$output" == *"bad.lisp:4:17: error: "*no-such-map* ]]
	[[ "$output" == *"<repl>:7:1: error: the BPF side does not compile (messages above)"* ]]
	# no message names the REPL's temporary text
	[[ "$output" != *whistler-run-* ]]
	[ ! -e x.bpf.o ]
}

@test "repl: the loader API: with-bpf-session, map writes and reads, with-bpf-object" {
	require_kernel
	cd "$TMP"
	run whistler repl <<'EOF'
(load "count.lisp")
(compile-to-elf "count.bpf.o")
(with-bpf-object (obj "count.bpf.o")
  (let ((m (bpf-object-map obj "pkt-count")))
    (map-update-int m 0 41)
    (map-lookup-int m 0)))
(with-bpf-session ()
  (bpf:map seen :type :hash :key-size 4 :value-size 8 :max-entries 4)
  (bpf:prog touch (:type :xdp :section "xdp" :license "GPL") XDP_PASS)
  (map-update-int (bpf-session-map 'seen) 7 70)
  (list (bpf:map-ref seen 7) (bpf:map-ref seen 8)))
EOF
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = 41 ]
	[ "${lines[4]}" = "(70 NIL)" ]
}

@test "repl: a form may span lines; the end of input inside a form names its start" {
	run whistler repl <<'EOF'
(+ 1
   2) (+ 3
4)
"a ( in a string"
(list 1
  (list 2
EOF
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${lines[0]}" = 3 ]
	[ "${lines[1]}" = 7 ]
	[ "${lines[2]}" = '"a ( in a string"' ]
	[ "${lines[3]}" = "<repl>:5:1: error: the input ends inside this form (a ')' or '\"' is missing)" ]
}

@test "repl: usage" {
	run whistler repl extra.lisp
	[ "$status" -eq 2 ]
	[[ "$output" == *"repl takes no file"* ]]
	run whistler repl --bogus
	[ "$status" -eq 2 ]
	run whistler repl --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--no-prompt"* ]]
}

# The REPL in the background (PID, its own process group), reading the
# FIFO $TMP/in that fd 5 writes; output in $TMP/out and $TMP/err.
# finish_fifo_repl waits for it to end (RC), then closes fd 5.
start_fifo_repl() {
	mkfifo "$TMP/in"
	setsid whistler repl <"$TMP/in" >"$TMP/out" 2>"$TMP/err" &
	PID=$!
	exec 5>"$TMP/in"
}
finish_fifo_repl() {
	RC=0
	wait "$PID" || RC=$?
	exec 5>&-
	cat "$TMP/out" "$TMP/err"
}

@test "repl: Ctrl-C while compile-to-elf compiles returns to the REPL, no process left" {
	slow_elf
	WH_ELF="$TMP/slow-elf" start_fifo_repl
	printf '(defprog p (:type :xdp :license "GPL") XDP_PASS)\n(compile-to-elf "%s/never.bpf.o")\n' "$TMP" >&5
	wait_for compiling
	kill -INT -- "-$PID"
	wait_for compile_gone
	printf '(+ 20 22)\n' >&5
	exec 5>&-       # the end of input
	finish_fifo_repl
	[ "$RC" -eq 0 ]
	[ "$(cat "$TMP/out")" = "P
42" ]
	[ "$(cat "$TMP/err")" = "wh-load repl: interrupted" ]
	[ ! -e "$TMP/never.bpf.o" ]
}

@test "repl reading a pipe: SIGINT while it waits for input exits 130, 'interrupted'" {
	start_fifo_repl
	printf '(+ 1 2)\n(list 4\n' >&5
	wait_for grep -qx 3 "$TMP/out"
	kill -INT "$PID"
	finish_fifo_repl
	[ "$RC" -eq 130 ]
	[ "$(cat "$TMP/out")" = 3 ]
	[ "$(cat "$TMP/err")" = "wh-load repl: interrupted" ]
}

@test "repl: SIGHUP (the terminal gone) detaches, closes and removes its temporary files, exit 130" {
	mkdir "$TMP/t"
	TMPDIR="$TMP/t" start_fifo_repl
	printf '(defprog p (:type :xdp :license "GPL") XDP_PASS)\n(compile-to-elf "%s/p.bpf.o")\n' "$TMP" >&5
	wait_for grep -q '^Compiled' "$TMP/out"
	ls "$TMP/t" | grep -q whistler-run-     # the session's temporary directory
	kill -HUP "$PID"
	finish_fifo_repl
	[ "$RC" -eq 130 ]
	[ "$(cat "$TMP/err")" = "wh-load repl: interrupted" ]
	[ -z "$(ls "$TMP/t")" ]
}

# ---- in a terminal (tmux) ----

# As an interactive shell runs a command: the shell ignores SIGINT (Ctrl-C
# reaches the whole foreground group), the command gets the default.
AS_A_SHELL='trap "" INT; (trap - INT; exec'

# tmux on a server of the test's own.
tm() { tmux -L "$SESSION" "$@"; }

# Start CMD in a detached tmux session of its own.
start_tmux() {
	require_tool tmux
	# tmux's server needs the device (a '-o /dev/null' as root once
	# replaced it with a file on the shared test machine)
	if [ ! -c /dev/null ]; then
		echo "/dev/null is not a character device: tmux cannot start" >&2
		return 1
	fi
	tm new-session -d -s "$SESSION" -x 120 -y 40 "$@"
}
screen() { tm capture-pane -p -t "$SESSION"; }
# The screen shows a line matching the extended regex.
shows() { screen | grep -Eq -- "$1"; }
# The screen's last non-empty line is the prompt.
at_prompt() { [ "$(screen | grep -v '^$' | tail -1)" = "*" ]; }
type_line() { tm send-keys -t "$SESSION" -l -- "$1"; tm send-keys -t "$SESSION" Enter; }

@test "repl in a terminal: a prompt and an answer; Ctrl-C at the prompt drops the input; Ctrl-D exits 0" {
	start_tmux sh -c "$AS_A_SHELL whistler repl); echo \"exit=\$?\"; sleep 60"
	wait_for at_prompt
	type_line "(+ 40 2)"
	wait_for shows '^42$'
	screen
	[ "$(screen | grep -c '^\* ')" -ge 1 ]
	shows '^\* \(\+ 40 2\)$'
	# a form over two lines, Ctrl-C in its middle: dropped, a fresh prompt
	type_line "(list 1"
	tm send-keys -t "$SESSION" C-c
	wait_for at_prompt
	type_line "(* 6 7 10)"
	wait_for shows '^420$'
	run ! shows '^\(1'
	tm send-keys -t "$SESSION" C-d
	wait_for shows '^exit=0$'
	screen
}

# bpftool net: the XDP programs on wb.
xdp_count_wb() {
	ip netns exec "$NS" bpftool -j net show dev wb | jq -r '.[0].xdp | length'
}

@test "repl in a terminal: Ctrl-C during a loop that attached XDP to a veth: back at the prompt, nothing attached" {
	require_kernel
	require_tool jq
	make_veth
	start_tmux ip netns exec "$NS" sh -c "$AS_A_SHELL whistler repl); echo \"exit=\$?\"; sleep 60"
	wait_for at_prompt
	type_line "(load \"$TMP/count.lisp\")"
	wait_for shows '^T$'
	type_line "(with-bpf-session ()"
	type_line "  (bpf:map seen :type :array :key-size 4 :value-size 8 :max-entries 1)"
	type_line "  (bpf:prog on-wb (:type :xdp :section \"xdp\" :license \"GPL\") (incf (getmap seen 0)) XDP_PASS)"
	type_line "  (bpf:attach on-wb \"wb\")"
	type_line "  (format t \"attached~%\")"
	type_line "  (loop (sleep 1)))"
	wait_for shows '^attached$'
	xdp_on_wb
	[ "$(xdp_count_wb)" = 1 ]
	tm send-keys -t "$SESSION" C-c
	wait_for at_prompt
	screen
	shows 'wh-load repl: interrupted'
	run ! xdp_on_wb
	[ "$(xdp_count_wb)" = 0 ]
	# an attachment made at top level, outside any with- form, is
	# released too when its form is interrupted
	type_line "(compile-to-elf \"$TMP/count.bpf.o\")"
	wait_for shows '^Compiled 1 program'
	type_line "(let ((o (open-bpf-object \"$TMP/count.bpf.o\"))) (load-bpf-object o) (attach-obj-xdp o \"count-packets\" \"wb\") (format t \"top~%\") (loop (sleep 1)))"
	wait_for shows '^top$'
	xdp_on_wb
	tm send-keys -t "$SESSION" C-c
	wait_for at_prompt
	run ! xdp_on_wb
	[ "$(xdp_count_wb)" = 0 ]
	# the REPL goes on
	type_line "(+ 1 2 3)"
	wait_for shows '^6$'
	tm send-keys -t "$SESSION" C-d
	wait_for shows '^exit=0$'
}

@test "repl in a terminal: Ctrl-D detaches what is still attached" {
	require_kernel
	make_veth
	start_tmux ip netns exec "$NS" sh -c "$AS_A_SHELL whistler repl); echo \"exit=\$?\"; sleep 60"
	wait_for at_prompt
	type_line "(load \"$TMP/count.lisp\")"
	type_line "(compile-to-elf \"$TMP/count.bpf.o\")"
	type_line "(defvar *obj* (open-bpf-object \"$TMP/count.bpf.o\"))"
	type_line "(load-bpf-object *obj*)"
	type_line "(attach-obj-xdp *obj* \"count-packets\" \"wb\")"
	wait_for xdp_on_wb
	type_line "(+ 2 2)"
	wait_for shows '^4$'
	xdp_on_wb     # a completed form keeps what it attached
	tm send-keys -t "$SESSION" C-d
	wait_for shows '^exit=0$'
	run ! xdp_on_wb
}

@test "repl under rlwrap: one echo of the typed line, the prompt, the answer" {
	require_tool rlwrap
	start_tmux sh -c "$AS_A_SHELL rlwrap -H '$TMP/history' whistler repl); echo \"exit=\$?\"; sleep 60"
	wait_for at_prompt
	type_line "(* 3 (+ 4 5))"
	wait_for shows '^27$'
	screen
	[ "$(screen | grep -c '(\* 3 (+ 4 5))')" -eq 1 ]
	tm send-keys -t "$SESSION" C-d
	wait_for shows '^exit=0$'
	grep -qF '(* 3 (+ 4 5))' "$TMP/history"
}
