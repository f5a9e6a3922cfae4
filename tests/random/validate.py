"""validate.py: the oracle against expected values it did not produce: the
sample programs of the random-program issue (their specs come from C twins
built with clang) and the ';; test:' expectations of tests/programs (worked
out by hand from the manual). No kernel is needed. Programs using forms the
oracle does not model are counted as not modelled, never as agreeing.
"""
import glob
import os
import sys

import oracle
import spec
from memory import OracleError
from sexp import SexpError

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "lib"))
import directives  # noqa: E402  (tests/lib/directives.py)


def samples(folder):
    """(agree, disagree lines, not modelled lines) over folder/*/prog.lisp."""
    agree, bad, skipped = 0, [], []
    for d in sorted(glob.glob(os.path.join(folder, "*", "prog.lisp"))):
        d = os.path.dirname(d)
        name = os.path.basename(d)
        with open(os.path.join(d, "prog.lisp")) as f:
            text = f.read()
        with open(os.path.join(d, "spec")) as f:
            want = spec.parse(f.read(), os.path.join(d, "spec")).runs
        try:
            got = oracle.predict(text, [r.inputs() for r in want], name + "/prog.lisp")
        except (OracleError, SexpError) as e:
            skipped.append("%s: %s" % (name, e))
            continue
        for w, g in zip(want, got):
            if w.out is None:
                g.out = None
        diffs = spec.differences(want, got)
        if diffs:
            bad.append("%s: %s" % (name, "; ".join(diffs)))
        else:
            agree += 1
    return agree, bad, skipped


def programs(folder):
    """The same over folder/*.lisp with ';; test:' lines; each test line
    starts with empty maps, as tests/programs.bats runs them."""
    agree, bad, skipped = 0, [], []
    for path in sorted(glob.glob(os.path.join(folder, "*.lisp"))):
        name = os.path.basename(path)
        with open(path) as f:
            text = f.read()
        try:
            d = directives.parse(text)
        except directives.DirectiveError as e:
            skipped.append("%s: %s" % (name, e))
            continue
        if not d.tests:
            continue
        problems = []
        try:
            prog = oracle.load_program(text, name)
            for t in d.tests:
                m = oracle.Machine(prog)
                pname = next((p for p in prog.progs if p.replace("-", "_") == t.prog), t.prog)
                retval, _ = m.run(pname, bytes.fromhex(t.packet), t.repeat or 1)
                out = {"retval": retval,
                       "maps": {k.replace("-", "_"): [{"key": as_wh_load(key),
                                                       "value": as_wh_load(val)}
                                                      for key, val in v.items()]
                                for k, v in m.dump().items()}}
                problems += ["%s -> %s" % (t.line, f) for f in directives.problems(t, out)]
        except (OracleError, SexpError) as e:
            skipped.append("%s: %s" % (name, e))
            continue
        if problems:
            bad.append("%s: %s" % (name, "; ".join(problems[:3])))
        else:
            agree += 1
    return agree, bad, skipped


def as_wh_load(hexs):
    """Bytes as `wh-load -j` prints them: an integer up to 8 bytes, else hex."""
    b = bytes.fromhex(hexs)
    return int.from_bytes(b, "little") if len(b) <= 8 else " ".join("%02x" % x for x in b)


def run(samples_dir=None, programs_dir=None, verbose=False):
    here = os.path.dirname(os.path.abspath(__file__))
    samples_dir = samples_dir or os.path.join(os.path.dirname(here), "random-samples")
    programs_dir = programs_dir or os.path.join(os.path.dirname(here), "programs")
    ok = True
    for what, f, folder in (("samples", samples, samples_dir),
                            ("tests/programs", programs, programs_dir)):
        agree, bad, skipped = f(folder)
        print("%s (%s): %d agree, %d disagree, %d not modelled"
              % (what, folder, agree, len(bad), len(skipped)))
        for b in bad:
            print("  DISAGREE " + b)
        if verbose:
            for s in skipped:
                print("  not modelled: " + s)
        ok = ok and not bad
    return ok
