"""oracle.py: an interpreter of Whistler source, written from the language's
semantics (notes/semantics.md, then the manual, then docs/language-notes.md),
not from the compiler. It runs an XDP program on a packet with its maps in
memory and gives the return value, the packet as the program left it and
the maps' contents.

Values are unsigned 64-bit integers or pointers (memory.Ptr). A form whose
value the language leaves unspecified (a store, a map update, dotimes ...)
yields UNSPEC, and using UNSPEC, leaving a region, reading unwritten bytes
or doing arithmetic on a pointer other than moving it raises OracleError:
the program has no meaning, so whoever made it is at fault.
"""
from lang import (BINARY, BYTE_ORDER, COMPARE, NARY, WIDTHS, bswap, mask,
                  source_width, u64)
from memory import (BPF_NOEXIST, Cell, CellRegion, MapState, OracleError, Ptr,
                    Region, ptr_read, ptr_write)
import spec
from program import Program, is_type
from sexp import Str, Sym, flat, head, is_sym, read_all


class Unspecified:
    def __repr__(self):
        return "<unspecified>"


UNSPEC = Unspecified()


class Return(Exception):
    def __init__(self, value):
        self.value = value


class Env:
    __slots__ = ("vars", "parent")

    def __init__(self, parent=None):
        self.vars, self.parent = {}, parent

    def find(self, name):
        e = self
        while e is not None:
            c = e.vars.get(name)
            if c is not None:
                return c
            e = e.parent
        return None


def scalar(v, what="a value"):
    if isinstance(v, int):
        return v
    if v is UNSPEC:
        raise OracleError("%s is used, but the language does not define it" % what)
    raise OracleError("%s is a pointer used as a number: %r" % (what, v))


def truthy(v):
    if isinstance(v, Ptr):
        return True
    return scalar(v, "a test") != 0


def const_int(prog, x, what):
    """A compile-time constant argument (literal or defconstant name)."""
    if isinstance(x, int):
        return x
    if is_sym(x) and x in prog.constants:
        return prog.constants[x]
    raise OracleError("%s must be a constant, got %r" % (what, x))


class Machine:
    """A program's maps (which keep their contents from run to run) and the
    interpreter of its forms."""

    def __init__(self, program):
        self.prog = program
        self.maps = {name: MapState(name, *decl) for name, decl in program.maps.items()}
        self.expansions = {}

    # ---- running ----

    def run(self, name, packet, repeat=1):
        """Run program `name` `repeat` times on one packet buffer (a packet
        the program writes to stays written for the next repetition).
        Returns (retval, packet bytes after the runs)."""
        body = self.prog.progs.get(name)
        if body is None:
            raise OracleError("no program %s" % name)
        pkt = Region(bytearray(packet), "the packet")
        ret = 0
        for _ in range(repeat):
            self.packet = pkt
            try:
                v = self.seq(body, Env())
                ret = scalar(v, "the program's value")
            except Return as r:
                ret = r.value
        return ret & 0xFFFFFFFF, bytes(pkt.data)

    def dump(self):
        return {name: m.dump() for name, m in self.maps.items()}

    # ---- evaluation ----

    def ev(self, x, env):
        if isinstance(x, int):
            return u64(x)
        if isinstance(x, Sym):
            c = env.find(x)
            if c is not None:
                return c.value
            if x in self.prog.constants:
                return u64(self.prog.constants[x])
            raise OracleError("unknown variable %s" % x)
        if isinstance(x, Str) or not isinstance(x, list) or not x:
            raise OracleError("not a form: %r" % (x,))
        h = head(x)
        f = FORMS.get(h)
        if f is not None:
            return f(self, x, env)
        acc = self.prog.accessors.get(h)
        if acc is not None:
            return self.accessor(acc, x, env)
        e = self.expand(x)
        if e is not None:
            return self.ev(e, env)
        raise OracleError("unknown form %s" % (h or x[0]))

    def expand(self, x):
        got = self.expansions.get(id(x))
        if got is None:
            got = (x, self.prog.expand(x))     # keeps x alive: its id stays unique
            self.expansions[id(x)] = got
        return got[1]

    def seq(self, forms, env):
        v = 0
        for f in forms:
            v = self.ev(f, env)
        return v

    def num(self, x, env, what=None):
        return scalar(self.ev(x, env), what or "the value of %s" % short(x))

    def pointer(self, x, env):
        v = self.ev(x, env)
        if not isinstance(v, Ptr):
            raise OracleError("%s is not a pointer" % short(x))
        return v

    # ---- variables ----

    def let(self, x, env, sequential):
        if len(x) < 2 or not isinstance(x[1], list):
            raise OracleError("bad let")
        body = x[2:]
        declared = {}
        while body and head(body[0]) == "declare":
            for spec in body[0][1:]:
                t, names = (spec[1], spec[2:]) if head(spec) == "type" else (spec[0], spec[1:])
                if t in ("ignore", "ignorable"):
                    continue
                if not is_type(t):
                    raise OracleError("declare: bad type %r" % t)
                for n in names:
                    declared[n] = WIDTHS[t]
            body = body[1:]
        inner = Env(env)
        cells = []
        for b in x[1]:
            name, width, init = self.binding(b, env)
            if name in declared:
                width = declared[name]
            scope = inner if sequential else env
            value = self.ev(init, scope) if init is not None else 0
            if width is None:
                width = source_width(init) if init is not None else 8
            cell = Cell(name, width, self.narrow(value, width, name),
                        self.is_stack_object(init, scope))
            if sequential:
                inner = Env(inner)
                inner.vars[name] = cell
            else:
                cells.append(cell)
        for c in cells:
            inner.vars[c.name] = c
        return self.seq(body, inner)

    def binding(self, b, env):
        """(name, declared width or None, init form or None)"""
        if isinstance(b, Sym):
            return b, None, None
        if not isinstance(b, list) or not 1 <= len(b) <= 3 or not isinstance(b[0], Sym):
            raise OracleError("bad binding %r" % (b,))
        if len(b) == 1:
            return b[0], None, None
        if len(b) == 2:
            if is_type(b[1]) and env.find(b[1]) is None:
                return b[0], WIDTHS[b[1]], None
            return b[0], None, b[1]
        if not is_type(b[1]):
            raise OracleError("bad type in binding %r" % (b,))
        return b[0], WIDTHS[b[1]], b[2]

    @staticmethod
    def narrow(v, width, name):
        if isinstance(v, Ptr):
            if width != 8:
                raise OracleError("pointer bound to %d-byte variable %s" % (width, name))
            return v
        return scalar(v, "the value given to %s" % name) & mask(width)

    def is_stack_object(self, x, env):
        """Is x, as written, a pointer that map forms pass as it is
        (a stack object, a field pointer, stack-addr)?"""
        if isinstance(x, Sym):
            c = env.find(x)
            return c is not None and c.stack_obj
        h = head(x)
        if h in ("stack-addr", "stack-alloc"):
            return True
        acc = self.prog.accessors.get(h)
        return acc is not None and acc[0] in ("make", "ptr")

    def assign(self, cell, v):
        if getattr(cell, "loop", False):
            raise OracleError("assignment to the dotimes variable %s" % cell.name)
        if isinstance(v, Ptr) and not isinstance(cell.value, Ptr):
            raise OracleError("pointer assigned to the number variable %s" % cell.name)
        cell.value = self.narrow(v, cell.width, cell.name)
        return cell.value

    def variable(self, x, env, what):
        c = env.find(x) if isinstance(x, Sym) else None
        if c is None:
            raise OracleError("%s: %r is not a variable" % (what, x))
        return c

    # ---- places ----

    def setf(self, x, env):
        if len(x) < 3 or len(x) % 2 == 0:
            raise OracleError("setf needs place/value pairs")
        v = UNSPEC
        for place, value in zip(x[1::2], x[2::2]):
            v = self.set_place(place, value, env)
        return v

    def set_place(self, place, value, env):
        if isinstance(place, Sym):
            c = self.variable(place, env, "setf")
            return self.assign(c, self.ev(value, env))
        h = head(place)
        if h == "getmap":
            m = self.map_arg(place[1])
            key = self.data_arg(place[2], env, m.key_size, "key")
            val = self.data_arg(value, env, m.value_size, "value")
            m.update(key(), val(), 0)
            return UNSPEC
        ptr, width = self.place_address(place, env)
        v = self.num(value, env)
        ptr_write(ptr, width, v)
        return UNSPEC

    def place_address(self, place, env):
        """(pointer, width) of a memory place: a struct field or (load W p off)."""
        h = head(place)
        if h == "load":
            ptr = self.pointer(place[2], env)
            off = self.num(place[3], env) if len(place) > 3 else 0
            return ptr.moved(off), WIDTHS[place[1]]
        acc = self.prog.accessors.get(h)
        if acc is not None and acc[0] == "field":
            return self.field_address(acc, place, env)
        e = self.expand(place) if h else None
        if e is not None:
            return self.place_address(e, env)
        raise OracleError("setf: cannot assign to %s" % short(place))

    def incf(self, x, env):
        if not 2 <= len(x) <= 3:
            raise OracleError("incf takes a place and an optional delta")
        place, sign = x[1], (-1 if x[0] == "decf" else 1)
        delta = lambda: self.num(x[2], env) if len(x) == 3 else 1
        if isinstance(place, Sym):
            c = self.variable(place, env, x[0])
            old = scalar(c.value, "variable %s" % place)
            return self.assign(c, u64(old + sign * delta()))
        if head(place) == "getmap":
            m = self.map_arg(place[1])
            # the key argument, the delta, then the lookup and the add or
            # the update, each reading a pointer key's bytes as they are then
            # (docs/language-notes.md, Maps)
            key = self.data_arg(place[2], env, m.key_size, "key")
            d = u64(sign * delta())
            if m.value_size not in (4, 8):
                raise OracleError("incf of a %d-byte map value" % m.value_size)
            val = m.lookup(key())
            if val is not None:
                val.write(0, m.value_size, val.read(0, m.value_size) + d)
            elif m.type == "hash":
                m.update(key(), (d & mask(m.value_size)).to_bytes(m.value_size, "little"),
                         BPF_NOEXIST)
            return UNSPEC
        ptr, width = self.place_address(place, env)
        old = ptr_read(ptr, width)
        ptr_write(ptr, width, old + sign * delta())
        return UNSPEC

    # ---- structs ----

    def accessor(self, acc, x, env):
        kind, s, fname = acc
        if kind == "make":
            if len(x) != 1:
                raise OracleError("%s takes no arguments" % x[0])
            return Ptr(Region(bytearray(s.size), "a %s object" % s.name))
        if kind == "ptr":
            if len(x) != 2:
                raise OracleError("%s takes a pointer" % x[0])
            return self.pointer(x[1], env).moved(s.fields[fname][0])
        ptr, width = self.field_address(acc, x, env)
        return ptr_read(ptr, width)

    def field_address(self, acc, x, env):
        _, s, fname = acc
        off, esize, count = s.fields[fname]
        ptr = self.pointer(x[1], env)
        if count is None:
            if len(x) != 2:
                raise OracleError("%s takes a pointer" % x[0])
            return ptr.moved(off), esize
        if len(x) != 3:
            raise OracleError("%s is an array field: (%s PTR INDEX)" % (x[0], x[0]))
        i = self.num(x[2], env, "an index")
        if i >= count:
            raise OracleError("index %d of %s (%d elements)" % (i, x[0], count))
        return ptr.moved(off + i * esize), esize

    # ---- maps ----

    def map_arg(self, x):
        m = self.maps.get(x)
        if m is None:
            raise OracleError("unknown map %r" % (x,))
        return m

    def data_arg(self, x, env, size, what, as_pointer=False):
        """Evaluate a map key or value argument; return what gives its bytes
        when a helper reads them: the memory it points to as it is then, when
        written as a pointer, else the scalar stored at the map's size
        (zero-extended past 8 bytes)."""
        if as_pointer or self.is_stack_object(x, env):
            p = self.pointer(x, env)
            return lambda: p.region.read_bytes(p.off, size)
        v = self.num(x, env, "a map %s" % what)
        if size in (1, 2, 4, 8):
            b = (v & mask(size)).to_bytes(size, "little")
        elif size < 8:
            raise OracleError("a scalar for a %d-byte map %s" % (size, what))
        else:
            b = v.to_bytes(8, "little") + bytes(size - 8)
        return lambda: b

    def getmap(self, x, env):
        m = self.map_arg(x[1])
        val = m.lookup(self.data_arg(x[2], env, m.key_size, "key")())
        if m.value_size in (1, 2, 4, 8):
            return val.read(0, m.value_size) if val is not None else 0
        return Ptr(val) if val is not None else 0

    # The low-level forms; their -ptr variants take pointers as they are.
    # An update's or delete's value is the helper's result, 0 or a negative
    # errno (tests/programs/map-update-flags pins it).

    def map_lookup(self, x, env):
        m = self.map_arg(x[1])
        ptr = x[0].endswith("-ptr")
        val = m.lookup(self.data_arg(x[2], env, m.key_size, "key", ptr)())
        return Ptr(val) if val is not None else 0

    def map_update(self, x, env):
        m = self.map_arg(x[1])
        ptr = x[0].endswith("-ptr")
        key = self.data_arg(x[2], env, m.key_size, "key", ptr)
        val = self.data_arg(x[3], env, m.value_size, "value", ptr)
        flags = self.num(x[4], env) if len(x) > 4 else 0
        return u64(m.update(key(), val(), flags))

    def map_delete(self, x, env):
        m = self.map_arg(x[1])
        return u64(m.delete(self.data_arg(x[2], env, m.key_size, "key",
                                          x[0].endswith("-ptr"))()))

    def remmap(self, x, env):
        self.map_delete(x, env)
        return UNSPEC

    # ---- memory ----

    def load(self, x, env):
        if not 3 <= len(x) <= 4 or not is_type(x[1]):
            raise OracleError("(load TYPE PTR [OFFSET])")
        ptr = self.pointer(x[2], env)
        off = self.num(x[3], env) if len(x) == 4 else 0
        return ptr_read(ptr.moved(off), WIDTHS[x[1]])

    def store(self, x, env):
        if len(x) != 5 or not is_type(x[1]):
            raise OracleError("(store TYPE PTR OFFSET VALUE)")
        ptr = self.pointer(x[2], env)
        off = self.num(x[3], env)
        v = self.num(x[4], env)
        ptr_write(ptr.moved(off), WIDTHS[x[1]], v)
        return v                # tests/programs/load-store-widths pins this

    def memset(self, x, env):
        if len(x) != 5:
            raise OracleError("(memset PTR OFFSET VALUE NBYTES)")
        off = const_int(self.prog, x[2], "the memset offset")
        n = const_int(self.prog, x[4], "the memset size")
        ptr = self.pointer(x[1], env)
        byte = self.num(x[3], env) & 0xFF
        ptr.region.write_bytes(ptr.off + off, bytes([byte]) * n)
        return UNSPEC

    def memcpy(self, x, env):
        if len(x) != 6:
            raise OracleError("(memcpy DST DST-OFFSET SRC SRC-OFFSET NBYTES)")
        doff = const_int(self.prog, x[2], "the memcpy offset")
        soff = const_int(self.prog, x[4], "the memcpy offset")
        n = const_int(self.prog, x[5], "the memcpy size")
        dst = self.pointer(x[1], env)
        src = self.pointer(x[3], env)
        d0, s0 = dst.off + doff, src.off + soff
        if dst.region is src.region and d0 < s0 + n and s0 < d0 + n and d0 != s0:
            raise OracleError("memcpy between overlapping bytes")
        dst.region.write_bytes(d0, src.region.read_bytes(s0, n))
        return UNSPEC

    def atomic_add(self, x, env):
        if not 4 <= len(x) <= 5:
            raise OracleError("(atomic-add PTR OFFSET VALUE [TYPE])")
        ptr = self.pointer(x[1], env)
        off = self.num(x[2], env)
        v = self.num(x[3], env)
        w = WIDTHS[x[4]] if len(x) == 5 else 8
        p = ptr.moved(off)
        ptr_write(p, w, ptr_read(p, w) + v)
        return UNSPEC

    def stack_addr(self, x, env):
        c = self.variable(x[1] if len(x) == 2 else None, env, "stack-addr")
        return Ptr(CellRegion(c))

    # ---- arithmetic ----

    def arith(self, x, env):
        h = x[0]
        args = [self.ev(a, env) for a in x[1:]]
        ptrs = [a for a in args if isinstance(a, Ptr)]
        if ptrs:
            return self.pointer_arith(h, args, ptrs)
        vals = [scalar(a, "an operand of %s" % h) for a in args]
        if h in NARY:
            if not vals:
                raise OracleError("(%s) with no operands" % h)
            v = vals[0]
            for a in vals[1:]:
                v = NARY[h](v, a)
            return v
        if h == "-" and len(vals) == 1:
            return u64(-vals[0])
        if len(vals) != 2:
            raise OracleError("%s takes two operands" % h)
        try:
            return BINARY[h](*vals)
        except ValueError as e:
            raise OracleError(str(e))

    @staticmethod
    def pointer_arith(h, args, ptrs):
        if h == "+" and len(ptrs) == 1:
            p = ptrs[0]
            return p.moved(sum(scalar(a) for a in args if a is not p))
        if h == "-" and len(args) == 2 and isinstance(args[0], Ptr):
            a, b = args
            if isinstance(b, Ptr):
                if a.region is not b.region:
                    raise OracleError("difference of pointers into different objects")
                return u64(a.off - b.off)
            return a.moved(-scalar(b))
        raise OracleError("%s on a pointer" % h)

    def compare(self, x, env):
        if len(x) != 3:
            raise OracleError("%s takes two operands" % x[0])
        a, b = self.ev(x[1], env), self.ev(x[2], env)
        if isinstance(a, Ptr) or isinstance(b, Ptr):
            if not (isinstance(a, Ptr) and isinstance(b, Ptr) and a.region is b.region) \
                    or x[0].startswith("s"):
                raise OracleError("%s of a pointer with a number or another object" % x[0])
            a, b = a.off, b.off
        return int(COMPARE[x[0]](scalar(a), scalar(b)))

    def cast(self, x, env):
        if len(x) != 3 or not is_type(x[1]):
            raise OracleError("(cast TYPE VALUE)")
        return self.num(x[2], env) & mask(WIDTHS[x[1]])

    def type_call(self, x, env):
        if len(x) != 2:
            raise OracleError("(%s VALUE)" % x[0])
        return self.num(x[1], env) & mask(WIDTHS[x[0]])

    def byte_order(self, x, env):
        if len(x) != 2:
            raise OracleError("(%s VALUE)" % x[0])
        return bswap(self.num(x[1], env), BYTE_ORDER[x[0]])

    # ---- control ----

    def if_(self, x, env):
        if not 3 <= len(x) <= 4:
            raise OracleError("(if TEST THEN [ELSE])")
        if truthy(self.ev(x[1], env)):
            return self.ev(x[2], env)
        return self.ev(x[3], env) if len(x) == 4 else 0

    def when(self, x, env):
        if len(x) < 2:
            raise OracleError("(%s TEST BODY...)" % x[0])
        t = truthy(self.ev(x[1], env))
        if t == (x[0] == "when"):
            return self.seq(x[2:], env)
        return 0

    def cond(self, x, env):
        for clause in x[1:]:
            if not isinstance(clause, list) or len(clause) < 2:
                raise OracleError("a cond clause without a body: %s" % short(clause))
            if is_sym(clause[0], "t") or truthy(self.ev(clause[0], env)):
                return self.seq(clause[1:], env)
        return 0

    def case(self, x, env):
        k = self.num(x[1], env, "the case key")
        for clause in x[2:]:
            if not isinstance(clause, list) or len(clause) < 2:
                raise OracleError("a case clause without a body")
            keys = clause[0]
            if is_sym(keys, "t") or is_sym(keys, "otherwise"):
                return self.seq(clause[1:], env)
            keys = keys if isinstance(keys, list) else [keys]
            if any(u64(const_int(self.prog, c, "a case key")) == k for c in keys):
                return self.seq(clause[1:], env)
        return 0

    def and_(self, x, env):
        v = 1
        for a in x[1:]:
            v = self.ev(a, env)
            if not truthy(v):
                return 0
        return v

    def or_(self, x, env):
        for a in x[1:]:
            v = self.ev(a, env)
            if truthy(v):
                return v
        return 0

    def not_(self, x, env):
        if len(x) != 2:
            raise OracleError("(not VALUE)")
        return 0 if truthy(self.ev(x[1], env)) else 1

    def return_(self, x, env):
        if len(x) > 2:
            raise OracleError("(return [VALUE])")
        raise Return(self.num(x[1], env, "the returned value") if len(x) == 2 else 0)

    def dotimes(self, x, env):
        spec = x[1] if len(x) > 1 else None
        if not isinstance(spec, list) or len(spec) != 2 or not isinstance(spec[0], Sym):
            raise OracleError("(dotimes (VAR COUNT) BODY...)")
        n = const_int(self.prog, spec[1], "the dotimes count")
        inner = Env(env)
        cell = LoopCell(spec[0], 4, 0)
        inner.vars[spec[0]] = cell
        for i in range(n):
            cell.value = i
            self.seq(x[2:], inner)
        return UNSPEC

    def with_packet(self, x, env):
        spec = x[1] if len(x) > 1 else None
        if not isinstance(spec, list) or len(spec) not in (2, 4):
            raise OracleError("(with-packet (DATA DATA-END [:min-len N]) BODY...)")
        min_len = 0
        if len(spec) == 4:
            if spec[2] != ":min-len":
                raise OracleError("with-packet: unknown option %s" % spec[2])
            min_len = const_int(self.prog, spec[3], "min-len")
        inner = Env(env)
        inner.vars[spec[0]] = Cell(spec[0], 8, Ptr(self.packet, 0))
        inner.vars[spec[1]] = Cell(spec[1], 8, Ptr(self.packet, len(self.packet.data)))
        if min_len > len(self.packet.data):
            raise Return(self.prog.constants["xdp_pass"])
        return self.seq(x[2:], inner)

    def when_let(self, x, env):
        if len(x) < 2 or not isinstance(x[1], list):
            raise OracleError("(when-let (BINDING...) BODY...)")
        if not x[1]:
            return self.seq(x[2:], env)
        first, rest = x[1][0], x[1][1:]
        inner = [Sym("when-let"), rest] + list(x[2:])
        return self.let([Sym("let"), [first], [Sym("if"), first[0], inner, 0]], env, False)

    def if_let(self, x, env):
        if not 3 <= len(x) <= 4:
            raise OracleError("(if-let BINDING THEN [ELSE])")
        b = x[1][0] if isinstance(x[1], list) and x[1] and isinstance(x[1][0], list) else x[1]
        alt = x[3] if len(x) == 4 else 0
        return self.let([Sym("let"), [b], [Sym("if"), b[0], x[2], alt]], env, False)

    def ctx(self, x, env):
        fields = {"data": 0, "data-end": len(self.packet.data)}
        if len(x) != 2 or x[1] not in fields:
            raise OracleError("ctx: only data and data-end are modelled")
        return Ptr(self.packet, fields[x[1]])

    def sizeof(self, x, env):
        s = self.prog.structs.get(x[1]) if len(x) == 2 else None
        if s is None:
            raise OracleError("sizeof of an unknown struct")
        return s.size


class LoopCell(Cell):
    """The variable of a dotimes, which the body must not assign."""
    __slots__ = ()
    loop = True


def short(x, n=60):
    try:
        s = flat(x)
    except TypeError:
        s = repr(x)
    return s if len(s) <= n else s[:n - 3] + "..."


FORMS = {
    "progn": lambda m, x, env: m.seq(x[1:], env),
    "let": lambda m, x, env: m.let(x, env, False),
    "let*": lambda m, x, env: m.let(x, env, True),
    "setf": Machine.setf, "setq": Machine.setf, "incf": Machine.incf, "decf": Machine.incf,
    "if": Machine.if_, "when": Machine.when, "unless": Machine.when,
    "cond": Machine.cond, "case": Machine.case,
    "and": Machine.and_, "or": Machine.or_, "not": Machine.not_,
    "return": Machine.return_, "dotimes": Machine.dotimes,
    "with-packet": Machine.with_packet, "when-let": Machine.when_let,
    "if-let": Machine.if_let,
    "load": Machine.load, "store": Machine.store, "memset": Machine.memset,
    "memcpy": Machine.memcpy, "atomic-add": Machine.atomic_add,
    "stack-addr": Machine.stack_addr,
    "getmap": Machine.getmap, "map-lookup": Machine.map_lookup,
    "map-update": Machine.map_update, "map-delete": Machine.map_delete,
    "remmap": Machine.remmap, "map-lookup-ptr": Machine.map_lookup,
    "map-update-ptr": Machine.map_update, "map-delete-ptr": Machine.map_delete,
    "cast": Machine.cast, "sizeof": Machine.sizeof, "ctx": Machine.ctx,
    "xdp-data": lambda m, x, env: Ptr(m.packet, 0),
    "xdp-data-end": lambda m, x, env: Ptr(m.packet, len(m.packet.data)),
}
for _op in list(NARY) + list(BINARY):
    FORMS[_op] = Machine.arith
for _op in COMPARE:
    FORMS[_op] = Machine.compare
for _op in BYTE_ORDER:
    FORMS[_op] = Machine.byte_order
for _op in WIDTHS:
    FORMS[_op] = Machine.type_call


def load_program(text, name="<program>"):
    return Program(read_all(text, name))


def predict(text, runs, name="<program>"):
    """The runs (spec.Run inputs) with their results filled in by the oracle:
    return value, every map entry and the packet after each run."""
    m = Machine(load_program(text, name))
    out = []
    for r in runs:
        retval, pkt = m.run(r.prog, r.packet, r.repeat)
        maps = {mp.replace("-", "_"): entries for mp, entries in m.dump().items()}
        out.append(spec.Run(r.prog, r.repeat, r.packet, retval, maps, pkt.hex()))
    return out
