"""check.py: one program through the compiler and the kernel, compared with
the oracle.

The default pipeline's object goes through the verifier and runs on every
packet (maps keep their contents from run to run); its return values, map
contents and packets must equal the oracle's. The -O0 pipeline
(WH_OPT='wh-opt -O0') does the same and must agree with the default one.
The outcome is the first failure in this order:

    oracle        the oracle refuses the program (a tester bug)
    crash         a phase died (signal, internal error)
    timeout       a phase did not finish
    compile       a compile error
    stack         a compile error: the 512-byte stack is exceeded
    verifier      the verifier refused the object
    verifier-limit  the verifier gave up (too many instructions to walk):
                  the program may be too complex for any compiler's code
    load          loading, pinning or test-running failed otherwise
    mismatch      the default pipeline computed something else than the oracle
    opt-mismatch  -O0 and the default pipeline computed different things
    O0-KIND       the -O0 pipeline failed with KIND where the default did not
    pass          (with a note when the -O0 code was too complex for the
                  verifier, so that only the default build was compared:
                  the budget binds unoptimized code, it is no wrong value)
"""
import os
import re

import oracle
import spec
from kernel import Kernel, verifier_message
from memory import OracleError

KINDS = ("pass", "oracle", "crash", "timeout", "compile", "stack", "verifier",
         "verifier-limit", "load", "mismatch", "opt-mismatch", "O0-crash", "O0-timeout",
         "O0-compile", "O0-stack", "O0-verifier", "O0-verifier-limit", "O0-load")
STACK_ERROR = re.compile(r"stack frame needs|stack objects need|BPF stack holds|"
                         r"does not fit the 512-byte stack")
O0_UNCOMPARED = "-O0 not compared: too complex for the verifier"
VERIFIER_LIMIT = re.compile(r"program is too large|too complex|sequence of \d+ jumps")


class Outcome:
    def __init__(self, kind, detail="", expected=None, observed=None, note=""):
        self.kind, self.detail, self.note = kind, detail, note
        self.expected, self.observed = expected, observed

    def line(self):
        return "%s: %s%s" % (self.kind.upper(), self.detail,
                             " (%s)" % self.note if self.note else "")

    def signature(self):
        """What must stay the same while a reducer shrinks the program: the
        kind, what -O0 did (so that a program the default pipeline fails
        on stays one that -O0 gets right), and for compile, verifier and
        crash failures the message without its numbers."""
        msg = ""
        if self.kind in ("compile", "stack", "verifier", "verifier-limit", "crash",
                         "O0-compile", "O0-stack", "O0-verifier", "O0-verifier-limit",
                         "O0-crash"):
            msg = re.sub(r"\d+", "N", re.sub(r"^\S+:\d+:\d+: ", "", self.detail))
        return self.kind, msg, self.note


def build_and_run(k, src, runs, maps, O0=False):
    """Compile, verify, pin and test-run. Returns (kind or None, detail, runs)."""
    tag = "O0-" if O0 else ""
    obj = k.path("prog%s.o" % (".O0" if O0 else ""))
    st = k.compile(src, obj, O0)
    if st.timed_out:
        return tag + "timeout", "compile did not finish", None
    if st.crashed:
        return tag + "crash", st.first_error(), None
    if st.status != 0:
        err = st.first_error().replace(k.tmp + os.sep, "")
        return tag + ("stack" if STACK_ERROR.search(st.stderr) else "compile"), err, None
    st, progs = k.check(obj)
    if st.timed_out:
        return tag + "timeout", "wh-load check did not finish", None
    if progs is not None and not all(p.get("loaded") for p in progs):
        msg = verifier_message(progs, st.stderr)
        return tag + ("verifier-limit" if VERIFIER_LIMIT.search(msg) else "verifier"), msg, None
    if st.status != 0:
        return tag + "load", st.first_error(), None
    st, d = k.pin(obj)
    try:
        if st.status != 0:
            return tag + "load", "wh-load pin: " + st.first_error(), None
        out = []
        for r in runs:
            prog_pin = os.path.join(d, r.prog.replace("-", "_"))
            st, retval, pkt = k.test_run(prog_pin, r.packet, r.repeat)
            if retval is None:
                return tag + "load", "bpftool prog run: " + st.first_error(), None
            got = spec.Run(r.prog, r.repeat, r.packet, retval, {}, pkt.hex())
            for name, (_, key_size, value_size, _) in maps.items():
                cname = name.replace("-", "_")
                st, entries = k.dump(os.path.join(d, cname), key_size, value_size)
                if entries is None:
                    return tag + "load", "wh-load map dump: " + st.first_error(), None
                got.maps[cname] = entries
            out.append(got)
        return None, "", out
    finally:
        k.unpin(d)


def oracle_only(text, runs, name="prog.lisp"):
    """Outcome without compiler or kernel: does the oracle give the program
    a meaning (pass) or refuse it (oracle)?"""
    try:
        return Outcome("pass", "", oracle.predict(text, runs, name))
    except OracleError as e:
        return Outcome("oracle", str(e))


def check(text, runs, name="prog.lisp", kernel=None):
    """Outcome of one program (source text) on runs (spec.Run inputs)."""
    try:
        expected = oracle.predict(text, runs, name)
        maps = oracle.load_program(text, name).maps
    except OracleError as e:
        return Outcome("oracle", str(e))
    k = kernel or Kernel()
    try:
        src = k.path(name)
        with open(src, "w") as f:
            f.write(text)
        kind, detail, got = build_and_run(k, src, runs, maps)
        kind0, detail0, got0 = build_and_run(k, src, runs, maps, O0=True)
    finally:
        if kernel is None:
            k.close()
    agrees0 = got0 is not None and not spec.differences(expected, got0)
    if kind:
        note = "-O0: %s" % ("passes" if agrees0 else kind0 or "mismatch")
        return Outcome(kind, detail, expected, got, note)
    diffs = spec.differences(expected, got)
    if diffs:
        note = "-O0 agrees with the oracle" if agrees0 else \
            "-O0: %s" % (kind0 or "mismatch too")
        return Outcome("mismatch", "; ".join(diffs[:3]), expected, got, note)
    if kind0 == "O0-verifier-limit":
        return Outcome("pass", "", expected, got, O0_UNCOMPARED)
    if kind0:
        return Outcome(kind0, detail0, expected, got)
    diffs0 = spec.differences(got, got0)
    if diffs0:
        return Outcome("opt-mismatch", "-O0 " + "; ".join(diffs0[:3]), expected, got)
    return Outcome("pass", "", expected, got)
