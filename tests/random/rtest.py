#!/usr/bin/env python3
"""rtest: the differential random tester of the Whistler compiler.

  rtest.py gen SEED [--size S] [--spec]     print program SEED (and its spec)
  rtest.py check SEED... [--size S]         check programs: compile, verify,
                                            run, compare with the oracle
  rtest.py check-file PROG.lisp SPEC        check a program on a spec's packets
  rtest.py run [SEED...] [--count N] [--start K] [--size S] [--jobs J]
               [--findings DIR] [--reduce] [--keep-going] [--oracle-only]
                                            check many seeds, print a table of
                                            outcomes; exit 1 when one failed
                                            (unless --keep-going)
  rtest.py reduce SEED [--size S] [--out DIR]
                                            shrink a failing program, write
                                            DIR/prog.lisp, spec, observed, kind
  rtest.py reduce-file PROG.lisp SPEC --out DIR
                                            the same for a program of yours
  rtest.py validate [--samples DIR] [--programs DIR]
                                            the oracle against expected values
                                            written by hand or by clang (no kernel)

Outcome kinds are listed in check.py. A seed and a size reproduce a
program exactly. Sizes go from 1 (the default: programs of 40 to 60 lines)
to 8 (the largest). WH_BIN picks the build (default bin/); WH_OPT, when
set, stands for wh-opt in the default pipeline.
"""
import argparse
import concurrent.futures
import os
import sys
import time

sys.dont_write_bytecode = True
sys.setrecursionlimit(10000)

import check      # noqa: E402
import gen        # noqa: E402
import oracle     # noqa: E402
import spec       # noqa: E402
import validate   # noqa: E402
from kernel import Kernel   # noqa: E402
from reduce import Reducer  # noqa: E402

PROG = "smith"


def program(seed, size):
    text, packets = gen.generate(seed, size)
    return text, [spec.Run(PROG, repeat, pkt) for repeat, pkt in packets]


def finding_name(seed, size):
    return "seed%d-size%d" % (seed, size)


def write_finding(folder, text, runs, outcome, origin, how, original=None):
    """prog.lisp, spec (the oracle's), observed (one line), kind; and the
    program before reduction as original.lisp."""
    os.makedirs(folder, exist_ok=True)
    expected = oracle.predict(text, runs)
    sp = spec.Spec(PROG, expected, "%s: %s\nfound by: %s" % (origin, outcome.kind, how))
    files = {"prog.lisp": text, "spec": spec.text(sp), "observed": outcome.line() + "\n",
             "kind": outcome.kind + "\n"}
    if original is not None:
        files["original.lisp"] = original
    for name, content in files.items():
        with open(os.path.join(folder, name), "w") as f:
            f.write(content)


def reduce_seed(seed, size, kernel, out=None, log=print):
    text, runs = program(seed, size)
    return reduce_text(text, runs, kernel, out, log, "seed %d" % seed,
                       "random program %d (size %d)" % (seed, size),
                       "tests/random/rtest.py check %d --size %d" % (seed, size))


def reduce_text(text, runs, kernel, out, log, what, origin, how):
    o = check.check(text, runs, kernel=kernel)
    if o.kind == "pass":
        log("%s passes: nothing to reduce" % what)
        return None
    log("%s: %s" % (what, o.line()))
    r = Reducer(text, runs, o.signature(), kernel, log=lambda m: log("  " + m))
    small, small_runs = r.reduce()
    final = r.outcome or o
    if out:
        write_finding(out, small, small_runs, final, origin, how, original=text)
        log("wrote %s" % out)
    return small, final


# ---- commands ----

def cmd_gen(a):
    text, runs = program(a.seed, a.size)
    sys.stdout.write(text)
    if a.spec:
        sys.stdout.write("\n" + spec.text(spec.Spec(PROG, oracle.predict(text, runs))))
    return 0


def cmd_check(a):
    k = Kernel()
    status = 0
    try:
        for seed in a.seeds:
            text, runs = program(seed, a.size)
            o = check.check(text, runs, kernel=k)
            print("%d %s" % (seed, o.line() if o.kind != "pass" else "pass"))
            status |= o.kind != "pass"
    finally:
        k.close()
    return status


def cmd_check_file(a):
    with open(a.prog) as f:
        text = f.read()
    with open(a.spec) as f:
        sp = spec.parse(f.read(), a.spec)
    o = check.check(text, [r.inputs() for r in sp.runs], os.path.basename(a.prog))
    print(o.line() if o.kind != "pass" else "pass")
    if o.kind == "pass" and sp.runs and sp.runs[0].retval is not None:
        diffs = spec.differences(sp.runs, o.expected)
        if diffs:
            print("but the oracle disagrees with the spec: " + "; ".join(diffs))
            return 1
    return o.kind != "pass"


def cmd_run(a):
    seeds = a.seeds or list(range(a.start, a.start + a.count))
    results = {}
    t0 = time.time()

    def one(seed):
        text, runs = program(seed, a.size)
        if a.oracle_only:
            return seed, check.oracle_only(text, runs)
        k = Kernel()
        try:
            return seed, check.check(text, runs, kernel=k)
        finally:
            k.close()

    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for seed, o in pool.map(one, seeds):
            results[seed] = o
            if o.kind != "pass" and not a.quiet:
                print("%d %s" % (seed, o.line()), flush=True)
    elapsed = time.time() - t0
    print_table(results, a.size, elapsed)
    failed = sorted(s for s, o in results.items() if o.kind != "pass")
    if a.findings:
        k = Kernel()
        try:
            for seed in failed:
                folder = os.path.join(a.findings, finding_name(seed, a.size))
                if a.reduce:
                    reduce_seed(seed, a.size, k, folder, log=lambda m: None)
                else:
                    text, runs = program(seed, a.size)
                    write_finding(folder, text, runs, results[seed],
                                  "random program %d (size %d)" % (seed, a.size),
                                  "tests/random/rtest.py check %d --size %d" % (seed, a.size))
        finally:
            k.close()
    return 1 if failed and not a.keep_going else 0


def print_table(results, size, elapsed):
    n = len(results)
    print("\n%d programs of size %d in %.0f s (%.2f s each)"
          % (n, size, elapsed, elapsed / max(n, 1)))
    print("%-14s %6s %7s" % ("outcome", "count", "share"))
    for kind in check.KINDS:
        c = sum(1 for o in results.values() if o.kind == kind)
        if c or kind in ("pass", "mismatch", "verifier", "stack", "compile"):
            print("%-14s %6d %6.1f%%" % (kind, c, 100.0 * c / max(n, 1)))
    notes = {}
    for o in results.values():
        if o.kind == "mismatch":
            notes[o.note] = notes.get(o.note, 0) + 1
    for note, c in sorted(notes.items()):
        print("  mismatch, %s: %d" % (note, c))
    uncompared = sorted(s for s, o in results.items()
                        if o.kind == "pass" and o.note == check.O0_UNCOMPARED)
    if uncompared:
        print("  pass, %s: %d (%s)" % (check.O0_UNCOMPARED, len(uncompared),
                                      " ".join(map(str, uncompared))))
    for kind in check.KINDS[1:]:
        seeds = sorted(s for s, o in results.items() if o.kind == kind)
        if seeds:
            print("%s: %s" % (kind, " ".join(map(str, seeds))))


def cmd_reduce(a):
    k = Kernel()
    try:
        out = a.out or os.path.join("findings", finding_name(a.seed, a.size))
        got = reduce_seed(a.seed, a.size, k, out)
    finally:
        k.close()
    return 0 if got else 1


def cmd_reduce_file(a):
    with open(a.prog) as f:
        text = f.read()
    with open(a.spec) as f:
        sp = spec.parse(f.read(), a.spec)
    k = Kernel()
    try:
        got = reduce_text(text, [r.inputs() for r in sp.runs], k, a.out, print, a.prog,
                          a.prog, "tests/random/rtest.py check-file %s %s" % (a.prog, a.spec))
    finally:
        k.close()
    return 0 if got else 1


def cmd_validate(a):
    ok = validate.run(a.samples, a.programs, verbose=a.verbose)
    return 0 if ok else 1


def main(argv):
    p = argparse.ArgumentParser(prog="rtest.py", description=__doc__.split("\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog=__doc__.split("\n", 2)[2])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("seed", type=int)
    g.add_argument("--size", type=int, default=1)
    g.add_argument("--spec", action="store_true")
    c = sub.add_parser("check")
    c.add_argument("seeds", type=int, nargs="+")
    c.add_argument("--size", type=int, default=1)
    f = sub.add_parser("check-file")
    f.add_argument("prog")
    f.add_argument("spec")
    r = sub.add_parser("run")
    r.add_argument("seeds", type=int, nargs="*")
    r.add_argument("--count", type=int, default=100)
    r.add_argument("--start", type=int, default=0)
    r.add_argument("--size", type=int, default=1)
    r.add_argument("--jobs", "-j", type=int, default=1)
    r.add_argument("--findings", help="write each failure to DIR/seedN-sizeS/")
    r.add_argument("--reduce", action="store_true", help="reduce findings first")
    r.add_argument("--keep-going", action="store_true", help="exit 0 even on failures")
    r.add_argument("--quiet", "-q", action="store_true", help="only the table")
    r.add_argument("--oracle-only", action="store_true",
                   help="no compiler, no kernel: only ask the oracle for a meaning")
    d = sub.add_parser("reduce")
    d.add_argument("seed", type=int)
    d.add_argument("--size", type=int, default=1)
    d.add_argument("--out")
    e = sub.add_parser("reduce-file")
    e.add_argument("prog")
    e.add_argument("spec")
    e.add_argument("--out", required=True)
    v = sub.add_parser("validate")
    v.add_argument("--samples", help="folder of sample programs (prog.lisp + spec each)")
    v.add_argument("--programs", help="folder of tests/programs-style .lisp files")
    v.add_argument("--verbose", "-v", action="store_true")
    a = p.parse_args(argv)
    if a.cmd in ("gen", "check", "run", "reduce") and not 1 <= a.size <= gen.MAX_SIZE:
        p.error("--size must be 1..%d" % gen.MAX_SIZE)
    return {"gen": cmd_gen, "check": cmd_check, "check-file": cmd_check_file, "run": cmd_run,
            "reduce": cmd_reduce, "reduce-file": cmd_reduce_file,
            "validate": cmd_validate}[a.cmd](a)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
