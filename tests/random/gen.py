"""gen.py: random Whistler programs, valid and verifiable by construction.

generate(seed, size) gives the text of one XDP program and the packets to
run it on. The same seed and size give the same program. Every program
binds variables from a bounds-checked packet, then runs statements over
the whole language (the tables EXPRS and STMTS name the forms) and
returns a value; maps (an array `results` and a few others) make the
intermediate values visible.

What keeps a program meaningful and verifiable: packet accesses stay
inside the checked length (runtime offsets get their own check), stack
accesses are aligned and inside their object, array-field indexes and
shift amounts are masked, loops have small constant counts, map value
pointers come from array maps and are used under when-let, a value the
language leaves unspecified (a store, a map update, dotimes) is never
used, and the stack objects alive at once stay well under 512 bytes.
Nothing here knows how the compiler works.
"""
import random

from forms import NAMES, TEMPLATE_NAMES, TYPES, Forms, S, Var
from lang import WIDTHS, struct_layout
from program import Program
from sexp import Str, program_text

FIELD_NAMES = ("val", "len", "tag", "flags", "sum", "cnt", "lo", "hi", "id", "wd", "size")
MAX_STRUCT = 64
MAX_SIZE = 8                 # the largest --size


class StructT:
    def __init__(self, name, fields):
        self.name = name
        self.decl = fields                       # [(name, type, count)]
        self.fields, self.size, self.align = struct_layout(fields, None)


class MapT:
    def __init__(self, name, mtype, key_size, value_size, max_entries, key_struct=None,
                 value_struct=None):
        self.name, self.type = name, mtype
        self.key_size, self.value_size, self.max_entries = key_size, value_size, max_entries
        self.key_struct, self.value_struct = key_struct, value_struct


class Macro:
    def __init__(self, name, params, shape, binds=None):
        self.name, self.params, self.shape = name, params, shape
        self.binds = binds                       # 'let' shape: the name it binds



class Gen(Forms):
    def __init__(self, seed, size):
        self.rng = random.Random(seed * 7919 + size)
        self.seed, self.size = seed, size
        self.depth = 2 + min(size, 4)
        self.top_stmts = 3 + 3 * size
        self.loop_max = 3 + min(size, 3)
        self.loops_left = 2 + size // 2     # dotimes forms in the program
        self.structs, self.maps, self.macros, self.constants = [], {}, [], {}
        self.min_len = 0
        self.loops = 0           # dotimes nesting now
        self.live = 0            # bytes of stack objects in scope now
        self.budget = 60 + 90 * size   # forms still allowed
        self.template = False    # generating a macro template
        self.expander = Program([])   # the macros, to expand calls as a compiler does
        self.names = NAMES

    # ---- the declarations ----

    def declare_constants(self):
        for i in range(self.rng.randrange(0, 4)):
            v = self.rng.randrange(0, 9) if self.chance(0.6) else self.literal()
            self.constants[S("+k%d+" % i)] = v

    def small_constants(self, hi):
        return [k for k, v in self.constants.items() if isinstance(v, int) and 0 <= v < hi]

    def declare_structs(self):
        for i in range(self.rng.randrange(1, 4)):
            while True:
                names = self.rng.sample(FIELD_NAMES, self.rng.randrange(1, 5))
                fields = []
                for n in names:
                    t = self.pick(TYPES)
                    count = self.rng.randrange(1, 9) if self.chance(0.3) else None
                    fields.append((S(n), S(t), count))
                st = StructT(S("st%d" % i), fields)
                if st.size <= MAX_STRUCT:
                    break
            self.structs.append(st)

    def declare_maps(self):
        r = self.rng.randrange(4, 13)
        self.maps["results"] = MapT(S("results"), "array", 4, 8, r)
        if self.chance(0.5):
            self.maps["hmap"] = MapT(S("hmap"), "hash", self.pick((1, 2, 4, 8)),
                                     self.pick((8, 8, 4, 2, 1)), self.rng.randrange(2, 17))
        if self.chance(0.35):
            s = self.pick(self.structs)
            self.maps["kmap"] = MapT(S("kmap"), "hash", s.size, 8, self.rng.randrange(2, 9),
                                     key_struct=s)
        if self.chance(0.4):
            s = self.pick(self.structs)
            self.maps["smap"] = MapT(S("smap"), "array", 4, s.size, self.rng.randrange(1, 5),
                                     value_struct=s)
        if self.chance(0.3):
            self.maps["cmap"] = MapT(S("cmap"), "array", 4, 4, self.rng.randrange(1, 5))

    def declare_macros(self):
        for i in range(self.rng.randrange(0, 4)):
            name = S("mac%d" % i)
            shape = self.weighted([("expr", 5), ("ct", 1), ("when", 1), ("let", 1),
                                   ("progn", 1)])
            self.macros.append(self.macro(name, shape))
            self.expander.declare(self.macros[-1][0])

    def macro(self, name, shape):
        """(defmacro ...) form and its Macro; the template sees only its
        parameters, the packet, the maps and the constants."""
        sc = {"data": Var("data", "pkt")}
        if shape == "expr":
            n = self.rng.randrange(1, 4)
            params = [S("p%d" % k) for k in range(n)]
            for p in params:
                sc[p] = Var(p, "num", ref=[S("unquote"), p])
            saved, self.budget = self.budget, 12
            self.template, self.names = True, TEMPLATE_NAMES
            body = self.expr(sc, 2)
            self.template, self.names = False, NAMES
            self.budget = saved
            m = Macro(name, params, shape)
            return [S("defmacro"), name, params, [S("quasiquote"), body]], m
        if shape == "ct":
            p = S("p0")
            k1, k2 = self.rng.randrange(0, 1 << 16), self.rng.randrange(0, 1 << 16)
            op = self.pick(("+", "*", "logxor", "logior"))
            outer = self.pick(("logxor", "+", "-", "logand"))
            body = [S(outer), [S("unquote"), p], [S("unquote"), [S(op), k1, k2]]]
            return [S("defmacro"), name, [p], [S("quasiquote"), body]], Macro(name, [p], shape)
        body_splice = [S("unquote-splicing"), S("body")]
        test = [S("unquote"), S("p0")]
        if shape == "when":
            alt = self.literal()
            tpl = [S("if"), test, [S("progn"), body_splice], alt] if self.chance(0.5) else \
                [S(self.pick(("when", "unless"))), test, body_splice]
        elif shape == "let":
            tpl = [S("let"), [[S("mv%s" % name[3:]), test]], body_splice]
        else:
            tpl = [S("progn"), test, body_splice]
        m = Macro(name, [S("p0")], shape, binds=S("mv%s" % name[3:]) if shape == "let" else None)
        return [S("defmacro"), name, [S("p0"), S("&body"), S("body")],
                [S("quasiquote"), tpl]], m

    # ---- the program ----

    def program(self):
        self.min_len = self.pick((14, 32, 64, 64, 64, 96, 128))
        self.declare_constants()
        self.declare_structs()
        self.declare_maps()
        self.declare_macros()
        sc = {"data": Var("data", "pkt"), "data-end": Var("data-end", "end")}
        binds = []
        for _ in range(self.rng.randrange(3, 9)):
            t = self.pick(TYPES)
            name = S(self.pick(NAMES))
            if any(b[0] == name for b in binds):
                continue
            binds.append([name, [S("load"), S(t), S("data"),
                                 self.small(self.min_len - WIDTHS[t] + 1)]])
        inner = dict(sc)
        for b in binds:
            inner[b[0]] = Var(b[0], "num", width=WIDTHS[b[1][1]], mutable=True,
                              addressable=True)
        body = self.stmts(inner, self.depth, self.top_stmts) + [self.expr(inner, self.depth)]
        main = [S("let"), binds] + body
        if self.chance(0.5):
            guarded = [S("with-packet"), [S("data"), S("data-end"), S(":min-len"), self.min_len],
                       main]
        else:
            guarded = [S("let"), [[S("data"), [S("xdp-data")]],
                                  [S("data-end"), [S("xdp-data-end")]]],
                       [S("when"), [S(">"), [S("+"), S("data"), self.min_len], S("data-end")],
                        [S("return"), S("XDP_PASS")]],
                       main]
        forms = [[S("in-package"), S("#:whistler")]]
        forms += [[S("defconstant"), k, v] for k, v in self.constants.items()]
        for st in self.structs:
            forms.append([S("defstruct"), st.name] +
                         [[n, t if c is None else [S("array"), t, c]] for n, t, c in st.decl])
        forms += [m for m, _ in self.macros]
        for m in self.maps.values():
            forms.append([S("defmap"), m.name, S(":type"), S(":" + m.type),
                          S(":key-size"), m.key_size, S(":value-size"), m.value_size,
                          S(":max-entries"), m.max_entries])
        forms.append([S("defprog"), S("smith"),
                      [S(":type"), S(":xdp"), S(":section"), Str("xdp"), S(":license"),
                       Str("GPL")], guarded])
        return forms

    def packets(self):
        """(repeat, bytes) of each run: mostly long enough, now and then short."""
        runs = []
        for _ in range(self.rng.randrange(3, 6)):
            n = self.min_len + self.rng.randrange(0, 33)
            if self.chance(0.08):
                n = self.rng.randrange(14, self.min_len + 1)
            style = self.rng.random()
            if style < 0.5:
                b = bytes(self.rng.getrandbits(8) for _ in range(n))
            else:
                chunks = []
                while len(chunks) < n:
                    fill = self.pick((0x00, 0xFF, 0x7F, 0x80, 0x01, None))
                    k = self.pick((1, 2, 4, 8))
                    chunks += [self.rng.getrandbits(8) if fill is None else fill] * k
                b = bytes(chunks[:n])
            runs.append((1 if self.chance(0.8) else self.rng.randrange(2, 4), b))
        return runs


def generate(seed, size=1):
    """(program text, [(repeat, packet bytes)]) for one seed and size."""
    g = Gen(seed, size)
    forms = g.program()
    text = program_text(forms, "random program %d (size %d)" % (seed, size))
    return text, g.packets()
