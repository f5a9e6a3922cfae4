# layout.awk: the struct layouts a core file declares, one line per fact:
#   struct NAME SIZE
#   field NAME FIELD OFFSET BYTES     (FIELD spelled with underscores)
# Union members are fields at offset 0 named after their struct; an
# embedded struct's bytes are its size.
{
	gsub(/@[0-9]+:[0-9]+/, "")
	if ($0 !~ /^\((struct|union) /)
		next
	gsub(/[()]/, " ")
	n = split($0, t, " ")
	kind = t[1]; name = t[2]
	print "struct", name, t[4]
	if (kind == "union") {
		for (i = 7; i <= n; i++)
			print "field", name, t[i], 0, size[t[i]]
	} else {
		i = 7
		while (i <= n) {
			f = t[i]; gsub(/-/, "_", f)
			w = t[i + 1] ~ /^u[0-9]+$/ ? substr(t[i + 1], 2) / 8 : size[t[i + 1]]
			off = t[i + 2]; cnt = 1; i += 3
			if (i <= n && t[i] ~ /^[0-9]+$/) { cnt = t[i]; i++ }
			print "field", name, f, off, w * cnt
		}
	}
	size[name] = t[4]
}
