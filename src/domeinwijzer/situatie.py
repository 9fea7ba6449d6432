"""Read a situation (JSON/YAML) into a tree keyed by ontology IRIs, driven by the JSON-LD context.

The context (ontology/situatie-context.jsonld) is the single mapping from contract keys to the
ontology. This module applies it in two forms that must agree (tests check isomorphism with
rdflib's own JSON-LD parser):

* a *tree* of plain Python values (fast path): ``{property IRI: value}``, where a value is a
  scalar (int, bool, date, IRI string), a nested dict, or a list (JSON-LD ``@list``);
* an rdflib graph (reference path, SPARQL endpoint, Turtle output).

Only structural problems are reported here (unknown keys, wrong JSON shapes, size); every other
check is a SHACL input shape in rules/invoer.ttl.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .fouten import InvoerFout
from .paths import kb_dir

if TYPE_CHECKING:  # rdflib only where RDF is written (keeps a cold start light)
    from rdflib import BNode, Graph, Literal, URIRef

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
DW_SITUATIE = "https://domeinwijzer.nl/def/Situatie"

MAX_BYTES = 64_000
MAX_DEPTH = 6
MAX_LIST = 50

PAD = "@pad"  # key in a tree node holding its JSON path (never an IRI, so no clash)


@dataclass(frozen=True)
class Ongeldig:
    """A value whose JSON could not become a well-formed typed literal (SHACL reports it)."""

    ruw: str
    datatype: str


@dataclass(frozen=True)
class Term:
    key: str
    iri: str
    datatype: str | None  # xsd IRI, "@vocab" or None (nested object)
    vocab: str | None  # base IRI for @vocab values
    is_list: bool
    context: dict[str, Term] | None  # nested terms for objects


def _expand(curie: str, prefixes: dict[str, str]) -> str:
    if ":" in curie:
        p, local = curie.split(":", 1)
        if p in prefixes:
            return prefixes[p] + local
    return curie


def _terms(ctx: dict, prefixes: dict[str, str]) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for key, d in ctx.items():
        if key.startswith("@") or isinstance(d, str):
            continue
        inner = d.get("@context")
        vocab = inner.get("@vocab") if inner and d.get("@type") == "@vocab" else None
        nested = _terms(inner, prefixes) if inner and vocab is None else None
        typ = d.get("@type")
        terms[key] = Term(
            key=key,
            iri=_expand(d["@id"], prefixes),
            datatype=None if typ is None else ("@vocab" if typ == "@vocab" else _expand(typ, prefixes)),
            vocab=vocab,
            is_list=d.get("@container") == "@list",
            context=nested,
        )
    return terms


@lru_cache(maxsize=1)
def context_document() -> dict:
    with open(kb_dir("ontology") / "situatie-context.jsonld", encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def top_terms() -> dict[str, Term]:
    ctx = context_document()["@context"]
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and not k.startswith("@")}
    return _terms(ctx, prefixes)


def fact_paths() -> dict[str, tuple[Term, ...]]:
    """Every fact the contract knows: dotted JSON path -> chain of terms."""
    out: dict[str, tuple[Term, ...]] = {}

    def walk(terms: dict[str, Term], prefix: str, chain: tuple[Term, ...]) -> None:
        for t in terms.values():
            path = f"{prefix}{t.key}"
            if t.context is not None:
                walk(t.context, path + ("[]." if t.is_list else "."), chain + (t,))
            else:
                out[path] = chain + (t,)

    walk(top_terms(), "", ())
    return out


# ---------------------------------------------------------------- reading text

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def lees_tekst(tekst: str, bestandsnaam: str = "") -> object:
    """Parse JSON, or YAML for .yaml/.yml files and standard input ("-") when it is not JSON."""
    if len(tekst.encode("utf-8")) > MAX_BYTES:
        raise InvoerFout([{"pad": "$", "melding": f"de invoer is te groot (meer dan {MAX_BYTES} bytes)"}])
    try:
        return json.loads(tekst)
    except json.JSONDecodeError as exc:
        if not (bestandsnaam == "-" or bestandsnaam.endswith((".yaml", ".yml"))):
            raise InvoerFout([{"pad": "$", "melding": f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})"}]) from None
    import yaml  # only when YAML is used

    try:
        # BaseLoader: every scalar stays a string except what we convert ourselves? No: keep types.
        return yaml.safe_load(tekst)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        waar = f" (regel {mark.line + 1})" if mark else ""
        raise InvoerFout([{"pad": "$", "melding": f"geen geldige YAML{waar}"}]) from None


# ---------------------------------------------------------------- JSON -> tree


def _depth(value: object, limit: int) -> bool:
    """True when value nests deeper than limit (iterative: no recursion bomb).

    A value lies deeper than ``limit`` exactly when a non-empty container sits at depth
    ``limit`` or more, so only containers are visited.
    """
    stack = [(value, 0)]
    while stack:
        v, d = stack.pop()
        if isinstance(v, dict):
            kids = v.values()
        elif isinstance(v, list):
            kids = v
        else:
            continue
        if d >= limit:
            if len(kids):
                return True
            continue
        for x in kids:
            if isinstance(x, (dict, list)):
                stack.append((x, d + 1))
    return False


_BOOLEAN, _INTEGER, _DATE, _STRING = XSD_NS + "boolean", XSD_NS + "integer", XSD_NS + "date", XSD_NS + "string"


def _scalar(term: Term, value: object, path: str, problems: list[dict]) -> object:
    if isinstance(value, (dict, list)):
        problems.append({"pad": path, "melding": "hier hoort één waarde, geen lijst of object"})
        return None
    return _value(term, value)


def _value(term: Term, value: object) -> object:
    """A scalar JSON value as a typed tree value (not a list or an object)."""
    dt_iri = term.datatype
    if dt_iri == _BOOLEAN and value.__class__ is bool:  # the most common case first
        return value
    if dt_iri == "@vocab":
        if isinstance(value, str) and value and "/" not in value and ":" not in value and " " not in value:
            return term.vocab + value
        return Ongeldig(str(value), "@vocab")
    if dt_iri == _BOOLEAN:
        return value if isinstance(value, bool) else Ongeldig(str(value), dt_iri)
    if dt_iri == _INTEGER:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        return Ongeldig(str(value), dt_iri)
    if dt_iri == _DATE:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):  # YAML dates
            return value
        if isinstance(value, str) and _DATE_RE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        return Ongeldig(str(value), dt_iri)
    if isinstance(value, str):
        return value
    return Ongeldig(str(value), _STRING)


def _object(terms: dict[str, Term], obj: object, path: str, problems: list[dict]) -> dict | None:
    if not isinstance(obj, dict):
        problems.append({"pad": path or "$", "melding": "hier hoort een object met velden"})
        return None
    node: dict = {PAD: path or "$"}
    for key, value in obj.items():
        term = terms.get(key) if isinstance(key, str) else None
        if term is not None and term.context is None and not term.is_list:  # the common case: a scalar
            if value is None:  # null means: not given (unknown)
                continue
            if isinstance(value, (dict, list)):
                problems.append({"pad": f"{path}.{key}" if path else str(key),
                                 "melding": "hier hoort één waarde, geen lijst of object"})
                node[term.iri] = None
            else:
                node[term.iri] = _value(term, value)
            continue
        kpath = f"{path}.{key}" if path else str(key)
        if term is None:
            known = ", ".join(sorted(terms))
            problems.append({"pad": kpath, "melding": f"onbekend veld (bekende velden hier: {known})"})
            continue
        if value is None:  # null means: not given (unknown)
            continue
        if term.is_list:
            if not isinstance(value, list):
                problems.append({"pad": kpath, "melding": "hier hoort een lijst"})
                continue
            if len(value) > MAX_LIST:
                problems.append({"pad": kpath, "melding": f"de lijst is te lang (meer dan {MAX_LIST})"})
                continue
            items = []
            for i, item in enumerate(value):
                ipath = f"{kpath}[{i}]"
                if term.context is not None:
                    sub = _object(term.context, item, ipath, problems)
                    if sub is not None:
                        items.append(sub)
                else:
                    items.append(_scalar(term, item, ipath, problems))
            node[term.iri] = items
        elif term.context is not None:
            sub = _object(term.context, value, kpath, problems)
            if sub is not None:
                node[term.iri] = sub
        else:
            node[term.iri] = _scalar(term, value, kpath, problems)
    return node


def naar_boom(invoer: object) -> dict:
    """Turn parsed JSON/YAML into the situation tree; structural problems raise InvoerFout."""
    if not isinstance(invoer, dict):
        raise InvoerFout([{"pad": "$", "melding": "een situatie is een JSON-object met velden"}])
    if _depth(invoer, MAX_DEPTH):
        raise InvoerFout([{"pad": "$", "melding": f"de invoer is te diep genest (meer dan {MAX_DEPTH} niveaus)"}])
    problems: list[dict] = []
    tree = _object(top_terms(), invoer, "", problems)
    if problems:
        raise InvoerFout(problems)
    return tree


# ---------------------------------------------------------------- tree -> RDF


def _literal(value: object) -> Literal | URIRef:
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    if isinstance(value, Ongeldig):
        if value.datatype == "@vocab":
            return Literal(value.ruw)  # not an IRI: the input shapes reject it
        return Literal(value.ruw, datatype=URIRef(value.datatype))
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, dt.date):
        return Literal(value.isoformat(), datatype=XSD.date)
    if isinstance(value, str) and value.startswith("https://"):
        return URIRef(value)
    return Literal(value)


def naar_graaf(tree: dict, graph: Graph | None = None) -> tuple[Graph, BNode, dict]:
    """Write the tree as RDF. Returns (graph, situation node, {node: JSON path})."""
    from rdflib import BNode, Graph, URIRef
    from rdflib.collection import Collection
    from rdflib.namespace import RDF

    g = graph if graph is not None else Graph()
    paths: dict = {}

    def node_of(d: dict) -> BNode:
        n = BNode()
        paths[n] = d.get(PAD, "$")
        for key, value in d.items():
            if key == PAD:
                continue
            p = URIRef(key)
            if isinstance(value, list):
                head = BNode()
                Collection(g, head, [node_of(v) if isinstance(v, dict) else _literal(v) for v in value])
                if not value:
                    head = RDF.nil
                g.add((n, p, head))
            elif isinstance(value, dict):
                g.add((n, p, node_of(value)))
            else:
                g.add((n, p, _literal(value)))
        return n

    root = node_of(tree)
    g.add((root, RDF.type, URIRef(DW_SITUATIE)))
    return g, root, paths


_BY_IRI: dict[int, tuple[dict, dict]] = {}


def _by_iri(ts: dict[str, Term]) -> dict[str, Term]:
    """{IRI: term} for a (cached, long-lived) term dictionary."""
    hit = _BY_IRI.get(id(ts))
    if hit is None or hit[0] is not ts:
        hit = (ts, {t.iri: t for t in ts.values()})
        _BY_IRI[id(ts)] = hit
    return hit[1]


def boom_naar_json(tree: dict) -> dict:
    """Back from tree to contract JSON (used for echoing 'vraag' and for --vergelijk)."""
    terms = top_terms()

    def conv(node: dict, ts: dict[str, Term]) -> dict:
        by_iri = _by_iri(ts)
        out: dict = {}
        for key, value in node.items():
            if key == PAD:
                continue
            t = by_iri[key]
            out[t.key] = conv_value(t, value)
        return out

    def conv_value(t: Term, value: object) -> object:
        if isinstance(value, list):
            return [conv_value(Term(t.key, t.iri, t.datatype, t.vocab, False, t.context), v) for v in value]
        if isinstance(value, dict):
            return conv(value, t.context or {})
        if isinstance(value, Ongeldig):
            return value.ruw
        if t.datatype == "@vocab" and isinstance(value, str):
            return value[len(t.vocab):]
        if isinstance(value, dt.date):
            return value.isoformat()
        return value

    return conv(tree, terms)
