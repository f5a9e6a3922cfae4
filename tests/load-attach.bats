#!/usr/bin/env bats
# load-attach.bats: `wh-load run` and the attach library against the real
# kernel: XDP (every mode, links and netlink) and TC (tcx and clsact) on a
# veth pair between two network namespaces with real pings, cgroup_skb on a
# fresh cgroup v2 directory, a tracepoint with ring-buffer events, uprobes
# on a program built here (events decoded by the BTF of clang's and of
# Whistler's objects), kprobes; and nothing left behind afterwards,
# also after SIGINT/SIGTERM and after a failed attach.
load helper

FIX="$BATS_TEST_DIRNAME/load-attach"

setup_file() {
	export OBJ="$BATS_FILE_TMPDIR"
	for f in "$FIX"/*.lisp; do
		whistler compile "$f" -o "$OBJ/$(basename "$f" .lisp).bpf.o"
	done
	cc -O1 -o "$OBJ/target" "$FIX/target.c"
}

setup() {
	setup_tmp
	NA="wh4a-$$-$BATS_TEST_NUMBER-a"
	NB="wh4a-$$-$BATS_TEST_NUMBER-b"
	CG=""
	PIN=""
	RUN_PID=""
	PID2=""
}

teardown() {
	if [ -n "$PID2" ]; then
		kill -KILL "$PID2" 2>/dev/null || true
		wait "$PID2" 2>/dev/null || true
	fi
	if [ -n "$RUN_PID" ]; then
		kill -KILL "$RUN_PID" 2>/dev/null || true
		wait "$RUN_PID" 2>/dev/null || true
	fi
	if [ -n "$PIN" ] && [ -d "$PIN" ]; then
		rm -f "$PIN"/*
		rmdir "$PIN"
	fi
	ip netns del "$NA" 2>/dev/null || true
	ip netns del "$NB" 2>/dev/null || true
	if [ -n "$CG" ] && [ -d "$CG" ]; then
		# processes we put there have exited; give the kernel a moment
		for _ in 1 2 3 4 5; do rmdir "$CG" 2>/dev/null && break; sleep 0.2; done
	fi
	teardown_tmp
}

# Two namespaces joined by a veth pair: va (10.231.0.1) in NA, vb
# (10.231.0.2) in NB. Addresses live only inside the namespaces.
make_veth() {
	require_tool ip
	require_tool ping
	require_tool jq
	ip netns add "$NA"
	ip netns add "$NB"
	ip -n "$NA" link add va type veth peer name vb netns "$NB"
	ip -n "$NA" addr add 10.231.0.1/24 dev va
	ip -n "$NB" addr add 10.231.0.2/24 dev vb
	ip -n "$NA" link set va up
	ip -n "$NB" link set vb up
}

ping_b() {
	ip netns exec "$NA" ping -c "${1:-3}" -i 0.2 -W 1 -q 10.231.0.2 >/dev/null
}

# Start `wh-load run ARGS...` in the background (inside NA when RUN_NS is
# set) and wait until it has reported WANT attachments (default 1).
start_run() {
	local want="${WANT:-1}"
	if [ -n "${RUN_NS:-}" ]; then
		ip netns exec "$RUN_NS" wh-load run "$@" >"$TMP/out" 2>"$TMP/err" &
	else
		wh-load run "$@" >"$TMP/out" 2>"$TMP/err" &
	fi
	RUN_PID=$!
	for _ in $(seq 100); do
		[ "$(grep -c '^wh-load run: attached' "$TMP/err")" -ge "$want" ] && return 0
		kill -0 "$RUN_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$TMP/err" >&2
	return 1
}

# Wait for the run to end (after SIG when given); RUN_RC is its status.
end_run() {
	[ -n "${1:-}" ] && kill "-$1" "$RUN_PID"
	RUN_RC=0
	wait "$RUN_PID" || RUN_RC=$?
	RUN_PID=""
	cat "$TMP/err" >&2
}

# The BPF link ids the run reported: "(link 12)", "(perf_event link 13)".
link_ids() {
	sed -n 's/.*link \([0-9][0-9]*\))$/\1/p' "$TMP/err"
}

assert_links_gone() {
	local id
	for id in $(link_ids); do
		if bpftool link show id "$id" >/dev/null 2>&1; then
			echo "link $id still exists" >&2
			return 1
		fi
	done
}

# The last value printed for MAP[KEY].
last_value() {
	grep "^$1\[$2\] = " "$TMP/out" | tail -1 | sed 's/.* = //'
}

# What bpftool net sees on va: "xdp tc" counts.
net_on_va() {
	ip netns exec "$NA" bpftool -j net show dev va |
		jq -r '.[0] | "\(.xdp | length) \(.tc | length)"'
}

no_xdp_on_va() {
	[[ "$(ip -n "$NA" link show dev va)" != *xdp* ]]
	[ "$(net_on_va | cut -d' ' -f1)" = 0 ]
}

no_tc_on_va() {
	[ -z "$(tc -n "$NA" filter show dev va ingress)" ]
	[ -z "$(tc -n "$NA" filter show dev va egress)" ]
	[ "$(net_on_va | cut -d' ' -f2)" = 0 ]
}

@test "run: --help, usage errors" {
	run wh-load run --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"--attach PROG[:KIND][=TARGET]"* ]]
	run wh-load help run
	[ "$status" -eq 0 ]
	run wh-load run
	[ "$status" -eq 2 ]
	run wh-load run "$OBJ/xdp-count.bpf.o" --attach count_xdp:bogus=lo
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown kind 'bogus'"* ]]
	run wh-load run "$OBJ/xdp-count.bpf.o" --duration x
	[ "$status" -eq 2 ]
}

@test "run: errors name the program and leave nothing attached" {
	require_kernel
	run wh-load run "$OBJ/xdp-count.bpf.o" --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no program names its own target"* ]]
	run wh-load run "$OBJ/xdp-count.bpf.o" --attach count_xdp --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"count_xdp: attaching as xdp needs a target (an interface)"* ]]
	run wh-load run "$OBJ/xdp-count.bpf.o" --attach count_xdp=no-such-if0 --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no network interface 'no-such-if0'"* ]]
	run wh-load run "$OBJ/xdp-count.bpf.o" --attach nope=lo --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no program 'nope'"* ]]
	run wh-load run "$OBJ/xdp-count.bpf.o" --attach count_xdp:kprobe=x --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot attach as kprobe"* ]]
}

@test "xdp: a link counts pings on a veth and is gone after the run" {
	require_kernel
	make_veth
	RUN_NS="$NA" start_run "$OBJ/xdp-count.bpf.o" --attach count_xdp=va \
		--print pkt_count --interval 0.3 --duration 3
	grep -q 'attached count_xdp to va as xdp (link [0-9]*)' "$TMP/err"
	ip -n "$NA" link show dev va | grep -q xdp
	[ "$(net_on_va)" = "1 0" ]
	ping_b 3
	end_run
	[ "$RUN_RC" -eq 0 ]
	# printed every interval, and once at the end
	[ "$(grep -c '^pkt_count\[0\]' "$TMP/out")" -ge 3 ]
	[ "$(last_value pkt_count 0)" -ge 3 ]
	assert_links_gone
	no_xdp_on_va
}

@test "run --print: a typed map's keys and values by field" {
	require_kernel
	make_veth
	whistler compile "$BATS_TEST_DIRNAME/wh-load/typed.lisp" -o "$TMP/typed.o"
	RUN_NS="$NA" start_run "$TMP/typed.o" --attach fill=va --print flows \
		--print deltas --interval 10 --duration 2
	ping_b 1
	end_run
	[ "$RUN_RC" -eq 0 ]
	# what the program stores on each packet (tests/wh-load/typed.lisp)
	grep -qx 'flows\[{src=1 dst=2}\] = {packets=3 bytes=4}' "$TMP/out"
	grep -qx 'deltas\[1\] = \[-5 7 0\]' "$TMP/out"
}

@test "xdp: modes xdpgeneric and xdpdrv, by link and by netlink" {
	require_kernel
	make_veth
	for mode in xdpgeneric xdpdrv; do
		for how in "" --legacy; do
			RUN_NS="$NA" start_run "$OBJ/xdp-count.bpf.o" \
				--attach "count_xdp:$mode=va" --print pkt_count \
				--interval 10 --duration 1.5 $how
			case "$mode" in
			xdpgeneric) ip -n "$NA" link show dev va | grep -q xdpgeneric ;;
			xdpdrv) ip -n "$NA" link show dev va | grep -q 'xdp ' ;;
			esac
			if [ -n "$how" ]; then
				grep -q "as $mode (netlink)" "$TMP/err"
			else
				grep -q "as $mode (link [0-9]*)" "$TMP/err"
			fi
			ping_b 2
			end_run
			[ "$RUN_RC" -eq 0 ]
			[ "$(last_value pkt_count 0)" -ge 2 ]
			assert_links_gone
			no_xdp_on_va
		done
	done
}

@test "xdp: netlink attach never replaces another program; offload fails cleanly" {
	require_kernel
	make_veth
	RUN_NS="$NA" start_run "$OBJ/xdp-count.bpf.o" --attach count_xdp=va --legacy --duration 5
	run ip netns exec "$NA" wh-load run "$OBJ/xdp-count.bpf.o" \
		--attach count_xdp=va --legacy --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"netlink XDP attach"* ]]
	# the first program is still there, and still removed by its owner
	ip -n "$NA" link show dev va | grep -q xdp
	end_run TERM
	[ "$RUN_RC" -eq 0 ]
	no_xdp_on_va
	run ip netns exec "$NA" wh-load run "$OBJ/xdp-count.bpf.o" \
		--attach count_xdp:xdpoffload=va --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"offload needs a NIC"* ]]
	no_xdp_on_va
}

@test "tc: tcx links on ingress and egress count pings" {
	require_kernel
	make_veth
	for dir in ingress egress; do
		RUN_NS="$NA" start_run "$OBJ/tc-count.bpf.o" --attach "count_tc:tc-$dir=va" \
			--print pkt_count --interval 10 --duration 1.5
		grep -q "as tc-$dir (link [0-9]*)" "$TMP/err"
		ping_b 2
		end_run
		[ "$RUN_RC" -eq 0 ]
		[ "$(last_value pkt_count 0)" -ge 2 ]
		assert_links_gone
	done
	no_tc_on_va
}

@test "tc: clsact + cls_bpf by netlink; the qdisc goes only if we added it" {
	require_kernel
	require_tool tc
	make_veth
	RUN_NS="$NA" start_run "$OBJ/tc-count.bpf.o" --attach count_tc:tc-ingress=va \
		--print pkt_count --interval 10 --duration 1.5 --legacy
	grep -q "as tc-ingress (tc filter)" "$TMP/err"
	[ "$(net_on_va)" = "0 1" ]
	tc -n "$NA" qdisc show dev va | grep -q clsact
	tc -n "$NA" filter show dev va ingress | grep -q 'count_tc.*direct-action'
	ping_b 2
	end_run
	[ "$RUN_RC" -eq 0 ]
	[ "$(last_value pkt_count 0)" -ge 2 ]
	no_tc_on_va
	[[ "$(tc -n "$NA" qdisc show dev va)" != *clsact* ]]
	# a clsact qdisc that was there before stays
	tc -n "$NA" qdisc add dev va clsact
	RUN_NS="$NA" start_run "$OBJ/tc-count.bpf.o" --attach count_tc:tc-egress=va \
		--print pkt_count --interval 10 --duration 1 --legacy
	tc -n "$NA" filter show dev va egress | grep -q count_tc
	end_run
	[ "$RUN_RC" -eq 0 ]
	no_tc_on_va
	tc -n "$NA" qdisc show dev va | grep -q clsact
}

@test "cgroup: cgroup_skb/egress counts a cgroup's packets (link, then prog_attach)" {
	require_kernel
	require_tool ping
	local root
	root="$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)"
	[ -n "$root" ]
	CG="$root/wh4a-$$-$BATS_TEST_NUMBER"
	mkdir "$CG"
	for how in "" --legacy --multi; do
		start_run "$OBJ/cgroup-egress.bpf.o" --attach "count_egress=$CG" \
			--print pkt_count --interval 10 --duration 2 $how
		case "$how" in
		"") grep -q "as cgroup (link [0-9]*)" "$TMP/err" ;;
		*) grep -q "as cgroup (prog_attach)" "$TMP/err" ;;
		esac
		bpftool cgroup show "$CG" | grep -q count_egress
		if [ "$how" = --multi ]; then
			bpftool cgroup show "$CG" | grep -q multi
		fi
		sh -c "echo \$\$ > '$CG/cgroup.procs'; exec ping -c 3 -i 0.2 -q 127.0.0.1" >/dev/null
		end_run
		[ "$RUN_RC" -eq 0 ]
		[ "$(last_value pkt_count 0)" -ge 3 ]
		assert_links_gone
		[ -z "$(bpftool cgroup show "$CG")" ]
	done
}

@test "tracepoint: ring-buffer events of an exec this test makes, as JSON" {
	require_kernel
	require_tool jq
	start_run "$OBJ/tp-exec.bpf.o" --attach trace_exec --events events \
		--print calls --interval 10 --duration 3 -j
	grep -q 'attached trace_exec to syscalls/sys_enter_execve as tracepoint (perf_event link [0-9]*)' "$TMP/err"
	bpftool perf | grep -q "pid $RUN_PID .*tracepoint *sys_enter_execve"
	for _ in 1 2 3; do
		sh -c 'echo $$ >> "$1"; exec /bin/true' sh "$TMP/pid"
	done
	end_run
	[ "$RUN_RC" -eq 0 ]
	# every line is one JSON object
	jq -e . "$TMP/out" >/dev/null
	# the record's first 4 bytes are the pid (little-endian); other
	# processes exec too, so look for ours among them
	jq -r 'select(.map == "events") | .event' "$TMP/out" >"$TMP/events"
	python3 - "$TMP/events" "$TMP/pid" <<-'EOF'
		import json, sys
		pids = {int(x) for x in open(sys.argv[2])}
		found = False
		for line in open(sys.argv[1]):
		    ev = json.loads(line) if line.startswith(("[", "{", '"')) else line.strip()
		    if isinstance(ev, dict):
		        found |= ev.get("pid") in pids
		        continue
		    b = ev if isinstance(ev, list) else [int(x, 16) for x in ev.split()]
		    found |= int.from_bytes(bytes(b[:4]), "little") in pids
		sys.exit(0 if found else 1)
	EOF
	[ "$(jq -s '[.[] | select(.map == "calls")] | last | .entries[0].value' "$TMP/out")" -ge 1 ]
	assert_links_gone
	[[ "$(bpftool perf)" != *"pid $RUN_PID "* ]]
}

# check_ring_wrap OUT: OUT's "events: " lines are ring-wrap's records 0, 1,
# 2 ... in order (each length and content as ring-wrap.lisp says), as many
# as the "seq[0] = K" line of its last map print counts, and enough of
# them to go round the 4096-byte ring 20 times. Prints what it found.
check_ring_wrap() {
	python3 - "$1" <<-'EOF'
		import sys
		sizes = [8, 9, 13, 31, 64, 100, 257]
		got, want, bad = [], None, []
		for line in open(sys.argv[1]):
		    if line.startswith("seq[0] = "):
		        want = int(line.split("=")[1])
		    elif line.startswith("events: "):
		        got.append(line[len("events: "):].split())
		for k, f in enumerate(got):
		    size = sizes[k % 7]
		    if size == 8:     # 1 to 8 bytes print as an integer
		        ok = f == [str(k)]
		    else:
		        b = [int(x, 16) for x in f]
		        ok = (len(b) == size and int.from_bytes(bytes(b[:8]), "little") == k
		              and b[-1] == k % 256)
		    if not ok:
		        bad.append(k)
		ring_bytes = sum((sizes[k % 7] + 8 + 7) // 8 * 8 for k in range(len(got)))
		print(f"{len(got)} records, seq[0] = {want}, {ring_bytes // 4096} wraps, wrong: {bad[:5]}")
		sys.exit(0 if want == len(got) and not bad and ring_bytes >= 20 * 4096 else 1)
	EOF
}

@test "events: every record once and in order while the producer wraps a small ring" {
	# ring-wrap runs by BPF_PROG_TEST_RUN while the run consumes, 100
	# times 200 runs: records of 7 sizes (most not multiples of 8) in a
	# 4096-byte ring, which a consumer lagging behind lets fill (those
	# runs submit nothing and do not count)
	require_kernel
	require_tool bpftool
	make_veth
	RUN_NS=$NA start_run "$OBJ/ring-wrap.bpf.o" --attach ring_wrap=va --events events \
		--print seq --interval 1000
	local prog
	prog=$(bpftool link show id "$(link_ids)" | sed -n 's/.*prog \([0-9][0-9]*\).*/\1/p')
	[ -n "$prog" ]
	head -c 14 /dev/zero >"$TMP/pkt"
	for _ in $(seq 100); do
		bpftool prog run id "$prog" data_in "$TMP/pkt" repeat 200 >/dev/null
	done
	end_run INT
	[ "$RUN_RC" -eq 0 ]
	check_ring_wrap "$TMP/out"
}

@test "session: a ring consumer's callback sees every record once and in order while the ring wraps" {
	# the same producer and ring as above; the Lisp callback checks each
	# record's length and bytes against its place in the sequence
	require_kernel
	require_tool bpftool
	require_tool jq
	make_veth
	cat >"$TMP/consume.lisp" <<-EOF
		(with-bpf-session (s "$OBJ/ring-wrap.bpf.o")
		  (bpf:attach s "ring-wrap" "va")
		  (let* ((sizes (vector 8 9 13 31 64 100 257))
		         (n 0)
		         (wrong 0)
		         (c (open-ring-consumer
		             (bpf:find-map s "events")
		             (lambda (v len)
		               (let ((k 0))
		                 (dotimes (i 8) (setf k (+ k (ash (aref v i) (* 8 i)))))
		                 (unless (and (= len (aref sizes (mod n 7))) (= k n)
		                              (or (= len 8) (= (aref v (- len 1)) (mod n 256))))
		                   (incf wrong)))
		               (incf n)))))
		    (format t "ready~%")
		    (finish-output)
		    (loop until (and (= 0 (ring-poll c :timeout-ms 3000)) (> n 0)))
		    (close-ring-consumer c)
		    (format t "records ~d seq ~d wrong ~d~%" n (bpf:map-ref seq 0) wrong)))
	EOF
	ip netns exec "$NA" whistler run "$TMP/consume.lisp" >"$TMP/out" 2>"$TMP/err" &
	RUN_PID=$!
	for _ in $(seq 100); do
		grep -q ready "$TMP/out" && break
		sleep 0.1
	done
	local prog
	prog=$(ip netns exec "$NA" bpftool -j net show dev va | jq '.[0].xdp[0].id')
	[ "$prog" -gt 0 ]
	head -c 14 /dev/zero >"$TMP/pkt"
	for _ in $(seq 100); do
		bpftool prog run id "$prog" data_in "$TMP/pkt" repeat 200 >/dev/null
	done
	end_run
	[ "$RUN_RC" -eq 0 ]
	read -r _ n _ seq _ wrong < <(grep '^records ' "$TMP/out")
	echo "records $n, seq[0] $seq, wrong $wrong"
	[ "$n" -eq "$seq" ]
	[ "$wrong" -eq 0 ]
	[ "$n" -ge 1024 ]       # 20 times round the ring: 1024 records take 20 KiB
}

# Start `whistler run $TMP/consume.lisp` in namespace NA (on veth va) and
# wait for its "ready"; PROG gets the id of the XDP program on va.
start_session() {
	ip netns exec "$NA" whistler run "$TMP/consume.lisp" >"$TMP/out" 2>"$TMP/err" &
	RUN_PID=$!
	wait_for grep -q ready "$TMP/out"
	PROG=$(ip netns exec "$NA" bpftool -j net show dev va | jq '.[0].xdp[0].id')
	[ "$PROG" -gt 0 ]
	head -c 14 /dev/zero >"$TMP/pkt"
}

# Set stop[0] of ring-seq (program PROG): its runs submit nothing more.
stop_ring_seq() {
	local m
	for m in $(bpftool prog show id "$PROG" -j | jq '.map_ids[]'); do
		if [ "$(bpftool map show id "$m" -j | jq -r .name)" = stop ]; then
			bpftool map update id "$m" key 0 0 0 0 value 1 0 0 0 0 0 0 0
			return
		fi
	done
	return 1
}

# feed_ring_seq BURSTS PAUSE MIN: start the session, run PROG BURSTS
# times 100 times, PAUSE seconds after each burst, set stop[0], end the
# session and show its output; n gets the records the session counted
# (its line "n N ..."), at least MIN.
feed_ring_seq() {
	local i
	start_session
	for i in $(seq "$1"); do
		bpftool prog run id "$PROG" data_in "$TMP/pkt" repeat 100 >/dev/null
		sleep "$2"
	done
	stop_ring_seq
	end_run
	[ "$RUN_RC" -eq 0 ]
	cat "$TMP/out"
	n=$(awk '$1 == "n" {print $2}' "$TMP/out")
	[ "$n" -ge "$3" ]
}

# For the sessions on ring-seq: a record's sequence number.
SEQ_OF='(defun seq-of (v)
  (let ((k 0))
    (dotimes (i 8) (setf k (+ k (ash (aref v i) (* 8 i)))))
    k))'

@test "session: a ring consumer's memory does not grow with the records it consumes" {
	# ring-seq submits 256-byte records k = 0, 1, ...; the callback reads
	# each one's bytes and counts. The session's resident memory after
	# 2,000 records and after 20,000 (in bursts the 1 MiB ring holds):
	# each record's byte vector, the callback's bindings and integers are
	# given back once the records of a poll are done
	require_kernel
	require_tool bpftool
	if grep -q __asan_init "$WH_BIN/wh-load"; then
		skip "the address sanitizer holds freed memory back (its quarantine)"
	fi
	make_veth
	cat >"$TMP/consume.lisp" <<-EOF
		$SEQ_OF
		(with-bpf-session (s "$OBJ/ring-seq.bpf.o")
		  (bpf:attach s "ring-seq" "va")
		  (let* ((n 0)
		         (wrong 0)
		         (c (open-ring-consumer
		             (bpf:find-map s "events")
		             (lambda (v len)
		               (let ((k (seq-of v)))
		                 (unless (and (= len 256) (= k n) (= (aref v 255) (mod n 256)))
		                   (incf wrong)))
		               (incf n)
		               (when (= 0 (mod n 2000))
		                 (format t "at ~d wrong ~d~%" n wrong)
		                 (finish-output))))))
		    (format t "ready~%")
		    (finish-output)
		    (loop until (>= n 20000) do (ring-poll c :timeout-ms 1000))
		    (close-ring-consumer c)
		    (handler-case (loop (sleep-ms 100))      ; until the test has looked
		      (interactive-interrupt () nil))))
	EOF
	start_session
	grep -q wh-load "/proc/$RUN_PID/comm"
	local rss=() i
	for i in $(seq 10); do
		bpftool prog run id "$PROG" data_in "$TMP/pkt" repeat 2000 >/dev/null
		wait_for grep -q "^at $((i * 2000)) " "$TMP/out"
		case $i in
		1|10) rss+=("$(awk '/^VmRSS:/ {print $2}' "/proc/$RUN_PID/status")") ;;
		esac
	done
	end_run INT
	[ "$RUN_RC" -eq 0 ]
	echo "resident: ${rss[0]} kB after 2000 records, ${rss[1]} kB after 20000"
	[ "$(tail -n 1 "$TMP/out")" = "at 20000 wrong 0" ]
	# 18,000 records of 256 bytes: a byte vector alone takes 2 KiB each
	[ "${rss[1]}" -lt $((rss[0] + 2048)) ]
}

@test "session: what a ring callback keeps stays intact; an error in it consumes its record" {
	# the callback keeps the vector of every record k with k mod 100 = 0
	# in a list, the last record in a global, a string for every k mod 250
	# = 0; at every k mod 300 = 299 it signals an error, handled around
	# ring-poll: no record is delivered twice. k is the record's sequence
	# number (packets other than ours may run the program too); once the
	# test has set stop[0], the session reads the ring until it is empty
	require_kernel
	require_tool bpftool
	make_veth
	cat >"$TMP/consume.lisp" <<-EOF
		(defvar *last* nil)
		(defvar *total* 0)
		$SEQ_OF
		(with-bpf-session (s "$OBJ/ring-seq.bpf.o")
		  (bpf:attach s "ring-seq" "va")
		  (let* ((n 0)
		         (kept '())
		         (names '())
		         (errors 0)
		         (c (open-ring-consumer
		             (bpf:find-map s "events")
		             (lambda (v len)
		               (let ((k (seq-of v)))
		                 (setf *total* (+ *total* len))
		                 (setf *last* v)
		                 (incf n)
		                 (when (= 0 (mod k 100)) (push v kept))
		                 (when (= 0 (mod k 250)) (push (format nil "r~d" k) names))
		                 (when (= 299 (mod k 300)) (error "record ~d" k)))))))
		    (format t "ready~%")
		    (finish-output)
		    (loop until (or (and (= 1 (bpf:map-ref stop 0))
		                         (= 0 (handler-case (ring-poll c :timeout-ms 100)
		                                (error () (incf errors) 1))))
		                    (> errors 100)))
		    (close-ring-consumer c)
		    (format t "n ~d seq ~d total ~d errors ~d last ~d~%"
		            n (bpf:map-ref seq 0) *total* errors (seq-of *last*))
		    (format t "kept ~{~d~^ ~}~%" (mapcar #'seq-of (reverse kept)))
		    (format t "tails ~{~d~^ ~}~%" (mapcar (lambda (v) (aref v 255)) (reverse kept)))
		    (format t "names ~{~a~^ ~}~%" (reverse names))))
	EOF
	local n
	feed_ring_seq 20 0 2000
	[ "$(sed -n 2p "$TMP/out")" = "n $n seq $n total $((256 * n)) errors $(( (n + 1) / 300 )) last $((n - 1))" ]
	[ "$(sed -n 3p "$TMP/out")" = "kept $(seq -s ' ' 0 100 $((n - 1)))" ]
	[ "$(sed -n 4p "$TMP/out")" = "tails $(for k in $(seq 0 100 $((n - 1))); do echo $((k % 256)); done | paste -sd ' ')" ]
	[ "$(sed -n 5p "$TMP/out")" = "names $(seq 0 250 $((n - 1)) | sed 's/^/r/' | paste -sd ' ')" ]
}

@test "session: values a ring callback stores into older objects stay intact" {
	# one session per way of storing: each record k's callback stores a
	# value it made into an object made before the polls (a hash table, a
	# vector, a list's car, a list of closures over its own binding, a
	# string stream); the records come in two bursts, polled apart, so
	# that memory the first burst's callbacks used would be used again.
	# Read back at the end: the sum over the k of the values found
	require_kernel
	require_tool bpftool
	make_veth
	local store read
	while IFS='|' read -r store read; do
		cat >"$TMP/consume.lisp" <<-EOF
			$SEQ_OF
			(with-bpf-session (s "$OBJ/ring-seq.bpf.o")
			  (bpf:attach s "ring-seq" "va")
			  (let* ((n 0)
			         (table (make-hash-table))
			         (slots (make-array 1000))
			         (cell (list nil))
			         (closures '())
			         (out (make-string-output-stream))
			         (c (open-ring-consumer
			             (bpf:find-map s "events")
			             (lambda (v len)
			               (let ((k (seq-of v)))
			                 (incf n)
			                 $store)))))
			    (format t "ready~%")
			    (finish-output)
			    (loop until (and (= 1 (bpf:map-ref stop 0)) (= 0 (ring-poll c :timeout-ms 100))))
			    (close-ring-consumer c)
			    (format t "n ~d sum ~d~%" n $read)))
		EOF
		start_session
		bpftool prog run id "$PROG" data_in "$TMP/pkt" repeat 100 >/dev/null
		sleep 0.3
		bpftool prog run id "$PROG" data_in "$TMP/pkt" repeat 100 >/dev/null
		stop_ring_seq
		end_run
		echo "$store: $(tail -n 1 "$TMP/out")"
		[ "$RUN_RC" -eq 0 ]
		local n
		n=$(awk '$1 == "n" {print $2}' "$TMP/out")
		[ "$n" -ge 200 ]
		[ "$(tail -n 1 "$TMP/out")" = "n $n sum $((n * (n - 1) / 2))" ]
	done <<-'EOF'
		(setf (gethash k table) (list k len))|(loop for i below n sum (first (gethash i table)))
		(setf (aref slots k) (vector k))|(loop for i below n sum (aref (aref slots i) 0))
		(setf (car cell) (cons k (car cell)))|(reduce #'+ (car cell))
		(push (lambda () k) closures)|(reduce #'+ (mapcar #'funcall closures))
		(format out "~d " k)|(let ((s 0) (text (get-output-stream-string out)) (at 0)) (loop (multiple-value-bind (k end) (parse-integer text :start at :junk-allowed t) (unless k (return s)) (setf s (+ s k) at end))))
	EOF
}

@test "session: records kept by one poll's callbacks read in bulk by later polls' stay intact" {
	# a record's byte vector holds its bytes until something reads it in
	# bulk (reduce): its elements are then made in the memory the vector
	# lives in, not in the reading callback's, which is given back after
	# its poll. Three bursts, polled apart: the first keeps records 0, 10
	# ... 90; the callbacks of the second and third sum one of them each
	# (record j: the bytes of j, then j mod 256 at the end: 2j)
	require_kernel
	require_tool bpftool
	make_veth
	cat >"$TMP/consume.lisp" <<-EOF
		$SEQ_OF
		(with-bpf-session (s "$OBJ/ring-seq.bpf.o")
		  (bpf:attach s "ring-seq" "va")
		  (let* ((n 0)
		         (kept (make-array 10))
		         (reads 0)
		         (wrong 0)
		         (c (open-ring-consumer
		             (bpf:find-map s "events")
		             (lambda (v len)
		               (let ((k (seq-of v)))
		                 (incf n)
		                 (when (and (< k 100) (= 0 (mod k 10)))
		                   (setf (aref kept (floor k 10)) v))
		                 (when (>= k 100)
		                   (incf reads)
		                   (unless (= (reduce #'+ (aref kept (mod k 10))) (* 20 (mod k 10)))
		                     (incf wrong))))))))
		    (format t "ready~%")
		    (finish-output)
		    (loop until (and (= 1 (bpf:map-ref stop 0)) (= 0 (ring-poll c :timeout-ms 100))))
		    (close-ring-consumer c)
		    (format t "n ~d reads ~d wrong ~d kept ~a~%" n reads wrong
		            (map 'list (lambda (r) (aref r 255)) kept))))
	EOF
	local n
	feed_ring_seq 3 0.3 300
	[ "$(tail -n 1 "$TMP/out")" = "n $n reads $((n - 100)) wrong 0 kept (0 10 20 30 40 50 60 70 80 90)" ]
}

@test "session: the record of a callback left by an error stays intact after the ring wraps" {
	# a record's vector reads the record in the ring until its callback
	# returns; one whose callback an error left gets its copy before the
	# ring is read on. The callback keeps every record in *last* and
	# signals an error at k mod 300 = 299; the handler around ring-poll
	# keeps *last*: records 299, 599 ... read once the producer has gone
	# round the 1 MiB ring (3,971 records) three times
	require_kernel
	require_tool bpftool
	make_veth
	cat >"$TMP/consume.lisp" <<-EOF
		(defvar *last* nil)
		$SEQ_OF
		(with-bpf-session (s "$OBJ/ring-seq.bpf.o")
		  (bpf:attach s "ring-seq" "va")
		  (let* ((n 0)
		         (thrown '())
		         (c (open-ring-consumer
		             (bpf:find-map s "events")
		             (lambda (v len)
		               (let ((k (seq-of v)))
		                 (setf *last* v)
		                 (incf n)
		                 (when (= 299 (mod k 300)) (error "record ~d" k)))))))
		    (format t "ready~%")
		    (finish-output)
		    (loop (let* ((stopped (= 1 (bpf:map-ref stop 0)))
		                 (got (handler-case (ring-poll c :timeout-ms 100)
		                        (error () (push *last* thrown) 1))))
		            (when (and stopped (= got 0)) (return))))
		    (close-ring-consumer c)
		    (format t "n ~d thrown ~{~d~^ ~}~%" n (mapcar #'seq-of (reverse thrown)))))
	EOF
	local n
	feed_ring_seq 120 0 12000
	[ "$(tail -n 1 "$TMP/out")" = "n $n thrown $(seq -s ' ' 299 300 $((n - 1)))" ]
}

@test "session: a ring callback that closes its own consumer ends the poll there" {
	# three records waiting; the callback closes the consumer at the first:
	# no other record is passed, the ring is unmapped once ring-poll has
	# returned, and polling it again is an error (the poll went on over
	# the unmapped ring before: a crash)
	require_kernel
	require_tool bpftool
	make_veth
	cat >"$TMP/consume.lisp" <<-EOF
		(defvar *c* nil)
		(defvar *n* 0)
		(with-bpf-session (s "$OBJ/ring-seq.bpf.o")
		  (bpf:attach s "ring-seq" "va")
		  (setf *c* (open-ring-consumer (bpf:find-map s "events")
		              (lambda (v len) (incf *n*) (close-ring-consumer *c*))))
		  (format t "ready~%")
		  (finish-output)
		  (loop until (>= (bpf:map-ref seq 0) 3) do (sleep-ms 10))
		  (format t "got ~d calls ~d~%" (ring-poll *c* :timeout-ms 3000) *n*)
		  (handler-case (ring-poll *c*)
		    (error (e) (format t "~a~%" e))))
	EOF
	start_session
	bpftool prog run id "$PROG" data_in "$TMP/pkt" repeat 3 >/dev/null
	end_run
	[ "$RUN_RC" -eq 0 ]
	cat "$TMP/out"
	[ "$(sed -n 2p "$TMP/out")" = "got 1 calls 1" ]
	[ "$(sed -n 3p "$TMP/out")" = "ring-poll: the consumer is closed" ]
}

@test "events: --events MAP=STRUCT decodes records by BTF (uprobe object from clang)" {
	require_kernel
	require_tool clang
	require_tool jq
	clang -O2 -g -target bpf -I"/usr/include/$(gcc -dumpmachine)" \
		-c "$FIX/probe-event.c" -o "$TMP/pe.bpf.o"
	start_run "$TMP/pe.bpf.o" --attach "on_call=$OBJ/target:wh_probe_me" \
		--events events=probe-event --duration 2 -j
	"$OBJ/target" 3 &
	local pid=$!
	wait "$pid"
	end_run
	[ "$RUN_RC" -eq 0 ]
	[ "$(jq -c --argjson pid "$pid" 'select(.map == "events" and .event.pid == $pid) | .event.seq' "$TMP/out" | tr '\n' ' ')" = "0 1 2 " ]
	[ "$(jq -s 'map(select(.event.ts > 0)) | length' "$TMP/out")" -eq 3 ]
	assert_links_gone
	# text, ended by --max-events
	start_run "$TMP/pe.bpf.o" --attach "on_call=$OBJ/target:wh_probe_me" \
		--events events=probe_event --max-events 2
	"$OBJ/target" 5
	end_run
	[ "$RUN_RC" -eq 0 ]
	[ "$(wc -l <"$TMP/out")" -eq 2 ]
	grep -q '^events: {pid=[0-9]* seq=1 ts=[0-9]*}$' "$TMP/out"
	assert_links_gone
	run wh-load run "$TMP/pe.bpf.o" --attach "on_call=$OBJ/target:wh_probe_me" \
		--events events=no_such_struct --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no struct 'no_such_struct'"* ]]
}

@test "events: --events MAP=STRUCT decodes records by the defstruct of a Whistler object" {
	require_kernel
	require_tool jq
	start_run "$OBJ/uprobe-event.bpf.o" --attach "on_call=$OBJ/target:wh_probe_me" \
		--events events=call-event --duration 2 -j
	"$OBJ/target" 3 &
	local pid=$!
	wait "$pid"
	end_run
	[ "$RUN_RC" -eq 0 ]
	[ "$(jq -c --argjson pid "$pid" 'select(.map == "events" and .event.pid == $pid) |
		.event | [.seq, .arg, .args, .comm]' "$TMP/out" | tr '\n' ' ')" = \
		'[0,0,[0,1,2],"target"] [1,1,[1,2,3],"target"] [2,2,[2,3,4],"target"] ' ]
	[ "$(jq -s 'map(select(.event.ts > 0)) | length' "$TMP/out")" -eq 3 ]
	assert_links_gone
	# text, by the C spelling of the name, ended by --max-events
	start_run "$OBJ/uprobe-event.bpf.o" --attach "on_call=$OBJ/target:wh_probe_me" \
		--events events=call_event --max-events 2
	"$OBJ/target" 5
	end_run
	[ "$RUN_RC" -eq 0 ]
	[ "$(wc -l <"$TMP/out")" -eq 2 ]
	grep -q '^events: {pid=[0-9]* seq=1 ts=[0-9]* arg=1 args=\[1 2 3\] comm="target"}$' "$TMP/out"
	assert_links_gone
}

@test "tracepoint: attached from its section alone, and with --legacy (perf ioctl)" {
	require_kernel
	for how in "" --legacy; do
		start_run "$OBJ/tp-exec.bpf.o" --print calls --interval 10 --duration 1.5 $how
		if [ -n "$how" ]; then
			grep -q 'as tracepoint (perf_event)$' "$TMP/err"
		fi
		/bin/true
		end_run
		[ "$RUN_RC" -eq 0 ]
		[ "$(last_value calls 0)" -ge 1 ]
		assert_links_gone
	done
	run wh-load run "$OBJ/tp-exec.bpf.o" --attach trace_exec=sched:no-such-event --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no tracepoint sched/no_such_event"* ]]
}

@test "raw tracepoint from its section; pinned links are unpinned on SIGINT" {
	require_kernel
	start_run "$OBJ/rawtp-count.bpf.o" --print calls --interval 10 --duration 1
	grep -q 'attached count_sys_enter to sys_enter as raw-tracepoint (raw_tracepoint link [0-9]*)' "$TMP/err"
	end_run
	[ "$RUN_RC" -eq 0 ]
	[ "$(last_value calls 0)" -ge 1 ]
	assert_links_gone
	PIN="/sys/fs/bpf/wh4a-$$-$BATS_TEST_NUMBER"
	mkdir "$PIN"
	WANT=2 start_run "$OBJ/rawtp-count.bpf.o" --attach count_sys_enter \
		--attach count-sys-enter --pin-links "$PIN" --print calls --interval 0.2
	bpftool link show pinned "$PIN/count_sys_enter" | grep -q raw_tracepoint
	bpftool link show pinned "$PIN/count_sys_enter_1" | grep -q raw_tracepoint
	end_run INT
	[ "$RUN_RC" -eq 0 ]
	[ -z "$(ls -A "$PIN")" ]
	assert_links_gone
	# standard output closed under it (EPIPE): an error exit, still clean
	run sh -c 'wh-load run "$1" --pin-links "$2" --print calls --interval 0.1 2>"$3" | head -1' \
		sh "$OBJ/rawtp-count.bpf.o" "$PIN" "$TMP/err"
	[[ "$output" == "calls[0] = "* ]]
	grep -q 'Broken pipe' "$TMP/err"
	[ -z "$(ls -A "$PIN")" ]
	assert_links_gone
	# pinning needs a BPF link
	run wh-load run "$OBJ/tp-exec.bpf.o" --legacy --pin-links "$PIN" --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"only BPF links can be pinned"* ]]
	[ -z "$(ls -A "$PIN")" ]
}

@test "tracepoint: tracefs is mounted for the lookup when absent, and unmounted" {
	require_kernel
	require_tool unshare
	# a private mount namespace, so other users of tracefs are not touched
	run unshare -m --propagation private sh -c '
		for m in /sys/kernel/tracing /sys/kernel/debug/tracing /sys/kernel/debug; do
			while grep -q " $m " /proc/self/mounts; do umount -l "$m" || exit 9; done
		done
		wh-load run "$1" --print calls --interval 10 --duration 0.5 || exit $?
		if grep -q " /sys/kernel/tracing " /proc/self/mounts; then exit 7; fi' sh "$OBJ/tp-exec.bpf.o"
	[ "$status" -eq 0 ]
	[[ "$output" == *"as tracepoint (perf_event link"* ]]
	[[ "$output" == *"calls[0] = "* ]]
}

@test "uprobe and uretprobe on a program built here" {
	require_kernel
	require_tool cc
	for how in "" --legacy; do
		WANT=2 start_run "$OBJ/probe-count.bpf.o" \
			--attach "on_entry=$OBJ/target:wh_probe_me" \
			--attach "on-return:uretprobe=$OBJ/target:wh_probe_me" \
			--print calls --interval 10 --duration 2 $how
		grep -q "attached on_entry to $OBJ/target:wh_probe_me as uprobe" "$TMP/err"
		bpftool perf | grep -q "pid $RUN_PID .*uprobe.*$OBJ/target"
		"$OBJ/target" 7
		end_run
		[ "$RUN_RC" -eq 0 ]
		[ "$(last_value calls 0)" -eq 7 ]
		[ "$(last_value calls 1)" -eq 7 ]
		assert_links_gone
	done
	run wh-load run "$OBJ/probe-count.bpf.o" --attach "on_entry=$OBJ/target:no_such_fn" --duration 1
	[ "$status" -eq 1 ]
	[[ "$output" == *"no function 'no_such_fn' in $OBJ/target"* ]]
}

@test "kprobe: counts a syscall the test makes, or says the kernel has none" {
	require_kernel
	if [ -e /sys/bus/event_source/devices/kprobe/type ]; then
		start_run "$OBJ/kprobe-count.bpf.o" --print calls --interval 10 --duration 1.5
		grep -q 'attached count_getpid to __x64_sys_getpid as kprobe' "$TMP/err"
		python3 -c 'import os; [os.getpid() for _ in range(5)]'
		end_run
		[ "$RUN_RC" -eq 0 ]
		[ "$(last_value calls 0)" -ge 1 ]
		assert_links_gone
	else
		# this kernel is built without CONFIG_KPROBES: a clear error
		run wh-load run "$OBJ/kprobe-count.bpf.o" --duration 1
		[ "$status" -eq 1 ]
		[[ "$output" == *"count_getpid: this kernel has no kprobe support"* ]]
	fi
}

@test "SIGINT and SIGTERM: netlink XDP, tc filter and cgroup attachment all removed" {
	require_kernel
	make_veth
	local root
	root="$(awk '$3 == "cgroup2" { print $2; exit }' /proc/self/mounts)"
	CG="$root/wh4a-$$-$BATS_TEST_NUMBER"
	mkdir "$CG"
	# one object per hook: three programs attached by the legacy ways,
	# which (unlike links) would outlive the process if not undone
	for sig in INT TERM; do
		wh-load run "$OBJ/cgroup-egress.bpf.o" \
			--attach "count_egress=$CG" --legacy >"$TMP/out1" 2>"$TMP/err1" &
		PID2=$!
		WANT=1 RUN_NS="$NA" start_run "$OBJ/xdp-count.bpf.o" \
			--attach count_xdp=va --legacy --print pkt_count --interval 0.2
		ip -n "$NA" link show dev va | grep -q xdp
		for _ in $(seq 50); do grep -q attached "$TMP/err1" && break; sleep 0.1; done
		cat "$TMP/err1" >&2
		bpftool cgroup show "$CG" | grep -q count_egress
		kill "-$sig" "$PID2"
		local rc1=0
		wait "$PID2" || rc1=$?
		PID2=""
		[ "$rc1" -eq 0 ]
		[ -z "$(bpftool cgroup show "$CG")" ]
		end_run "$sig"
		[ "$RUN_RC" -eq 0 ]
		no_xdp_on_va
	done
	# tc filter + qdisc
	RUN_NS="$NA" start_run "$OBJ/tc-count.bpf.o" --attach count_tc:tc-ingress=va --legacy
	tc -n "$NA" filter show dev va ingress | grep -q count_tc
	end_run INT
	[ "$RUN_RC" -eq 0 ]
	no_tc_on_va
	[[ "$(tc -n "$NA" qdisc show dev va)" != *clsact* ]]
}

@test "a failed second attach removes the first" {
	require_kernel
	make_veth
	run ip netns exec "$NA" wh-load run "$OBJ/probe-count.bpf.o" \
		--attach "on_entry=$OBJ/target:wh_probe_me" \
		--attach "on_return:uretprobe=$OBJ/target:nope" --duration 5
	[ "$status" -eq 1 ]
	[[ "$output" == *"attached on_entry"* ]]
	[[ "$output" == *"no function 'nope'"* ]]
	local id
	id="$(sed -n 's/.*link \([0-9][0-9]*\))$/\1/p' <<<"$output")"
	[ -n "$id" ]
	run ! bpftool link show id "$id"
	# and the legacy kinds, which outlive the process unless undone
	run ip netns exec "$NA" wh-load run "$OBJ/tc-count.bpf.o" \
		--attach count_tc:tc-ingress=va --attach count_tc:tc-egress=nope0 --legacy
	[ "$status" -eq 1 ]
	[[ "$output" == *"attached count_tc to va as tc-ingress (tc filter)"* ]]
	no_tc_on_va
	[[ "$(tc -n "$NA" qdisc show dev va)" != *clsact* ]]
}
