"""forms.py: the bodies of random programs: expressions (a value the
language defines), statements (value unused), let bindings, and the tables
that weigh them (LEAF_TABLE, EXPR_TABLE, STMT_TABLE).

Forms is the part of the generator (gen.Gen) that writes program bodies; it
reads the declarations Gen makes (self.structs, self.maps, self.macros,
self.constants, self.min_len, self.expander). A scope maps names to Var.
Every form is built so that its meaning is defined and the verifier can
follow it: see gen.py for the rules.
"""
from lang import BYTE_ORDER, COMPARE, NARY, WIDTHS, source_width
from sexp import Hex, Sym

S = Sym
TYPES = ("u8", "u16", "u32", "u64")
NAMES = ("a", "b", "c", "d", "e", "f", "g", "h", "k", "m", "n", "u", "v", "w", "x", "y",
         "z", "lo", "hi", "acc", "cnt", "sum", "tmp", "val", "idx", "j")
# Names a macro template binds: never the program's, so that an argument
# cannot be captured by a binding of the template.
TEMPLATE_NAMES = ("tv0", "tv1", "tv2")
PKT_VAR = "pq"               # the packet pointer of a runtime-offset load
LIVE_STACK_BUDGET = 256      # bytes of stack objects alive at once
LOOP_DEPTH = 2               # how deep the body of an outer dotimes goes
INTERESTING = (0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 63, 64, 127, 128, 255, 256, 0x7FFF,
               0x8000, 0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 1 << 32,
               (1 << 63) - 1, 1 << 63, (1 << 64) - 1, 0x0102030405060708)


class Var:
    """A name in scope. kind: num (a number), obj (a stack object of
    `struct`, as make-NAME gave it), mval (a map value of `struct`, not 0),
    pkt (the packet start), end (the packet end). origin: the memory an
    obj or mval points to (names bound to the same object share it)."""
    __slots__ = ("name", "kind", "width", "struct", "mutable", "addressable", "ref", "origin")

    def __init__(self, name, kind, width=8, struct=None, mutable=False, addressable=False,
                 ref=None, origin=None):
        self.name, self.kind, self.width, self.struct = name, kind, width, struct
        self.mutable, self.addressable = mutable, addressable
        self.ref = ref if ref is not None else S(name)
        self.origin = origin if origin is not None else name




class Forms:
    # ---- random choices ----

    def chance(self, p):
        return self.rng.random() < p

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, table):
        total = sum(w for _, w in table)
        r = self.rng.uniform(0, total)
        for item, w in table:
            r -= w
            if r <= 0:
                return item
        return table[-1][0]

    def literal(self):
        r = self.rng.random()
        if r < 0.35:
            v = self.rng.randrange(0, 17)
        elif r < 0.75:
            v = self.pick(INTERESTING)
        elif r < 0.85:
            v = -self.rng.randrange(1, 300)
        else:
            v = self.rng.getrandbits(self.pick((8, 16, 32, 64)))
        if v >= 0x10000 or (v > 9 and self.chance(0.15)):
            return Hex(v)
        return v

    def small(self, hi):
        return self.rng.randrange(0, hi)

    # ---- expressions ----

    def nums(self, sc):
        return [v for v in sc.values() if v.kind == "num"]

    def objs(self, sc, kinds=("obj", "mval")):
        return [v for v in sc.values() if v.kind in kinds]

    def expr(self, sc, d):
        """A form whose value is a number the language defines."""
        self.budget -= 1
        if d <= 0 or self.budget <= 0 or self.chance(0.25):
            return self.leaf(sc)
        kind = self.weighted(TEMPLATE_EXPR_TABLE if self.template else EXPR_TABLE)
        return getattr(self, "e_" + kind)(sc, d - 1)

    def leaf(self, sc):
        kind = self.weighted(LEAF_TABLE)
        f = getattr(self, "l_" + kind)(sc)
        return f if f is not None else self.literal()

    def l_lit(self, sc):
        return self.literal()

    def l_var(self, sc):
        vs = self.nums(sc)
        return self.pick(vs).ref if vs else None

    def l_const(self, sc):
        return self.pick(list(self.constants)) if self.constants else None

    def l_pkt(self, sc):
        t = self.pick(TYPES)
        w = WIDTHS[t]
        return [S("load"), S(t), S("data"), self.small(self.min_len - w + 1)]

    def l_field(self, sc):
        objs = self.objs(sc)
        if not objs:
            return None
        o = self.pick(objs)
        return self.field_ref(o, sc)

    def field_ref(self, o, sc, index_expr=True):
        st = o.struct
        fname = self.pick(list(st.fields))
        off, esize, count = st.fields[fname]
        acc = S("%s-%s" % (st.name, fname))
        if count is None:
            return [acc, o.ref]
        return [acc, o.ref, self.index(count, sc) if index_expr else self.small(count)]

    def index(self, count, sc):
        """An index below count: a constant, or a value masked to a power of two."""
        m = 1
        while m * 2 <= count:
            m *= 2
        if m == 1 or self.chance(0.4):
            return self.small(count)
        return [S("logand"), self.leaf(sc), m - 1]

    def l_raw(self, sc):
        """(load W obj off): aligned, inside the object."""
        objs = self.objs(sc)
        if not objs:
            return None
        o = self.pick(objs)
        t = self.pick([t for t in TYPES if WIDTHS[t] <= o.struct.size] or ["u8"])
        w = WIDTHS[t]
        return [S("load"), S(t), o.ref, w * self.small(o.struct.size // w)]

    def l_addr(self, sc):
        vs = [v for v in self.nums(sc) if v.addressable]
        if not vs:
            return None
        v = self.pick(vs)
        t = self.pick([t for t in TYPES if WIDTHS[t] <= v.width])
        w = WIDTHS[t]
        return [S("load"), S(t), [S("stack-addr"), v.ref], w * self.small(v.width // w)]

    def l_getmap(self, sc):
        m = self.pick([m for m in self.maps.values() if m.value_size <= 8 and
                       m.value_size in (1, 2, 4, 8)])
        return [S("getmap"), m.name, self.key(m, sc)]

    def l_sizeof(self, sc):
        return [S("sizeof"), self.pick(self.structs).name]

    def l_pktlen(self, sc):
        return [S("-"), S("data-end"), S("data")]

    def key(self, m, sc, d=1):
        """A key argument for map m."""
        if m.key_struct is not None:
            objs = [o for o in self.objs(sc, ("obj",)) if o.struct is m.key_struct]
            if objs and self.chance(0.8):
                return self.pick(objs).ref
            return [S("make-%s" % m.key_struct.name)]
        if m.type == "array":
            r = self.rng.random()
            if r < 0.6:
                return self.small(m.max_entries + 1)
            if r < 0.8:
                return [S("logand"), self.expr(sc, d), self.pick((1, 3, 7, 15))]
            return self.expr(sc, d)
        if self.chance(0.5):
            return self.small(2 * m.max_entries)
        return [S("logand"), self.expr(sc, d), self.pick((3, 7, 15, 255, 0xFFFF))]

    def e_arith(self, sc, d):
        op = self.pick(list(NARY) + ["-", "-", "/", "mod"])
        if op in NARY:
            n = 2 if self.chance(0.7) else 3
            return [S(op)] + [self.expr(sc, d) for _ in range(n)]
        if op == "-" and self.chance(0.2):
            return [S("-"), self.expr(sc, d)]
        return [S(op), self.expr(sc, d), self.divisor(sc, d) if op in ("/", "mod")
                else self.expr(sc, d)]

    def divisor(self, sc, d):
        """A divisor that is often 0 at run time and now and then a constant
        0, which the compiler must fold (x / 0 = 0, x mod 0 = x)."""
        r = self.rng.random()
        if r < 0.05:
            return self.pick((0, [S("-"), 3, 3], [S("logand"), self.expr(sc, d), 0]))
        if r < 0.3:
            return [S("logand"), self.expr(sc, d), self.pick((1, 3, 7))]
        if r < 0.5:
            return [S("+"), self.expr(sc, d), 1]
        return self.expr(sc, d)

    def e_shift(self, sc, d):
        op = self.pick(("<<", ">>", ">>>"))
        amount = self.small(64) if self.chance(0.5) else [S("logand"), self.expr(sc, d), 63]
        return [S(op), self.expr(sc, d), amount]

    def e_compare(self, sc, d):
        return [S(self.pick(list(COMPARE))), self.expr(sc, d), self.expr(sc, d)]

    def e_logic(self, sc, d):
        op = self.pick(("and", "or", "not"))
        if op == "not":
            return [S("not"), self.expr(sc, d)]
        return [S(op)] + [self.expr(sc, d) for _ in range(self.pick((2, 2, 3)))]

    def e_cast(self, sc, d):
        t = self.pick(TYPES)
        if self.chance(0.3):
            return [S(t), self.expr(sc, d)]
        return [S("cast"), S(t), self.expr(sc, d)]

    def e_byteorder(self, sc, d):
        return [S(self.pick(list(BYTE_ORDER))), self.expr(sc, d)]

    def e_if(self, sc, d):
        if self.chance(0.25):
            return [S("if"), self.test(sc, d), self.expr(sc, d)]
        return [S("if"), self.test(sc, d), self.expr(sc, d), self.expr(sc, d)]

    def test(self, sc, d):
        if self.chance(0.5):
            return self.e_compare(sc, d)
        return self.expr(sc, d)

    def e_when(self, sc, d):
        return [S(self.pick(("when", "unless"))), self.test(sc, d)] + self.body(sc, d)

    def e_cond(self, sc, d):
        clauses = [[self.test(sc, d)] + self.body(sc, d, 1)
                   for _ in range(self.rng.randrange(1, 4))]
        if self.chance(0.6):
            clauses.append([S("t")] + self.body(sc, d, 1))
        return [S("cond")] + clauses

    def e_case(self, sc, d):
        keys = [self.small(10) for _ in range(6)] + self.small_constants(1 << 62)
        clauses = []
        for _ in range(self.rng.randrange(1, 4)):
            if self.chance(0.3):
                k = [self.pick(keys) for _ in range(self.rng.randrange(1, 4))]
            else:
                k = self.pick(keys)
            clauses.append([k] + self.body(sc, d, 1))
        if self.chance(0.6):
            clauses.append([S(self.pick(("t", "otherwise")))] + self.body(sc, d, 1))
        key = self.expr(sc, d)
        if self.chance(0.6):
            key = [S("logand"), key, self.pick((3, 7, 15))]
        return [S("case"), key] + clauses

    def e_let(self, sc, d):
        form, inner, freed = self.let_head(sc, d)
        form += self.body(inner, d)
        self.live -= freed
        return form

    def e_progn(self, sc, d):
        return [S("progn")] + self.body(sc, d)

    def e_setf(self, sc, d):
        vs = [v for v in self.nums(sc) if v.mutable]
        if not vs:
            return self.leaf(sc)
        pairs = []
        for _ in range(1 if self.chance(0.8) else 2):
            v = self.pick(vs)
            pairs += [v.ref, self.expr(sc, d)]
        return [S("setf")] + pairs

    def e_incf(self, sc, d):
        vs = [v for v in self.nums(sc) if v.mutable]
        if not vs:
            return self.leaf(sc)
        f = [S(self.pick(("incf", "decf"))), self.pick(vs).ref]
        if self.chance(0.6):
            f.append(self.expr(sc, d))
        return f

    def e_macro(self, sc, d):
        ms = [m for _, m in self.macros]
        if not ms:
            return self.leaf(sc)
        m = self.pick(ms)
        if m.shape not in ("expr", "ct"):
            return self.body_macro_call(m, sc, d, value=True)
        return [m.name] + [self.expr(sc, d) for _ in m.params]

    def body_macro_call(self, m, sc, d, value):
        arg = self.test(sc, d) if m.shape == "when" else self.expr(sc, d)
        inner = sc
        if m.binds:
            inner = dict(sc)
            inner[m.binds] = Var(m.binds, "num", width=source_width(arg), mutable=True)
        body = self.body(inner, d) if value else self.stmts(inner, d, self.rng.randrange(1, 3))
        return [m.name, arg] + body

    def value_pointer(self, m, sc):
        """A form giving a pointer to map m's value for a key (or 0):
        getmap gives one for values wider than 8 bytes, map-lookup always."""
        op = "getmap" if m.value_size not in (1, 2, 4, 8) and self.chance(0.7) else "map-lookup"
        return [S(op), m.name, self.key(m, sc)]

    def e_mapval(self, sc, d):
        """A field of a struct-valued array map entry, under when-let."""
        m = self.maps.get("smap")
        if m is None:
            return self.l_getmap(sc)
        p = S(self.pick(NAMES))
        inner = dict(sc)
        inner[p] = Var(p, "mval", struct=m.value_struct, origin=("map", m.name))
        init = self.value_pointer(m, sc)
        body = self.stmts(inner, d, self.rng.randrange(0, 2)) + [self.field_ref(inner[p], inner)]
        if self.chance(0.3):
            return [S("if-let"), [p, init], body[-1], self.expr(without(sc, p), d)]
        return [S("when-let"), [[p, init]]] + body

    def e_pktvar(self, sc, d):
        """A packet load at a runtime offset, under its own bounds check."""
        t = self.pick(TYPES)
        q = PKT_VAR
        off = [S("logand"), self.expr(sc, d), self.pick((7, 15, 31, 63, 127))]
        check = [S(">"), [S("+"), S(q), WIDTHS[t]], S("data-end")]
        return [S("let"), [[S(q), [S("+"), S("data"), off]]],
                [S("if"), check, self.expr(without(sc, q), d), [S("load"), S(t), S(q), 0]]]

    def e_return(self, sc, d):
        return [S("if"), self.test(sc, d), [S("return"), self.expr(sc, d)], self.expr(sc, d)]

    # ---- bodies, bindings, statements ----

    def body(self, sc, d, most=3):
        """Statements, then the form whose value the body has."""
        n = self.rng.randrange(0, most)
        return self.stmts(sc, d, n) + [self.expr(sc, d)]

    def let_head(self, sc, d, sequential=None):
        """(let (bindings) [declare]) and the scope inside it."""
        if sequential is None:
            sequential = self.chance(0.4)
        inner = dict(sc)
        binds, decl, freed = [], [], 0
        for _ in range(self.rng.randrange(1, 4)):
            name = S(self.pick(self.names))
            where = inner if sequential else sc
            r = self.rng.random()
            if r < 0.12 and self.live + 64 <= LIVE_STACK_BUDGET:
                st = self.pick(self.structs)
                if self.live + st.size > LIVE_STACK_BUDGET:
                    continue
                self.live += st.size
                freed += st.size
                binds.append([name, [S("make-%s" % st.name)]])
                var = Var(name, "obj", struct=st)
            elif r < 0.17 and self.objs(where, ("obj",)):
                o = self.pick(self.objs(where, ("obj",)))
                binds.append([name, o.ref])
                var = Var(name, "obj", struct=o.struct, origin=o.origin)
            elif r < 0.35:
                t = self.pick(TYPES)
                if self.chance(0.3):
                    binds.append([name, S(t)])
                else:
                    binds.append([name, S(t), self.expr(where, d)])
                var = Var(name, "num", width=WIDTHS[t], mutable=True, addressable=True)
            else:
                init = self.expr(where, d)
                binds.append([name, init])
                # a macro's parameter gets its width from the argument of
                # each call, which the template does not know: no address
                unknown = isinstance(init, list) and init[:1] == [S("unquote")]
                var = Var(name, "num", width=source_width(init), mutable=True,
                          addressable=not unknown)
            twice = any(b[0] == name for b in binds[:-1])
            if twice and (not sequential or decl):
                # a parallel let binds each name once; a let* may bind a
                # name twice, but then has no declaration (below), so one
                # already given must stay true
                binds.pop()
                continue
            if len(binds[-1]) == 2 and var.kind == "num" and self.chance(0.15) and \
                    len(set(b[0] for b in binds)) == len(binds):
                t = self.pick(TYPES)
                decl.append((t, name))
                var.width = WIDTHS[t]
            inner[name] = var
        if not binds:
            binds.append([S(self.pick(self.names)), self.literal()])
            inner[binds[0][0]] = Var(binds[0][0], "num", width=8, mutable=True,
                                     addressable=True)
        form = [S("let*" if sequential else "let"), binds]
        if decl and len(set(b[0] for b in binds)) == len(binds):
            # a declaration must name a variable of this let that is a number
            decl = [(t, n) for t, n in decl if inner.get(n) is not None and
                    inner[n].kind == "num" and any(b[0] == n for b in binds)]
            if decl:
                form.append([S("declare")] + [[S("type"), S(t), n] for t, n in decl])
        return form, inner, freed

    def stmts(self, sc, d, n):
        return [self.stmt(sc, d) for _ in range(n)]

    def stmt(self, sc, d):
        """A form whose value is not used."""
        self.budget -= 1
        if self.budget <= 0 or d <= 0:
            return self.s_results(sc, 0)
        kind = self.weighted(STMT_TABLE)
        f = getattr(self, "s_" + kind)(sc, d - 1)
        return f if f is not None else self.s_results(sc, d - 1)

    def s_results(self, sc, d):
        return [S("setf"), [S("getmap"), S("results"), self.key(self.maps["results"], sc)],
                self.expr(sc, d)]

    def s_expr(self, sc, d):
        return self.expr(sc, d)

    def s_mapset(self, sc, d):
        m = self.pick(list(self.maps.values()))
        k = self.key(m, sc)
        if k is None:
            return None
        if m.value_struct is not None or (m.value_size > 8 and self.chance(0.5)):
            objs = [o for o in self.objs(sc, ("obj",)) if o.struct.size >= m.value_size]
            if objs and self.chance(0.7):
                return [S("setf"), [S("getmap"), m.name, k], self.pick(objs).ref]
            if m.value_size < 8 and m.value_size not in (1, 2, 4):
                return None
        elif m.value_size == 8 and self.chance(0.1):
            objs = [o for o in self.objs(sc, ("obj",)) if o.struct.size >= 8]
            if objs:
                return [S("setf"), [S("getmap"), m.name, k], self.pick(objs).ref]
        return [S("setf"), [S("getmap"), m.name, k], self.expr(sc, d)]

    def s_mapinc(self, sc, d):
        ms = [m for m in self.maps.values() if m.value_size in (4, 8)]
        m = self.pick(ms)
        k = self.key(m, sc)
        if k is None:
            return None
        f = [S(self.pick(("incf", "decf"))), [S("getmap"), m.name, k]]
        if self.chance(0.6):
            f.append(self.expr(sc, d))
        return f

    def s_maplow(self, sc, d):
        m = self.pick(list(self.maps.values()))
        if m.value_size not in (1, 2, 4, 8):
            return None
        k = self.key(m, sc)
        if m.type == "hash" and self.chance(0.4):
            return [S(self.pick(("remmap", "map-delete"))), m.name, k]
        return [S("map-update"), m.name, k, self.expr(sc, d), self.pick((0, 0, 1, 2))]

    def e_maplow(self, sc, d):
        """map-update and map-delete give the helper's result: 0 or -errno."""
        f = self.s_maplow(sc, d)
        if f is None or f[0] == "remmap":
            return self.leaf(sc)
        return f

    def s_atomic(self, sc, d):
        m = self.pick([m for m in self.maps.values() if m.type == "array"])
        p = S(self.pick(NAMES))
        t = self.pick([t for t in ("u32", "u64") if WIDTHS[t] <= m.value_size] or [None])
        if t is None:
            return None
        w = WIDTHS[t]
        off = w * self.small(m.value_size // w)
        add = [S("atomic-add"), p, off, self.expr(without(sc, p), d)] + \
            ([S(t)] if t != "u64" else [])
        return [S("when-let"), [[p, [S("map-lookup"), m.name, self.key(m, sc)]]], add]

    def s_field(self, sc, d):
        objs = self.objs(sc)
        if not objs:
            return None
        o = self.pick(objs)
        place = self.field_ref(o, sc, index_expr=self.chance(0.5))
        if self.chance(0.3):
            f = [S(self.pick(("incf", "decf"))), place]
            return f + ([self.expr(sc, d)] if self.chance(0.5) else [])
        return [S("setf"), place, self.expr(sc, d)]

    def s_store(self, sc, d):
        r = self.rng.random()
        t = self.pick(TYPES)
        w = WIDTHS[t]
        if r < 0.35:
            return [S("store"), S(t), S("data"), self.small(self.min_len - w + 1),
                    self.expr(sc, d)]
        if r < 0.5:
            vs = [v for v in self.nums(sc) if v.addressable and v.width >= w]
            if not vs:
                return None
            v = self.pick(vs)
            return [S("store"), S(t), [S("stack-addr"), v.ref], w * self.small(v.width // w),
                    self.expr(sc, d)]
        objs = [o for o in self.objs(sc) if o.struct.size >= w]
        if not objs:
            return None
        o = self.pick(objs)
        off = w * self.small(o.struct.size // w)
        if self.chance(0.3):
            return [S("setf"), [S("load"), S(t), o.ref, off], self.expr(sc, d)]
        return [S("store"), S(t), o.ref, off, self.expr(sc, d)]

    def s_fieldptr(self, sc, d):
        """A load or store through NAME-FIELD-ptr."""
        objs = self.objs(sc)
        if not objs:
            return None
        o = self.pick(objs)
        fname = self.pick(list(o.struct.fields))
        foff = o.struct.fields[fname][0]
        room = o.struct.size - foff
        t = self.pick([t for t in TYPES if WIDTHS[t] <= room and foff % WIDTHS[t] == 0])
        w = WIDTHS[t]
        ptr = [S("%s-%s-ptr" % (o.struct.name, fname)), o.ref]
        off = w * self.small(room // w)
        if self.chance(0.5):
            return [S("store"), S(t), ptr, off, self.expr(sc, d)]
        return [S("setf"), [S("getmap"), S("results"), self.key(self.maps["results"], sc)],
                [S("load"), S(t), ptr, off]]

    def s_memset(self, sc, d):
        objs = self.objs(sc)
        if objs and self.chance(0.7):
            o = self.pick(objs)
            n = self.rng.randrange(1, o.struct.size + 1)
            off = self.small(o.struct.size - n + 1)
            if self.chance(0.5):
                # keep stores aligned: the widths follow the offset
                off = off // 8 * 8 if off + n <= o.struct.size else 0
            return [S("memset"), o.ref, off, self.expr(sc, d) if self.chance(0.3)
                    else self.literal(), n]
        n = self.rng.randrange(1, min(self.min_len, 24) + 1)
        return [S("memset"), S("data"), self.small(self.min_len - n + 1), self.literal(), n]

    def s_memcpy(self, sc, d):
        objs = self.objs(sc)
        if not objs:
            return None
        o = self.pick(objs)
        size = o.struct.size
        n = self.rng.randrange(1, min(size, self.min_len) + 1)
        doff = self.small(size - n + 1)
        if self.chance(0.5):
            doff = doff // 8 * 8
        soff = self.small(self.min_len - n + 1)
        r = self.rng.random()
        if r < 0.45:
            return [S("memcpy"), o.ref, doff, S("data"), soff, n]
        if r < 0.7:
            return [S("memcpy"), S("data"), soff, o.ref, doff, n]
        # memcpy between overlapping bytes is left undefined: other memory only
        others = [p for p in objs if p.struct.size >= n and p.origin != o.origin]
        if not others:
            return None
        p = self.pick(others)
        poff = self.small(p.struct.size - n + 1) // 8 * 8
        if poff + n > p.struct.size:
            poff = 0
        return [S("memcpy"), o.ref, doff, p.ref, poff, n]

    def s_when(self, sc, d):
        r = self.rng.random()
        if r < 0.5:
            return [S(self.pick(("when", "unless"))), self.test(sc, d)] + \
                self.stmts(sc, d, self.rng.randrange(1, 4))
        if r < 0.75:
            return [S("if"), self.test(sc, d), self.stmt(sc, d), self.stmt(sc, d)]
        return [S("cond")] + [[self.test(sc, d)] + self.stmts(sc, d, self.rng.randrange(1, 3))
                              for _ in range(self.rng.randrange(1, 3))]

    def s_let(self, sc, d):
        form, inner, freed = self.let_head(sc, d)
        form += self.stmts(inner, d, self.rng.randrange(1, 4))
        self.live -= freed
        return form

    def s_dotimes(self, sc, d):
        if self.loops >= 2 or self.loops_left <= 0:
            return None
        self.loops_left -= 1
        # The verifier walks every iteration, and every path through the
        # body in each: a nested loop stays short, a body stays shallow.
        top = self.loop_max if self.loops == 0 else 2
        counts = list(range(1, top + 1)) + self.small_constants(top + 1)
        d = min(d, LOOP_DEPTH - self.loops)
        i = S(self.pick(NAMES))
        inner = dict(sc)
        inner[i] = Var(i, "num", width=4)
        self.loops += 1
        body = self.stmts(inner, d, self.rng.randrange(1, 4))
        if self.chance(0.3):
            body.insert(self.rng.randrange(len(body) + 1),
                        [S("when"), self.test(inner, d), [S("return"), self.expr(inner, d)]])
        self.loops -= 1
        return [S("dotimes"), [i, self.pick(counts)]] + body

    def s_return(self, sc, d):
        ret = [S("return"), self.expr(sc, d)] if self.chance(0.9) else [S("return")]
        return [S("when"), self.test(sc, d), ret]

    def s_macro(self, sc, d):
        ms = [m for _, m in self.macros if m.shape in ("when", "let", "progn")]
        if not ms:
            return None
        return self.body_macro_call(self.pick(ms), sc, d, value=False)

    def s_mapval(self, sc, d):
        m = self.maps.get("smap")
        if m is None:
            return None
        p = S(self.pick(NAMES))
        inner = dict(sc)
        inner[p] = Var(p, "mval", struct=m.value_struct, origin=("map", m.name))
        return [S("when-let"), [[p, self.value_pointer(m, sc)]]] + \
            self.stmts(inner, d, self.rng.randrange(1, 3))


def without(sc, name):
    """Scope sc where `name` is bound by a form in between, so it cannot be used."""
    return {k: v for k, v in sc.items() if k != name}


LEAF_TABLE = [("lit", 4), ("var", 8), ("const", 1), ("pkt", 3), ("field", 2), ("raw", 1),
              ("addr", 1), ("getmap", 2), ("sizeof", 0.3), ("pktlen", 0.3)]
EXPR_TABLE = [("arith", 10), ("shift", 3), ("compare", 4), ("logic", 3), ("cast", 2),
              ("byteorder", 2), ("if", 3), ("when", 1.5), ("cond", 1), ("case", 1),
              ("let", 2.5), ("progn", 0.7), ("setf", 1.5), ("incf", 1.5), ("macro", 2),
              ("mapval", 0.7), ("pktvar", 0.6), ("return", 0.3), ("maplow", 0.4)]
TEMPLATE_EXPR_TABLE = [("arith", 10), ("shift", 3), ("compare", 4), ("logic", 3), ("cast", 2),
                       ("byteorder", 2), ("if", 3), ("let", 1), ("progn", 0.5)]
STMT_TABLE = [("results", 10), ("expr", 1), ("mapset", 3), ("mapinc", 3), ("maplow", 1),
              ("atomic", 0.7), ("field", 3), ("store", 2.5), ("fieldptr", 1), ("memset", 1),
              ("memcpy", 1), ("when", 3), ("let", 4), ("dotimes", 1.5), ("return", 0.5),
              ("macro", 1), ("mapval", 1)]
