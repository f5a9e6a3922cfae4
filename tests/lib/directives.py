"""directives.py: the expectations a tests/programs/*.lisp file writes in its
comments, read in one place (tests/programs.bats documents the format):

    ;; test: OPTIONS => EXPECT; EXPECT; ...
    ;; and: EXPECT; ...
    ;; packet NAME: HEX HEX ...
    ;; load-only
    ;; pending: REASON

parse(text) gives a Directives object or raises DirectiveError. Values are
("int", N) or ("bytes", HEX): wh-load prints up to 8 bytes as an integer,
so byte strings of up to 8 bytes become the little-endian integer.
"""
import re


class DirectiveError(Exception):
    pass


class Check:
    """One expectation: kind retval, size, absent or value."""

    def __init__(self, kind, map_name, key, value, text):
        self.kind, self.map, self.key, self.value, self.text = kind, map_name, key, value, text


class Test:
    def __init__(self, line, packet, repeat, prog, checks):
        self.line, self.packet, self.repeat, self.prog = line, packet, repeat, prog
        self.checks = checks           # [Check]

    def dumps(self):
        """The maps the checks read, once each, in order."""
        return list(dict.fromkeys(c.map for c in self.checks if c.map))


class Directives:
    def __init__(self, tests, packets, load_only, pending, first_prog, value_sizes):
        self.tests, self.packets, self.load_only = tests, packets, load_only
        self.pending, self.first_prog, self.value_sizes = pending, first_prog, value_sizes


def value_sizes(text):
    """{map C name: value size} of the file's defmaps."""
    sizes = {}
    for m in re.finditer(r"\(defmap\s+([^\s()]+)", text):
        end = text.find("(def", m.end())
        seg = text[m.end(): end if end >= 0 else len(text)]
        v = re.search(r":value-size\s+(\d+)", seg)
        if v:
            sizes[m.group(1).replace("-", "_")] = int(v.group(1))
    return sizes


def parse_value(s, bits):
    s = s.strip()
    if s.startswith('"'):
        if not s.endswith('"'):
            raise DirectiveError("unterminated byte string: " + s)
        hexs = re.sub(r"\s+", "", s[1:-1]).lower()
        if not re.fullmatch(r"([0-9a-f]{2})+", hexs):
            raise DirectiveError("not hex bytes: " + s)
        if len(hexs) <= 16:     # wh-load prints up to 8 bytes as an integer
            return ("int", int.from_bytes(bytes.fromhex(hexs), "little"))
        return ("bytes", hexs)
    try:
        v = int(s, 0)
    except ValueError:
        raise DirectiveError("not a number: " + s)
    if v < 0:
        v %= 1 << bits
    return ("int", v)


def parse(text, required=True):
    """The directives of a program's text. required: a file must have a
    ';; test:' line or ';; load-only' (as tests/programs.bats wants)."""
    packets, raw, load_only, pending = {}, [], False, None
    for line in text.splitlines():
        if not line.startswith(";; "):
            continue
        body = line[3:].strip()
        m = (re.match(r"(test|and|pending):\s*(.*)$", body)
             or re.match(r"(packet)\s+(.*)$", body)
             or re.match(r"(load-only)()$", body))
        if not m:
            continue
        kw, rest = m.group(1), m.group(2)
        if kw == "load-only":
            load_only = True
        elif kw == "pending":
            pending = pending or rest
        elif kw == "packet":
            m = re.match(r"([\w-]+)\s*:\s*(.*)$", rest)
            if not m:
                raise DirectiveError(line)
            hexs = re.sub(r"\s+", "", m.group(2))
            if not re.fullmatch(r"([0-9a-fA-F]{2})*", hexs):
                raise DirectiveError("packet %s: not hex bytes: %s" % (m.group(1), m.group(2)))
            packets[m.group(1)] = packets.get(m.group(1), "") + hexs
        elif kw == "test":
            if "=>" not in rest:
                raise DirectiveError("no '=>' in: " + line)
            opts, exp = rest.split("=>", 1)
            raw.append((line, opts.split(), [exp]))
        else:
            if not raw:
                raise DirectiveError("';; and:' before any ';; test:'")
            raw[-1][2].append(rest)
    if required and not raw and not load_only:
        raise DirectiveError("no ';; test:' line and no ';; load-only'")
    m = re.search(r"\(defprog\s+([^\s()]+)", text)
    first = m.group(1) if m else None
    sizes = value_sizes(text)
    tests = [read_test(line, opts, exps, packets, first, sizes) for line, opts, exps in raw]
    return Directives(tests, packets, load_only, pending, first, sizes)


def read_test(line, opts, exps, packets, first, sizes):
    data, prog, repeat, fill, dlen = None, None, None, "00", None
    i = 0
    while i < len(opts):
        o = opts[i]
        if o not in ("--hex", "--pkt", "--data-len", "--fill", "--repeat", "--prog"):
            raise DirectiveError("unknown option %s in: %s" % (o, line))
        if i + 1 >= len(opts):
            raise DirectiveError("%s needs a value: %s" % (o, line))
        v = opts[i + 1]
        if o == "--hex":
            data = v
        elif o == "--pkt":
            if v not in packets:
                raise DirectiveError("no packet named " + v)
            data = packets[v]
        elif o == "--data-len":
            dlen = int(v, 0)
        elif o == "--fill":
            fill = v
        elif o == "--repeat":
            repeat = v
        else:
            prog = v
        i += 2
    if dlen is not None:
        data = fill * dlen
    if data is None:
        raise DirectiveError("no packet (--hex, --pkt or --data-len) in: " + line)
    if prog is None and first is None:
        raise DirectiveError("no defprog in the file: give --prog")
    prog = (prog or first).replace("-", "_")
    checks = []
    for e in ";".join(exps).split(";"):
        e = e.strip()
        if not e:
            continue
        m = re.fullmatch(r"retval\s+(\S+)", e)
        if m:
            checks.append(Check("retval", None, None, parse_value(m.group(1), 32), e))
            continue
        m = re.fullmatch(r"([\w-]+)\s+size\s+(\d+)", e)
        if m:
            checks.append(Check("size", m.group(1).replace("-", "_"), None,
                                int(m.group(2)), e))
            continue
        m = re.fullmatch(r"([\w-]+)\[(.+?)\]\s*(?:=\s*(.+)|(absent))", e)
        if not m:
            raise DirectiveError("cannot read expectation '%s' in: %s" % (e, line))
        mp = m.group(1).replace("-", "_")
        key = parse_value(m.group(2), 64)
        if m.group(4):
            checks.append(Check("absent", mp, key, None, e))
        else:
            bits = 8 * sizes.get(mp, 8)
            checks.append(Check("value", mp, key, parse_value(m.group(3), bits), e))
    return Test(line, data, int(repeat) if repeat else None, prog, checks)


def norm(x):
    """A key or value as wh-load -j prints it, in parse_value's form."""
    if isinstance(x, int):
        return ("int", x)
    return ("bytes", re.sub(r"\s+", "", x).lower())


def show(v):
    return str(v[1]) if v[0] == "int" else '"%s"' % " ".join(
        v[1][k:k + 2] for k in range(0, len(v[1]), 2))


def problems(test, out):
    """The checks of `test` that a run breaks, one line each. out is what
    `wh-load test -j` prints: {"retval": N, "maps": {MAP: [{"key": K,
    "value": V}]}} (per-CPU entries have "values")."""
    bad = []
    for c in test.checks:
        if c.kind == "retval":
            got = ("int", out["retval"])
            if got != c.value:
                bad.append("%s: got %s" % (c.text, show(got)))
            continue
        entries = out["maps"].get(c.map)
        if entries is None:
            bad.append("%s: no map %s in the dump" % (c.text, c.map))
            continue
        if c.kind == "size":
            if len(entries) != c.value:
                bad.append("%s: got %d entries" % (c.text, len(entries)))
            continue
        hit = [x for x in entries if norm(x["key"]) == c.key]
        if c.kind == "absent":
            if hit:
                bad.append("%s: present, = %s"
                           % (c.text, show(norm(hit[0].get("value", hit[0].get("values"))))))
            continue
        if not hit:
            bad.append("%s: no such key" % c.text)
            continue
        got = norm(hit[0]["value"]) if "value" in hit[0] else \
            ("bytes", str(hit[0].get("values")))
        if got != c.value:
            bad.append("%s: got %s (%s)" % (c.text, show(got),
                                            hex(got[1]) if got[0] == "int" else "bytes"))
    return bad
