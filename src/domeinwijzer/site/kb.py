"""Read helpers over the knowledge-base graph for the page generators (labels, values, lists)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, SKOS

from ..ns import CONCEPT, DW, PREFIXES

LANG_ORDER = ("nl", None)  # the site is Dutch: English notes for developers never show


def local(iri) -> str:
    """Last path segment of an IRI (``regel:R01-x`` -> ``R01-x``)."""
    s = str(iri)
    return s.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def concept_scheme(iri) -> str | None:
    """``.../concept/zorgvorm/begeleiding`` -> ``zorgvorm`` (None if not a value-list concept)."""
    s = str(iri)
    if not s.startswith(CONCEPT):
        return None
    rest = s[len(CONCEPT):]
    return rest.split("/", 1)[0] if "/" in rest else None


def _pick(values: Iterable) -> Literal | None:
    lits = [v for v in values if isinstance(v, Literal)]
    for lang in LANG_ORDER:
        for v in lits:
            if v.language == lang:
                return v
    return None


def text(g: Graph, s, *preds) -> str | None:
    """The Dutch (else untagged) literal of the first predicate that has one."""
    for p in preds:
        v = _pick(g.objects(s, p))
        if v is not None:
            return str(v).strip()
    return None


def texts(g: Graph, s, p) -> list[str]:
    """All Dutch or untagged literal values, sorted for stable output."""
    vals = [v for v in g.objects(s, p) if isinstance(v, Literal) and v.language in ("nl", None)]
    return sorted({str(v).strip() for v in vals})


def label(g: Graph, s) -> str:
    return (text(g, s, SKOS.prefLabel, RDFS.label, DCTERMS.title, DW.afkorting, SKOS.altLabel)
            or local(s))


def value(g: Graph, s, p):
    return next(iter(g.objects(s, p)), None)


def values(g: Graph, s, p) -> list:
    return sorted(set(g.objects(s, p)), key=str)


def rdf_list(g: Graph, node) -> list:
    if node is None or node == RDF.nil:
        return []
    return list(Collection(g, node))


def subclasses(g: Graph, cls: URIRef) -> set[URIRef]:
    """``cls`` and every class below it (rdfs:subClassOf*)."""
    seen = {cls}
    todo = [cls]
    while todo:
        c = todo.pop()
        for sub in g.subjects(RDFS.subClassOf, c):
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return seen


_INSTANCES: dict[tuple[int, int, URIRef], list[URIRef]] = {}


def instances(g: Graph, cls: URIRef) -> list[URIRef]:
    """Named instances of ``cls`` or any subclass, sorted by IRI (cached: the graph is read-only)."""
    key = (id(g), len(g), cls)
    if key not in _INSTANCES:
        out: set[URIRef] = set()
        for c in subclasses(g, cls):
            out.update(s for s in g.subjects(RDF.type, c) if isinstance(s, URIRef))
        _INSTANCES[key] = sorted(out, key=str)
    return list(_INSTANCES[key])


def most_specific_type(g: Graph, s, base: URIRef) -> URIRef | None:
    types = [t for t in g.objects(s, RDF.type) if t in subclasses(g, base)]
    types.sort(key=lambda t: (t == base, str(t)))
    return types[0] if types else None


def date_str(v) -> str:
    return str(v) if v is not None else ""


def qname(iri) -> str:
    s = str(iri)
    best = None
    for prefix, ns in PREFIXES.items():
        n = str(ns)
        if s.startswith(n) and (best is None or len(n) > len(str(PREFIXES[best]))):
            best = prefix
    return f"{best}:{s[len(str(PREFIXES[best])):]}" if best else s


def scheme_concepts(g: Graph, scheme: str) -> list[URIRef]:
    """Concepts of one value list (skos:inScheme, else by IRI prefix), sorted by label."""
    sch = URIRef(CONCEPT + scheme)
    found = {c for c in g.subjects(SKOS.inScheme, sch) if isinstance(c, URIRef)}
    prefix = CONCEPT + scheme + "/"
    found |= {s for s in g.subjects(SKOS.prefLabel, None) if isinstance(s, URIRef) and str(s).startswith(prefix)}
    return sorted(found, key=lambda c: label(g, c).lower())


def walk_shape(g: Graph, shape) -> Iterator[tuple[object, object]]:
    """Every (node, predicate-object) pair below a shape, following lists and nested shapes."""
    seen = set()
    todo = [shape]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in g.predicate_objects(n):
            yield n, (p, o)
            if p in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape, SH.condition):
                todo.append(o)
            elif p in (SH["or"], SH["and"], SH.xone):
                todo.extend(rdf_list(g, o))
            elif p == SH.rule:
                todo.append(o)


def shape_values(g: Graph, shape) -> set[URIRef]:
    """IRIs a condition compares with (sh:in members and sh:hasValue)."""
    out: set[URIRef] = set()
    for _n, (p, o) in walk_shape(g, shape):
        if p == SH["in"]:
            out.update(v for v in rdf_list(g, o) if isinstance(v, URIRef))
        elif p == SH.hasValue and isinstance(o, URIRef):
            out.add(o)
    return out


def is_blank(n) -> bool:
    return isinstance(n, BNode)


_CONSTRAINTS = (SH["in"], SH.hasValue, SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive)


def path_property(g: Graph, path):
    """The property a SHACL path tests: its last named step, list traversal steps skipped."""
    steps = rdf_list(g, path) if is_blank(path) else [path]
    named = [s for s in steps if isinstance(s, URIRef) and s not in (RDF.first, RDF.rest)]
    return named[-1] if named else None


def constraints(g: Graph, shape) -> list[tuple[URIRef | None, URIRef, object]]:
    """(property, constraint, value) for every value constraint in a condition.

    A constraint inside a qualifiedValueShape, sh:node or sh:not of a property shape belongs to
    that property shape's path (those nested shapes have no path of their own).
    """
    out: list = []
    seen: set = set()

    def visit(node, prop) -> None:
        if (node, prop) in seen:
            return
        seen.add((node, prop))
        path = value(g, node, SH.path)
        if path is not None:
            prop = path_property(g, path)
        for p in _CONSTRAINTS:
            for o in g.objects(node, p):
                out.append((prop, p, o))
        for ps in g.objects(node, SH.property):
            visit(ps, None)
        for p in (SH.qualifiedValueShape, SH.node, SH["not"]):
            for n in g.objects(node, p):
                visit(n, prop)
        for p in (SH["and"], SH["or"], SH.xone):
            for lst in g.objects(node, p):
                for n in rdf_list(g, lst):
                    visit(n, prop)

    visit(shape, None)
    return out
