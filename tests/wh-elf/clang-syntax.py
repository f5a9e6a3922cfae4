#!/usr/bin/env python3
# clang-syntax.py ASM OUT.s: rewrite Whistler asm (as `wh-elf --disasm`
# prints it) into a file clang's BPF assembler reads (`clang -target bpf
# -c OUT.s`), so that clang encodes the same instructions independently.
#
# The instruction syntax is shared; what differs is the frame: Whistler's
# directives become `.section`, labels are made unique per program, the
# `.loc` and `.core` lines (.BTF.ext records, which the comparison of code
# and relocations leaves out) are dropped. The
# forms clang 14's assembler lacks -- the store of an immediate
# (`*(u32 *)(r10 - 4) = 0`), modulo (`r1 %= r2`) and the bit-test jump
# (`if r1 & 2 goto L`) -- are encoded here from the text as `.byte`s (this
# script's own encoder, not wh-elf's). Prints on stderr how many
# instructions clang assembled and how many were encoded here.
import re
import sys

SIZES = {"u8": 0x10, "u16": 0x08, "u32": 0x00, "u64": 0x18}
ST_IMM = re.compile(r"\*\((u8|u16|u32|u64) \*\)\(r(\d+) ([+-]) (\d+)\) = (-?\d+)$")
MOD = re.compile(r"([rw])(\d+) %= (?:[rw](\d+)|(-?\d+))$")
JSET = re.compile(r"if ([rw])(\d+) & (?:[rw](\d+)|(-?\d+)) goto (\w+)$")
LABEL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):$")
TARGET = re.compile(r"goto ([A-Za-z_][A-Za-z0-9_]*)$")


def raw(code, dst, src, off, imm):
    b = bytes([code, dst | src << 4]) + (off & 0xFFFF).to_bytes(2, "little") + \
        (imm & 0xFFFFFFFF).to_bytes(4, "little")
    return "\t.byte " + ", ".join("0x%02x" % x for x in b)


def own_encoding(insn, slot, labels):
    """The .byte line for an instruction clang 14 cannot assemble, or None."""
    m = ST_IMM.match(insn)
    if m:
        size, reg, sign, off, imm = m.groups()
        off = int(off) * (-1 if sign == "-" else 1)
        return raw(0x62 | SIZES[size], int(reg), 0, off, int(imm))
    m = MOD.match(insn)
    if m:
        cls, dst, src, imm = m.groups()
        code = (0x07 if cls == "r" else 0x04) | 0x90 | (0x08 if src else 0)
        return raw(code, int(dst), int(src or 0), 0, int(imm or 0))
    m = JSET.match(insn)
    if m:
        cls, dst, src, imm, label = m.groups()
        code = (0x05 if cls == "r" else 0x06) | 0x40 | (0x08 if src else 0)
        return raw(code, int(dst), int(src or 0), labels[label] - slot - 1, int(imm or 0))
    return None


def slots(insn):
    return 2 if insn.endswith(" ll") else 1


def programs(lines):
    """(.prog line, [lines]) for each program, in order."""
    progs = []
    for line in lines:
        line = line.rstrip("\n")
        if line.startswith(".prog "):
            progs.append((line, []))
        elif progs and line and not line.startswith(("\t.loc", "\t.core")):
            progs[-1][1].append(line)
    return progs


def convert(lines):
    out, shared, own = [], 0, 0
    for n, (head, body) in enumerate(programs(lines)):
        name = head.split()[1]
        section = re.search(r'section="((?:[^"\\]|\\.)*)"', head).group(1)
        out += ['\t.section "%s","ax",@progbits' % section, "\t.globl " + name, name + ":"]
        labels, slot = {}, 0
        for line in body:
            m = LABEL.match(line)
            if m:
                labels[m.group(1)] = slot
            else:
                slot += slots(line.strip())
        slot = 0
        for line in body:
            m = LABEL.match(line)
            if m:
                out.append("LP%d_%s:" % (n, m.group(1)))
                continue
            insn = line.strip()
            enc = own_encoding(insn, slot, labels)
            slot += slots(insn)
            if enc:
                out.append(enc)
                own += 1
            else:
                out.append("\t" + TARGET.sub(lambda t: "goto LP%d_%s" % (n, t.group(1)), insn))
                shared += 1
    return out, shared, own


def main():
    with open(sys.argv[1]) as f:
        out, shared, own = convert(f.readlines())
    with open(sys.argv[2], "w") as f:
        f.write("\n".join(out) + "\n")
    print("%d by clang, %d by the script" % (shared, own), file=sys.stderr)


if __name__ == "__main__":
    main()
