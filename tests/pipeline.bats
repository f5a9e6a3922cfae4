#!/usr/bin/env bats
# Golden tests of the Hello program at every stage, phase by phase and
# through the driver. A golden file is reviewed like code.
load helper

setup() { setup_tmp; cd "$ROOT"; }
teardown() { teardown_tmp; }

G=tests/golden/count-xdp
SRC=examples/count-xdp.lisp

@test "wh-read: Lisp source to sx" {
	run wh-read --name "$SRC" "$SRC"
	[ "$status" -eq 0 ]
	diff -u "$G.sx" <(echo "$output")
}

@test "wh-expand: sx to core" {
	run wh-expand "$G.sx"
	[ "$status" -eq 0 ]
	diff -u "$G.core" <(echo "$output")
}

@test "wh-lower: core to ssa" {
	run wh-lower "$G.core"
	[ "$status" -eq 0 ]
	diff -u "$G.ssa" <(echo "$output")
}

@test "wh-opt: ssa to optimized ssa, verified after every pass" {
	run wh-opt --verify "$G.ssa"
	[ "$status" -eq 0 ]
	diff -u "$G.opt.ssa" <(echo "$output")
}

@test "wh-opt: each pass runs alone" {
	for p in copyprop constfold phis dce cfg; do
		wh-opt --verify -p "$p" "$G.ssa" >/dev/null
	done
	run wh-opt -p nosuchpass "$G.ssa"
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown pass 'nosuchpass'"* ]]
}

@test "wh-opt -O0 runs no pass" {
	run wh-opt -O0 "$G.ssa"
	[ "$status" -eq 0 ]
	diff -u "$G.ssa" <(echo "$output")
}

@test "wh-ra: ssa to mir" {
	run wh-ra "$G.opt.ssa"
	[ "$status" -eq 0 ]
	diff -u "$G.mir" <(echo "$output")
}

@test "wh-emit: mir to asm" {
	run wh-emit "$G.mir"
	[ "$status" -eq 0 ]
	diff -u "$G.s" <(echo "$output")
}

@test "Hello eBPF needs at most 11 instruction slots (clang -O2: 12)" {
	wh-elf "$G.s" -o "$TMP/h.o"
	slots=$(llvm-objdump -d "$TMP/h.o" | grep -cE '^ +[0-9]+:')
	# ld_imm64 is one line in llvm-objdump but two slots
	wide=$(llvm-objdump -d "$TMP/h.o" | grep -c ' ll$' || true)
	echo "lines=$slots wide=$wide"
	[ $((slots + wide)) -le 11 ]
}

@test "whistler compile --emit prints every stage" {
	for stage in sx core ssa mir asm; do
		run whistler compile --emit=$stage "$SRC"
		[ "$status" -eq 0 ]
		case $stage in
		sx) want=$G.sx ;; core) want=$G.core ;; ssa) want=$G.opt.ssa ;;
		mir) want=$G.mir ;; asm) want=$G.s ;;
		esac
		diff -u "$want" <(echo "$output")
	done
}

@test "whistler compile writes IN.bpf.o by default and -o elsewhere" {
	cp "$SRC" "$TMP/hello.lisp"
	run whistler compile "$TMP/hello.lisp"
	[ "$status" -eq 0 ]
	[ -s "$TMP/hello.bpf.o" ]
	run whistler compile "$TMP/hello.lisp" -o "$TMP/other.o"
	[ "$status" -eq 0 ]
	[ -s "$TMP/other.o" ]
	cmp "$TMP/hello.bpf.o" "$TMP/other.o"
}

@test "whistler compile --keep keeps every intermediate file" {
	run whistler compile "$SRC" -o "$TMP/h.o" --keep "$TMP/keep"
	[ "$status" -eq 0 ]
	for ext in sx core ssa ssa.opt mir s; do
		[ -s "$TMP/keep/count-xdp.$ext" ]
	done
	diff -u "$G.s" "$TMP/keep/count-xdp.s"
}

@test "(compile-to-elf NAME) travels the formats as .output; wh-elf --default-output writes there" {
	cd "$TMP"
	printf '(compile-to-elf "named.bpf.o")\n(defprog p (:type :xdp) XDP_PASS)\n' >c.lisp
	whistler compile --emit=ssa c.lisp | grep -qx '.output "named.bpf.o"'
	whistler compile --emit=mir c.lisp | grep -qx '.output "named.bpf.o"'
	whistler compile --emit=asm c.lisp >c.s
	grep -qx '.output "named.bpf.o"' c.s
	run wh-elf --print-asm c.s
	[ "$output" = "$(cat c.s)" ]
	# without -o the object goes where the source says, also with --keep
	whistler compile c.lisp
	[ -s named.bpf.o ] && [ ! -e c.bpf.o ]
	rm named.bpf.o
	whistler compile c.lisp --keep k
	[ -s named.bpf.o ] && [ -s k/c.s ] && [ ! -e c.bpf.o ]
	# -o overrides it
	whistler compile c.lisp -o given.o
	[ -s given.o ]
	# wh-elf: the directive, else the default; not with -o
	wh-elf c.s --default-output fallback.o
	[ -s named.bpf.o ] && [ ! -e fallback.o ]
	grep -v '^.output' c.s | wh-elf --default-output fallback.o
	[ -s fallback.o ]
	run wh-elf c.s -o x.o --default-output y.o
	[ "$status" -eq 2 ]
	printf '#!asm\n.output "a.o"\n.output "b.o"\n' >dup.s
	run wh-elf dup.s -o dup.o
	[ "$status" -eq 1 ]
	[[ "$output" == *"duplicate .output"* ]]
}

@test "the driver builds its commands as word lists: no eval" {
	run ! grep -nw eval "$ROOT/whistler"
	# a WH_* override with arguments is still split into words
	WH_OPT="wh-opt --skip split" run whistler compile --emit=ssa "$SRC"
	[ "$status" -eq 0 ]
	# and a file name with spaces and shell characters passes as one word
	mkdir -p "$TMP/a b"
	cp "$SRC" "$TMP/a b/x\$y;z.lisp"
	run whistler compile "$TMP/a b/x\$y;z.lisp" --keep "$TMP/a b/k"
	[ "$status" -eq 0 ]
	[ -s "$TMP/a b/x\$y;z.bpf.o" ] && [ -s "$TMP/a b/k/x\$y;z.s" ]
}

@test "a phase can be replaced through its environment variable" {
	WH_OPT="wh-opt -O0" run whistler compile --emit=ssa "$SRC"
	[ "$status" -eq 0 ]
	diff -u "$G.ssa" <(echo "$output")
	# the unoptimized program still compiles to an object
	WH_OPT="wh-opt -O0" run whistler compile "$SRC" -o "$TMP/o0.o"
	[ "$status" -eq 0 ]
	[ -s "$TMP/o0.o" ]
}

@test "whistler --version and --help" {
	run whistler --version
	[ "$status" -eq 0 ]
	[[ "$output" == "whistler "* ]]
	run whistler --help
	[ "$status" -eq 0 ]
	[[ "$output" == *"compile INPUT.lisp"* ]]
	run whistler frobnicate
	[ "$status" -eq 2 ]
}
