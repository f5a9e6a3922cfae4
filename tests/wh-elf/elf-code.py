#!/usr/bin/env python3
# elf-code.py OBJ: print the code of a BPF ELF object (ELF64 little-endian)
# as text to compare objects from different assemblers: per executable
# section, sorted by name, its instructions in hex (one per line) and its
# relocations (offset, type, symbol name). Read with the struct module, so
# the comparison does not depend on the tools under test.
import struct
import sys


def sections(data):
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    secs = []
    for i in range(shnum):
        secs.append(struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize))
    names = secs[shstrndx]

    def cstr(off, base):
        end = data.index(b"\0", base + off)
        return data[base + off:end].decode()
    return [(cstr(s[0], names[4]),) + s for s in secs]


def main():
    data = open(sys.argv[1], "rb").read()
    secs = sections(data)
    symtab = next(s for s in secs if s[2] == 2)       # SHT_SYMTAB
    strtab = secs[symtab[7]]

    def symname(i):
        st_name, = struct.unpack_from("<I", data, symtab[5] + 24 * i)
        end = data.index(b"\0", strtab[5] + st_name)
        return data[strtab[5] + st_name:end].decode()
    out = {}
    for name, _, typ, flags, _, off, size, *_ in secs:
        if typ == 1 and flags & 4 and size:             # PROGBITS, EXECINSTR
            code = data[off:off + size]
            out[name] = [code[k:k + 8].hex() for k in range(0, size, 8)]
    for name, _, typ, _, _, off, size, link, info, _, _ in secs:
        if typ == 9 and secs[info][0] in out:           # SHT_REL
            for k in range(0, size, 16):
                r_off, r_info = struct.unpack_from("<QQ", data, off + k)
                out[secs[info][0]].append("rel %d type %d %s" % (
                    r_off, r_info & 0xFFFFFFFF, symname(r_info >> 32)))
    for name in sorted(out):
        print("section " + name)
        print("\n".join(out[name]))


if __name__ == "__main__":
    main()
