#!/usr/bin/env python3
"""corrupt.py IN OUT KIND: write a copy of the BPF object IN with one
defect of kind KIND (the list: corrupt.py --list), for the broken-object
tests of wh-load.bats. Each kind patches one field of the ELF, .BTF,
.BTF.ext, symbol or relocation tables, located by parsing the object."""
import struct, sys

def u(fmt, b, off):
    return struct.unpack_from("<" + fmt, b, off)[0]

def put(fmt, b, off, v):
    struct.pack_into("<" + fmt, b, off, v)

class Elf:
    def __init__(self, b):
        self.b = b
        self.shoff, self.shnum, self.shstrndx = u("Q", b, 40), u("H", b, 60), u("H", b, 62)
        strtab = self.sh(self.shstrndx)[2]
        self.names = {}
        for i in range(self.shnum):
            s = self.sh(i)
            n = b[strtab + s[0]:b.index(0, strtab + s[0])].decode()
            self.names.setdefault(n, i)
    def hdr(self, i):
        return self.shoff + 64 * i
    def sh(self, i):
        h = self.hdr(i)
        # name, type, offset, size, link, info
        return (u("I", self.b, h), u("I", self.b, h + 4), u("Q", self.b, h + 24),
                u("Q", self.b, h + 32), u("I", self.b, h + 40), u("I", self.b, h + 44))
    def sec(self, name):
        return self.names[name]
    def data(self, name):
        return self.sh(self.sec(name))[2]
    def first(self, typ):
        return next(i for i in range(self.shnum) if self.sh(i)[1] == typ)
    def prog_sym(self):
        """Offset of the first global function symbol."""
        st = self.sh(self.first(2))
        for off in range(st[2], st[2] + st[3], 24):
            info = self.b[off + 4]
            if info & 0xf == 2 and info >> 4 == 1:
                return off
        raise SystemExit("no program symbol")
    def code_rel(self):
        """Offset of the first relocation against code."""
        for i in range(self.shnum):
            s = self.sh(i)
            if s[1] == 9 and s[3] >= 16 and s[5] and not self.sh(s[5])[0] == 0:
                flags = u("Q", self.b, self.hdr(s[5]) + 8)
                if flags & 4:
                    return s[2], i
        raise SystemExit("no code relocation")

BTF_SIZES = {1: (4, 0), 2: (0, 0), 3: (12, 0), 4: (0, 12), 5: (0, 12), 6: (0, 8),
             7: (0, 0), 8: (0, 0), 9: (0, 0), 10: (0, 0), 11: (0, 0), 12: (0, 0),
             13: (0, 8), 14: (4, 0), 15: (0, 12), 16: (0, 0), 17: (4, 0), 18: (0, 0),
             19: (0, 12)}

def btf_types(b, btf):
    """(offset, kind) of every type record."""
    hl, toff, tlen = u("I", b, btf + 4), u("I", b, btf + 8), u("I", b, btf + 12)
    off, end, out = btf + hl + toff, btf + hl + toff + tlen, []
    while off < end:
        info = u("I", b, off + 4)
        kind, vlen = info >> 24 & 0x1f, info & 0xffff
        out.append((off, kind))
        fixed, per = BTF_SIZES[kind]
        off += 12 + fixed + per * vlen
    return out

def corrupt(b, kind):
    e = Elf(b)
    size = len(b)
    if kind == "shoff-past-end":
        put("Q", b, 40, size + 64)
    elif kind == "shnum-huge":
        put("H", b, 60, 0xfeff)
    elif kind == "shstrndx-bad":
        put("H", b, 62, e.shnum + 3)
    elif kind == "section-past-end":
        put("Q", b, e.hdr(e.sec(".BTF")) + 24, size - 8)
    elif kind == "section-size-huge":
        put("Q", b, e.hdr(e.sec("xdp")) + 32, 1 << 62)
    elif kind == "symtab-size-odd":
        h = e.hdr(e.first(2))
        put("Q", b, h + 32, u("Q", b, h + 32) - 1)
    elif kind == "symtab-link-bad":
        put("I", b, e.hdr(e.first(2)) + 40, 999)
    elif kind == "symbol-section-bad":
        put("H", b, e.prog_sym() + 6, 0xff00)
    elif kind == "symbol-name-bad":
        put("I", b, e.prog_sym(), 0x7fffffff)
    elif kind == "program-size-odd":
        put("Q", b, e.prog_sym() + 16, 7)
    elif kind == "program-outside-section":
        put("Q", b, e.prog_sym() + 8, 1 << 40)
    elif kind == "license-unterminated":
        off, n = e.data("license"), e.sh(e.sec("license"))[3]
        b[off:off + n] = b"G" * n
    elif kind == "btf-magic":
        put("H", b, e.data(".BTF"), 0x1234)
    elif kind == "btf-header-length":
        put("I", b, e.data(".BTF") + 4, 0xfffff0)
    elif kind == "btf-types-outside":
        put("I", b, e.data(".BTF") + 12, 0x7ffffff0)
    elif kind == "btf-strings-unterminated":
        btf = e.data(".BTF")
        hl, soff, slen = u("I", b, btf + 4), u("I", b, btf + 16), u("I", b, btf + 20)
        b[btf + hl + soff + slen - 1] = ord("x")
    elif kind == "btf-name-offset":
        put("I", b, btf_types(b, e.data(".BTF"))[0][0], 0x7fffffff)
    elif kind == "btf-kind-unknown":
        off = btf_types(b, e.data(".BTF"))[0][0]
        put("I", b, off + 4, 31 << 24)
    elif kind == "btf-vlen-huge":
        off = next(o for o, k in btf_types(b, e.data(".BTF")) if k == 15)
        put("I", b, off + 4, (15 << 24) | 0xffff)
    elif kind == "btf-type-id-bad":
        off = next(o for o, k in btf_types(b, e.data(".BTF")) if k == 15)
        put("I", b, off + 12, 0x7fffffff)     # first DATASEC entry's type
    elif kind == "btf-ext-magic":
        put("H", b, e.data(".BTF.ext"), 0x4321)
    elif kind == "btf-ext-count-huge":
        x = e.data(".BTF.ext")
        hl, loff = u("I", b, x + 4), u("I", b, x + 16)
        put("I", b, x + hl + loff + 8, 0x7fffffff)  # line_info num_info
    elif kind == "btf-ext-record-size":
        x = e.data(".BTF.ext")
        hl, foff = u("I", b, x + 4), u("I", b, x + 8)
        put("I", b, x + hl + foff, 3)
    elif kind == "reloc-symbol-bad":
        off, _ = e.code_rel()
        put("Q", b, off + 8, (0xffffff << 32) | 1)
    elif kind == "reloc-offset-bad":
        off, _ = e.code_rel()
        put("Q", b, off, u("Q", b, off) + 4)
    elif kind == "reloc-type-unknown":
        off, _ = e.code_rel()
        put("Q", b, off + 8, (u("Q", b, off + 8) & ~0xffffffff) | 77)
    elif kind == "reloc-table-size-odd":
        _, i = e.code_rel()
        h = e.hdr(i)
        put("Q", b, h + 32, u("Q", b, h + 32) + 3)
    else:
        raise SystemExit("unknown kind " + kind)

KINDS = """shoff-past-end shnum-huge shstrndx-bad section-past-end section-size-huge
symtab-size-odd symtab-link-bad symbol-section-bad symbol-name-bad program-size-odd
program-outside-section license-unterminated btf-magic btf-header-length
btf-types-outside btf-strings-unterminated btf-name-offset btf-kind-unknown
btf-vlen-huge btf-type-id-bad btf-ext-magic btf-ext-count-huge btf-ext-record-size
reloc-symbol-bad reloc-offset-bad reloc-type-unknown reloc-table-size-odd""".split()

if __name__ == "__main__":
    if sys.argv[1:] == ["--list"]:
        print("\n".join(KINDS))
        sys.exit(0)
    src, dst, kind = sys.argv[1:]
    b = bytearray(open(src, "rb").read())
    corrupt(b, kind)
    open(dst, "wb").write(bytes(b))
