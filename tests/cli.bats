#!/usr/bin/env bats
# The whistler command as users meet it: commands, usage errors and exit
# statuses, disasm, doctor, the man pages, make install, bash completion.
load helper

setup() {
	setup_tmp
	printf '(defprog p (:type :xdp :section "xdp" :license "GPL") XDP_PASS)\n' >"$TMP/p.lisp"
}
teardown() { teardown_tmp; }

PROGRAMS=(wh-read wh-expand wh-lower wh-opt wh-ra wh-emit wh-elf wh-load)

# Usage errors: one line naming the problem, then the usage, exit 2.
usage_error() {   # usage_error MESSAGE (after "run")
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "whistler: $1" ]
	[[ ${lines[1]} == "Usage: whistler compile"* ]]
}

@test "cli: --version, -V and version print the version" {
	for v in --version -V version; do
		run whistler $v
		[ "$status" -eq 0 ]
		[[ $output =~ ^whistler\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	done
}

@test "cli: --help, -h and help print the usage on stdout" {
	for h in --help -h help; do
		run whistler $h
		[ "$status" -eq 0 ]
		[[ ${lines[0]} == "Usage: whistler compile INPUT.lisp"* ]]
		[[ $output == *"whistler disasm INPUT"* && $output == *"whistler doctor"* ]]
	done
	run whistler compile --help
	[ "$status" -eq 0 ]
}

@test "cli error: no command prints the usage, exit 2" {
	run whistler
	[ "$status" -eq 2 ]
	[[ ${lines[0]} == "Usage: whistler"* ]]
}

@test "cli error: an unknown command" {
	run whistler frobnicate
	usage_error "unknown command 'frobnicate'"
}

@test "cli error: an unknown option" {
	run whistler compile --frob "$TMP/p.lisp"
	usage_error "unknown option '--frob'"
	run whistler disasm --frob
	usage_error "unknown option '--frob'"
}

@test "cli error: a missing input file" {
	run whistler compile "$TMP/nope.lisp"
	usage_error "cannot read '$TMP/nope.lisp'"
	run whistler disasm "$TMP/nope.o"
	usage_error "cannot read '$TMP/nope.o'"
	run whistler compile
	usage_error "compile needs an input file"
}

@test "cli error: an option without its value, two inputs, a bad stage" {
	run whistler compile "$TMP/p.lisp" -o
	usage_error "option -o needs a file name"
	run whistler compile "$TMP/p.lisp" "$TMP/p.lisp"
	usage_error "more than one input file"
	run whistler compile --emit=bytes "$TMP/p.lisp"
	usage_error "unknown stage 'bytes' (sx, core, ssa, mir, asm)"
}

@test "cli error: a compile error exits 1 with the position, and writes nothing" {
	printf '(defprog p (:type :xdp :license "GPL")\n  (frob 1))\n' >"$TMP/bad.lisp"
	run whistler compile "$TMP/bad.lisp"
	[ "$status" -eq 1 ]
	[[ ${lines[0]} == "$TMP/bad.lisp:2:"*"error:"* ]]
	[ ! -e "$TMP/bad.bpf.o" ]
}

@test "cli: compile writes INPUT.bpf.o by default, or -o OUTPUT" {
	run whistler compile "$TMP/p.lisp"
	[ "$status" -eq 0 ] && [ -s "$TMP/p.bpf.o" ]
	run whistler compile "$TMP/p.lisp" -o "$TMP/q.o"
	[ "$status" -eq 0 ] && [ -s "$TMP/q.o" ]
	cmp "$TMP/p.bpf.o" "$TMP/q.o"
}

@test "cli: -o onto a FIFO (or /dev/null) writes into it, and does not replace it with a file" {
	printf '(defprog p () 2)\n' >"$TMP/p.lisp"
	mkfifo "$TMP/fifo"
	cat "$TMP/fifo" >"$TMP/got" &
	local reader=$!
	whistler compile "$TMP/p.lisp" -o "$TMP/fifo"
	if [ ! -p "$TMP/fifo" ]; then   # replaced: the reader waits for ever
		kill "$reader"
		return 1
	fi
	wait "$reader"
	whistler compile "$TMP/p.lisp" -o "$TMP/file.o"
	cmp "$TMP/got" "$TMP/file.o"
}

@test "cli: --emit=STAGE -o FILE writes the stage to FILE, nothing on stdout" {
	for st in sx core ssa mir asm; do
		run whistler compile --emit=$st -o "$TMP/out.$st" "$TMP/p.lisp"
		[ "$status" -eq 0 ]
		[ -z "$output" ]
		[ "$(head -c 3 "$TMP/out.$st")" = "#!$(printf %.1s $st)" ]
	done
	run whistler compile --emit=mir --keep "$TMP/k" -o "$TMP/o.mir" "$TMP/p.lisp"
	[ "$status" -eq 0 ]
	[ -f "$TMP/k/p.ssa.opt" ] && [ ! -e "$TMP/k/p.mir" ]
	head -1 "$TMP/o.mir" | grep -qx '#!mir'
}

@test "cli: a symlinked driver finds the phases in bin/ beside the real one" {
	mkdir "$TMP/tree" "$TMP/elsewhere"
	cp "$ROOT/whistler" "$TMP/tree/"
	ln -s "$WH_BIN" "$TMP/tree/bin"
	ln -s "$TMP/tree/whistler" "$TMP/elsewhere/wh"
	cd "$TMP"
	run env -u WH_BIN PATH=/usr/bin:/bin elsewhere/wh compile p.lisp
	[ "$status" -eq 0 ] && [ -s p.bpf.o ]
}

@test "cli: disasm prints the program of a source file or of an object" {
	run whistler disasm "$TMP/p.lisp"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "#!asm" ]
	[[ $output == *'.prog p type=xdp section="xdp"'* && $output == *exit* ]]
	ls "$TMP"
	[ ! -e "$TMP/p.bpf.o" ]
	whistler compile "$TMP/p.lisp" -o "$TMP/p.o"
	run whistler disasm "$TMP/p.o"
	[ "$status" -eq 0 ]
	[[ $output == *'.prog p type=xdp'* && $output == *"r0 = 2"* ]]
}

@test "cli error: disasm of a file that is not an object" {
	echo "not an object" >"$TMP/x.o"
	run whistler disasm "$TMP/x.o"
	[ "$status" -eq 1 ]
	run whistler disasm "$TMP/p.lisp" "$TMP/p.lisp"
	usage_error "disasm takes one input file"
}

@test "doctor: every check on a line of its own; passes as root" {
	require_kernel
	run whistler doctor
	echo "$output"
	[ "$status" -eq 0 ]
	for check in kernel phases ip tc bpftool tracefs btf cgroup2 caps bpf; do
		[[ $output =~ (^|$'\n')(OK|WARN|FAIL)\ +$check\  ]]
	done
	for line in "${lines[@]}"; do
		[[ $line =~ ^(OK|WARN)\ +[a-z0-9]+\ +.+ ]]
	done
	[[ $output =~ OK\ +caps\ +holds\ CAP_BPF\ CAP_PERFMON\ CAP_NET_ADMIN ]]
	[[ $output =~ OK\ +bpf\ +the\ kernel\ loaded ]]
}

@test "doctor: without CAP_BPF and CAP_NET_ADMIN the bpf() probe fails, exit 1" {
	require_kernel
	require_tool setpriv
	run setpriv --bounding-set -bpf,-sys_admin,-net_admin,-perfmon whistler doctor
	echo "$output"
	[ "$status" -eq 1 ]
	[[ $output =~ WARN\ +caps\ +missing\ CAP_BPF\ CAP_PERFMON\ CAP_NET_ADMIN ]]
	[[ $output =~ FAIL\ +bpf\ +cannot\ load\ a\ program ]]
}

@test "doctor error: it takes no arguments" {
	run whistler doctor --frob
	usage_error "doctor takes no arguments"
}

# The usage lines of PROG --help ("Usage:" and the lines going on with
# PROG), spaces squeezed.
usage_lines() {
	"$@" --help | awk -v p="${1##*/}" '
		tolower($1) == "usage:" { sub(/^[Uu]sage: */, ""); print; u = 1; next }
		u && $1 == p { sub(/^ +/, ""); print; next }
		{ u = 0 }' | tr -s ' '
}

# A man page rendered as plain text.
render() {
	LC_ALL=C MANWIDTH=200 man -E ascii -l "$1" 2>/dev/null
}

@test "man: every page renders without warnings" {
	require_tool man
	local n=0 page
	for page in "$ROOT"/man/*.[17]; do
		run bash -c "LC_ALL=C MANWIDTH=80 man --warnings -E ascii -l '$page' 2>&1 >/dev/null"
		echo "$page: $output"
		[ "$status" -eq 0 ] && [ -z "$output" ]
		render "$page" | grep -q '^NAME'
		n=$((n + 1))
	done
	[ "$n" -eq 10 ]
}

@test "man: each program's --help usage lines appear in its page's SYNOPSIS" {
	require_tool man
	local p line syn
	for p in whistler "${PROGRAMS[@]}"; do
		[ -e "$ROOT/man/$p.1" ]
		syn=$(render "$ROOT/man/$p.1" | sed -n '/^SYNOPSIS/,/^[A-Z]/p' | sed 's/^ *//' | tr -s ' ')
		run usage_lines "$p"
		[ "${#lines[@]}" -ge 1 ]
		for line in "${lines[@]}"; do
			grep -qxF -- "$line" <<<"$syn" || { echo "$p: '$line' not in SYNOPSIS"; false; }
		done
	done
}

@test "install: make install puts binaries, driver, man pages and completion under DESTDIR" {
	local d=$TMP/stage
	run make -s -C "$ROOT" -o all install DESTDIR="$d" PREFIX=/usr BIN="$WH_BIN"
	echo "$output"
	[ "$status" -eq 0 ]
	for p in whistler "${PROGRAMS[@]}"; do
		[ -x "$d/usr/bin/$p" ]
		[ -f "$d/usr/share/man/man1/$p.1" ]
	done
	[ -f "$d/usr/share/man/man7/whistler.7" ]
	[ -f "$d/usr/share/bash-completion/completions/whistler" ]
	# the installed driver finds the phases beside itself
	run env -u WH_BIN PATH=/usr/bin:/bin "$d/usr/bin/whistler" compile "$TMP/p.lisp" -o "$TMP/i.o"
	[ "$status" -eq 0 ] && [ -s "$TMP/i.o" ]
}

# complete WORD...: COMPREPLY for the command line WORD... (the last word
# is the one being completed).
complete_line() {
	bash -c 'source "$1/completion/whistler.bash"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _whistler
		printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT" "$@"
}

@test "completion: commands, options, --gen languages, --emit stages, files" {
	mkdir "$TMP/c" && cd "$TMP/c"
	touch prog.lisp prog.bpf.o other.txt
	run complete_line whistler d
	[ "$output" = $'disasm\ndoctor' ]
	run complete_line whistler r
	[ "$output" = $'run\nrepl' ]
	run complete_line whistler repl --
	[ "$output" = $'--no-prompt\n--help' ]
	run complete_line whistler compile --g
	[ "$output" = $'--gen\n--gen-prefix' ]
	run complete_line whistler compile --gen-
	[ "$output" = --gen-prefix ]
	run complete_line whistler compile --gen r
	[ "$output" = rust ]
	run complete_line whistler compile --gen c p
	[ "$output" = $'python\nprog.lisp' ]
	run complete_line whistler compile --emit=a
	[ "$output" = --emit=asm ]
	run complete_line whistler compile pr
	[ "$output" = prog.lisp ]
	run complete_line whistler disasm prog
	[ "$output" = $'prog.lisp\nprog.bpf.o' ]
}
