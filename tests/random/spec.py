"""spec.py: the spec format of the random programs (the one of
/work/shared/repro/random-programs, extended by one optional line):

    # comment
    prog NAME                      the program under test
    run NAME REPEAT RETVAL HEX     run NAME REPEAT times (BPF_PROG_TEST_RUN
                                   --repeat) on packet HEX; RETVAL is the
                                   last run's return value (decimal, u32)
    map MAP KEY VALUE              after that run MAP holds VALUE at KEY
                                   (hex bytes in memory order)
    out HEX                        after that run the packet is HEX

Maps start empty and keep their contents across the runs of one spec. The
map lines after a run list every entry of every map: a map without a line
is empty. A run without an `out` line does not check the packet.
"""


class Run:
    def __init__(self, prog, repeat, packet, retval=None, maps=None, out=None):
        self.prog, self.repeat, self.packet = prog, repeat, packet
        self.retval = retval            # int, or None when not known yet
        self.maps = maps if maps is not None else {}   # map -> {key hex: value hex}
        self.out = out                  # packet hex after the run, or None

    def inputs(self):
        return Run(self.prog, self.repeat, self.packet)


class Spec:
    def __init__(self, prog=None, runs=None, comment=None):
        self.prog, self.runs, self.comment = prog, runs or [], comment


class SpecError(Exception):
    pass


def parse(text, name="<spec>"):
    spec = Spec()
    for n, line in enumerate(text.splitlines(), 1):
        w = line.split()
        if not w or w[0].startswith("#"):
            continue
        where = "%s:%d" % (name, n)
        if w[0] == "prog" and len(w) == 2:
            spec.prog = w[1]
        elif w[0] == "run" and len(w) == 5:
            try:
                spec.runs.append(Run(w[1], int(w[2]), bytes.fromhex(w[4]), int(w[3])))
            except ValueError:
                raise SpecError("%s: bad run line" % where)
        elif w[0] in ("map", "out") and not spec.runs:
            raise SpecError("%s: %s before any run line" % (where, w[0]))
        elif w[0] == "map" and len(w) == 4:
            spec.runs[-1].maps.setdefault(w[1], {})[w[2].lower()] = w[3].lower()
        elif w[0] == "out" and len(w) == 2:
            spec.runs[-1].out = w[1].lower()
        else:
            raise SpecError("%s: cannot read %r" % (where, line))
    if spec.prog is None:
        spec.prog = spec.runs[0].prog if spec.runs else None
    return spec


def text(spec):
    out = []
    if spec.comment:
        out.extend("# " + c for c in spec.comment.splitlines())
    out.append("prog %s" % spec.prog)
    for r in spec.runs:
        out.append("run %s %d %d %s" % (r.prog, r.repeat, r.retval, r.packet.hex()))
        for m in sorted(r.maps):
            for k in sorted(r.maps[m]):
                out.append("map %s %s %s" % (m, k, r.maps[m][k]))
        if r.out is not None:
            out.append("out %s" % r.out)
    return "\n".join(out) + "\n"


def differences(want, got, limit=8):
    """Where run results `got` differ from `want` (lists of Run), as short
    lines: 'run 2: retval want 3 got 2', 'run 1: results[01000000] want ..'."""
    diffs = []
    for i, (w, g) in enumerate(zip(want, got), 1):
        if w.retval != g.retval:
            diffs.append("run %d: retval want %d got %d" % (i, w.retval, g.retval))
        for m in sorted(set(w.maps) | set(g.maps)):
            wm, gm = w.maps.get(m, {}), g.maps.get(m, {})
            for k in sorted(set(wm) | set(gm)):
                if wm.get(k) != gm.get(k):
                    diffs.append("run %d: %s[%s] want %s got %s"
                                 % (i, m, k, wm.get(k, "absent"), gm.get(k, "absent")))
        if w.out is not None and g.out is not None and w.out != g.out:
            diffs.append("run %d: packet want %s got %s" % (i, w.out, g.out))
    if len(want) != len(got):
        diffs.append("%d runs expected, %d done" % (len(want), len(got)))
    return diffs[:limit] + (["..."] if len(diffs) > limit else [])
