"""Reference semantics: the same rules and input shapes, evaluated by pyshacl.

Slow (tens of milliseconds per situation) but independent of the compiled evaluator in
:mod:`shacl_subset`. Each rule condition is rewritten into a *certain* and a *possible* shape
(:func:`shacl_subset.rewrite`); pyshacl validates both, which gives the three values
zeker / onbekend / niet. The answer is assembled by the same code as the production path, so a
difference in any answer means a difference in how a condition was evaluated.
"""

from __future__ import annotations

from functools import lru_cache

import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from . import situatie as sit
from .engine import VRAAGTYPE, Classifier, classifier
from .ns import DW
from .shacl_subset import rewrite

SUPPORT_PREDICATES = {RDF.type, RDFS.subClassOf, SKOS.inScheme}


class Referentie:
    def __init__(self, clf: Classifier | None = None):
        self.clf = clf or classifier()
        g = self.clf.graph
        # One shapes graph per kind of question: a rule for another kind of question cannot
        # change the answer, and pyshacl's cost grows with the number of shapes.
        self.shapes: dict[str, Graph] = {}
        self.top: dict = {}  # top shape -> (rule IRI, mode)
        self.regels_per_vraag: dict[str, list[str]] = {}
        for vt in (str(DW.VraagZorgvorm), str(DW.VraagCoordinatietaak), str(DW.VraagInclusie)):
            sg = Graph()
            rules = [r for r in self.clf.regels if r.vraagtype in (None, vt)]
            self.regels_per_vraag[vt] = [r.iri for r in rules]
            for r in rules:
                for mode in ("certain", "possible"):
                    inner = rewrite(g, r.voorwaarde_iri, mode, sg)
                    top = URIRef(f"urn:domeinwijzer:regelvorm:{len(self.top)}")
                    sg.add((top, RDF.type, SH.NodeShape))
                    sg.add((top, SH.targetClass, DW.Situatie))
                    sg.add((top, SH.node, inner))
                    self.top[top] = (r.iri, mode)
            self.shapes[vt] = sg
        # closed-world knowledge the shapes may look up (types, schemes, and any non-situation step)
        steps = {URIRef(s) for ps in _all_props(self.clf) for s in ps.path if s.startswith("http")}
        situation_props = {URIRef(t.iri) for chain in sit.fact_paths().values() for t in chain}
        preds = SUPPORT_PREDICATES | (steps - situation_props)
        self.support = Graph()
        for p in preds:
            for s, o in g.subject_objects(p):
                self.support.add((s, p, o))
        self.input_shapes = _input_shapes_graph()

    def _data(self, tree: dict) -> Graph:
        data = Graph()
        for t in self.support:  # the closed-world lookups travel with the data
            data.add(t)
        sit.naar_graaf(tree, data)
        return data

    def statussen(self, tree: dict) -> dict[str, bool | None]:
        """Status of every rule that can matter for this situation's kind of question."""
        vt = next((VRAAGTYPE[k] for k in tree.get(str(DW.vraag), {}) if k in VRAAGTYPE), str(DW.VraagZorgvorm))
        data = self._data(tree)
        conforms, report, _ = pyshacl.validate(
            data, shacl_graph=self.shapes[vt], inference="none",
            advanced=False, allow_infos=True, allow_warnings=True)
        failed = set()
        if not conforms:
            for res in report.subjects(RDF.type, SH.ValidationResult):
                src = report.value(res, SH.sourceShape)
                if src in self.top:
                    failed.add(self.top[src])
        out: dict[str, bool | None] = {}
        for iri in self.regels_per_vraag[vt]:
            if (iri, "certain") not in failed:
                out[iri] = True
            elif (iri, "possible") not in failed:
                out[iri] = None
            else:
                out[iri] = False
        return out

    def invoer_geldig(self, tree: dict) -> bool:
        conforms, _report, _ = pyshacl.validate(self._data(tree), shacl_graph=self.input_shapes, inference="none")
        return bool(conforms)

    def antwoord(self, tree: dict) -> dict:
        return self.clf.antwoord(tree, statusfn=self.statussen)

    def shacl_af_vuurt(self, tree: dict) -> set[str]:
        """Rules that fire when pyshacl runs the SHACL-AF rules of rules/ as written."""
        data = Graph()
        for t in self.support:
            data.add(t)
        _, root, _ = sit.naar_graaf(tree, data)
        rules = Graph()
        g = self.clf.graph
        for r in self.clf.regels:
            _copy_closure(g, URIRef(r.iri), rules)
        pyshacl.validate(data, shacl_graph=rules, advanced=True, inplace=True, inference="none")
        return {str(o) for o in data.objects(root, DW.vuurt)}


def _all_props(clf: Classifier):
    seen, out = set(), []

    def walk(ns):
        if id(ns) in seen:
            return
        seen.add(id(ns))
        for p in ns.props:
            out.append(p)
            for sub in (p.node_shape, p.qualified):
                if sub is not None:
                    walk(sub)
        for x in ns.and_ + ns.or_ + ns.not_ + ns.xone:
            walk(x)

    for r in clf.regels:
        walk(r.voorwaarde)
    for s in clf.invoer:
        walk(s)
    return out


def _copy_closure(src: Graph, node, dst: Graph) -> None:
    todo, seen = [node], set()
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        for p, o in src.predicate_objects(n):
            dst.add((n, p, o))
            # follow blank nodes and named shapes (also inside sh:and/sh:or lists via rdf:first)
            if isinstance(o, BNode) or (isinstance(o, URIRef) and p in (
                    SH.condition, SH.node, SH.qualifiedValueShape, SH["not"], RDF.first)
                    and (o, RDF.type, DW.Regel) not in src):
                todo.append(o)


@lru_cache(maxsize=1)
def _input_shapes_graph() -> Graph:
    from .paths import kb_dir

    g = Graph()
    g.parse(kb_dir("rules") / "invoer.ttl")
    return g


@lru_cache(maxsize=1)
def referentie() -> Referentie:
    return Referentie()
