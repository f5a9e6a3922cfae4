"""memory.py: the oracle's memory: byte regions (the packet, stack objects,
map values), variables whose address is taken, pointers into them, and the
maps with what lookups, updates, deletes and atomic adds do to them.

Anything a program could only do with undefined results (reading bytes
never written, leaving a region) raises OracleError: the program is not
one the language gives a meaning to.
"""
from lang import mask


class OracleError(Exception):
    """The program has no defined meaning (or uses a form the oracle does
    not know): a bug of whatever produced it, not of the compiler."""


class Region:
    """Bytes with a name for messages (the packet, a stack object, a map value)."""

    def __init__(self, data, what):
        self.data, self.what, self.dead = data, what, False

    def check(self, off, n):
        if self.dead:
            raise OracleError("access to %s after its entry was replaced or deleted"
                              % self.what)
        if off < 0 or off + n > len(self.data):
            raise OracleError("%d-byte access at offset %d of %s (%d bytes)"
                              % (n, off, self.what, len(self.data)))

    def read(self, off, n):
        self.check(off, n)
        return int.from_bytes(self.data[off:off + n], "little")

    def write(self, off, n, v):
        self.check(off, n)
        self.data[off:off + n] = (v & mask(n)).to_bytes(n, "little")

    def read_bytes(self, off, n):
        self.check(off, n)
        return bytes(self.data[off:off + n])

    def write_bytes(self, off, b):
        self.check(off, len(b))
        self.data[off:off + len(b)] = b


class Cell:
    """A variable: its width in bytes and its value (an int, or a Ptr for a
    variable bound to a pointer). stack_obj: bound to a stack object as
    written (make-NAME, or a variable that is one), which map forms pass as
    a pointer."""
    __slots__ = ("name", "width", "value", "stack_obj")

    def __init__(self, name, width, value, stack_obj=False):
        self.name, self.width, self.value, self.stack_obj = name, width, value, stack_obj


class CellRegion:
    """The stack slot of a variable whose address is taken: its `width` low
    bytes hold the value, the rest of the slot is never written."""

    def __init__(self, cell):
        self.cell, self.what = cell, "variable %s" % cell.name

    def check(self, off, n):
        if not isinstance(self.cell.value, int):
            raise OracleError("stack-addr of %s, which holds a pointer" % self.cell.name)
        if off < 0 or off + n > self.cell.width:
            raise OracleError("%d-byte access at offset %d of %s, which has %d bytes"
                              % (n, off, self.what, self.cell.width))

    def read(self, off, n):
        self.check(off, n)
        return (self.cell.value >> (8 * off)) & mask(n)

    def write(self, off, n, v):
        self.check(off, n)
        m = mask(n) << (8 * off)
        self.cell.value = (self.cell.value & ~m) | ((v & mask(n)) << (8 * off))

    def read_bytes(self, off, n):
        return self.read(off, n).to_bytes(n, "little")

    def write_bytes(self, off, b):
        self.write(off, len(b), int.from_bytes(b, "little"))


class Ptr:
    """A pointer: a region and a byte offset into it."""
    __slots__ = ("region", "off")

    def __init__(self, region, off=0):
        self.region, self.off = region, off

    def moved(self, delta):
        return Ptr(self.region, self.off + delta)

    def __repr__(self):
        return "<pointer to %s + %d>" % (self.region.what, self.off)


def ptr_read(p, n):
    return p.region.read(p.off, n)


def ptr_write(p, n, v):
    p.region.write(p.off, n, v)


# bpf(2) map semantics for the two map types the tester generates.
BPF_ANY, BPF_NOEXIST, BPF_EXIST = 0, 1, 2


class MapState:
    """A map's declaration and contents: key bytes -> Region of value bytes.
    Array maps hold every index from the start, zeroed."""

    def __init__(self, name, mtype, key_size, value_size, max_entries):
        self.name, self.type = name, mtype
        self.key_size, self.value_size, self.max_entries = key_size, value_size, max_entries
        self.entries = {}
        if mtype == "array":
            if key_size != 4:
                raise OracleError("array map %s needs 4-byte keys" % name)
            for i in range(max_entries):
                self.entries[i.to_bytes(4, "little")] = self.new_value(bytes(value_size))

    def new_value(self, b):
        return Region(bytearray(b), "map %s value" % self.name)

    def lookup(self, key):
        """The value's region, or None."""
        return self.entries.get(key)

    def update(self, key, value, flags):
        """bpf_map_update_elem; returns 0 or a negative errno (ignored by
        the programs, which use it as a statement)."""
        old = self.entries.get(key)
        if self.type == "array":
            if old is None:
                return -7                    # E2BIG: index out of range
            if flags == BPF_NOEXIST:
                return -17                   # EEXIST: array entries always exist
            old.data[:] = value              # in place: pointers see it
            return 0
        if old is not None and flags == BPF_NOEXIST:
            return -17
        if old is None and flags == BPF_EXIST:
            return -2
        if old is None and len(self.entries) >= self.max_entries:
            return -7
        # a hash update puts a new element in place of the old one
        if old is not None:
            old.dead = True
        self.entries[key] = self.new_value(value)
        return 0

    def delete(self, key):
        if self.type == "array":
            return -22                       # EINVAL
        old = self.entries.pop(key, None)
        if old is None:
            return -2
        old.dead = True
        return 0

    def dump(self):
        """{key hex: value hex} of every entry."""
        return {k.hex(): bytes(v.data).hex() for k, v in self.entries.items()}
