"""reduce.py: shrink a failing program while it keeps failing the same way.

Delta debugging over s-expressions: drop runs, drop top-level
declarations, drop chunks of body forms, bindings, clauses and operands
(halves first, then smaller), replace a form by one of its subforms or by
0 or 1, and make integer literals small, until a whole pass changes
nothing. A candidate counts only when the oracle still gives it a meaning
and check.check finds the same failure (check.Outcome.signature).
"""
import copy

import check
import oracle
from sexp import head, program_text, read_all

# Forms whose elements from this index on are a sequence one may shorten
# (the minimum length of the whole list after it).
SEQUENCES = {"progn": (1, 1), "when": (2, 2), "unless": (2, 2), "dotimes": (2, 2),
             "with-packet": (2, 2), "when-let": (2, 2), "let": (2, 2), "let*": (2, 2),
             "cond": (1, 1), "case": (2, 2), "defprog": (3, 4), "defstruct": (2, 3),
             "+": (1, 2), "*": (1, 2), "logand": (1, 2), "logior": (1, 2),
             "logxor": (1, 2), "and": (1, 2), "or": (1, 2)}


class Reducer:
    def __init__(self, text, runs, target, kernel, log=None):
        self.forms = read_all(text)
        self.runs = list(runs)
        self.target = target              # Outcome.signature() to keep
        self.kernel = kernel
        self.log = log or (lambda msg: None)
        self.tries = 0
        self.outcome = None

    # ---- the test ----

    def text(self, forms):
        return program_text(forms, "reduced program")

    def interesting(self, forms, runs):
        self.tries += 1
        text = self.text(forms)
        try:
            oracle.predict(text, runs)
        except Exception:       # OracleError, or a candidate too broken to read
            return False
        o = check.check(text, runs, kernel=self.kernel)
        if o.signature() == self.target:
            self.outcome = o
            return True
        return False

    def accept(self, forms, runs=None):
        runs = self.runs if runs is None else runs
        if self.interesting(forms, runs):
            self.forms, self.runs = forms, runs
            return True
        return False

    # ---- the passes ----

    def reduce(self, rounds=20):
        for _ in range(rounds):
            before = (self.size(), len(self.runs))
            self.drop_runs()
            self.drop_toplevel()
            self.shorten_sequences()
            self.replace_forms()
            self.small_literals()
            self.log("%d forms, %d runs, %d tries" % (self.size(), len(self.runs), self.tries))
            if (self.size(), len(self.runs)) == before:
                break
        return self.text(self.forms), self.runs

    def size(self):
        return count_nodes(self.forms)

    def drop_runs(self):
        i = 0
        while len(self.runs) > 1 and i < len(self.runs):
            if not self.accept(self.forms, self.runs[:i] + self.runs[i + 1:]):
                i += 1

    def drop_toplevel(self):
        i = 0
        while i < len(self.forms):
            if head(self.forms[i]) in ("defconstant", "defstruct", "defmacro", "defmap") and \
                    self.accept(self.forms[:i] + self.forms[i + 1:]):
                continue
            i += 1

    def shorten_sequences(self):
        """ddmin over every shortenable sequence, outermost first."""
        for path in list(self.paths()):
            node = get(self.forms, path)
            if node is None or not isinstance(node, list):
                continue
            seq = sequence_of(node)
            if seq is None:
                continue
            start, least = seq
            if head(node) == "let" or head(node) == "let*":
                self.chunks(path + (1,), 0, 0)       # the bindings
            self.chunks(path, start, least)

    def chunks(self, path, start, least):
        node = get(self.forms, path)
        if not isinstance(node, list):
            return
        n = len(node) - start
        size = max(1, n // 2)
        while size >= 1:
            i = start
            while True:
                node = get(self.forms, path)
                if not isinstance(node, list) or i >= len(node):
                    break
                cand = node[:i] + node[i + size:]
                if len(cand) >= least and cand != node and \
                        self.accept(put(self.forms, path, cand)):
                    continue
                i += size
            size //= 2

    def replace_forms(self):
        """A form by 0, by 1, or by one of its subforms."""
        for path in list(self.paths()):
            node = get(self.forms, path)
            if not isinstance(node, list) or not node or head(node) is None or \
                    head(node) in ("defprog", "defmap", "defstruct", "defmacro",
                                   "defconstant", "in-package", "quasiquote"):
                continue
            for cand in [0, 1] + [x for x in node[1:] if isinstance(x, list) and head(x)]:
                if self.accept(put(self.forms, path, cand)):
                    break

    def small_literals(self):
        for path in list(self.paths()):
            node = get(self.forms, path)
            if not isinstance(node, int) or node in (0, 1) or path[-1] == 0:
                continue
            for cand in (0, 1, type(node)(node >> 4) if node > 0 else -1):
                if cand != node and self.accept(put(self.forms, path, cand)):
                    break

    def paths(self):
        """Every node's path, outermost first (breadth first), but not into
        the parts of declarations that are no forms."""
        queue = [(i,) for i in range(len(self.forms))]
        while queue:
            p = queue.pop(0)
            yield p
            node = get(self.forms, p)
            if isinstance(node, list):
                first = DESCEND.get(head(node), 0) if len(p) == 1 else 0
                if first is not None:
                    queue.extend(p + (i,) for i in range(first, len(node)))


# Top-level forms: the first element that holds forms (None: none).
DESCEND = {"defprog": 3, "defmacro": 3, "defstruct": None, "defmap": None,
           "defconstant": None, "in-package": None}

def sequence_of(node):
    h = head(node)
    return SEQUENCES.get(h)


def get(forms, path):
    x = forms
    for i in path:
        if not isinstance(x, list) or i >= len(x):
            return None
        x = x[i]
    return x


def put(forms, path, value):
    """A copy of forms with the node at path replaced."""
    new = copy.deepcopy(forms)
    x = new
    for i in path[:-1]:
        x = x[i]
    x[path[-1]] = value
    return new


def count_nodes(x):
    return 1 + sum(count_nodes(e) for e in x) if isinstance(x, list) else 1
