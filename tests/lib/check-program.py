#!/usr/bin/env python3
# check-program.py FILE TMP: compile FILE (a tests/programs program), check
# every program in it with the verifier and run each `;; test:` line with
# BPF_PROG_TEST_RUN, comparing return values and map contents with what
# the file says (the directive format is described at the top of
# tests/programs.bats). Exit 0 when all match, 1 on a mismatch (what went
# wrong on stdout), 3 when the file's directives are malformed.
import json, os, re, subprocess, sys

path, tmp = sys.argv[1], sys.argv[2]
text = open(path).read()
name = os.path.basename(path)[:-len(".lisp")]

def bad(msg):
    print("%s: malformed directive: %s" % (path, msg))
    sys.exit(3)

def fail(msg):
    print(msg)
    sys.exit(1)

# ---- the directives ----
packets, tests, load_only = {}, [], False
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
    elif kw == "packet":
        m = re.match(r"([\w-]+)\s*:\s*(.*)$", rest)
        if not m:
            bad(line)
        hexs = re.sub(r"\s+", "", m.group(2))
        if not re.fullmatch(r"([0-9a-fA-F]{2})*", hexs):
            bad("packet %s: not hex bytes: %s" % (m.group(1), m.group(2)))
        packets[m.group(1)] = packets.get(m.group(1), "") + hexs
    elif kw == "test":
        if "=>" not in rest:
            bad("no '=>' in: " + line)
        opts, exp = rest.split("=>", 1)
        tests.append({"line": line, "opts": opts.split(), "expect": [exp]})
    elif kw == "and":
        if not tests:
            bad("';; and:' before any ';; test:'")
        tests[-1]["expect"].append(rest)
if not tests and not load_only:
    bad("no ';; test:' line and no ';; load-only'")

# Map value sizes, for negative expected values.
value_size = {}
for m in re.finditer(r"\(defmap\s+([^\s()]+)", text):
    end = text.find("(def", m.end())
    seg = text[m.end(): end if end >= 0 else len(text)]
    v = re.search(r":value-size\s+(\d+)", seg)
    if v:
        value_size[m.group(1).replace("-", "_")] = int(v.group(1))

def parse_val(s, bits):
    s = s.strip()
    if s.startswith('"'):
        if not s.endswith('"'):
            bad("unterminated byte string: " + s)
        hexs = re.sub(r"\s+", "", s[1:-1]).lower()
        if not re.fullmatch(r"([0-9a-f]{2})+", hexs):
            bad("not hex bytes: " + s)
        if len(hexs) <= 16:     # wh-load prints up to 8 bytes as an integer
            return ("int", int.from_bytes(bytes.fromhex(hexs), "little"))
        return ("bytes", hexs)
    try:
        v = int(s, 0)
    except ValueError:
        bad("not a number: " + s)
    if v < 0:
        v %= 1 << bits
    return ("int", v)

def first_prog():
    m = re.search(r"\(defprog\s+([^\s()]+)", text)
    if not m:
        bad("no defprog in the file: give --prog")
    return m.group(1)

# ---- compile ----
obj = os.path.join(tmp, name + ".o")
r = subprocess.run(["whistler", "compile", path, "-o", obj],
                   capture_output=True, text=True)
if r.returncode != 0:
    err = [l for l in r.stderr.splitlines() if l.strip()]
    fail("compile failed: " + (err[0] if err else "exit %d" % r.returncode)
         + "".join("\n  " + l for l in err[1:6]))

def verifier_complaint(stderr):
    """The last verifier log line before wh-load's own error line."""
    lines = [l for l in stderr.splitlines() if l.strip()]
    errl = [l for l in lines if l.startswith("wh-load:")]
    log = [l for l in lines if not l.startswith("wh-load:")
           and not re.match(r"processed \d+ insns", l)
           and not l.startswith("verification time")
           and not l.startswith("stack depth")]
    out = (errl[-1] if errl else "wh-load failed")
    if log:
        out += "\n  verifier: " + log[-1]
    return out

# ---- every program through the verifier ----
r = subprocess.run(["wh-load", "check", "-j", obj], capture_output=True, text=True)
try:
    progs = json.loads(r.stdout)["programs"]
except (ValueError, KeyError):
    fail("wh-load check: " + verifier_complaint(r.stderr))
for p in progs:
    if not p.get("loaded"):
        log = [l for l in p.get("log", "").splitlines() if l.strip()
               and not re.match(r"(processed \d+ insns|verification time|stack depth)", l)]
        fail("verifier rejected %s: %s%s" % (p["name"], p.get("error", "?"),
             ("\n  verifier: " + log[-1]) if log else ""))
if r.returncode != 0:
    fail("wh-load check: " + verifier_complaint(r.stderr))

# ---- the test runs ----
problems = []
for t in tests:
    opts, data, prog, repeat, fill, dlen = t["opts"], None, None, None, "00", None
    i = 0
    def arg():
        global i
        if i + 1 >= len(opts):
            bad("%s needs a value: %s" % (opts[i], t["line"]))
        i += 1
        return opts[i]
    while i < len(opts):
        o = opts[i]
        if o == "--hex":
            data = arg()
        elif o == "--pkt":
            n = arg()
            if n not in packets:
                bad("no packet named " + n)
            data = packets[n]
        elif o == "--data-len":
            dlen = int(arg(), 0)
        elif o == "--fill":
            fill = arg()
        elif o == "--repeat":
            repeat = arg()
        elif o == "--prog":
            prog = arg()
        else:
            bad("unknown option %s in: %s" % (o, t["line"]))
        i += 1
    if dlen is not None:
        data = fill * dlen
    if data is None:
        bad("no packet (--hex, --pkt or --data-len) in: " + t["line"])
    prog = (prog or first_prog()).replace("-", "_")
    checks, dumps = [], []
    for e in ";".join(t["expect"]).split(";"):
        e = e.strip()
        if not e:
            continue
        m = re.fullmatch(r"retval\s+(\S+)", e)
        if m:
            checks.append(("retval", None, None, parse_val(m.group(1), 32), e))
            continue
        m = re.fullmatch(r"([\w-]+)\s+size\s+(\d+)", e)
        if m:
            mp = m.group(1).replace("-", "_")
            checks.append(("size", mp, None, int(m.group(2)), e))
            dumps.append(mp)
            continue
        m = re.fullmatch(r"([\w-]+)\[(.+?)\]\s*(?:=\s*(.+)|(absent))", e)
        if not m:
            bad("cannot read expectation '%s' in: %s" % (e, t["line"]))
        mp = m.group(1).replace("-", "_")
        key = parse_val(m.group(2), 64)
        if m.group(4):
            checks.append(("absent", mp, key, None, e))
        else:
            bits = 8 * value_size.get(mp, 8)
            checks.append(("value", mp, key, parse_val(m.group(3), bits), e))
        dumps.append(mp)
    cmd = ["wh-load", "test", obj, prog, "--hex", data or "", "-j"]
    if repeat:
        cmd += ["--repeat", repeat]
    for d in dict.fromkeys(dumps):
        cmd += ["--dump", d]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        problems.append("%s\n  -> %s" % (t["line"], verifier_complaint(r.stderr)))
        continue
    o = json.loads(r.stdout)
    def norm(x):
        if isinstance(x, int):
            return ("int", x)
        return ("bytes", re.sub(r"\s+", "", x).lower())
    def show(v):
        return str(v[1]) if v[0] == "int" else '"%s"' % " ".join(
            v[1][k:k + 2] for k in range(0, len(v[1]), 2))
    for kind, mp, key, want, e in checks:
        if kind == "retval":
            got = ("int", o["retval"])
            if got != want:
                problems.append("%s\n  -> %s: got %s" % (t["line"], e, show(got)))
            continue
        entries = o["maps"].get(mp)
        if entries is None:
            problems.append("%s\n  -> %s: no map %s in the dump" % (t["line"], e, mp))
            continue
        if kind == "size":
            if len(entries) != want:
                problems.append("%s\n  -> %s: got %d entries" % (t["line"], e, len(entries)))
            continue
        hit = [x for x in entries if norm(x["key"]) == key]
        if kind == "absent":
            if hit:
                problems.append("%s\n  -> %s: present, = %s"
                                % (t["line"], e, show(norm(hit[0].get("value", hit[0].get("values"))))))
            continue
        if not hit:
            problems.append("%s\n  -> %s: no such key" % (t["line"], e))
            continue
        got = norm(hit[0]["value"]) if "value" in hit[0] else ("bytes", str(hit[0].get("values")))
        if got != want:
            problems.append("%s\n  -> %s: got %s (%s)" % (t["line"], e, show(got),
                            hex(got[1]) if got[0] == "int" else "bytes"))
if problems:
    fail("\n".join(problems))
