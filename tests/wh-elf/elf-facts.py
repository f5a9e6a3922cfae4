#!/usr/bin/env python3
# elf-facts.py OBJ: print what an ELF64 little-endian object holds, without
# where it lies in the file: the header's type, machine and flags; each
# section's name, type, flags, link, info, alignment and entry size, and
# but for string tables its size and its bytes as a hash (the symbol
# table's as its symbols: name, value, size, info, visibility, section).
# Two objects that print the same differ at most in their layout (section
# offsets) and in how their string tables share names. Read with the
# struct module, independent of the tools under test.
import hashlib
import struct
import sys

SHT_STRTAB = 3
SHT_SYMTAB = 2


def main():
    data = open(sys.argv[1], "rb").read()
    e_type, e_machine, _, _, _, shoff, e_flags = struct.unpack_from("<HHIQQQI", data, 16)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    print("header type=%d machine=%d flags=%#x sections=%d" % (e_type, e_machine, e_flags, shnum))
    secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]

    def cstr(table, off):
        base = secs[table][4]
        return data[base + off:data.index(b"\0", base + off)].decode(errors="replace")

    for i, (name, typ, flags, _, off, size, link, info, align, entsize) in enumerate(secs):
        # the symbol table's bytes hold name offsets: its symbols print below
        body = "" if typ == SHT_SYMTAB else hashlib.sha1(data[off:off + size]).hexdigest()[:16]
        print("section %d %s type=%d flags=%#x link=%d info=%d align=%d entsize=%d %s" %
              (i, cstr(shstrndx, name), typ, flags, link, info, align, entsize,
               "size=%d %s" % (size, body) if typ != SHT_STRTAB else ""))
    for table in (i for i, s in enumerate(secs) if s[1] == SHT_SYMTAB):
        _, _, _, _, off, size, link, _, _, _ = secs[table]
        for k in range(size // 24):
            name, info, other, shndx, value, sz = struct.unpack_from("<IBBHQQ", data, off + 24 * k)
            print("symbol %d %s value=%d size=%d info=%#x other=%d shndx=%d" %
                  (k, cstr(link, name), value, sz, info, other, shndx))


main()
