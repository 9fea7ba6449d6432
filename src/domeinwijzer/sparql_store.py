"""The SPARQL dataset behind `domeinwijzer vraag` and `domeinwijzer serveer`.

Default graph: the whole knowledge base (ontology/*.ttl and rules/*.ttl, parsed once with rdflib
so the rdflib baseline and pyoxigraph see the same triples). Named graphs: the explanation (PROV-O)
of every worked case in tests/cases/*.yaml, one graph per case at <https://domeinwijzer.nl/uitleg/<id>>.

Results are turned into a neutral form (`Resultaat`) so the CLI, the endpoint and the tests can
compare pyoxigraph and rdflib answers without caring which engine produced them.
"""

from __future__ import annotations

import re
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .ns import BASE

UITLEG_BASE = BASE + "uitleg/"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# A term in neutral form: ("uri", iri) | ("bnode", id) | ("literal", lexical, datatype|None, lang|None)
Term = tuple


@dataclass
class Resultaat:
    """The answer of one query: SELECT rows, an ASK boolean or CONSTRUCT/DESCRIBE triples."""

    soort: str  # "select" | "ask" | "graph"
    variabelen: list[str] = field(default_factory=list)
    rijen: list[tuple] = field(default_factory=list)  # select: tuples of Term|None; graph: (s, p, o)
    boolean: bool | None = None
    afgekapt: bool = False  # True when more rows existed than the limit allowed


def uitleg_graaf_iri(case_id: str) -> str:
    return UITLEG_BASE + urllib.parse.quote(str(case_id), safe="-._~")


# --------------------------------------------------------------------------- building the dataset


def kb_ntriples() -> bytes:
    """The knowledge base as N-Triples (via the shared rdflib loader)."""
    from .kb import load_graph

    return load_graph().serialize(format="nt", encoding="utf-8")


def uitleg_ntriples() -> dict[str, bytes]:
    """Explanation graph (N-Triples) per worked case; empty when the classifier is not there yet."""
    try:
        from .casussen import laad_casussen
        from .engine import classifier
        from .uitleg import antwoord_graph
    except ImportError:
        return {}
    out: dict[str, bytes] = {}
    try:
        clf = classifier()
        for case in laad_casussen():
            g = antwoord_graph(clf.classificeer(case["situatie"]), clf)
            out[str(case["id"])] = g.serialize(format="nt", encoding="utf-8")
    except Exception as exc:  # the KB still serves without explanations; say so
        print(
            f"Let op: de uitleg van de testcasussen ontbreekt, want de beslisregels konden niet worden geladen "
            f"({type(exc).__name__}).",
            file=sys.stderr,
        )
        return {}
    return out


def nquads(met_uitleg: bool = True) -> bytes:
    """The whole dataset as N-Quads: KB in the default graph, explanations in named graphs."""
    return store(met_uitleg).dump(format=ox.RdfFormat.N_QUADS)


def _bouw(met_uitleg: bool) -> ox.Store:
    store = ox.Store()
    store.load(kb_ntriples(), format=ox.RdfFormat.N_TRIPLES)
    if met_uitleg:
        for case_id, data in uitleg_ntriples().items():
            store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(uitleg_graaf_iri(case_id)))
    return store


def store(met_uitleg: bool = True) -> ox.Store:
    """The in-memory pyoxigraph store of the dataset (built once per process; treat as read-only)."""
    return _store(bool(met_uitleg))


@lru_cache(maxsize=2)
def _store(met_uitleg: bool) -> ox.Store:
    return _bouw(met_uitleg)


def store_uit_dump(pad: str | Path) -> ox.Store:
    """A fresh in-memory store loaded from an N-Quads dump (used by endpoint workers)."""
    s = ox.Store()
    s.load(path=str(pad), format=ox.RdfFormat.N_QUADS)
    return s


def rdflib_dataset(met_uitleg: bool = True):
    """The same dataset as an rdflib Dataset (benchmark baseline)."""
    return _rdflib_dataset(bool(met_uitleg))


@lru_cache(maxsize=2)
def _rdflib_dataset(met_uitleg: bool):
    import warnings

    from rdflib import Dataset

    ds = Dataset()
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own internal use of default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        ds.parse(data=nquads(met_uitleg), format="nquads")
    return ds


# --------------------------------------------------------------------------- running a query


def _ox_term(t) -> Term | None:
    if t is None:
        return None
    if isinstance(t, ox.NamedNode):
        return ("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return ("bnode", t.value)
    if isinstance(t, ox.Literal):
        dt = t.datatype.value if t.datatype is not None else None
        lang = t.language
        if lang or dt in (XSD_STRING, RDF_LANGSTRING):
            dt = None
        return ("literal", t.value, dt, lang)
    return ("literal", str(t), None, None)  # RDF-star triple terms: shown as text


def _rdflib_term(t) -> Term | None:
    from rdflib import BNode, Literal, URIRef

    if t is None:
        return None
    if isinstance(t, URIRef):
        return ("uri", str(t))
    if isinstance(t, BNode):
        return ("bnode", str(t))
    if isinstance(t, Literal):
        dt = str(t.datatype) if t.datatype is not None else None
        lang = t.language
        if lang or dt in (XSD_STRING, RDF_LANGSTRING):
            dt = None
        return ("literal", str(t), dt, lang)
    return ("literal", str(t), None, None)


def voer_uit(query: str, st: ox.Store | None = None, max_rijen: int | None = None) -> Resultaat:
    """Run a SPARQL query with pyoxigraph on the dataset (or on `st`)."""
    st = store() if st is None else st
    res = st.query(query)
    if isinstance(res, ox.QueryBoolean):
        return Resultaat("ask", boolean=bool(res))
    if isinstance(res, ox.QuerySolutions):
        variabelen = [v.value for v in res.variables]
        rijen, afgekapt = _begrensd(res, max_rijen, lambda sol: tuple(_ox_term(sol[v]) for v in variabelen))
        return Resultaat("select", variabelen, rijen, afgekapt=afgekapt)
    triples, afgekapt = _begrensd(
        res, max_rijen, lambda t: (_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)))
    return Resultaat("graph", ["subject", "predicate", "object"], triples, afgekapt=afgekapt)


def _begrensd(items, max_rijen: int | None, zet) -> tuple[list[tuple], bool]:
    """At most max_rijen converted items, and whether there were more (the result limit)."""
    out: list[tuple] = []
    for item in items:
        if max_rijen is not None and len(out) >= max_rijen:
            return out, True
        out.append(zet(item))
    return out, False


def voer_uit_rdflib(query: str, ds=None) -> Resultaat:
    """Run the same query with rdflib's in-memory evaluator (baseline for the benchmark)."""
    import warnings

    ds = rdflib_dataset() if ds is None else ds
    with warnings.catch_warnings():  # rdflib 7.6 warns about its own use of Dataset.default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        return _rdflib_resultaat(ds.query(query))


def _rdflib_resultaat(res) -> Resultaat:
    if res.type == "ASK":
        return Resultaat("ask", boolean=bool(res.askAnswer))
    if res.type == "SELECT":
        variabelen = [str(v) for v in res.vars]
        rijen = [tuple(_rdflib_term(row[i]) for i in range(len(variabelen))) for row in res]
        return Resultaat("select", variabelen, rijen)
    triples = [tuple(_rdflib_term(x) for x in t) for t in res.graph]
    return Resultaat("graph", ["subject", "predicate", "object"], triples)


def genormaliseerd(res: Resultaat) -> list:
    """Rows comparable across engines and processes: blank node ids and GROUP_CONCAT order may differ."""
    rows = []
    for rij in res.rijen:
        cells = []
        for t in rij:
            if t is None:
                cells.append(None)
            elif t[0] == "literal":
                cells.append(("literal", tuple(sorted(re.split(r"[,;] ", t[1]))), t[2], t[3]))
            else:
                cells.append(t if t[0] != "bnode" else ("bnode",))
        rows.append(tuple(cells))
    return sorted(rows, key=repr)


def vraag_tekst(naam: str, waarden: dict[str, str] | None = None) -> str:
    """The ready-to-run text of a named query (parameters substituted safely)."""
    from .vragen import laad_vragen

    return laad_vragen()[naam].bereid(waarden or {})


def voer_vraag_uit(naam: str, waarden: dict[str, str] | None = None, engine: str = "oxigraph") -> Resultaat:
    """Run a named query with pyoxigraph (default) or rdflib ("rdflib")."""
    tekst = vraag_tekst(naam, waarden)
    if engine == "rdflib":
        return voer_uit_rdflib(tekst)
    return voer_uit(tekst)


def tijd_vraag(naam: str, engine: str, herhalingen: int = 5) -> list[float]:
    """Wall-clock seconds of `herhalingen` runs of a named query (after one warm-up)."""
    tekst = vraag_tekst(naam)
    run = voer_uit_rdflib if engine == "rdflib" else voer_uit
    run(tekst)
    tijden = []
    for _ in range(herhalingen):
        t0 = time.perf_counter()
        run(tekst)
        tijden.append(time.perf_counter() - t0)
    return tijden
