"""lang.py: Whistler's value semantics as the random tester reads them from
the manual and notes/semantics.md: widths, 64-bit arithmetic, comparisons,
byte order, C struct layout, map types. The generator takes its operator
lists from here and the oracle its meanings, so that the two cannot drift.
"""

MASK64 = (1 << 64) - 1

# Scalar types and their sizes in bytes.
WIDTHS = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}


def mask(nbytes):
    return (1 << (8 * nbytes)) - 1


def signed(v):
    """The 64-bit value v read as two's complement."""
    return v - (1 << 64) if v >> 63 else v


def u64(v):
    return v & MASK64


def _div(a, b):
    return a // b if b else 0          # semantics.md: x / 0 = 0


def _mod(a, b):
    return a % b if b else a           # semantics.md: x mod 0 = x


def _shift_amount(n):
    if not 0 <= n <= 63:
        raise ValueError("shift amount %d is outside 0..63" % n)
    return n


# n-ary left folds; every operand and result is an unsigned 64-bit value.
NARY = {
    "+": lambda a, b: u64(a + b),
    "*": lambda a, b: u64(a * b),
    "logand": lambda a, b: a & b,
    "logior": lambda a, b: a | b,
    "logxor": lambda a, b: a ^ b,
}

BINARY = {
    "-": lambda a, b: u64(a - b),
    "/": _div,
    "mod": _mod,
    "<<": lambda a, n: u64(a << _shift_amount(n)),
    ">>": lambda a, n: a >> _shift_amount(n),
    ">>>": lambda a, n: u64(signed(a) >> _shift_amount(n)),
}

COMPARE = {
    "=": lambda a, b: a == b,
    "/=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "s<": lambda a, b: signed(a) < signed(b),
    "s<=": lambda a, b: signed(a) <= signed(b),
    "s>": lambda a, b: signed(a) > signed(b),
    "s>=": lambda a, b: signed(a) >= signed(b),
}


def bswap(v, nbytes):
    """Byte-swap the low nbytes of v (the others are dropped first)."""
    return int.from_bytes((v & mask(nbytes)).to_bytes(nbytes, "little"), "big")


# Byte-order conversions: the width they swap (the host is little-endian).
BYTE_ORDER = {"ntohs": 2, "htons": 2, "ntohl": 4, "htonl": 4, "ntohll": 8, "htonll": 8}

# The manual's type inference for an initializer as written (language-notes:
# before macro expansion). Heads not listed give u64.
INFER_BY_HEAD = {"ntohs": 2, "htons": 2, "ntohl": 4, "htonl": 4}


def source_width(x):
    """The width in bytes a let variable gets from its initializer as
    written: (load W ..), (cast W ..), (uW ..), ntohs/htons, ntohl/htonl;
    anything else (a macro call too) is u64."""
    if not isinstance(x, list) or not x or not isinstance(x[0], str):
        return 8
    h = x[0]
    if h in ("load", "cast") and len(x) > 1 and isinstance(x[1], str) and x[1] in WIDTHS:
        return WIDTHS[x[1]]
    return WIDTHS.get(h) or INFER_BY_HEAD.get(h, 8)

XDP_ACTIONS = {"xdp_aborted": 0, "xdp_drop": 1, "xdp_pass": 2, "xdp_tx": 3,
               "xdp_redirect": 4}

# Map types the tester generates, with what their updates and deletes do.
MAP_TYPES = ("array", "hash")


def struct_layout(fields, sizeof_struct):
    """C natural layout. fields: [(name, type, count)] where type is a
    scalar type name or a struct name (count None for a scalar or struct,
    N for an array). sizeof_struct(name) -> (size, align) of a struct.
    Returns ({name: (offset, elem_size, count)}, size, align)."""
    off, align, out = 0, 1, {}
    for name, typ, count in fields:
        if typ in WIDTHS:
            esize = ealign = WIDTHS[typ]
        else:
            esize, ealign = sizeof_struct(typ)
        off = (off + ealign - 1) // ealign * ealign
        out[name] = (off, esize, count)
        off += esize * (count or 1)
        align = max(align, ealign)
    size = (off + align - 1) // align * align
    return out, size, align
