"""Compile the rule shapes into Python functions, and keep the compiled knowledge on disk.

Two parts:

* :func:`genereer`: turns compiled shapes (:class:`shacl_subset.NodeShape`) into the source of
  plain Python functions. Each node shape becomes one function in two readings: ``k<n>`` (three
  valued, the same as :func:`shacl_subset.kleene_node`) and ``c<n>`` (two valued: True exactly
  when :func:`shacl_subset.violations` finds nothing). The functions stop at the first ``False``
  (Kleene ``and`` is false as soon as one part is false), and paths become nested ``dict.get``
  calls. Constants (value lists, class members) live in a plain dict beside the code.
* :func:`laad` / :func:`bewaar`: a pickle of plain Python objects (rules, grounds, labels, the
  knowledge-base index, the compiled code) under ``$DOMEINWIJZER_CACHE``, else
  ``$XDG_CACHE_HOME/domeinwijzer``, else ``~/.cache/domeinwijzer``. The file name is a hash of
  every knowledge-base file, the JSON-LD context, the code that builds the artefact and the
  Python version, so a changed rule never meets an old artefact. It never holds situations.
  Loading it needs neither rdflib nor a Turtle parse.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
import pickle
import sys
import tempfile
from pathlib import Path

from .shacl_subset import MEMBERS, KbIndex, NodeShape, PropShape

FORMAT = 5  # bump when the artefact's layout changes


# ---------------------------------------------------------------- code generation


class _Gen:
    def __init__(self, kb: KbIndex):
        self.kb = kb
        self.kb_preds = {p for (_, p) in kb.out}
        self.env: dict = {}
        self._consts: dict = {}
        self.lines: list[str] = []
        self.names: dict[tuple[int, str], str] = {}
        self.paths: dict[tuple[str, ...], str] = {}
        self.todo: list[tuple[NodeShape, str, str]] = []
        self._n = 0

    def const(self, value: object) -> str:
        try:
            key = (type(value).__name__, value)
            hash(key)
        except TypeError:
            key = ("id", id(value))
        name = self._consts.get(key)
        if name is None:
            name = f"C{len(self._consts)}"
            self._consts[key] = name
            self.env[name] = value
        return name

    def fresh(self, prefix: str) -> str:
        self._n += 1
        return f"{prefix}{self._n}"

    # -- functions for node shapes (memoised per shape and reading)

    def node(self, ns: NodeShape, mode: str) -> str:
        key = (id(ns), mode)
        name = self.names.get(key)
        if name is None:
            name = f"{mode}{len(self.names)}"
            self.names[key] = name
            self.todo.append((ns, mode, name))
        return name

    def drain(self) -> None:
        while self.todo:
            ns, mode, name = self.todo.pop()
            if mode == "m":
                body = self._missing(ns)
                self.lines.append(f"def {name}(v, out):")
                self.lines += ["    " + x for x in body]
                self.lines.append("")
                continue
            body = self._kleene(ns) if mode == "k" else self._conforms(ns)
            self.lines.append(f"def {name}(v):")
            self.lines += ["    " + x for x in body]
            self.lines.append("")

    def prop_fn(self, ps: PropShape) -> str:
        """A function for one property shape alone (kleene_prop)."""
        key = (id(ps), "q")
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = f"q{len(self.names)}"
            body = self._kleene_prop(ps, {})
            self.lines += [f"def {name}(v):", "    r = True"] + ["    " + x for x in body] + ["    return r", ""]
        return name

    # -- the facts that leave a shape unknown (as shacl_subset.missing_facts)

    def _missing(self, ns: NodeShape) -> list[str]:
        b: list[str] = []
        for ps in ns.props:
            b.append(f"if {self.prop_fn(ps)}(v) is None:")
            branches: list[str] = []
            if ps.prefix:
                branches += [f"vals = {self.path(ps.prefix)}(v)", "if not vals:",
                             f"    out.append(({self.const_obj(ps)}, v))"]
            if ps.qualified is not None:
                body = [f"for w in {self.path(ps.path)}(v):",
                        f"    if {self.node(ps.qualified, 'k')}(w) is None:",
                        f"        {self.node(ps.qualified, 'm')}(w, out)"]
            elif ps.node_shape is not None:
                body = [f"for w in {self.path(ps.path)}(v):", f"    {self.node(ps.node_shape, 'm')}(w, out)"]
            else:
                body = []
            if ps.prefix and body:
                branches += ["else:"] + ["    " + x for x in body]
            else:
                branches += body
            b += ["    " + x for x in (branches or ["pass"])]
        for x in ns.and_ + ns.or_ + ns.not_ + ns.xone:
            b += [f"if {self.node(x, 'k')}(v) is None:", f"    {self.node(x, 'm')}(v, out)"]
        b.append("return out")
        return b

    def const_obj(self, value: object) -> str:
        """A constant kept by identity (shape objects)."""
        key = ("id", id(value))
        name = self._consts.get(key)
        if name is None:
            name = f"C{len(self._consts)}"
            self._consts[key] = name
            self.env[name] = value
        return name

    # -- paths: a function returning the list of values, as shacl_subset.follow does

    def path(self, path: tuple[str, ...]) -> str:
        name = self.paths.get(path)
        if name is not None:
            return name
        name = f"p{len(self.paths)}"
        self.paths[path] = name
        out = [f"def {name}(v):", "    out = []"]
        self._steps(path, 0, "v", 1, out)
        out += ["    return out", ""]
        self.lines += out
        return name

    def _steps(self, path: tuple[str, ...], i: int, var: str, ind: int, out: list[str]) -> None:
        pad = "    " * ind
        if i == len(path):
            out.append(f"{pad}out.append({var})")
            return
        step = path[i]
        nxt = f"x{i}"
        if step == MEMBERS:
            out.append(f"{pad}if isinstance({var}, list):")
            out.append(f"{pad}    for {nxt} in {var}:")
            self._steps(path, i + 1, nxt, ind + 2, out)
            return
        s = self.const(step)
        out.append(f"{pad}if isinstance({var}, dict):")
        out.append(f"{pad}    {nxt} = {var}.get({s})")
        out.append(f"{pad}    if {nxt} is not None:")
        self._steps(path, i + 1, nxt, ind + 2, out)
        if step in self.kb_preds:  # a knowledge-base step (closed world)
            out.append(f"{pad}elif isinstance({var}, str):")
            out.append(f"{pad}    for {nxt} in KBOUT.get(({var}, {s}), ()):")
            self._steps(path, i + 1, nxt, ind + 2, out)

    # -- value tests (as shacl_subset._value_ok)

    def value_ok(self, shape: PropShape | NodeShape, w: str) -> str | None:
        parts = []
        if shape.in_values is not None:
            parts.append(f"(not isinstance({w}, _NOVAL) and {w} in {self.const(shape.in_values)})")
        if shape.klass is not None:
            members = frozenset(self.kb.types.get(shape.klass, ()))
            parts.append(f"(isinstance({w}, str) and {w} in {self.const(members)})")
        if isinstance(shape, PropShape):
            if shape.datatype is not None:
                parts.append(_DATATYPE.get(shape.datatype, "_datatype_ok({w}, {c})").format(
                    w=w, c=self.const(shape.datatype)))
            for op, bound in shape.bounds:
                slow = f"_compare({w}, {self.const(op)}, {self.const(bound)})"
                # same result as _compare for a plain int or date value, without the call
                fast = {int: "int", dt.date: "_date"}.get(type(bound))
                if fast is not None:
                    parts.append(f"(({w} {_OPS[op]} {self.const(bound)}) if type({w}) is {fast} else {slow})")
                else:
                    parts.append(slow)
        return " and ".join(parts) if parts else None

    # -- three-valued reading (kleene_node / kleene_prop)

    def _local(self, path: tuple[str, ...], seen: dict, b: list[str]) -> str:
        """A local variable holding the values of path from v (computed once per function)."""
        var = seen.get(path)
        if var is None:
            var = seen[path] = f"V{len(seen)}"
            if path and all(s != MEMBERS and s not in self.kb_preds for s in path):
                # at most one value (nested dict.get): a tuple of 0 or 1 values, without a call
                prev = "v"
                for s in path:
                    b.append(f"{var} = {prev}.get({self.const(s)}) if isinstance({prev}, dict) else None")
                    prev = var
                b.append(f"{var} = () if {var} is None else ({var},)")
            else:
                b.append(f"{var} = {self.path(path)}(v)")
        return var

    def _kleene(self, ns: NodeShape) -> list[str]:
        b = ["r = True"]
        seen: dict = {}
        ok = self.value_ok(ns, "v")
        if ok:
            b.append(f"if not ({ok}): return False")
        if ns.has_value is not None:
            b.append(f"if not (v == {self.const(ns.has_value)}): return False")
        for ps in ns.props:
            b += self._kleene_prop(ps, seen)
        for x in ns.and_:
            b += [f"x = {self.node(x, 'k')}(v)", "if x is False: return False", "if x is None: r = None"]
        if ns.or_:
            fns = ", ".join(self.node(x, "k") for x in ns.or_)
            b += ["o = False", f"for f in ({fns},):", "    x = f(v)", "    if x is True:", "        o = True",
                  "        break", "    if x is None: o = None",
                  "if o is False: return False", "if o is None: r = None"]
        for x in ns.not_:
            b += [f"x = {self.node(x, 'k')}(v)", "if x is True: return False", "if x is None: r = None"]
        if ns.xone:
            fns = ", ".join(self.node(x, "k") for x in ns.xone)
            b += [f"vals = [f(v) for f in ({fns},)]", "if None in vals:",
                  "    if vals.count(True) > 1: return False", "    r = None",
                  "elif vals.count(True) != 1: return False"]
        b.append("return r")
        return b

    def _kleene_prop(self, ps: PropShape, seen: dict) -> list[str]:
        b: list[str] = []
        inner: list[str] = []
        if ps.prefix:
            pv = self._local(ps.prefix, seen, b)
            rest = ps.path[len(ps.prefix):]
            inner.append(f"vals = {pv}")
            if ps.path[:len(ps.prefix)] != ps.prefix or any(s != MEMBERS for s in rest):
                inner.append(f"vals = {self.path(ps.path)}(v)")
            else:
                for _ in rest:
                    inner.append("vals = [m for y in vals if isinstance(y, list) for m in y]")
        else:
            b.append(f"vals = {self._local(ps.path, seen, b)}")
        if ps.min_count is not None:
            inner.append(f"if len(vals) < {ps.min_count}: return False")
        if ps.max_count is not None:
            inner.append(f"if len(vals) > {ps.max_count}: return False")
        if ps.has_value is not None:
            inner.append(f"if {self.const(ps.has_value)} not in vals: return False")
        ok = self.value_ok(ps, "w")
        if ok:
            inner += ["for w in vals:", f"    if not ({ok}): return False"]
        if ps.node_shape is not None:
            inner += ["for w in vals:", f"    x = {self.node(ps.node_shape, 'k')}(w)",
                      "    if x is False: return False", "    if x is None: r = None"]
        if ps.qualified is not None:
            q = self.node(ps.qualified, "k")
            inner += ["nt = nu = 0", "for w in vals:", f"    x = {q}(w)", "    if x is True: nt += 1",
                      "    elif x is None: nu += 1"]
            if ps.q_min is not None:
                inner += [f"if nt < {ps.q_min}:", f"    if nt + nu < {ps.q_min}: return False", "    r = None"]
            if ps.q_max is not None:
                inner += [f"if nt > {ps.q_max}: return False", f"if nt + nu > {ps.q_max}: r = None"]
        if not ps.prefix:
            return b + inner
        if len(inner) == 1:
            return b + [f"if not {pv}: r = None"]
        return b + [f"if not {pv}:", "    r = None", "else:"] + ["    " + x for x in inner]

    # -- two-valued reading (no violations)

    def _conforms(self, ns: NodeShape) -> list[str]:
        b: list[str] = []
        seen: dict = {}
        ok = self.value_ok(ns, "v")
        if ok:
            b.append(f"if not ({ok}): return False")
        for x in ns.and_:
            b.append(f"if not {self.node(x, 'c')}(v): return False")
        if ns.or_:
            b.append("if not (" + " or ".join(f"{self.node(x, 'c')}(v)" for x in ns.or_) + "): return False")
        for x in ns.not_:
            b.append(f"if {self.node(x, 'c')}(v): return False")
        if ns.xone:
            b.append("if sum(1 for f in (" + ", ".join(self.node(x, "c") for x in ns.xone)
                     + ",) if f(v)) != 1: return False")
        for ps in ns.props:
            b.append(f"vals = {self._local(ps.path, seen, b)}")
            if ps.min_count is not None:
                b.append(f"if len(vals) < {ps.min_count}: return False")
            if ps.max_count is not None:
                b.append(f"if len(vals) > {ps.max_count}: return False")
            if ps.has_value is not None:
                b.append(f"if {self.const(ps.has_value)} not in vals: return False")
            ok = self.value_ok(ps, "w")
            if ok or ps.node_shape is not None:
                b.append("for w in vals:")
                if ok:
                    b.append(f"    if not ({ok}): return False")
                if ps.node_shape is not None:
                    b.append(f"    if not {self.node(ps.node_shape, 'c')}(w): return False")
            if ps.qualified is not None:
                b.append(f"n = sum(1 for w in vals if {self.node(ps.qualified, 'c')}(w))")
                if ps.q_min is not None:
                    b.append(f"if n < {ps.q_min}: return False")
                if ps.q_max is not None:
                    b.append(f"if n > {ps.q_max}: return False")
        b.append("return True")
        return b


_OPS = {"minInclusive": ">=", "maxInclusive": "<=", "minExclusive": ">", "maxExclusive": "<"}
# inline forms of shacl_subset._datatype_ok (same results)
_DATATYPE = {
    "http://www.w3.org/2001/XMLSchema#boolean": "type({w}) is bool",
    "http://www.w3.org/2001/XMLSchema#integer": "(isinstance({w}, int) and not isinstance({w}, bool))",
    "http://www.w3.org/2001/XMLSchema#date": "(isinstance({w}, _date) and not isinstance({w}, _datetime))",
    "http://www.w3.org/2001/XMLSchema#string": "(isinstance({w}, str) and not {w}.startswith('https://'))",
    "http://www.w3.org/2001/XMLSchema#decimal": "(isinstance({w}, (int, _Decimal)) and not isinstance({w}, bool))",
}

PRELUDE = """\
from datetime import date as _date, datetime as _datetime
from decimal import Decimal as _Decimal
from domeinwijzer.shacl_subset import _compare, _datatype_ok
from domeinwijzer.situatie import Ongeldig
_NOVAL = (dict, list, Ongeldig)
"""


def genereer(kb: KbIndex, kleene: dict[str, NodeShape], conforms: list[NodeShape]) -> tuple[str, dict, dict, list]:
    """Source and constants for the given shapes.

    Returns (source, constants, {key: (name of its three-valued function, name of its
    missing-facts function)}, [names of the two-valued functions, in the order of ``conforms``]).
    """
    gen = _Gen(kb)
    k_names = {key: (gen.node(ns, "k"), gen.node(ns, "m")) for key, ns in kleene.items()}
    c_names = [gen.node(ns, "c") for ns in conforms]
    gen.drain()
    return PRELUDE + "\n".join(gen.lines) + "\n", gen.env, k_names, c_names


def laad_code(code: bytes, consts: dict, kb: KbIndex) -> dict:
    """Execute compiled code (marshal bytes) into a fresh namespace."""
    env = dict(consts)
    env["KBOUT"] = kb.out
    exec(marshal.loads(code), env)  # noqa: S102 - our own generated code, never user input
    return env


def compileer(source: str) -> bytes:
    return marshal.dumps(compile(source, "<domeinwijzer-regels>", "exec"))


# ---------------------------------------------------------------- the artefact on disk


def cache_dir() -> Path:
    env = os.environ.get("DOMEINWIJZER_CACHE")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "domeinwijzer"


def bronbestanden() -> list[Path]:
    """Every file the artefact depends on: knowledge base, context and the building code."""
    from .paths import kb_dir

    files: list[Path] = []
    for part in ("ontology", "rules"):
        files += sorted(kb_dir(part).glob("*.ttl"))
    files.append(kb_dir("ontology") / "situatie-context.jsonld")
    here = Path(__file__).resolve().parent
    files += [here / n for n in ("compiled_cache.py", "engine.py", "shacl_subset.py", "situatie.py", "kb.py")]
    return files


def sleutel() -> str:
    h = hashlib.sha256()
    h.update(f"{FORMAT}|{sys.version}|".encode())
    for f in bronbestanden():
        h.update(f.name.encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:32]


def pad(key: str | None = None) -> Path:
    return cache_dir() / f"classifier-{key or sleutel()}.pickle"


def laad(key: str | None = None) -> dict | None:
    """The artefact for the current knowledge base, or None (absent, unreadable or disabled)."""
    if os.environ.get("DOMEINWIJZER_CACHE") == "uit":
        return None
    try:
        with open(pad(key), "rb") as fh:
            st = os.fstat(fh.fileno())
            if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o022):
                return None  # only a file this user wrote and nobody else can change
            data = pickle.load(fh)  # noqa: S301 - a file this program wrote itself
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def bewaar(data: dict, key: str | None = None) -> Path | None:
    """Write the artefact atomically; a read-only home just means no cache."""
    if os.environ.get("DOMEINWIJZER_CACHE") == "uit":
        return None
    target = pad(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".classifier-", dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, target)
        for old in target.parent.glob("classifier-*.pickle"):  # keep only the current artefact
            if old != target:
                try:
                    old.unlink()
                except OSError:
                    pass
        return target
    except OSError:
        return None
