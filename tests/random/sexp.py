"""sexp.py: the random tester's own s-expressions: reading Lisp source text
into Python values and printing them back, flat or indented.

Symbols are Sym (a str, lower-cased as the reader does), Lisp strings are
Str, integers are int (Hex when written #x..., so that a printed program
keeps its spelling), lists are Python lists. Reader macros come back as
lists: 'x is [quote, x], `x [quasiquote, x], ,x [unquote, x], ,@x
[unquote-splicing, x], #'f [function, f]. Shares no code with wh-read.
"""


class Sym(str):
    """A symbol; equal to the str of its name."""
    __slots__ = ()

    def __repr__(self):
        return "Sym(%s)" % str.__repr__(self)


class Str(str):
    """A Lisp string literal."""
    __slots__ = ()


class Hex(int):
    """A non-negative integer printed in hexadecimal (#x...)."""
    __slots__ = ()


class SexpError(Exception):
    pass


QUOTES = {"'": "quote", "`": "quasiquote", ",": "unquote", ",@": "unquote-splicing"}
DELIMITERS = set("()'`,\";") | set(" \t\r\n")


class Reader:
    def __init__(self, text, name="<input>"):
        self.text, self.name, self.i = text, name, 0

    def error(self, msg):
        line = self.text.count("\n", 0, self.i) + 1
        col = self.i - (self.text.rfind("\n", 0, self.i) + 1) + 1
        raise SexpError("%s:%d:%d: %s" % (self.name, line, col, msg))

    def skip(self):
        t = self.text
        while self.i < len(t):
            c = t[self.i]
            if c in " \t\r\n":
                self.i += 1
            elif c == ";":
                while self.i < len(t) and t[self.i] != "\n":
                    self.i += 1
            elif t.startswith("#|", self.i):
                end = t.find("|#", self.i + 2)
                if end < 0:
                    self.error("unterminated #| comment")
                self.i = end + 2
            else:
                return

    def at_end(self):
        self.skip()
        return self.i >= len(self.text)

    def token(self):
        start = self.i
        while self.i < len(self.text) and self.text[self.i] not in DELIMITERS:
            self.i += 1
        return self.text[start:self.i]

    def read(self):
        self.skip()
        t = self.text
        if self.i >= len(t):
            self.error("unexpected end of input")
        c = t[self.i]
        if c == "(":
            self.i += 1
            items = []
            while True:
                self.skip()
                if self.i >= len(t):
                    self.error("unterminated list")
                if t[self.i] == ")":
                    self.i += 1
                    return items
                items.append(self.read())
        if c == ")":
            self.error("unexpected ')'")
        if c in "'`,":
            q = ",@" if t.startswith(",@", self.i) else c
            self.i += len(q)
            return [Sym(QUOTES[q]), self.read()]
        if c == '"':
            return self.string()
        if c == "#":
            return self.dispatch()
        return self.atom(self.token())

    def string(self):
        self.i += 1
        out = []
        while self.i < len(self.text):
            c = self.text[self.i]
            self.i += 1
            if c == '"':
                return Str("".join(out))
            if c == "\\":
                if self.i >= len(self.text):
                    break
                c = self.text[self.i]
                self.i += 1
            out.append(c)
        self.error("unterminated string")

    def dispatch(self):
        t = self.text
        nxt = t[self.i + 1: self.i + 2].lower()
        if nxt == "'":
            self.i += 2
            return [Sym("function"), self.read()]
        if nxt == ":":
            self.i += 2
            return Sym("#:" + self.token().lower())
        bases = {"x": 16, "b": 2, "o": 8}
        if nxt in bases:
            self.i += 2
            tok = self.token()
            try:
                v = int(tok, bases[nxt])
            except ValueError:
                self.error("bad #%s number %r" % (nxt, tok))
            return Hex(v) if nxt == "x" and v >= 0 else v
        self.error("unsupported # syntax")

    def atom(self, tok):
        if not tok:
            self.error("unexpected character %r" % self.text[self.i])
        body = tok[1:] if tok[0] in "+-" else tok
        if body.isdigit():
            return int(tok, 10)
        return Sym(tok.lower())


def read_all(text, name="<input>"):
    """Every top-level form of `text`."""
    r = Reader(text, name)
    forms = []
    while not r.at_end():
        forms.append(r.read())
    return forms


def is_sym(x, name=None):
    return isinstance(x, Sym) and (name is None or x == name)


def head(x):
    """The symbol at the head of list x, or None."""
    return x[0] if isinstance(x, list) and x and isinstance(x[0], Sym) else None


# ---- printing ----

PREFIXES = {v: k for k, v in QUOTES.items()}
PREFIXES["function"] = "#'"


def atom_text(x):
    if isinstance(x, bool):
        raise TypeError("a bool is not a Lisp value")
    if isinstance(x, Hex):
        return "#x%X" % int(x)
    if isinstance(x, int):
        return str(int(x))
    if isinstance(x, Str):
        return '"%s"' % x.replace("\\", "\\\\").replace('"', '\\"')
    if isinstance(x, Sym):
        return str(x)
    raise TypeError("not a Lisp value: %r" % (x,))


def flat(x):
    """x printed on one line."""
    if isinstance(x, list):
        if len(x) == 2 and head(x) in PREFIXES:
            return PREFIXES[x[0]] + flat(x[1])
        return "(" + " ".join(flat(e) for e in x) + ")"
    return atom_text(x)


# Forms whose first N arguments stay on the head's line; the rest is body,
# indented by two.
BODY_AFTER = {"defprog": 2, "defmacro": 2, "defstruct": 1, "let": 1, "let*": 1,
              "when": 1, "unless": 1, "dotimes": 1, "when-let": 1, "if-let": 1,
              "with-packet": 1, "progn": 0, "cond": 0, "case": 1, "quasiquote": 0}


def pretty(x, indent=0, width=90):
    """x printed with line breaks where it does not fit in `width`."""
    s = flat(x)
    if not isinstance(x, list) or len(s) + indent <= width:
        return s
    if len(x) == 1:
        return "(" + pretty(x[0], indent + 1, width) + ")"
    if len(x) == 2 and head(x) in PREFIXES:
        p = PREFIXES[x[0]]
        return p + pretty(x[1], indent + len(p), width)
    h = head(x)
    if h in BODY_AFTER:
        n = BODY_AFTER[h]
        first = "(" + " ".join(flat(e) for e in x[:1 + n])
        if len(first) + indent > width and n:
            first = "(" + flat(x[0]) + " " + pretty(x[1], indent + len(flat(x[0])) + 2, width)
            first += "".join(" " + flat(e) for e in x[2:1 + n])
        rest = x[1 + n:]
        pad = " " * (indent + 2)
        return first + "".join("\n" + pad + pretty(e, indent + 2, width) for e in rest) + ")"
    if h is not None:
        # (op arg1
        #     arg2 ...): arguments aligned under the first
        lead = "(" + flat(x[0]) + " "
        col = indent + len(lead)
        parts = [pretty(e, col, width) for e in x[1:]]
        return lead + ("\n" + " " * col).join(parts) + ")"
    col = indent + 1
    return "(" + ("\n" + " " * col).join(pretty(e, col, width) for e in x) + ")"


def program_text(forms, comment=None):
    """A whole source file: one top-level form after another."""
    out = []
    if comment:
        out.extend(";;; " + line for line in comment.splitlines())
        out.append("")
    for f in forms:
        out.append(pretty(f))
    return "\n".join(out) + "\n"
