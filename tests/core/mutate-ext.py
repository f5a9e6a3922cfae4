#!/usr/bin/env python3
"""mutate-ext.py IN OUT FIELD VALUE: copy the raw .BTF.ext blob IN to OUT
with FIELD (insn_off, type_id or access_str_off) of its first core_relo
record set to VALUE, for the hostile-record tests. The layout is the
kernel's and libbpf's: a header (magic, version, flags, hdr_len, then
offset/length pairs for func_info, line_info, core_relo, relative to the
header's end); core_relo is rec_size, then per section (name, count,
records of insn_off, type_id, access_str_off, kind)."""
import struct
import sys

src, dst, field, value = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4], 0)
blob = bytearray(open(src, "rb").read())
magic, version, flags, hdr_len = struct.unpack_from("<HBBI", blob, 0)
assert magic == 0xEB9F and hdr_len >= 32, "not a .BTF.ext with core_relo"
core_off, core_len = struct.unpack_from("<II", blob, 24)
assert core_len > 12, "no core_relo records"
rec = hdr_len + core_off + 4 + 8          # rec_size, then name and count
index = {"insn_off": 0, "type_id": 1, "access_str_off": 2, "kind": 3}[field]
struct.pack_into("<I", blob, rec + 4 * index, value)
open(dst, "wb").write(blob)
