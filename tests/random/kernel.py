"""kernel.py: the compiler and the kernel as the checker drives them:
`whistler compile` (default or -O0 pipeline), `wh-load check` (the
verifier), `wh-load pin`, `bpftool prog run` on the pinned program (so that
the maps keep their contents from one run to the next) and `wh-load map
dump`. Every call has a timeout; results come back as plain values.
"""
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BPFFS = "/sys/fs/bpf"
# numbers of pin folders, unique across the worker threads of one process
PIN_NUMBERS = itertools.count(1)
VERIFY_TIMEOUT = 300            # seconds


class Step:
    """What one command did: exit status (None on a timeout) and stderr."""

    def __init__(self, status, stdout="", stderr=""):
        self.status, self.stdout, self.stderr = status, stdout, stderr

    @property
    def timed_out(self):
        return self.status is None

    @property
    def crashed(self):
        """Killed by a signal, or an abort after 'internal error'."""
        return self.status is not None and (self.status < 0 or self.status >= 128 or
                                            "internal error" in self.stderr)

    def first_error(self):
        lines = [l for l in self.stderr.splitlines() if l.strip()]
        errs = [l for l in lines if "error" in l]
        return (errs or lines or ["exit status %s" % self.status])[0]


def run(cmd, timeout, env=None, stdin=None):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                           stdin=subprocess.DEVNULL if stdin is None else stdin)
    except subprocess.TimeoutExpired as e:
        return Step(None, "", (e.stderr or b"").decode("utf-8", "replace")
                    if isinstance(e.stderr, bytes) else (e.stderr or ""))
    return Step(r.returncode, r.stdout, r.stderr)


class Kernel:
    """The tools of one build (WH_BIN, default bin/) and a scratch folder."""

    def __init__(self, timeout=60):
        self.bin = os.environ.get("WH_BIN", os.path.join(ROOT, "bin"))
        self.whistler = os.path.join(ROOT, "whistler")
        self.wh_load = os.path.join(self.bin, "wh-load")
        self.timeout = timeout
        self.tmp = tempfile.mkdtemp(prefix="wh-rtest.")

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def compile(self, src, obj, O0=False):
        """The default pipeline (WH_OPT of the environment, if set, stands
        for wh-opt), or the -O0 one."""
        env = dict(os.environ)
        env["PATH"] = self.bin + os.pathsep + env.get("PATH", "")
        if O0:
            env["WH_OPT"] = "wh-opt -O0"
        if os.path.exists(obj):
            os.unlink(obj)
        return run([self.whistler, "compile", src, "-o", obj], self.timeout, env)

    def check(self, obj):
        """(Step, the verifier's verdict per program from wh-load -j check).
        The kernel bounds the verifier's walk (a million instructions), which
        takes about a minute on a loaded machine: the time-out is longer, so
        that a program too complex to verify is told from a hang."""
        st = run([self.wh_load, "-j", "check", obj], max(self.timeout, VERIFY_TIMEOUT))
        try:
            progs = json.loads(st.stdout)["programs"]
        except (ValueError, KeyError):
            progs = None
        return st, progs

    def pin(self, obj):
        """Pin OBJ's maps and programs in a fresh bpffs folder: (Step, folder)."""
        if not os.path.ismount(BPFFS):
            subprocess.run(["mount", "-t", "bpf", "bpf", BPFFS], capture_output=True)
        d = os.path.join(BPFFS, "wh-rtest-%d-%d" % (os.getpid(), next(PIN_NUMBERS)))
        return run([self.wh_load, "pin", obj, d], self.timeout), d

    @staticmethod
    def unpin(d):
        shutil.rmtree(d, ignore_errors=True)

    def test_run(self, prog_pin, packet, repeat):
        """BPF_PROG_TEST_RUN on a pinned program: (Step, retval, packet out)."""
        din, dout = self.path("in"), self.path("out")
        with open(din, "wb") as f:
            f.write(packet)
        if os.path.exists(dout):
            os.unlink(dout)
        st = run(["bpftool", "-j", "prog", "run", "pinned", prog_pin, "data_in", din,
                  "data_out", dout, "repeat", str(repeat)], self.timeout)
        if st.status != 0:
            return st, None, None
        try:
            retval = json.loads(st.stdout)["retval"]
            with open(dout, "rb") as f:
                out = f.read()
        except (ValueError, KeyError, OSError):
            return Step(1, st.stdout, "bpftool prog run: unreadable output"), None, None
        return st, retval, out

    def dump(self, map_pin, key_size, value_size):
        """(Step, {key hex: value hex}) of a pinned map."""
        st = run([self.wh_load, "-j", "map", "dump", map_pin], self.timeout)
        if st.status != 0:
            return st, None
        try:
            entries = json.loads(st.stdout)
            return st, {as_hex(e["key"], key_size): as_hex(e["value"], value_size)
                        for e in entries}
        except (ValueError, KeyError, TypeError):
            return Step(1, st.stdout, "wh-load map dump: unreadable output"), None


def as_hex(v, size):
    """wh-load prints up to 8 bytes as an integer, more as hex bytes."""
    if isinstance(v, int):
        return (v % (1 << (8 * size))).to_bytes(size, "little").hex()
    return re.sub(r"\s+", "", v).lower()


def verifier_message(progs, stderr):
    """The verifier's complaint: the last line of its log that is not a
    statistic, else wh-load's error."""
    for p in progs or []:
        if not p.get("loaded"):
            log = [l for l in p.get("log", "").splitlines() if l.strip() and not
                   re.match(r"(processed \d+ insns|verification time|stack depth)", l)]
            return log[-1] if log else p.get("error", "rejected")
    lines = [l for l in stderr.splitlines() if l.strip()]
    return lines[-1] if lines else "wh-load check failed"
