# lint-asserts.awk: finds assertions in bats files that cannot fail.
#
# In a bats test (set -e), a command inverted with `!` never stops the
# test, wherever it stands but last: `! grep -q x file` passes whether or
# not x is there. The same holds after `&&` or `||`. And `cmd || true`
# throws cmd's verdict away. This prints FILE:LINE: TEXT for each such
# line outside here-documents:
#   - a command that starts with `! ` (also after `&&`, `||` or `;`), in a
#     @test body or a shell function; `run ! cmd` is the working spelling.
#     Not flagged: the last statement of a function (its status is the
#     function's, which the caller's set -e sees) and a line that goes on
#     the condition of an `if`/`while` begun on an earlier line;
#   - `|| true` (or `|| :`) in a @test body, unless it sits inside a
#     `$( )` (a count that may be zero) or ends a clean-up command
#     (kill, wait, rm, rmdir, umount, ip ... del, tc ... del, detach).
# Usage: awk -f lint-asserts.awk tests/*.bats tests/*.bash
FNR == 1 { in_test = 0; in_func = 0; heredoc = ""; pending = ""; cond = 0; cont = 0 }

heredoc != "" {
	line = $0
	sub(/^[ \t]+/, "", line)
	if (line == heredoc) heredoc = ""
	next
}

{
	code = $0
	sub(/^[ \t]+#.*/, "", code)
	# a here-document starts after this line: remember its terminator
	if (match(code, /<<-?[ \t]*['"]?[A-Za-z_][A-Za-z0-9_]*['"]?/)) {
		tag = substr(code, RSTART, RLENGTH)
		sub(/^<<-?[ \t]*/, "", tag)
		gsub(/['"]/, "", tag)
		heredoc = tag
	}
}

# an inverted line of a function is reported when the next line shows it
# was not the function's last
pending != "" && code !~ /^[ \t]*$/ {
	if (!(in_func && code ~ /^}/)) { print pending; bad = 1 }
	pending = ""
}

/^@test / { in_test = 1; next }
/^[A-Za-z_][A-Za-z0-9_]*\(\) *\{/ { in_func = 1; next }
/^}/ { in_test = 0; in_func = 0; next }

{
	# is this line the continuation of an if/while condition?
	if (!cont) cond = (code ~ /^[ \t]*(if|elif|while|until)[ \t]/)
	inverted = (code ~ /^[ \t]*! / || code ~ /(&&|\|\||;)[ \t]*! /)
	in_cond = cont && cond
	cont = (code ~ /(\|\||&&|\||\\)[ \t]*$/)
}

(in_test || in_func) && inverted && !in_cond {
	msg = FILENAME ":" FNR ": inverted command does not fail the test (use run !): " $0
	if (in_test) { print msg; bad = 1 } else pending = msg
}

in_test && code ~ /\|\|[ \t]*(true|:)[ \t]*(\)|$|#)/ {
	if (code ~ /\$\([^)]*\|\|[ \t]*(true|:)[ \t]*\)/) next
	if (code ~ /^[ \t]*(kill|wait|rm|rmdir|umount|ip netns del|ip link del|tc qdisc del)[ \t]/) next
	print FILENAME ":" FNR ": || true throws away a verdict: " $0
	bad = 1
}

END { exit bad }
