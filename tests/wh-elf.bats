#!/usr/bin/env bats
# wh-elf.bats: the asm format (shared/asm.c) and wh-elf: assembling, the ELF,
# BTF and BTF.ext it writes, loading with bpftool, --disasm, and errors.
load helper

setup() {
	setup_tmp
	FIX="$BATS_TEST_DIRNAME/wh-elf"
	cp -r "$FIX"/. "$TMP"/
	cd "$TMP"
	PIN=""
}

teardown() {
	if [ -n "$PIN" ]; then
		rm -rf "$PIN" "${PIN}_maps"
	fi
	teardown_tmp
}

# Kernel tests pin under a fresh directory in bpffs (mounted if absent);
# bpffs refuses names with dots.
kernel_setup() {
	require_kernel
	require_tool bpftool
	mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
	PIN="/sys/fs/bpf/whtest$$_${BATS_TEST_NUMBER}"
	rm -rf "$PIN" "${PIN}_maps"
}

# The contents of section $2 of object $1, as hex.
section_hex() {
	llvm-objcopy --dump-section "$2=$TMP/sec.bin" "$1" "$TMP/scratch.o"
	od -A n -t x1 -v "$TMP/sec.bin"
}

# Every code section of $1 holds the same bytes in objects $2 and $3.
same_code() {
	local sec
	for sec in $1; do
		[ "$(section_hex "$2" "$sec")" = "$(section_hex "$3" "$sec")" ] || {
			echo "section $sec differs between $2 and $3"
			return 1
		}
	done
}

# llvm-objdump -d -r without jump annotations (they differ between LLVM
# versions); an old LLVM's <unknown> matches any spelling of the same bytes.
objdump_matches() {
	llvm-objdump -d -r "$1" | sed -E 's/ <[^>]*>$//' > "$TMP/objdump.out"
	awk -F'\t' 'NR == FNR { want[FNR] = $0; n = FNR; next }
		{ got = $0; w = want[FNR] }
		got != w && !(got ~ /\t<unknown>$/ && index(w, substr(got, 1, length(got) - 9)) == 1) {
			printf "line %d: expected \"%s\", got \"%s\"\n", FNR, w, got; bad = 1
		}
		END { if (FNR != n) { print "line count differs"; bad = 1 }; exit bad }' \
		"$2" "$TMP/objdump.out"
}

# asm_error TEXT MESSAGE: assembling TEXT (printf %b) fails with exit 1 and
# the one line MESSAGE, and writes no output file.
asm_error() {
	printf '%b' "$1" > e.asm
	run wh-elf e.asm -o e.o
	echo "status $status: $output"
	[ "$status" -eq 1 ]
	[ "$output" = "$2" ]
	[ ! -e e.o ]
	[ -z "$(ls | grep '^e\.o')" ]
}

PROG='#!asm\n.prog p type=xdp section="xdp"\n'

# ---------------------------------------------------------------- command line

@test "wh-elf --help prints usage and exits 0" {
	run wh-elf --help
	[ "$status" -eq 0 ]
	[[ "$output" == usage:\ wh-elf* ]]
	[[ "$output" == *--disasm* ]]
}

@test "wh-elf: unknown option is a usage error (exit 2)" {
	run wh-elf --bogus
	[ "$status" -eq 2 ]
	[[ "$output" == *"unknown option '--bogus'"* ]]
	run wh-elf -o
	[ "$status" -eq 2 ]
}

@test "wh-elf reads stdin and writes stdout by default" {
	wh-elf < hello.asm > out.o
	wh-elf hello.asm -o ref.o
	cmp out.o ref.o
}

# ---------------------------------------------------------------- the object

@test "hello: ELF64 little-endian relocatable EM_BPF" {
	wh-elf hello.asm -o hello.o
	run llvm-readelf -h hello.o
	[[ "$output" == *"Class:"*"ELF64"* ]]
	[[ "$output" == *"little endian"* ]]
	[[ "$output" == *"REL (Relocatable file)"* ]]
	[[ "$output" == *"Machine:"*"EM_BPF"* ]]
}

@test "hello: sections, flags and alignment" {
	wh-elf hello.asm -o hello.o
	llvm-readelf -S -W hello.o > s.txt
	cat s.txt
	grep -E '\] xdp +PROGBITS .* 000058 00  AX  0   0  8$' s.txt
	grep -E '\] \.relxdp +REL .* 000010 10   I  7   1  8$' s.txt
	grep -E '\] \.maps +PROGBITS .* 000028 00  WA  0   0  8$' s.txt
	grep -E '\] license +PROGBITS .* 000004 00  WA  0   0  1$' s.txt
	grep -E '\] \.BTF +PROGBITS ' s.txt
	grep -E '\] \.BTF\.ext +PROGBITS .* 000060 00 ' s.txt
	grep -E '\] \.symtab +SYMTAB .* 18 +8 +1 +8$' s.txt
	grep -E '\] \.strtab +STRTAB ' s.txt
	grep -E '\] \.shstrtab +STRTAB ' s.txt
	[ "$(section_hex hello.o license)" = " 47 50 4c 00" ]
}

@test "hello: symbols and the map relocation" {
	wh-elf hello.asm -o hello.o
	llvm-readelf -s -r hello.o > s.txt
	cat s.txt
	grep -E ' 0000000000000000 +88 FUNC +GLOBAL DEFAULT +1 count_packets$' s.txt
	grep -E ' 0000000000000000 +40 OBJECT +GLOBAL DEFAULT +3 pkt_count$' s.txt
	grep -E ' 0000000000000000 +4 OBJECT +GLOBAL DEFAULT +4 LICENSE$' s.txt
	grep -E '^0000000000000018 .* R_BPF_64_64 .* pkt_count$' s.txt
}

@test "hello: llvm-objdump shows the expected instructions" {
	require_tool llvm-objdump
	wh-elf hello.asm -o hello.o
	objdump_matches hello.o hello.objdump
}

@test "hello: bpftool btf dump shows the BTF-defined map, FUNC and license" {
	require_tool bpftool
	wh-elf hello.asm -o hello.o
	bpftool btf dump file hello.o > btf.txt
	diff -u hello.btf btf.txt
}

@test "hello: .BTF.ext has func_info and line_info with source text" {
	wh-elf hello.asm -o hello.o      # examples/count-xdp.lisp is readable here
	llvm-objcopy --dump-section .BTF.ext=ext.bin hello.o scratch.o
	od -A d -t x4 -v ext.bin > ext.txt
	diff -u hello.btfext ext.txt
	# the line_off strings are the Lisp source lines 7 and 8
	llvm-objcopy --dump-section .BTF=btf.bin hello.o scratch.o
	grep -a -F '  (incf (map-ref pkt-count 0))' btf.bin
	grep -a -F '  xdp-pass)' btf.bin
}

@test "hello: without a readable source file line_info has empty text" {
	mkdir elsewhere && cd elsewhere
	wh-elf ../hello.asm -o hello.o
	llvm-objcopy --dump-section .BTF.ext=ext.bin hello.o scratch.o
	# line_off (third word of each 16-byte record) is 0
	[ "$(od -A n -t x4 -v -j 64 -N 32 ext.bin | awk '{print $3}' | sort -u)" = "00000000" ]
}

# ---------------------------------------------------------------- the kernel

@test "kernel: hello loads with bpftool loadall, runs, counts and has line info" {
	kernel_setup
	wh-elf hello.asm -o hello.o
	bpftool prog loadall hello.o "$PIN" pinmaps "${PIN}_maps"
	[ -e "$PIN/count_packets" ]
	[ -e "${PIN}_maps/pkt_count" ]
	head -c 64 /dev/zero > pkt
	run bpftool prog run pinned "$PIN/count_packets" data_in pkt repeat 3
	[[ "$output" == *"Return value: 2"* ]]
	run bpftool map dump pinned "${PIN}_maps/pkt_count"
	[[ "$output" == *"value: 03 00 00 00 00 00 00 00"* ]]
	run bpftool prog dump xlated pinned "$PIN/count_packets" linum
	echo "$output"
	[[ "$output" == *"int count_packets(struct xdp_md * ctx):"* ]]
	[[ "$output" == *"; (incf (map-ref pkt-count 0)) [file:examples/count-xdp.lisp line_num:7 line_col:3]"* ]]
	[[ "$output" == *"; xdp-pass) [file:examples/count-xdp.lisp line_num:8 line_col:3]"* ]]
}

@test "kernel: several programs per section, hash and ringbuf maps, tc and kprobe" {
	kernel_setup
	wh-elf multi.asm -o multi.o
	bpftool prog loadall multi.o "$PIN" pinmaps "${PIN}_maps"
	for p in pass drop count_tc on_open; do [ -e "$PIN/$p" ]; done
	for m in counts events; do [ -e "${PIN}_maps/$m" ]; done
	head -c 64 /dev/zero > pkt
	run bpftool prog run pinned "$PIN/pass" data_in pkt
	[[ "$output" == *"Return value: 2"* ]]
	run bpftool prog run pinned "$PIN/drop" data_in pkt
	[[ "$output" == *"Return value: 1"* ]]
	bpftool prog run pinned "$PIN/count_tc" data_in pkt repeat 5
	run bpftool map dump pinned "${PIN}_maps/counts"
	[[ "$output" == *"key: 07 00 00 00  value: 05 00 00 00 00 00 00 00"* ]]
	run bpftool -j map show pinned "${PIN}_maps/events"
	[[ "$output" == *'"type":"ringbuf"'* ]]
}

@test "kernel: a clang object taken through --disasm and back loads" {
	kernel_setup
	require_tool clang
	clang -O2 -g -target bpf -c clang-count.c -o cc.o
	wh-elf --disasm cc.o -o cc.asm
	wh-elf cc.asm -o cc2.o
	bpftool prog loadall cc2.o "$PIN" pinmaps "${PIN}_maps"
	[ -e "$PIN/count_packets" ] && [ -e "$PIN/drop_all" ]
	[ -e "${PIN}_maps/by_len" ]
}

@test "kernel: all eight map types of the manual are created as declared" {
	kernel_setup
	wh-elf maps8.asm -o maps8.o
	bpftool prog loadall maps8.o "$PIN" pinmaps "${PIN}_maps" 2> log
	cat log
	[ ! -s log ]            # no libbpf warning either
	while read -r name json; do
		run bpftool -j map show pinned "${PIN}_maps/$name"
		echo "$name: $output"
		[[ "$output" == *"$json"* ]]
	done <<-'EOF'
	m_hash "type":"hash","name":"m_hash","flags":0,"bytes_key":4,"bytes_value":8,"max_entries":16,
	m_array "type":"array","name":"m_array","flags":0,"bytes_key":4,"bytes_value":16,"max_entries":4,
	m_progs "type":"prog_array","name":"m_progs","flags":0,"bytes_key":4,"bytes_value":4,"max_entries":8,
	m_pchash "type":"percpu_hash","name":"m_pchash","flags":0,"bytes_key":8,"bytes_value":8,"max_entries":32,
	m_pcarray "type":"percpu_array","name":"m_pcarray","flags":0,"bytes_key":4,"bytes_value":8,"max_entries":2,
	m_lru "type":"lru_hash","name":"m_lru","flags":0,"bytes_key":16,"bytes_value":4,"max_entries":64,
	m_lpm "type":"lpm_trie","name":"m_lpm","flags":1,"bytes_key":8,"bytes_value":4,"max_entries":128,
	m_events "type":"ringbuf","name":"m_events","flags":0,"bytes_key":0,"bytes_value":0,"max_entries":8192,
	EOF
}

@test "maps: BTF-defined .maps as libbpf expects (ringbuf without sizes)" {
	require_tool bpftool
	wh-elf maps8.asm -o maps8.o
	bpftool btf dump file maps8.o > btf.txt
	# each map: a VAR of an anonymous struct of __uint members
	grep -E "^\[[0-9]+\] VAR 'm_events' type_id=[0-9]+, linkage=global$" btf.txt
	grep -A 3 -E "^\[[0-9]+\] STRUCT '\(anon\)' size=24 vlen=3$" btf.txt | grep -F "'type' type_id="
	grep -E "^\[[0-9]+\] DATASEC '\.maps' size=304 vlen=8$" btf.txt
	[ "$(grep -c " VAR 'm_" btf.txt)" -eq 8 ]
	llvm-readelf -s maps8.o > syms.txt
	[ "$(grep -c ' OBJECT  GLOBAL DEFAULT .* m_' syms.txt)" -eq 8 ]
	grep -E ' 0000000000000118 +24 OBJECT +GLOBAL DEFAULT +[0-9]+ m_events$' syms.txt
}

@test "kernel: the verifier log of a rejected program shows the Lisp line and file:LINE" {
	kernel_setup
	cd "$BATS_TEST_DIRNAME/wh-elf"    # .file names unsafe.lisp relative to here
	# wh-opt refuses it at compile time; built without that check, the
	# kernel's log is what is tested here
	WH_OPT="wh-opt --no-refuse" whistler compile unsafe.lisp -o "$TMP/unsafe.o"
	cd "$TMP"
	# the raw log with -d; without, the refusal said at the form (the
	# source line comes from .BTF.ext, wherever the source is)
	run wh-load -d check unsafe.o
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"; (if (= (load u8 data 12) 8) @ unsafe.lisp:6"*"invalid access to packet"* ]]
	[[ "$output" == *"program unsafe_read: the verifier rejected it"* ]]
	run wh-load check unsafe.o
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "unsafe.lisp:6:12: error: the kernel verifier refused unsafe_read: "* ]]
	[ "${lines[1]}" = "    6 |     (if (= (load u8 data 12) 8)" ]
	run bpftool prog load unsafe.o "$PIN"
	echo "$output"
	[ "$status" -ne 0 ]
	[[ "$output" == *"; (if (= (load u8 data 12) 8) @ unsafe.lisp:6"*"invalid access to packet"* ]]
	[ ! -e "$PIN" ]
}

@test "sections libbpf does not know: a warning naming its spelling, and wh-load loads them" {
	cd "$BATS_TEST_DIRNAME/wh-elf"
	run whistler compile sections.lisp -o "$TMP/sec.o"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 2 ]
	[ "${lines[0]}" = "sections.lisp:3:43: warning: defprog tcp-handler: libbpf does not recognize section \"xdp/tcp\"; it is kept, and wh-load loads it as :xdp, but libbpf and bpftool need \"xdp\" (or bpftool's 'type xdp')" ]
	[ "${lines[1]}" = "sections.lisp:6:42: warning: defprog block-4444: libbpf does not recognize section \"tc/block_4444\"; it is kept, and wh-load loads it as :tc, but libbpf and bpftool need \"tc\" (or bpftool's 'type tc')" ]
	cd "$TMP"
	llvm-readelf -S sec.o | grep -E '\] xdp/tcp +PROGBITS'
	llvm-readelf -S sec.o | grep -E '\] tc/block_4444 +PROGBITS'
	wh-elf --disasm sec.o | grep -x '.prog block_4444 type=tc section="tc/block_4444"'
	kernel_setup
	run wh-load check sec.o
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "tcp_handler (xdp/tcp): processed "* ]]
	[[ "${lines[1]}" == "block_4444 (tc/block_4444): processed "* ]]
}

@test "error: a section that names no program type" {
	printf '(defprog p (:type :xdp :section "myprog") 2)\n' > e.lisp
	run whistler compile e.lisp -o e.o
	[ "$status" -eq 1 ]
	[ "$output" = "e.lisp:1:33: error: defprog p: section \"myprog\" names no program type, and loaders take the type from the section name (write \"xdp\")" ]
	[ ! -e e.o ]
	asm_error '#!asm\n.prog p type=xdp section="myprog"\n\texit\n' \
		"e.asm: error: program 'p': section \"myprog\" names no program type"
	asm_error '#!asm\n.prog p type=kprobe section="xdp/tcp"\n\texit\n' \
		"e.asm: error: program 'p': type=kprobe, but section \"xdp/tcp\" holds xdp programs"
}

@test "structs: .struct and .union become BTF STRUCT/UNION with member offsets" {
	require_tool bpftool
	wh-elf structs.asm -o structs.o
	bpftool btf dump file structs.o > btf.txt
	cat btf.txt
	grep -A 4 -E "^\[[0-9]+\] STRUCT 'conn_event' size=28 vlen=4$" btf.txt > conn.txt
	grep -E "'src_addr' type_id=[0-9]+ bits_offset=0$" conn.txt
	grep -E "'port' type_id=[0-9]+ bits_offset=64$" conn.txt
	grep -E "'comm' type_id=[0-9]+ bits_offset=80$" conn.txt
	grep -A 2 -E "^\[[0-9]+\] UNION 'either' size=28 vlen=2$" btf.txt | grep -F "'o' type_id="
	grep -F "INT 'unsigned short' size=2 bits_offset=0 nr_bits=16 encoding=(none)" btf.txt
	grep -E "ARRAY '\(anon\)' type_id=[0-9]+ index_type_id=[0-9]+ nr_elems=16$" btf.txt
	bpftool btf dump file structs.o format c > c.txt
	grep -A 5 '^struct conn_event {$' c.txt | grep -F '	unsigned char comm[16];'
	grep -A 3 '^union either {$' c.txt | grep -F '	struct other o;'
}

# kstructs.asm: kernel structs (every .kmember type), a defstruct of the
# same shape as one of them, and a .core of each kind.
@test "structs, kernel structs: print, disasm and re-assemble give the same text and bytes" {
	for f in structs.asm kstructs.asm; do
		wh-elf --print-asm "$f" | diff -u "$f" -
		wh-elf "$f" -o a.o
		wh-elf --disasm a.o | diff -u "$f" -
		wh-elf --disasm a.o | wh-elf -o b.o
		cmp a.o b.o
	done
}

@test "kernel: an object with structs and unions loads" {
	kernel_setup
	wh-elf structs.asm -o structs.o
	bpftool prog loadall structs.o "$PIN"
	[ -e "$PIN/p" ]
}

@test "error: a typed .map whose key or value type is unknown, of another size, or refused by its map type" {
	local S='.struct s size=4 align=4\n.member a u32 offset=0\n.prog p type=xdp section="xdp"\n\tr0 = 0\n\texit\n'
	asm_error "#!asm\n.map m type=hash key_size=4 value_size=8 max_entries=1 flags=0 key=nosuch\n$S" \
		"e.asm: error: map 'm': unknown key type 'nosuch' (u8 .. u64, i8 .. i64 or a struct declared in the unit)"
	asm_error "#!asm\n.map m type=hash key_size=4 value_size=8 max_entries=1 flags=0 value=u32\n$S" \
		"e.asm: error: map 'm': its value type is 4 bytes, but value_size=8"
	asm_error "#!asm\n.map m type=hash key_size=4 value_size=8 max_entries=1 flags=0 value=u32[3]\n$S" \
		"e.asm: error: map 'm': its value type is 12 bytes, but value_size=8"
	asm_error "#!asm\n.map m type=array key_size=4 value_size=8 max_entries=1 flags=0 key=s\n$S" \
		"e.asm: error: map 'm': the key of array maps is a 4-byte integer, not 's'"
	asm_error "#!asm\n.map m type=hash key_size=4 value_size=8 max_entries=1 flags=0 key=u8[0]\n$S" \
		"e.asm:2:71: error: an array of 0 elements"
	# a struct key and an array value of the right sizes assemble
	printf '%b' "#!asm\n.map m type=hash key_size=4 value_size=8 max_entries=1 flags=0 key=s value=u32[2]\n$S" >t.asm
	wh-elf t.asm -o t.o
	[ -s t.o ]
}

@test "error: malformed .struct, .union and .member" {
	local S='#!asm\n.struct s size=4 align=4\n'
	asm_error "$S.member a u24 offset=0\n" \
		"e.asm:3:11: error: unknown member type 'u24' (u8, u16, u32, u64 or a struct declared before)"
	asm_error "$S.member a u32 offset=2\n" \
		"e.asm:3:9: error: member 'a' ends at byte 6, past the end of 's' (size 4)"
	asm_error "$S.member a u8 offset=0\n.member a u8 offset=1\n" \
		"e.asm:4:9: error: duplicate member 'a' in 's'"
	asm_error '#!asm\n.member a u8 offset=0\n' \
		"e.asm:2:1: error: '.member' outside a .struct or .union"
	asm_error '#!asm\n.struct s size=4 align=3\n' \
		"e.asm:2:24: error: bad alignment 3 (1, 2, 4 or 8)"
	asm_error "$S.struct s size=4 align=4\n" \
		"e.asm:3:9: error: duplicate struct or union 's'"
	asm_error '#!asm\n.struct s size=999999999 align=1\n' \
		"e.asm:2:16: error: struct 's' is too large"
}

# ---------------------------------------------------------------- round trips

@test "asm: print(parse(x)) is a fixed point for canonical text" {
	for f in hello.asm all-insns.asm multi.asm noncanon.expected hello.disasm; do
		wh-elf --print-asm "$f" -o out.asm
		diff -u "$f" out.asm
	done
}

@test "asm: non-canonical input prints canonically" {
	wh-elf --print-asm noncanon.asm -o out.asm
	diff -u noncanon.expected out.asm
	wh-elf --print-asm out.asm | diff -u out.asm -
}

@test "asm: a map may be named like a register or a keyword" {
	printf '#!asm\n.map r1 type=array key_size=4 value_size=4 max_entries=1 flags=0\n.map be16 type=array key_size=4 value_size=4 max_entries=1 flags=0\n.prog p type=xdp section="xdp"\n\t.loc 0:0\n\tr2 = r1 ll\n\tr3 = be16 ll\n\tr0 = 0\n\texit\n' > k.asm
	wh-elf --print-asm k.asm | diff -u k.asm -
	wh-elf k.asm -o k.o
	wh-elf --disasm k.o | diff -u k.asm -
}

@test "disasm: hello comes back as the expected asm" {
	wh-elf hello.asm -o hello.o
	wh-elf --disasm hello.o -o out.asm
	diff -u hello.disasm out.asm
}

@test "disasm: asm -> ELF -> asm is the identity for every instruction form" {
	wh-elf all-insns.asm -o all.o
	wh-elf --disasm all.o | diff -u all-insns.asm -
}

@test "disasm -> assemble gives identical code bytes (ours)" {
	wh-elf hello.asm -o a.o
	wh-elf --disasm a.o | wh-elf -o b.o
	same_code "xdp" a.o b.o
	wh-elf all-insns.asm -o a.o
	wh-elf --disasm a.o | wh-elf -o b.o
	same_code "socket kprobe/do_sys_open xdp" a.o b.o
	wh-elf multi.asm -o a.o
	wh-elf --disasm a.o | wh-elf -o b.o
	same_code "xdp tc kprobe/do_sys_openat2" a.o b.o
}

@test "disasm: typed maps keep their key and value types, and the object its bytes" {
	printf '%b' '#!asm\n.license "GPL"\n.map flows type=hash key_size=8 value_size=16 max_entries=16 flags=0 key=pair value=i32[4]\n.map idx type=array key_size=4 value_size=2 max_entries=1 flags=0 key=u32 value=i16\n.struct pair size=8 align=4\n.member a u32 offset=0\n.member b u32 offset=4\n.prog p type=xdp section="xdp"\n\tr0 = 2\n\texit\n' >t.asm
	wh-elf t.asm -o a.o
	wh-elf --disasm a.o >back.asm
	grep -qx '.map flows type=hash key_size=8 value_size=16 max_entries=16 flags=0 key=pair value=i32\[4\]' back.asm
	grep -qx '.map idx type=array key_size=4 value_size=2 max_entries=1 flags=0 key=u32 value=i16' back.asm
	wh-elf back.asm -o b.o
	cmp a.o b.o
}

@test "disasm -> assemble gives identical code bytes (clang's object)" {
	require_tool clang
	clang -O2 -g -target bpf -c clang-count.c -o cc.o
	wh-elf --disasm cc.o -o cc.asm
	cat cc.asm
	grep -x '.license "GPL"' cc.asm
	grep -x '.map pkt_count type=array key_size=4 value_size=8 max_entries=1 flags=0' cc.asm
	grep -x '.map by_len type=hash key_size=4 value_size=8 max_entries=128 flags=1' cc.asm
	grep -x '.prog count_packets type=xdp section="xdp"' cc.asm
	grep -x '.prog drop_all type=xdp section="xdp"' cc.asm
	grep -x '	r1 = by_len ll' cc.asm
	wh-elf cc.asm -o cc2.o
	same_code xdp cc.o cc2.o
}

# ---------------------------------------------------------------- asm errors

@test "error: header is not #!asm" {
	asm_error '#!core\n' 'e.asm:1:1: error: expected #!asm input, got #!core'
}

@test "error: unknown mnemonic" {
	asm_error "$PROG\tmov r1, 2\n" "e.asm:3:2: error: unknown mnemonic 'mov'"
}

@test "error: unparseable instruction" {
	asm_error "$PROG\tif r1 == 0 got L1\n" "e.asm:3:13: error: expected 'goto', got 'got'"
	asm_error "$PROG\tr1 = 1 junk\n" "e.asm:3:9: error: unexpected 'junk' after the instruction"
	asm_error "$PROG\tr1 = \$\n" "e.asm:3:7: error: expected a register, integer, map name or memory operand, got '\$'"
}

@test "error: bad register r11" {
	asm_error "$PROG\tr11 = 1\n" "e.asm:3:2: error: bad register 'r11' (registers are r0-r10, w0-w10)"
}

@test "error: bad register r99 as a source" {
	asm_error "$PROG\tr1 += r99\n" "e.asm:3:8: error: bad register 'r99' (registers are r0-r10, w0-w10)"
}

@test "error: w10 as a destination" {
	asm_error "$PROG\tw10 = 1\n" "e.asm:3:2: error: bad register 'w10': r10 is the read-only frame pointer and cannot be a destination"
}

@test "error: mixing 32- and 64-bit registers" {
	asm_error "$PROG\tw1 = r2\n" "e.asm:3:7: error: bad register 'r2': expected a 32-bit register (wN) here"
	asm_error "$PROG\tw1 = *(u32 *)(r2 + 0)\n" "e.asm:3:2: error: bad register 'w1': a load needs a 64-bit register (rN)"
}

@test "error: instruction outside a .prog" {
	asm_error '#!asm\n\tr0 = 0\n' 'e.asm:2:2: error: instruction outside a .prog'
}

@test "error: malformed directives" {
	asm_error '#!asm\n.map m type=array key_size=4 max_entries=1 flags=0\n' \
		"e.asm:2:30: error: malformed directive: expected 'value_size=', got 'max_entries'"
	asm_error '#!asm\n.map m type=arrays key_size=4 value_size=4 max_entries=1 flags=0\n' \
		"e.asm:2:13: error: unknown map type 'arrays'"
	asm_error '#!asm\n.prog p type=xdp section=xdp\n' \
		"e.asm:2:26: error: expected a string, got 'xdp'"
	asm_error '#!asm\n.bogus 1\n' "e.asm:2:1: error: unknown directive '.bogus'"
	asm_error "$PROG.license \"GPL\"\n" "e.asm:3:1: error: '.license' must come before the first .prog"
	asm_error '#!asm\n.file "a\\n"\n' "e.asm:2:9: error: bad escape '\\n' in string (only \\\\ and \\\" are allowed)"
}

@test "error: bad integers" {
	asm_error "$PROG\tr1 = 12abc\n" "e.asm:3:7: error: bad integer '12abc'"
	asm_error "$PROG\tr1 = 2147483648\n" "e.asm:3:7: error: integer 2147483648 out of range (-2147483648..2147483647)"
	asm_error "$PROG\tr1 = 99999999999999999999 ll\n" "e.asm:3:7: error: bad integer '99999999999999999999' (too large)"
	asm_error "$PROG\tr0 = *(u8 *)(r1 + 32768)\n" "e.asm:3:20: error: integer 32768 out of range (0..32767)"
}

@test "error: undefined label" {
	asm_error "$PROG\tgoto L9\n\texit\n" "e.asm:3:2: error: undefined label 'L9'"
}

@test "error: duplicate label" {
	asm_error "${PROG}L1:\n\tr0 = 0\nL1:\n\texit\n" "e.asm:5:1: error: duplicate label 'L1' (first defined at line 3)"
}

@test "error: map referenced but not declared" {
	asm_error "$PROG\tr1 = counts ll\n\texit\n" "e.asm:3:2: error: undeclared map 'counts'"
}

@test "error: jump out of 16-bit range" {
	{
		printf '#!asm\n.prog p type=xdp section="xdp"\n\tgoto far\n'
		for i in $(seq 32768); do printf '\tr0 = 0\n'; done
		printf 'far:\n\texit\n'
	} > big.asm
	run wh-elf big.asm -o big.o
	[ "$status" -eq 1 ]
	[ "$output" = "big.asm:3:2: error: jump to 'far' is out of range (offset 32768 does not fit in 16 bits)" ]
	[ ! -e big.o ]
	# one instruction less fits
	sed -i '4d' big.asm
	wh-elf big.asm -o big.o
}

@test "error: empty program, duplicate names, reserved sections, ringbuf sizes" {
	asm_error '#!asm\n.prog p type=xdp section="xdp"\n' "e.asm: error: program 'p' has no instructions"
	asm_error "${PROG}\texit\n.prog p type=xdp section=\"xdp\"\n\texit\n" "e.asm: error: duplicate program 'p'"
	asm_error '#!asm\n.prog p type=xdp section=".maps"\n\texit\n' \
		"e.asm: error: program 'p': section name \".maps\" is reserved"
	asm_error '#!asm\n.map rb type=ringbuf key_size=4 value_size=0 max_entries=4096 flags=0\n' \
		"e.asm: error: map 'rb': ringbuf maps take no key or value size (key_size=0 value_size=0)"
}

@test "a failed run leaves an existing output file untouched" {
	echo precious > out.o
	printf "$PROG\tbogus\n" > e.asm
	run wh-elf e.asm -o out.o
	[ "$status" -eq 1 ]
	[ "$(cat out.o)" = precious ]
	[ "$(ls | grep -c 'out\.o\.tmp')" -eq 0 ]
}

# ---------------------------------------------------------------- disasm errors

@test "disasm: a file that is not ELF is one error line, exit 1" {
	run wh-elf --disasm hello.asm
	[ "$status" -eq 1 ]
	[ "$output" = "wh-elf: hello.asm: not an ELF file" ]
}

@test "disasm: a truncated object is one error line, exit 1" {
	wh-elf hello.asm -o hello.o
	head -c 200 hello.o > cut.o
	run wh-elf --disasm cut.o
	echo "$output"
	[ "$status" -eq 1 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == "wh-elf: cut.o: "* ]]
}

# The access strings "0:0" and "0:1" of kstructs.asm's core_relo records
# are each once in .BTF's strings; spoiled, the record is refused.
@test "disasm: a core_relo access the asm cannot spell is refused" {
	wh-elf kstructs.asm -o k.o
	python3 -c 'import sys; d = open("k.o", "rb").read()
assert d.count(b"\x000:0\x00") == 1 and d.count(b"\x000:1\x00") == 1
open("prefix.o", "wb").write(d.replace(b"\x000:0\x00", b"\x00x:0\x00"))
open("range.o", "wb").write(d.replace(b"\x000:1\x00", b"\x000:9\x00"))'
	run wh-elf --disasm prefix.o
	[ "$status" -eq 1 ]
	[ "$output" = "wh-elf: prefix.o: kprobe/foo+0x0: core_relo access 'x:0' is not a member of 'task_struct' (0:N)" ]
	run wh-elf --disasm range.o
	[ "$status" -eq 1 ]
	[ "$output" = "wh-elf: range.o: kprobe/foo+0x20: core_relo access '0:9' is not a member of 'plain' (0:N)" ]
}

@test "disasm: an instruction with no asm form is refused" {
	wh-elf hello.asm -o hello.o
	# xdp starts at file offset 0x40; give insn 1 (r2 = r10) a non-zero off
	printf '\001' | dd of=hello.o bs=1 seek=$((0x40 + 8 + 2)) conv=notrunc status=none
	run wh-elf --disasm hello.o
	[ "$status" -eq 1 ]
	[ "$output" = "wh-elf: hello.o: xdp+0x8: instruction (code 0xbf regs 0xa2 off 1 imm 0) has no asm form" ]
}

# fuzz OBJ FROM LEN N: N times, three random bytes of OBJ in [FROM,
# FROM+LEN) changed; --disasm must succeed or fail with one line, exit 1.
fuzz() {
	local i k byte at
	RANDOM=42
	for i in $(seq "$4"); do
		cp "$1" f.o
		for k in 1 2 3; do
			# RANDOM only in this shell: subshells would re-seed it
			byte=$((RANDOM % 256)) at=$(( $2 + (RANDOM * 32768 + RANDOM) % $3 ))
			printf "\\$(printf %o $byte)" | dd of=f.o bs=1 seek=$at conv=notrunc status=none
		done
		run wh-elf --disasm f.o -o f.asm
		if [ "$status" -ne 0 ] && { [ "$status" -ne 1 ] || [ "${#lines[@]}" -ne 1 ]; }; then
			echo "iteration $i: status $status: $output"
			cp f.o "$BATS_TMPDIR/wh-elf-crash.o"
			return 1
		fi
	done
}

@test "disasm: corrupted objects never crash (deterministic fuzz)" {
	wh-elf multi.asm -o multi.o
	fuzz multi.o 0 "$(stat -c %s multi.o)" 300
}

@test "disasm: a corrupted .BTF of structs never crashes (deterministic fuzz)" {
	wh-elf structs.asm -o structs.o
	read -r off size < <(llvm-readelf -S -W structs.o | sed -n 's/.*\] \.BTF  *PROGBITS  *[0-9a-f]* \([0-9a-f]*\) \([0-9a-f]*\) .*/\1 \2/p')
	off=$((16#$off)) size=$((16#$size))
	[ "$size" -gt 100 ]
	fuzz structs.o "$off" "$size" 200
}

# ---------------------------------------------------------------- object model

@test "object model: every object wh-elf writes is read and written back to the same bytes" {
	local f n=0
	for f in *.asm; do
		wh-elf "$f" -o a.o
		wh-elf --rewrite a.o -o b.o
		cmp a.o b.o || { echo "$f: written back differently"; return 1; }
		n=$((n + 1))
	done
	[ "$n" -ge 6 ]
}

@test "object model: the disassembler and the loader make the same of each object" {
	local f
	for f in *.asm; do
		wh-elf "$f" -o a.o
		wh-elf --describe a.o > elf
		wh-load describe a.o > load
		grep -q '^prog ' load
		diff -u elf load || { echo "$f: wh-elf and wh-load differ"; return 1; }
	done
}

# The lines of elf-facts.py for an object, but those of .BTF and .BTF.ext
# (whose string offsets follow the writer's order).
facts_but_btf() {
	python3 elf-facts.py "$1" | grep -v -E '^section [0-9]+ \.BTF(\.ext)? '
}

@test "object model: a clang object written back differs only in layout and string order" {
	require_tool clang
	require_tool bpftool
	clang -O2 -g -target bpf -c clang-count.c -o cc.o
	wh-elf --rewrite cc.o -o rw.o
	wh-elf --rewrite rw.o -o rw2.o
	cmp rw.o rw2.o                          # a fixed point
	facts_but_btf cc.o > a
	facts_but_btf rw.o > b
	diff -u a b
	grep -q '^section [0-9]* \.debug_info ' a      # debug info and its relocations kept
	grep -q '^symbol [0-9]* count_packets ' a
	[ "$(python3 elf-facts.py rw.o | grep -c -E ' \.BTF(\.ext)? ')" -eq 2 ]
	diff -u <(bpftool btf dump file cc.o) <(bpftool btf dump file rw.o)
	diff -u <(wh-elf --disasm cc.o) <(wh-elf --disasm rw.o)
	diff -u <(wh-elf --describe cc.o) <(wh-elf --describe rw.o)
}

# Each object is read back, disassembled or described, or refused with one
# line: exit 0 or 1, never a crash; --disasm under valgrind (where it runs,
# and wh-elf is neither static, which valgrind cannot check, nor a
# sanitizer's build, which checks by itself: make test-sanitize) shows no
# memory error.
hostile() {
	local f=$1 mode vg=()
	if command -v valgrind >/dev/null && ldd "$WH_BIN/wh-elf" >/dev/null 2>&1; then
		grep -q __asan_init "$WH_BIN/wh-elf" || vg=(valgrind -q --error-exitcode=9)
	fi
	for mode in --disasm --rewrite --describe; do
		if [ "$mode" = --disasm ]; then
			run "${vg[@]}" wh-elf "$mode" "$f" -o out
		else
			run wh-elf "$mode" "$f" -o out
		fi
		if [ "$status" -ne 0 ] && { [ "$status" -ne 1 ] || [ "${#lines[@]}" -ne 1 ] ||
					   [[ "$output" != "wh-elf: $f: "* ]]; }; then
			echo "$f $mode: status $status: $output"
			return 1
		fi
	done
}

@test "hostile objects: the reliability set and the fuzzer's finds" {
	local f n=0
	for f in hostile/*.o "$BATS_TEST_DIRNAME"/wh-load/fuzz-found/*.o; do
		hostile "$f"
		n=$((n + 1))
	done
	[ "$n" -ge 20 ]
	# the use-after-free of the source file name: now read, and printed
	run wh-elf --disasm hostile/wh-elf-disasm-uaf-btf-gnuhash.o
	[ "$status" -eq 0 ]
	[[ "$output" == *'.file "examples/count-xdp.lisp"'* ]]
	run wh-elf --disasm hostile/wh-load-btf-dump-absurd-map.o
	[ "$output" = "wh-elf: hostile/wh-load-btf-dump-absurd-map.o: map 'm': map type 4294967295 is not supported" ]
}

@test "hostile objects: one defect of each kind of tests/wh-load/corrupt.py" {
	require_tool clang
	require_tool python3
	local corrupt="$BATS_TEST_DIRNAME/wh-load/corrupt.py" k n=0
	clang -O2 -g -target bpf -c "$BATS_TEST_DIRNAME/wh-load/xdp_count.c" -o x.o
	for k in $(python3 "$corrupt" --list); do
		python3 "$corrupt" x.o "$k.o" "$k"
		hostile "$k.o"
		n=$((n + 1))
	done
	[ "$n" -ge 25 ]
}
