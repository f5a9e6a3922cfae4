"""program.py: a Whistler source file's top-level declarations as the
oracle needs them (defconstant, defstruct with its accessors, defmacro,
defmap, defprog), and macro expansion: a small compile-time evaluator for
macro bodies (backquote, the parameters, list building and integer
arithmetic), which is all the programs the tester reads use.
"""
from lang import WIDTHS, XDP_ACTIONS, struct_layout
from memory import OracleError
from sexp import Sym, Str, head, is_sym


class Struct:
    def __init__(self, name, fields, size, align):
        self.name, self.fields, self.size, self.align = name, fields, size, align


class Program:
    """Declarations of one file, in the order written."""

    def __init__(self, forms):
        self.constants = dict(XDP_ACTIONS, bpf_any=0, bpf_noexist=1, bpf_exist=2)
        self.structs = {}
        self.accessors = {}     # symbol -> (kind, struct, field): make, field, ptr
        self.macros = {}        # name -> (lambda list, body forms)
        self.maps = {}          # name -> (type, key_size, value_size, max_entries)
        self.progs = {}         # name -> body forms
        for f in forms:
            self.declare(f)

    def declare(self, f):
        h = head(f)
        table = {"in-package": lambda f: None, "defconstant": self.defconstant,
                 "defstruct": self.defstruct, "defmacro": self.defmacro,
                 "defmap": self.defmap, "defprog": self.defprog}
        if h not in table:
            raise OracleError("unsupported top-level form %s" % (h or f))
        table[h](f)

    def defconstant(self, f):
        if len(f) != 3 or not isinstance(f[1], Sym):
            raise OracleError("bad defconstant")
        v = ct_eval(f[2], {}, self)
        if not isinstance(v, int):
            raise OracleError("defconstant %s: not an integer" % f[1])
        self.constants[f[1]] = v

    def defstruct(self, f):
        name, fields = f[1], []
        for fd in f[2:]:
            if not (isinstance(fd, list) and len(fd) == 2 and isinstance(fd[0], Sym)):
                raise OracleError("defstruct %s: bad field %r" % (name, fd))
            t = fd[1]
            if isinstance(t, list) and head(t) == "array" and len(t) == 3:
                typ, count = t[1], ct_eval(t[2], {}, self)
            else:
                typ, count = t, None
            if typ not in WIDTHS:
                raise OracleError("defstruct %s: field type %s" % (name, typ))
            fields.append((fd[0], typ, count))
        layout, size, align = struct_layout(fields, None)
        s = Struct(name, layout, size, align)
        self.structs[name] = s
        self.accessors[Sym("make-" + name)] = ("make", s, None)
        for fname in layout:
            self.accessors[Sym("%s-%s" % (name, fname))] = ("field", s, fname)
            self.accessors[Sym("%s-%s-ptr" % (name, fname))] = ("ptr", s, fname)

    def defmacro(self, f):
        if len(f) < 3 or not isinstance(f[2], list):
            raise OracleError("bad defmacro")
        self.macros[f[1]] = (f[2], f[3:])

    def defmap(self, f):
        opts = keywords(f[2:], self)
        mtype = opts.get(":type")
        if mtype not in (":array", ":hash"):
            raise OracleError("map %s: type %s is not modelled" % (f[1], mtype))
        if opts.get(":map-flags", 0):
            raise OracleError("map %s: flags are not modelled" % f[1])
        self.maps[f[1]] = (mtype[1:], opts[":key-size"], opts[":value-size"],
                           opts[":max-entries"])

    def defprog(self, f):
        opts = keywords(f[2], self)
        if opts.get(":type", ":xdp") != ":xdp":
            raise OracleError("only XDP programs are modelled")
        self.progs[f[1]] = f[3:]

    # ---- macro expansion ----

    def expand(self, form):
        """form expanded once when its head is a user macro, else None."""
        h = head(form)
        if h not in self.macros:
            return None
        params, body = self.macros[h]
        env = bind_lambda_list(params, form[1:], h)
        v = None
        for b in body:
            v = ct_eval(b, env, self)
        return v


def keywords(items, prog):
    """A plist (:key value ...) with compile-time values."""
    if len(items) % 2:
        raise OracleError("odd keyword list")
    out = {}
    for k, v in zip(items[::2], items[1::2]):
        out[str(k)] = str(v) if isinstance(v, Sym) and v.startswith(":") else \
            (v if isinstance(v, Str) else ct_eval(v, {}, prog))
    return out


def bind_lambda_list(params, args, name, env=None):
    """Destructure a macro call's arguments: required (nested lists
    destructure), &optional, &rest/&body."""
    env, mode, i = ({} if env is None else env), "req", 0
    if not isinstance(args, list):
        raise OracleError("macro %s: %r does not match %r" % (name, args, params))
    for p in params:
        if p in ("&optional", "&rest", "&body"):
            mode = str(p)
            continue
        if mode == "req":
            if i >= len(args):
                raise OracleError("macro %s: too few arguments" % name)
            if isinstance(p, list):
                bind_lambda_list(p, args[i], name, env)
            else:
                env[p] = args[i]
            i += 1
        elif mode == "&optional":
            pname, default = (p[0], p[1]) if isinstance(p, list) else (p, [])
            env[pname] = args[i] if i < len(args) else default
            i += 1
        else:
            env[p] = list(args[i:])
            i = len(args)
    if i < len(args):
        raise OracleError("macro %s: too many arguments" % name)
    return env


CT_FUNCS = {
    "+": lambda *a: sum(a),
    "-": lambda a, *b: a - sum(b) if b else -a,
    "*": lambda *a: _product(a),
    "logand": lambda *a: _fold(lambda x, y: x & y, a, -1),
    "logior": lambda *a: _fold(lambda x, y: x | y, a, 0),
    "logxor": lambda *a: _fold(lambda x, y: x ^ y, a, 0),
    "ash": lambda a, n: a << n if n >= 0 else a >> -n,
    "list": lambda *a: list(a),
    "cons": lambda a, b: [a] + list(b),
    "append": lambda *a: [x for l in a for x in l],
    "car": lambda l: l[0] if l else [],
    "cdr": lambda l: list(l[1:]),
}


def _fold(f, args, unit):
    v = unit
    for a in args:
        v = f(v, a)
    return v


def _product(args):
    return _fold(lambda x, y: x * y, args, 1)


def ct_eval(x, env, prog):
    """Evaluate x with the compile-time Lisp (as much of it as macros here use)."""
    if isinstance(x, Str) or isinstance(x, int):
        return x
    if isinstance(x, Sym):
        if x in env:
            return env[x]
        if x in prog.constants:
            return prog.constants[x]
        if x in ("nil",):
            return []
        if x == "t" or x.startswith(":"):
            return x
        raise OracleError("compile time: unbound %s" % x)
    h = head(x)
    if h == "quote":
        return x[1]
    if h == "quasiquote":
        return backquote(x[1], env, prog)
    if h == "if":
        c = ct_eval(x[1], env, prog)
        taken = c not in ([], 0) if isinstance(c, (int, list)) else True
        if taken:
            return ct_eval(x[2], env, prog)
        return ct_eval(x[3], env, prog) if len(x) > 3 else []
    if h == "progn":
        v = []
        for e in x[1:]:
            v = ct_eval(e, env, prog)
        return v
    if h in CT_FUNCS:
        args = [ct_eval(a, env, prog) for a in x[1:]]
        v = CT_FUNCS[h](*args)
        if isinstance(v, int) and not -(1 << 63) <= v < (1 << 64):
            raise OracleError("compile time: %s overflows 64 bits" % h)
        return v
    raise OracleError("compile time: unsupported form %s" % (h or x))


def backquote(x, env, prog):
    if not isinstance(x, list):
        return x
    h = head(x)
    if h == "unquote":
        return ct_eval(x[1], env, prog)
    if h == "quasiquote":
        raise OracleError("nested backquote")
    out = []
    for e in x:
        if head(e) == "unquote-splicing":
            v = ct_eval(e[1], env, prog)
            if not isinstance(v, list):
                raise OracleError(",@ of a non-list")
            out.extend(v)
        else:
            out.append(backquote(e, env, prog))
    return out


def is_type(x):
    return is_sym(x) and x in WIDTHS
