#!/usr/bin/env python3
"""gen.py SEED OUT.ssa: a random XDP program in ssa, for testing wh-ra.

The program reads a 64-byte packet (whose bytes SEED also decides), keeps
many values alive across helper calls, branches, phis and bounded loops,
sends map-value and ring-buffer pointers across calls before their null
checks, and finally stores a hash of everything it computed into the
array map `out`. The generator runs the program as it writes it, so it
knows what the kernel must find in `out` afterwards.

Prints two lines: the packet in hex, then the expected `out` entries as
'out[K] = V' joined by ';'.
"""
import random
import sys

M = (1 << 64) - 1
W32 = (1 << 32) - 1
NOUT = 8


def signed(v):
    return v - (1 << 64) if v >> 63 else v


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.ntmp = 0
        self.nblk = 0
        self.blocks = []          # [name, [lines]]
        self.env = {}             # tmp -> value
        self.avail = []           # scalar tmps in scope
        self.packet = bytes(self.rng.randrange(256) for _ in range(64))
        self.out = [0] * NOUT
        self.depth = 0

    # ---- text ----
    def tmp(self):
        self.ntmp += 1
        return self.ntmp + 9      # %10 and up; %0-%3 are the prologue's

    def new_block(self):
        self.nblk += 1
        return "b%d" % self.nblk

    def start(self, name):
        self.blocks.append([name, []])
        self.cur = name

    def emit(self, text):
        self.blocks[-1][1].append(text)

    # ---- values ----
    def pick(self):
        return self.rng.choice(self.avail)

    def operand(self):
        if self.rng.random() < 0.25:
            return ("imm", self.rng.choice([0, 1, 7, -1, 255, -256, 0x7fffffff,
                                            -0x80000000, 12345, self.rng.randrange(-2**31, 2**31)]))
        return ("tmp", self.pick())

    def text(self, o):
        return str(o[1]) if o[0] == "imm" else "%%%d" % o[1]

    def val(self, o):
        return o[1] & M if o[0] == "imm" else self.env[o[1]]

    def define(self, t, v, scalar=True):
        self.env[t] = v & M
        if scalar:
            self.avail.append(t)

    # ---- segments ----
    def arith(self):
        t = self.tmp()
        kind = self.rng.randrange(10)
        if kind < 5:
            op = self.rng.choice(["add", "sub", "mul", "xor", "and", "or"])
            w = self.rng.random() < 0.2
            a = ("tmp", self.pick())
            b = self.operand()
            x, y = self.val(a), self.val(b)
            r = {"add": x + y, "sub": x - y, "mul": x * y, "xor": x ^ y,
                 "and": x & y, "or": x | y}[op]
            if w:
                r = {"add": x + y, "sub": x - y, "mul": (x & W32) * (y & W32),
                     "xor": x ^ y, "and": x & y, "or": x | y}[op] & W32
            self.emit("%%%d = %s%s %s, %s" % (t, op, ".w" if w else "", self.text(a), self.text(b)))
            self.define(t, r)
        elif kind == 5:
            op = self.rng.choice(["shl", "shr", "sar"])
            a = self.pick()
            s = self.rng.choice([0, 1, 7, 31, 32, 63, self.rng.randrange(64)])
            x = self.env[a]
            r = {"shl": x << s, "shr": x >> s, "sar": signed(x) >> s}[op]
            self.emit("%%%d = %s %%%d, %d" % (t, op, a, s))
            self.define(t, r)
        elif kind == 6:
            op = self.rng.choice(["div", "mod"])
            a = self.pick()
            k = self.rng.choice([1, 3, 7, 1000, 0x7fffffff])
            x = self.env[a]
            self.emit("%%%d = %s %%%d, %d" % (t, op, a, k))
            self.define(t, x // k if op == "div" else x % k)
        elif kind == 7:
            a = self.pick()
            x = self.env[a]
            op = self.rng.choice(["neg", "zext", "bswap"])
            if op == "neg":
                self.emit("%%%d = neg %%%d" % (t, a))
                self.define(t, -x)
            else:
                w = self.rng.choice([1, 2, 4] if op == "zext" else [2, 4, 8])
                low = x & ((1 << (8 * w)) - 1)
                r = low if op == "zext" else int.from_bytes(low.to_bytes(w, "little"), "big")
                self.emit("%%%d = %s u%d %%%d" % (t, op, 8 * w, a))
                self.define(t, r)
        elif kind == 8:
            cc = self.rng.choice(["eq", "ne", "ugt", "uge", "ult", "ule",
                                  "sgt", "sge", "slt", "sle", "set"])
            a, b = ("tmp", self.pick()), self.operand()
            self.emit("%%%d = cmp %s %s, %s" % (t, cc, self.text(a), self.text(b)))
            self.define(t, 1 if self.holds(cc, self.val(a), self.val(b)) else 0)
        else:
            c = self.rng.choice([0x123456789abcdef, -2, 1 << 40, 42])
            self.emit("%%%d = copy %d" % (t, c))
            self.define(t, c)

    def holds(self, cc, x, y):
        sx, sy = signed(x), signed(y)
        return {"eq": x == y, "ne": x != y, "ugt": x > y, "uge": x >= y,
                "ult": x < y, "ule": x <= y, "sgt": sx > sy, "sge": sx >= sy,
                "slt": sx < sy, "sle": sx <= sy, "set": (x & y) != 0}[cc]

    def call(self):
        h = self.rng.choice(["ktime-get-ns", "get-prandom-u32", "get-smp-processor-id"])
        if self.rng.random() < 0.5:
            self.emit("%%%d = call %s" % (self.tmp(), h))
        else:
            self.emit("call %s" % h)

    def packet_load(self):
        t = self.tmp()
        w = self.rng.choice([1, 2, 4, 8])
        off = self.rng.randrange(0, 64 - w + 1)
        self.emit("%%%d = load u%d %%1, %d" % (t, 8 * w, off))
        self.define(t, int.from_bytes(self.packet[off:off + w], "little"))

    def stack_object(self):
        """A stack object written now, read back after more code."""
        s, v = self.tmp(), self.pick()
        self.emit("%%%d = slot 16" % s)
        self.emit("store u64 %%%d, 0, %%%d" % (s, v))
        self.emit("store u64 %%%d, 8, 0" % s)
        q = self.tmp()
        self.emit("%%%d = add %%%d, 8" % (q, s))
        self.simple(2)
        self.emit("store u32 %%%d, 0, %%%d" % (q, v))
        t = self.tmp()
        self.emit("%%%d = load u64 %%%d, 0" % (t, s))
        self.define(t, self.env[v])
        t = self.tmp()
        self.emit("%%%d = load u64 %%%d, 8" % (t, s))
        self.define(t, self.env[v] & W32)

    def lookup(self, key):
        """%p = pointer to out[key]; its null check comes later."""
        s, m, p = self.tmp(), self.tmp(), self.tmp()
        self.emit("%%%d = slot 4" % s)
        self.emit("store u32 %%%d, 0, %d" % (s, key))
        self.emit("%%%d = mapref out" % m)
        self.emit("%%%d = call map-lookup-elem %%%d, %%%d" % (p, m, s))
        return p

    def null_check(self, p):
        ok, bad = self.new_block(), self.new_block()
        self.emit("br ne %%%d, 0, @%s, @%s" % (p, ok, bad))
        self.start(bad)
        self.emit("ret 3")
        self.start(ok)

    def map_roundtrip(self):
        key = self.rng.randrange(1, NOUT)
        p = self.lookup(key)
        self.simple(self.rng.randrange(4))
        self.null_check(p)
        old = self.tmp()
        self.emit("%%%d = load u64 %%%d, 0" % (old, p))
        self.define(old, self.out[key])
        v = self.pick()
        self.simple(self.rng.randrange(3))
        self.emit("store u64 %%%d, 0, %%%d" % (p, v))
        self.out[key] = self.env[v]

    def ringbuf(self):
        m, r = self.tmp(), self.tmp()
        self.emit("%%%d = mapref events" % m)
        self.emit("%%%d = call ringbuf-reserve %%%d, 16, 0" % (r, m))
        self.simple(self.rng.randrange(4))
        ok, skip = self.new_block(), self.new_block()
        self.emit("br ne %%%d, 0, @%s, @%s" % (r, ok, skip))
        self.start(ok)
        saved = list(self.avail)
        self.emit("store u64 %%%d, 0, %%%d" % (r, self.pick()))
        self.simple(self.rng.randrange(2), calls=False)
        self.emit("store u64 %%%d, 8, %%%d" % (r, self.pick()))
        self.emit("call ringbuf-submit %%%d, 0" % r)
        self.emit("jmp @%s" % skip)
        self.avail = saved
        self.start(skip)

    def simple(self, n, calls=True):
        for _ in range(n):
            k = self.rng.randrange(10)
            if k < 6 or not calls:
                self.arith()
            elif k < 8:
                self.call()
            else:
                self.packet_load()

    def diamond(self):
        a, b = ("tmp", self.pick()), self.operand()
        cc = self.rng.choice(["eq", "ne", "ugt", "uge", "ult", "ule", "sgt", "slt", "set"])
        taken = self.holds(cc, self.val(a), self.val(b))
        bt, bf, join = self.new_block(), self.new_block(), self.new_block()
        self.emit("br %s %s, %s, @%s, @%s" % (cc, self.text(a), self.text(b), bt, bf))
        saved = list(self.avail)
        arms = []
        for name, live in ((bt, taken), (bf, not taken)):
            self.start(name)
            self.avail = list(saved)
            env, out = dict(self.env), list(self.out)
            self.body(self.rng.randrange(1, 4))
            outs = [self.pick() for _ in range(self.rng.randrange(1, 4))]
            arms.append((self.cur, outs, dict(self.env)))
            if live:
                live_env, live_out = dict(self.env), list(self.out)
            self.env, self.out = env, out
            self.emit("jmp @%s" % join)
        self.env, self.out = live_env, live_out
        self.avail = saved
        self.start(join)
        n = min(len(arms[0][1]), len(arms[1][1]))
        for i in range(n):
            t = self.tmp()
            (pt, ot, et), (pf, of, ef) = arms
            self.emit("%%%d = phi @%s %%%d, @%s %%%d" % (t, pt, ot[i], pf, of[i]))
            self.define(t, (et if taken else ef)[(ot if taken else of)[i]])

    def loop(self):
        n = self.rng.randrange(1, 6)
        pre, head, exit_ = self.cur, self.new_block(), self.new_block()
        self.emit("jmp @%s" % head)
        carried = [self.pick() for _ in range(self.rng.randrange(1, 3))]
        i, i2 = self.tmp(), self.tmp()
        phis = [(self.tmp(), c, self.tmp()) for c in carried]
        self.start(head)
        self.emit("%%%d = phi @%s 0, @%s %%%d" % (i, pre, head, i2))
        for ph, init, nxt in phis:
            self.emit("%%%d = phi @%s %%%d, @%s %%%d" % (ph, pre, init, head, nxt))
        # run the body n times to know the values; the text is written once
        texts = None
        vals = {ph: self.env[init] for ph, init, _ in phis}
        saved_avail = list(self.avail)
        state = self.rng.getstate()
        for it in range(n):
            self.rng.setstate(state)
            mark = len(self.blocks[-1][1])
            ntmp = self.ntmp
            self.avail = list(saved_avail)
            self.env[i] = it
            for ph, _, _ in phis:
                self.env[ph] = vals[ph]
                self.avail.append(ph)
            if self.rng.random() < 0.5:
                self.call()
            for ph, _, nxt in phis:
                a = self.pick()
                op = self.rng.choice(["add", "xor", "sub"])
                x, y = self.env[ph], self.env[a]
                self.emit("%%%d = %s %%%d, %%%d" % (nxt, op, ph, a))
                self.env[nxt] = {"add": x + y, "xor": x ^ y, "sub": x - y}[op] & M
            self.simple(self.rng.randrange(3), calls=False)
            for ph, _, nxt in phis:
                vals[ph] = self.env[nxt]
            if it < n - 1:
                del self.blocks[-1][1][mark:]
                self.ntmp = ntmp
        self.emit("%%%d = add %%%d, 1" % (i2, i))
        self.emit("br ult %%%d, %d, @%s, @%s" % (i2, n, head, exit_))
        self.avail = [t for t in self.avail if t not in (p for p, _, _ in phis)]
        for _, _, nxt in phis:
            self.avail.append(nxt)
        self.start(exit_)

    def body(self, n):
        self.depth += 1
        for _ in range(n):
            k = self.rng.randrange(12)
            if k < 5:
                self.simple(self.rng.randrange(1, 4))
            elif k == 5:
                self.stack_object()
            elif k == 6:
                self.map_roundtrip()
            elif k == 7:
                self.ringbuf()
            elif k < 10 and self.depth < 3:
                self.diamond()
            elif self.depth < 3:
                self.loop()
            else:
                self.call()
        self.depth -= 1

    def program(self):
        self.start("entry")
        for line in ("%0 = param", "%1 = load u32 %0, 0", "%2 = load u32 %0, 4",
                     "%3 = add %1, 64", "br ugt %3, %2, @short, @b0"):
            self.emit(line)
        self.start("short")
        self.emit("ret 1")
        self.start("b0")
        for _ in range(8):
            self.packet_load()
        self.body(self.rng.randrange(4, 10))
        # everything still in scope goes into one hash
        h = self.tmp()
        self.emit("%%%d = copy 0" % h)
        hv = 0
        for t in self.avail:
            m, a = self.tmp(), self.tmp()
            self.emit("%%%d = mul %%%d, 31" % (m, h))
            self.emit("%%%d = add %%%d, %%%d" % (a, m, t))
            h, hv = a, (hv * 31 + self.env[t]) & M
        p = self.lookup(0)
        self.null_check(p)
        self.emit("store u64 %%%d, 0, %%%d" % (p, h))
        self.out[0] = hv
        self.emit("ret 2")

    def ssa(self):
        lines = ["#!ssa", '.license "GPL"',
                 ".map out type=array key_size=4 value_size=8 max_entries=%d flags=0" % NOUT,
                 ".map events type=ringbuf key_size=0 value_size=0 max_entries=4096 flags=0",
                 '.prog fuzz type=xdp section="xdp"']
        for name, body in self.blocks:
            lines.append("@" + name)
            lines.extend("\t" + l for l in body)
        return "\n".join(lines) + "\n"


def main():
    seed, path = int(sys.argv[1]), sys.argv[2]
    g = Gen(seed)
    g.program()
    with open(path, "w") as f:
        f.write(g.ssa())
    print(g.packet.hex())
    print(";".join("out[%d] = %d" % (k, v) for k, v in enumerate(g.out)))


if __name__ == "__main__":
    main()
