#!/usr/bin/env python3
"""split-btf.py DIR [--hostile KIND]: raw BTF files for the module-BTF
tests, written byte by byte from the uapi layout (<linux/btf.h>):

  DIR/compile.btf  plain BTF the program compiles against (WH_VMLINUX):
                   struct wh_mod_stat { u32 flags @0; u64 count @8 }, 16 bytes
  DIR/btf/vmlinux  the base ("vmlinux"): integer types only
  DIR/btf/whmod    split BTF continuing it (a module's): its types are
                   numbered after the base's, its string offsets count from
                   the end of the base's strings, and its member types are
                   the base's integers:
                   struct wh_mod_stat { u32 flags @0; u64 pad @8; u64 count @24 }

--base-too also gives the base a struct wh_mod_stat, with count at 40
(vmlinux is searched first, so that one wins). --hostile KIND spoils the
module file: badref (a member's type id past the last type), badstr (a
member's name past both string sections), nonul (its string section does
not end with a NUL), truncated (the last type record cut short)."""
import os
import struct
import sys

KIND_INT, KIND_STRUCT = 1, 4


class Blob:
    def __init__(self, first_id=1, first_str=0, strings=b"\0"):
        self.types = b""
        self.strs = strings
        self.first_str = first_str
        self.next_id = first_id

    def s(self, name):
        """The offset of name in the (base + own) string space."""
        off = self.first_str + len(self.strs)
        self.strs += name.encode() + b"\0"
        return off

    def int_type(self, name, size, signed=False):
        self.types += struct.pack("<III", self.s(name), KIND_INT << 24, size)
        self.types += struct.pack("<I", (1 if signed else 0) << 24 | size * 8)
        self.next_id += 1
        return self.next_id - 1

    def struct_type(self, name, size, members):
        self.types += struct.pack("<III", self.s(name), KIND_STRUCT << 24 | len(members), size)
        for mname, mtype, byte_off in members:
            name_off = mname if isinstance(mname, int) else self.s(mname)
            self.types += struct.pack("<III", name_off, mtype, byte_off * 8)
        self.next_id += 1
        return self.next_id - 1

    def raw(self):
        hdr = struct.pack("<HBBIIIII", 0xEB9F, 1, 0, 24, 0, len(self.types),
                          len(self.types), len(self.strs))
        return hdr + self.types + self.strs


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


def main():
    out = sys.argv[1]
    hostile = sys.argv[sys.argv.index("--hostile") + 1] if "--hostile" in sys.argv else None
    os.makedirs(os.path.join(out, "btf"), exist_ok=True)

    plain = Blob()
    u32 = plain.int_type("unsigned int", 4)
    u64 = plain.int_type("long long unsigned int", 8)
    plain.struct_type("wh_mod_stat", 16, [("flags", u32, 0), ("count", u64, 8)])
    write(os.path.join(out, "compile.btf"), plain.raw())

    base = Blob()
    u32 = base.int_type("unsigned int", 4)
    u64 = base.int_type("long long unsigned int", 8)
    if "--base-too" in sys.argv:
        base.struct_type("wh_mod_stat", 48, [("flags", u32, 0), ("count", u64, 40)])
    write(os.path.join(out, "btf", "vmlinux"), base.raw())

    # the module's strings start right after the base's: no leading NUL
    mod = Blob(first_id=base.next_id, first_str=len(base.strs), strings=b"")
    member_type, member_name = u64, "count"
    if hostile == "badref":
        member_type = 99
    if hostile == "badstr":
        member_name = len(base.strs) + 4096
    mod.struct_type("wh_mod_stat", 32, [("flags", u32, 0), ("pad", u64, 8),
                                        (member_name, member_type, 24)])
    raw = mod.raw()
    if hostile == "nonul":
        raw = raw[:-1] + b"x"
    if hostile == "truncated":
        hdr = bytearray(raw[:24])
        struct.pack_into("<I", hdr, 12, len(mod.types) - 4)     # type_len
        raw = bytes(hdr) + mod.types[:-4] + mod.strs
        hdr = bytearray(raw[:24])
        struct.pack_into("<I", hdr, 16, len(mod.types) - 4)     # str_off
        raw = bytes(hdr) + raw[24:]
    write(os.path.join(out, "btf", "whmod"), raw)


main()
