"""A compiled evaluator for the SHACL Core subset used in rules/ (see rules/README.md).

Two readings of the same shapes:

* ``kleene(shape, node)``: three-valued, for decision rules. A property whose fact is not given
  is unknown (``None``); ``and``/``or``/``not`` follow Kleene logic.
* ``violations(shape, node)``: plain SHACL validation (two-valued), for the input shapes,
  with the JSON path of every problem.

pyshacl is the reference semantics: ``referentie.py`` runs the same shapes (rewritten into a
"certain" and a "possible" form by :func:`rewrite`) and tests compare both paths.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

from .situatie import PAD, Ongeldig

if TYPE_CHECKING:  # rdflib is imported only where a graph is read or written (cold start)
    from rdflib import BNode, Graph, Literal, URIRef

XSD_NS = "http://www.w3.org/2001/XMLSchema#"

MEMBERS = "@leden"  # path step: the members of an rdf:List ( [sh:zeroOrMorePath rdf:rest] rdf:first )

T, F, U = True, False, None


class ShapeFout(Exception):
    """A shape uses something outside the supported subset."""


@dataclass
class PropShape:
    node: object  # rdflib node of the shape (for messages and rewriting)
    path: tuple[str, ...]
    prefix: tuple[str, ...]  # the part of the path that reads situation facts
    min_count: int | None = None
    max_count: int | None = None
    has_value: object = None
    in_values: frozenset | None = None
    datatype: str | None = None
    klass: str | None = None
    bounds: list[tuple[str, object]] = field(default_factory=list)
    node_shape: NodeShape | None = None
    qualified: NodeShape | None = None
    q_min: int | None = None
    q_max: int | None = None
    message: str | None = None
    feit: str | None = None
    comment: str | None = None


@dataclass
class NodeShape:
    node: object
    props: list[PropShape] = field(default_factory=list)
    and_: list[NodeShape] = field(default_factory=list)
    or_: list[NodeShape] = field(default_factory=list)
    not_: list[NodeShape] = field(default_factory=list)
    xone: list[NodeShape] = field(default_factory=list)
    in_values: frozenset | None = None
    klass: str | None = None
    has_value: object = None
    message: str | None = None


@lru_cache(maxsize=1)
def _allowed() -> tuple[set, set]:
    from rdflib.namespace import SH

    node = {SH.property, SH["and"], SH["or"], SH["not"], SH.xone, SH["in"], SH["class"], SH.hasValue,
            SH.message, SH.targetClass, SH.targetNode, SH.rule, SH.order, SH.deactivated, SH.severity,
            SH.name, SH.description}
    prop = {SH.path, SH.minCount, SH.maxCount, SH.hasValue, SH["in"], SH.datatype, SH["class"],
            SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive, SH.node,
            SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.message,
            SH.name, SH.description, SH.order, SH.severity, SH.qualifiedValueShapesDisjoint}
    return node, prop


def py(value: object) -> object:
    """An rdflib term as the Python value the tree uses."""
    from rdflib import Literal, URIRef

    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, Literal):
        v = value.toPython()
        if isinstance(v, Decimal):
            return v
        return v
    return value


class Compiler:
    """Compiles shapes of an rdflib graph into NodeShape/PropShape objects (memoised)."""

    def __init__(self, g: Graph):
        self.g = g
        self._nodes: dict = {}

    def _list(self, head) -> list:
        from rdflib.collection import Collection

        return list(Collection(self.g, head))

    def _one(self, s, p):
        vals = list(self.g.objects(s, p))
        if len(vals) > 1:
            raise ShapeFout(f"{s}: meer dan één {p}")
        return vals[0] if vals else None

    def _text(self, s, p) -> str | None:
        from rdflib import Literal

        vals = list(self.g.objects(s, p))
        nl = [v for v in vals if isinstance(v, Literal) and v.language == "nl"]
        pick = nl or vals
        return str(pick[0]) if pick else None

    def path(self, p) -> tuple[str, ...]:
        from rdflib import URIRef
        from rdflib.namespace import RDF, SH

        if isinstance(p, URIRef):
            return (str(p),)
        if (p, RDF.first, None) in self.g:
            steps: list[str] = []
            items = self._list(p)
            i = 0
            while i < len(items):
                it = items[i]
                if isinstance(it, URIRef):
                    steps.append(str(it))
                    i += 1
                elif self._one(it, SH.zeroOrMorePath) == RDF.rest and i + 1 < len(items) and items[i + 1] == RDF.first:
                    steps.append(MEMBERS)
                    i += 2
                else:
                    raise ShapeFout(f"pad niet ondersteund: {p}")
            return tuple(steps)
        raise ShapeFout(f"pad niet ondersteund: {p}")

    def node_shape(self, s) -> NodeShape:
        if s in self._nodes:
            return self._nodes[s]
        from rdflib.namespace import SH

        ns = NodeShape(node=s)
        self._nodes[s] = ns
        for p, _ in self.g.predicate_objects(s):
            if p.startswith(str(SH)) and p not in _allowed()[0]:
                raise ShapeFout(f"{s}: {p} valt buiten de ondersteunde SHACL-subset")
        ns.props = [self.prop_shape(ps) for ps in self.g.objects(s, SH.property)]
        for key, attr in ((SH["and"], "and_"), (SH["or"], "or_"), (SH.xone, "xone")):
            for head in self.g.objects(s, key):
                getattr(ns, attr).extend(self.node_shape(x) for x in self._list(head))
        ns.not_ = [self.node_shape(x) for x in self.g.objects(s, SH["not"])]
        inl = self._one(s, SH["in"])
        ns.in_values = frozenset(py(x) for x in self._list(inl)) if inl is not None else None
        k = self._one(s, SH["class"])
        ns.klass = str(k) if k is not None else None
        hv = self._one(s, SH.hasValue)
        ns.has_value = py(hv) if hv is not None else None
        ns.message = self._text(s, SH.message)
        return ns

    def prop_shape(self, s) -> PropShape:
        from rdflib import URIRef
        from rdflib.namespace import RDFS, SH

        for p, _ in self.g.predicate_objects(s):
            if p.startswith(str(SH)) and p not in _allowed()[1]:
                raise ShapeFout(f"{s}: {p} valt buiten de ondersteunde SHACL-subset")
        raw = self._one(s, SH.path)
        if raw is None:
            raise ShapeFout(f"{s}: sh:path ontbreekt")
        path = self.path(raw)
        prefix = path
        # The facts a path reads end at the last situation step: drop trailing list-member and
        # knowledge-base steps (those are closed world).
        while prefix and prefix[-1] == MEMBERS:
            prefix = prefix[:-1]
        ps = PropShape(node=s, path=path, prefix=prefix)
        for key, attr in ((SH.minCount, "min_count"), (SH.maxCount, "max_count"),
                          (SH.qualifiedMinCount, "q_min"), (SH.qualifiedMaxCount, "q_max")):
            v = self._one(s, key)
            if v is not None:
                setattr(ps, attr, int(v))
        hv = self._one(s, SH.hasValue)
        ps.has_value = py(hv) if hv is not None else None
        inl = self._one(s, SH["in"])
        ps.in_values = frozenset(py(x) for x in self._list(inl)) if inl is not None else None
        d = self._one(s, SH.datatype)
        ps.datatype = str(d) if d is not None else None
        k = self._one(s, SH["class"])
        ps.klass = str(k) if k is not None else None
        for key in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            v = self._one(s, key)
            if v is not None:
                ps.bounds.append((str(key).rsplit("#", 1)[1], py(v)))
        n = self._one(s, SH.node)
        ps.node_shape = self.node_shape(n) if n is not None else None
        q = self._one(s, SH.qualifiedValueShape)
        if q is not None:
            ps.qualified = self.node_shape(q)
        ps.message = self._text(s, SH.message)
        ps.comment = self._text(s, RDFS.comment)
        f = self._one(s, URIRef("https://domeinwijzer.nl/def/feit"))
        ps.feit = str(f) if f is not None else None
        return ps


# ---------------------------------------------------------------- navigation


class KbIndex:
    """Closed-world lookups on knowledge-base IRIs (rdf:type, skos:inScheme, ...)."""

    def __init__(self, g: Graph | None = None):
        self.out: dict[tuple[str, str], list] = {}
        self.types: dict[str, set[str]] = {}
        if g is None:
            return
        from rdflib import URIRef
        from rdflib.namespace import RDF, RDFS

        for s, p, o in g:
            if isinstance(s, URIRef):
                self.out.setdefault((str(s), str(p)), []).append(py(o))
        sub: dict[str, set[str]] = {}
        for s, o in g.subject_objects(RDFS.subClassOf):
            sub.setdefault(str(o), set()).add(str(s))
        for s, o in g.subject_objects(RDF.type):
            if isinstance(s, URIRef):
                self.types.setdefault(str(o), set()).add(str(s))
        # instances of subclasses are instances of the superclass (rdfs:subClassOf*, as SHACL does)
        for cls in list(self.types) + list(sub):
            todo, seen = [cls], set()
            while todo:
                c = todo.pop()
                if c in seen:
                    continue
                seen.add(c)
                todo += sub.get(c, ())
            members = set()
            for c in seen:
                members |= self.types.get(c, set())
            self.types[cls] = members


def follow(value: object, path: tuple[str, ...], kb: KbIndex) -> list:
    current = [value]
    for step in path:
        nxt: list = []
        for c in current:
            if step == MEMBERS:
                if isinstance(c, list):
                    nxt.extend(c)
            elif isinstance(c, dict):
                v = c.get(step)
                if v is not None:
                    nxt.append(v)
            elif isinstance(c, str):
                nxt.extend(kb.out.get((c, step), ()))
        current = nxt
    return current


# ---------------------------------------------------------------- value tests (two-valued)


_BOOLEAN, _INTEGER, _DATE, _STRING, _DECIMAL = (XSD_NS + "boolean", XSD_NS + "integer", XSD_NS + "date",
                                                 XSD_NS + "string", XSD_NS + "decimal")


def _datatype_ok(v: object, datatype: str) -> bool:
    if isinstance(v, Ongeldig):
        return False
    if datatype == _BOOLEAN:
        return isinstance(v, bool)
    if datatype == _INTEGER:
        return isinstance(v, int) and not isinstance(v, bool)
    if datatype == _DATE:
        return isinstance(v, dt.date) and not isinstance(v, dt.datetime)
    if datatype == _STRING:
        return isinstance(v, str) and not v.startswith("https://")
    if datatype == _DECIMAL:
        return isinstance(v, (int, Decimal)) and not isinstance(v, bool)
    raise ShapeFout(f"datatype niet ondersteund: {datatype}")


def _compare(v: object, op: str, bound: object) -> bool:
    if isinstance(v, Ongeldig) or isinstance(v, bool) or isinstance(v, (dict, list)):
        return False
    if isinstance(bound, dt.date) != isinstance(v, dt.date):
        return False
    try:
        if op == "minInclusive":
            return v >= bound
        if op == "maxInclusive":
            return v <= bound
        if op == "minExclusive":
            return v > bound
        return v < bound
    except TypeError:
        return False


def _is_instance(v: object, klass: str, kb: KbIndex) -> bool:
    return isinstance(v, str) and v in kb.types.get(klass, ())


def _value_ok(ps: PropShape | NodeShape, v: object, kb: KbIndex) -> bool:
    if ps.in_values is not None and (isinstance(v, (dict, list, Ongeldig)) or v not in ps.in_values):
        return False
    if ps.klass is not None and not _is_instance(v, ps.klass, kb):
        return False
    if isinstance(ps, PropShape):
        if ps.datatype is not None and not _datatype_ok(v, ps.datatype):
            return False
        for op, bound in ps.bounds:
            if not _compare(v, op, bound):
                return False
    return True


# ---------------------------------------------------------------- Kleene evaluation


def _and(vals) -> bool | None:
    out = T
    for v in vals:
        if v is F:
            return F
        if v is U:
            out = U
    return out


def _or(vals) -> bool | None:
    out = F
    for v in vals:
        if v is T:
            return T
        if v is U:
            out = U
    return out


def _not(v):
    return U if v is U else (not v)


def kleene_node(ns: NodeShape, value: object, kb: KbIndex) -> bool | None:
    results = []
    if ns.in_values is not None or ns.klass is not None:
        results.append(_value_ok(ns, value, kb))
    if ns.has_value is not None:
        results.append(value == ns.has_value)
    results += [kleene_prop(p, value, kb) for p in ns.props]
    results += [kleene_node(x, value, kb) for x in ns.and_]
    if ns.or_:
        results.append(_or(kleene_node(x, value, kb) for x in ns.or_))
    results += [_not(kleene_node(x, value, kb)) for x in ns.not_]
    if ns.xone:
        vals = [kleene_node(x, value, kb) for x in ns.xone]
        if U in vals:
            results.append(F if vals.count(T) > 1 else U)
        else:
            results.append(vals.count(T) == 1)
    return _and(results)


def kleene_prop(ps: PropShape, focus: object, kb: KbIndex) -> bool | None:
    if ps.prefix and not follow(focus, ps.prefix, kb):
        return U  # the fact is not given
    values = follow(focus, ps.path, kb)
    results: list = []
    if ps.min_count is not None:
        results.append(len(values) >= ps.min_count)
    if ps.max_count is not None:
        results.append(len(values) <= ps.max_count)
    if ps.has_value is not None:
        results.append(ps.has_value in values)
    if ps.in_values is not None or ps.klass is not None or ps.datatype or ps.bounds:
        results.append(all(_value_ok(ps, v, kb) for v in values))
    if ps.node_shape is not None:
        results.append(_and(kleene_node(ps.node_shape, v, kb) for v in values))
    if ps.qualified is not None:
        res = [kleene_node(ps.qualified, v, kb) for v in values]
        n_t, n_u = res.count(T), res.count(U)
        if ps.q_min is not None:
            results.append(T if n_t >= ps.q_min else (F if n_t + n_u < ps.q_min else U))
        if ps.q_max is not None:
            results.append(F if n_t > ps.q_max else (T if n_t + n_u <= ps.q_max else U))
    return _and(results)


def missing_facts(ns: NodeShape, value: object, kb: KbIndex) -> list[tuple[PropShape, object]]:
    """(property shape, focus value) pairs whose fact is absent and leaves the shape unknown."""
    out: list[tuple[PropShape, object]] = []

    def walk(shape: NodeShape, v: object) -> None:
        for p in shape.props:
            if kleene_prop(p, v, kb) is not U:
                continue
            if p.prefix and not follow(v, p.prefix, kb):
                out.append((p, v))
            elif p.qualified is not None:
                for item in follow(v, p.path, kb):
                    if kleene_node(p.qualified, item, kb) is U:
                        walk(p.qualified, item)
            elif p.node_shape is not None:
                for item in follow(v, p.path, kb):
                    walk(p.node_shape, item)
        for x in shape.and_ + shape.or_ + shape.not_ + shape.xone:
            if kleene_node(x, v, kb) is U:
                walk(x, v)

    walk(ns, value)
    return out


# ---------------------------------------------------------------- plain validation with paths


def _path_text(base: str, ps: PropShape) -> str:
    if ps.feit:
        return f"{base}.{ps.feit}" if base and base != "$" else ps.feit
    return base


def violations(ns: NodeShape, value: object, kb: KbIndex, base: str = "$") -> list[dict]:
    """Two-valued SHACL validation of one focus value; each problem has a JSON path."""
    problems: list[dict] = []

    def msg(shape, fallback: str) -> str:
        return shape.message or fallback

    def conforms(shape: NodeShape, v: object) -> bool:
        return not violations(shape, v, kb, base)

    if (ns.in_values is not None or ns.klass is not None) and not _value_ok(ns, value, kb):
        problems.append({"pad": base, "melding": msg(ns, "ongeldige waarde")})
    for x in ns.and_:
        problems += violations(x, value, kb, base)
    if ns.or_ and not any(conforms(x, value) for x in ns.or_):
        problems.append({"pad": base, "melding": msg(ns, "geen van de toegestane vormen")})
    for x in ns.not_:
        if conforms(x, value):
            problems.append({"pad": base, "melding": msg(ns, "niet toegestane combinatie")})
    if ns.xone and sum(conforms(x, value) for x in ns.xone) != 1:
        problems.append({"pad": base, "melding": msg(ns, "precies één keuze is nodig")})
    for ps in ns.props:
        values = follow(value, ps.path, kb)
        fail: Callable[[str], None] = lambda m, p=ps: problems.append({"pad": _path_text(base, p), "melding": p.message or m})  # noqa: E731
        if ps.min_count is not None and len(values) < ps.min_count:
            fail("dit veld is verplicht")
        if ps.max_count is not None and len(values) > ps.max_count:
            fail("te veel waarden")
        if ps.has_value is not None and ps.has_value not in values:
            fail("verplichte waarde ontbreekt")
        for v in values:
            vpath = v.get(PAD, base) if isinstance(v, dict) else base
            if not _value_ok(ps, v, kb):
                fail(f"ongeldige waarde '{_show(v)}'")
            if ps.node_shape is not None:
                inner = violations(ps.node_shape, v, kb, vpath)
                if inner and not isinstance(v, dict):  # a value check (e.g. scheme membership)
                    fail(f"ongeldige waarde '{_show(v)}'")
                else:
                    problems.extend(inner)
        if ps.qualified is not None:
            n = sum(1 for v in values if not violations(ps.qualified, v, kb))
            if (ps.q_min is not None and n < ps.q_min) or (ps.q_max is not None and n > ps.q_max):
                fail("aantal passende waarden klopt niet")
    return problems


def _show(v: object) -> str:
    if isinstance(v, Ongeldig):
        return v.ruw
    if isinstance(v, str) and v.startswith("https://"):
        return v.rsplit("/", 1)[-1]
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


# ---------------------------------------------------------------- rewriting for pyshacl


_SHAPE_IDS = itertools.count(1)


def rewrite(src: Graph, shape, mode: str, dst: Graph) -> URIRef:
    """Copy ``shape`` into ``dst`` in its 'certain' or 'possible' reading (see rules/README.md).

    certain:  every property also needs its fact; negative parts use the possible reading.
    possible: a property whose fact is absent counts as satisfied; negative parts use certain.
    Plain pyshacl on these two shapes gives exactly the three values of :func:`kleene_node`.
    """
    from rdflib import BNode, Literal, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF, SH

    flip = {"certain": "possible", "possible": "certain"}

    def fresh() -> URIRef:
        # named shape nodes: pyshacl copies blank-node shapes into every result, which is slow
        return URIRef(f"urn:domeinwijzer:vorm:{next(_SHAPE_IDS)}")

    def copy_list(head, fn) -> BNode:
        items = [fn(x) for x in Collection(src, head)]
        h = BNode()
        Collection(dst, h, items)
        return h

    def node(s, m: str) -> URIRef:
        n = fresh()
        for p, o in src.predicate_objects(s):
            if p == SH.property:
                add_prop(n, o, m)
            elif p in (SH["and"], SH["or"], SH.xone):
                dst.add((n, p, copy_list(o, lambda x, m=m: node(x, m))))
            elif p == SH["not"]:
                dst.add((n, p, node(o, flip[m])))
            elif p in (SH["in"],):
                dst.add((n, p, copy_list(o, lambda x: x)))
            elif p in (SH["class"], SH.hasValue, SH.message):
                dst.add((n, p, o))
        return n

    def path_node(steps_src):
        if isinstance(steps_src, URIRef):
            return steps_src
        items = list(Collection(src, steps_src))
        h = BNode()
        copied = []
        for it in items:
            if isinstance(it, BNode):
                b = BNode()
                dst.add((b, SH.zeroOrMorePath, RDF.rest))
                copied.append(b)
            else:
                copied.append(it)
        Collection(dst, h, copied)
        return h

    def prefix_node(ps_src):
        raw = src.value(ps_src, SH.path)
        if isinstance(raw, URIRef):
            return raw
        items = list(Collection(src, raw))
        # drop a trailing list-member pattern
        while len(items) >= 2 and items[-1] == RDF.first and isinstance(items[-2], BNode):
            items = items[:-2]
        if len(items) == 1:
            return items[0]
        h = BNode()
        copied = []
        for it in items:
            if isinstance(it, BNode):
                b = BNode()
                dst.add((b, SH.zeroOrMorePath, RDF.rest))
                copied.append(b)
            else:
                copied.append(it)
        Collection(dst, h, copied)
        return h

    def add_prop(n, ps_src, m: str) -> None:
        inner = fresh()
        for p, o in src.predicate_objects(ps_src):
            if p == SH.path:
                dst.add((inner, p, path_node(o)))
            elif p == SH["in"]:
                dst.add((inner, p, copy_list(o, lambda x: x)))
            elif p == SH.node:
                dst.add((inner, p, node(o, m)))
            elif p == SH.qualifiedValueShape:
                q_mode = m if (ps_src, SH.qualifiedMinCount, None) in src else flip[m]
                dst.add((inner, p, node(o, q_mode)))
            elif p.startswith(str(SH)):
                dst.add((inner, p, o))
        fact = fresh()
        dst.add((fact, SH.path, prefix_node(ps_src)))
        if m == "certain":  # the fact must be given, and the constraint must hold
            dst.add((fact, SH.minCount, Literal(1)))
            dst.add((n, SH.property, fact))
            dst.add((n, SH.property, inner))
            return
        dst.add((fact, SH.maxCount, Literal(0)))  # possible: absent, or the constraint holds
        a, b, h = fresh(), fresh(), BNode()
        dst.add((a, SH.property, fact))
        dst.add((b, SH.property, inner))
        Collection(dst, h, [a, b])
        dst.add((n, SH["or"], h))

    return node(shape, mode)


def literal_of(v: object) -> Literal | URIRef:
    from rdflib import Literal, URIRef

    if isinstance(v, str) and v.startswith("https://"):
        return URIRef(v)
    return Literal(v)


__all__ = [
    "Compiler", "KbIndex", "NodeShape", "PropShape", "ShapeFout", "follow", "kleene_node",
    "kleene_prop", "missing_facts", "rewrite", "violations", "MEMBERS",
]
