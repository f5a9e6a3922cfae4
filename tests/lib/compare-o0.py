#!/usr/bin/env python3
# compare-o0.py O0 OPT PROGRAM...: compares two `kernel-run --counts`
# reports of the same files, one built with wh-opt -O0 and one optimized.
# Every file that compiles or loads at -O0 must do so optimized, and
# compute the same return values and maps where the -O0 build loads; the
# seeds' programs may not grow, and the tests/programs files named as
# PROGRAM may not grow in total. Prints each difference; exit 1 if any.
import re, sys
def norm(v):
    # map entries in key order: a hash map's dump order is its own
    parts = re.split(r" (?=[A-Za-z_][A-Za-z0-9_]*\[[^]]*\] = )", v)
    return " ".join(parts[:1] + sorted(parts[1:]))
def read(path):
    facts, file = {}, None
    for line in open(path):
        line = line.rstrip()
        if not line.startswith(" "):
            file = line.split(":")[0]
            facts[(file, "compile")] = "error" if "compile error" in line else "ok"
            continue
        w = line.split()
        if w[0] == "prog" and w[2] == "insns":
            facts[(file, w[1], "insns")] = int(w[3])
        elif w[0] == "prog":
            facts[(file, w[1], "loaded")] = w[3]
        elif w[0] == "run":
            facts[(file, w[1], w[2])] = norm(" ".join(w[3:]))
    return facts
o0, opt = read(sys.argv[1]), read(sys.argv[2])
# tests/programs (sys.argv[3:]): no larger in total; the seeds: each one
programs = set(sys.argv[3:])
bad = []
size = [sum(d[k] for k in o0 if k[-1] == "insns" and k[0] in programs and k in opt)
        for d in (o0, opt)]
if size[1] > size[0]:
    bad.append("tests/programs: %d instructions, %d at -O0" % (size[1], size[0]))
for k, v in o0.items():
    if k[-1] == "compile":
        if v == "ok" and opt.get(k) != "ok":
            bad.append("%s compiles at -O0 only" % k[0])
        continue
    if k[-1] == "loaded":
        if v == "yes" and opt.get(k) != "yes":
            bad.append("%s %s loads at -O0 only" % k[:2])
        continue
    if k[-1] == "insns":
        if k in opt and opt[k] > v and not k[0] in programs:
            bad.append("%s %s: %d instructions, %d at -O0" % (k[0], k[1], opt[k], v))
        continue
    if o0.get((k[0], k[1], "loaded")) != "yes":
        continue                # -O0 code the verifier refuses proves nothing
    if opt.get(k) != v:
        bad.append("%s %s on %s: %r at -O0, %r optimized" % (k[0], k[1], k[2], v, opt.get(k)))
print("\n".join(bad))
sys.exit(1 if bad else 0)
