# whistler.bash: bash completion for the whistler driver: its commands,
# each command's options, --gen languages, --emit stages, and the files
# each command reads (.lisp sources; objects for disasm).
_whistler_files() {   # _whistler_files GLOB...: matching files, and folders
	local g
	compopt -o filenames 2>/dev/null
	for g in "$@"; do
		COMPREPLY+=($(compgen -f -X "!$g" -- "$cur"))
	done
	COMPREPLY+=($(compgen -d -- "$cur"))
}

_whistler() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local langs="c go rust python lisp all" stages="sx core ssa mir asm"
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "compile disasm doctor run repl version help --help --version -h -V" -- "$cur"))
		return
	fi
	# --emit=STAGE: '=' may be a word of its own (COMP_WORDBREAKS)
	if [ "$prev" = = ] && [ "${COMP_WORDS[COMP_CWORD-2]}" = --emit ]; then
		COMPREPLY=($(compgen -W "$stages" -- "$cur"))
		return
	fi
	case $cur in
	--emit=*) COMPREPLY=($(compgen -P --emit= -W "$stages" -- "${cur#--emit=}")); return ;;
	esac
	case ${COMP_WORDS[1]} in
	compile)
		case $prev in
		-o) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -f -- "$cur")); return ;;
		--keep) compopt -o filenames 2>/dev/null; COMPREPLY=($(compgen -d -- "$cur")); return ;;
		--emit) COMPREPLY=($(compgen -W "$stages" -- "$cur")); return ;;
		--gen) COMPREPLY=($(compgen -W "$langs" -- "$cur")); return ;;
		esac
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "-o --gen --gen-prefix --emit= --keep --help" -- "$cur"))
			[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
			return
		fi
		# after --gen LANG...: more languages, or the input
		local i=$((COMP_CWORD - 1))
		while [ "$i" -ge 2 ] && [[ " $langs " == *" ${COMP_WORDS[i]} "* ]]; do
			i=$((i - 1))
		done
		if [ "$i" -lt $((COMP_CWORD - 1)) ] && [ "${COMP_WORDS[i]}" = --gen ]; then
			COMPREPLY=($(compgen -W "$langs" -- "$cur"))
		fi
		_whistler_files '*.lisp' ;;
	disasm)
		[ "$COMP_CWORD" -eq 2 ] && _whistler_files '*.lisp' '*.o' ;;
	run)
		[ "$COMP_CWORD" -eq 2 ] && _whistler_files '*.lisp' ;;
	repl)
		[[ $cur == -* ]] && COMPREPLY=($(compgen -W "--no-prompt --help" -- "$cur")) ;;
	help)
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "compile disasm doctor run repl version" -- "$cur")) ;;
	esac
}
complete -F _whistler whistler
