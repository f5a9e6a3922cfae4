#!/usr/bin/env python3
# check-program.py FILE TMP: compile FILE (a tests/programs program), check
# every program in it with the verifier and run each `;; test:` line with
# BPF_PROG_TEST_RUN, comparing return values and map contents with what
# the file says (the directive format is described at the top of
# tests/programs.bats). Exit 0 when all match, 1 on a mismatch (what went
# wrong on stdout), 3 when the file's directives are malformed.
import json, os, re, subprocess, sys

sys.dont_write_bytecode = True
import directives       # tests/lib/directives.py: the directives, read once

path, tmp = sys.argv[1], sys.argv[2]
text = open(path).read()
name = os.path.basename(path)[:-len(".lisp")]

def fail(msg):
    print(msg)
    sys.exit(1)

try:
    d = directives.parse(text)
except directives.DirectiveError as e:
    print("%s: malformed directive: %s" % (path, e))
    sys.exit(3)

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
for t in d.tests:
    cmd = ["wh-load", "test", obj, t.prog, "--hex", t.packet, "-j"]
    if t.repeat:
        cmd += ["--repeat", str(t.repeat)]
    for m in t.dumps():
        cmd += ["--dump", m]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        problems.append("%s\n  -> %s" % (t.line, verifier_complaint(r.stderr)))
        continue
    problems += ["%s\n  -> %s" % (t.line, p)
                 for p in directives.problems(t, json.loads(r.stdout))]
if problems:
    fail("\n".join(problems))
