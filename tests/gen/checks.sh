# checks.sh: from a layout table (layout.awk) write a program in each
# language that fails unless the generated header has the same sizes and
# offsets. Sourced by tests/gen.bats.

camel() {   # src_addr -> SrcAddr
	local w out= IFS=_
	for w in $1; do out+=${w^}; done
	printf '%s' "$out"
}

c_checks() {   # c_checks HEADER < layout
	printf '#include <stddef.h>\n#include "%s"\n' "$1"
	local kind s f off bytes
	while read -r kind s f off bytes; do
		if [ "$kind" = struct ]; then
			local kw=struct
			grep -q "^union $s {" "$1" && kw=union
			printf '_Static_assert(sizeof(%s %s) == %s, "size of %s");\n' "$kw" "$s" "$f" "$s"
		else
			printf '_Static_assert(offsetof(%s %s, %s) == %s, "offset of %s.%s");\n' \
				"$kw" "$s" "$f" "$off" "$s" "$f"
			printf '_Static_assert(sizeof(((%s %s *)0)->%s) == %s, "size of %s.%s");\n' \
				"$kw" "$s" "$f" "$bytes" "$s" "$f"
		fi
	done
}

py_checks() {   # py_checks MODULE < layout
	printf 'import ctypes\nimport %s as m\n' "$1"
	local kind s f off bytes
	while read -r kind s f off bytes; do
		if [ "$kind" = struct ]; then
			printf 'assert ctypes.sizeof(m.%s) == %s, "size of %s"\n' "$(camel "$s")" "$f" "$s"
		else
			printf 'assert m.%s.%s.offset == %s, "offset of %s.%s"\n' "$(camel "$s")" "$f" "$off" "$s" "$f"
			printf 'assert m.%s.%s.size == %s, "size of %s.%s"\n' "$(camel "$s")" "$f" "$bytes" "$s" "$f"
		fi
	done
	echo 'print("ok")'
}

go_checks() {   # go_checks PACKAGE < layout; unions are checked by size only
	printf 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"unsafe"\n\n\tp "check/%s"\n)\n\n' "$1"
	printf 'func want(what string, got, want uintptr) {\n\tif got != want {\n'
	printf '\t\tfmt.Println(what, got, "want", want)\n\t\tos.Exit(1)\n\t}\n}\n\nfunc main() {\n'
	local kind s f off bytes unions=" "
	while read -r kind s f off bytes; do
		local t; t=$(camel "$s")
		if [ "$kind" = struct ]; then
			printf '\twant("size of %s", unsafe.Sizeof(p.%s{}), %s)\n' "$s" "$t" "$f"
			grep -q "^type $t \[" "$2" && unions+="$s "
		elif [[ $unions != *" $s "* ]]; then
			printf '\twant("offset of %s.%s", unsafe.Offsetof(p.%s{}.%s), %s)\n' "$s" "$f" "$t" "$(camel "$f")" "$off"
			printf '\twant("size of %s.%s", unsafe.Sizeof(p.%s{}.%s), %s)\n' "$s" "$f" "$t" "$(camel "$f")" "$bytes"
		fi
	done
	printf '\tfmt.Println("ok")\n}\n'
}

rust_checks() {   # rust_checks FILE.rs < layout; unions by size only
	printf '#[path = "%s"]\nmod types;\nuse core::mem::{offset_of, size_of};\n\nfn main() {\n' "$1"
	local kind s f off bytes unions=" "
	while read -r kind s f off bytes; do
		local t; t=$(camel "$s") rf=$f
		case $f in type|match|fn|struct|loop|move|ref) rf=r#$f ;; esac
		if [ "$kind" = struct ]; then
			printf '    assert_eq!(size_of::<types::%s>(), %s, "size of %s");\n' "$t" "$f" "$s"
			grep -q "^pub union $t " "$1" && unions+="$s "
		elif [[ $unions != *" $s "* ]]; then
			printf '    assert_eq!(offset_of!(types::%s, %s), %s, "offset of %s.%s");\n' "$t" "$rf" "$off" "$s" "$f"
		fi
	done
	printf '    println!("ok");\n}\n'
}
