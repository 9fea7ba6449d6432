"""OWL consistency check of the knowledge base with the HermiT reasoner (owlready2, needs Java).

What the reasoner sees (decision): *classes and types, without date values*.

* TBox: the logical axioms of every class and object property in the graph (subclass,
  equivalence, disjointness, domain and range of object properties, inverse and
  subproperties, restrictions, unions and ``owl:oneOf``), with the blank nodes they use.
  Labels, definitions and other annotations are left out: they do not change the logic.
* ABox: every node typed with a class (``rdf:type``), and the object-property links between
  such nodes. Blank-node individuals get a stable IRI (``urn:domeinwijzer:knoop:...``).
* Left out: all literal values (dates, numbers, texts) and datatype properties. owlready2
  rejects some ``xsd:date`` literals, and our dates and numbers are checked by SHACL
  (rules/integriteit.ttl) already. Also left out: SHACL nodes (``sh:`` classes and
  properties), so a decision rule counts as an individual of its ``dw:Regel`` class only.

The reduced graph is written as N-Triples to a temporary folder (never into the repository).
HermiT (the copy that ships with owlready2) then reports an inconsistent ontology or the
unsatisfiable classes. By default we call HermiT's command line with ``-U``: owlready2's
``sync_reasoner`` always asks HermiT to classify every property and realise every individual
too (``-c -O -D -I``), which takes about 16 s instead of 5 s on the whole knowledge base and
adds nothing to the verdict. ``controleer_owl(graph, via_owlready=True)`` takes the owlready2
route (``sync_reasoner_hermit`` in a fresh World; ``OwlReadyInconsistentOntologyError`` means
inconsistent, ``World.inconsistent_classes()`` lists the unsatisfiable classes); the tests check
that both routes agree. Because HermiT does not say *which* node is at fault, a small Python
pass names the individuals typed with two disjoint classes.

A value of an object property that is a literal, or an IRI value of a datatype property, is a
modelling error: it is reported and the triple is left out.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

from .fouten import DomeinwijzerFout

BESCHRIJVING = "OWL-controle: klassen en typen, zonder datumwaarden"
SKOLEM = "urn:domeinwijzer:knoop:"

_KLASSE_TYPES = {OWL.Class, RDFS.Class}
_OBJECT_PROPERTY_TYPES = {
    OWL.ObjectProperty, OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.AsymmetricProperty,
    OWL.ReflexiveProperty, OWL.IrreflexiveProperty, OWL.InverseFunctionalProperty,
}
_ANDERE_PROPERTY_TYPES = {OWL.DatatypeProperty, OWL.AnnotationProperty}
_META_TYPES = (
    _KLASSE_TYPES | _OBJECT_PROPERTY_TYPES | _ANDERE_PROPERTY_TYPES
    | {RDF.Property, OWL.FunctionalProperty, OWL.Restriction, OWL.AllDisjointClasses,
       OWL.AllDifferent, OWL.Ontology, RDFS.Datatype, OWL.NamedIndividual, RDF.List,
       OWL.AllDisjointProperties}
)
# predicates that carry logic in a TBox
_TBOX_PREDICATES = {
    RDF.type, RDF.first, RDF.rest, RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range,
    OWL.equivalentClass, OWL.disjointWith, OWL.unionOf, OWL.intersectionOf, OWL.complementOf,
    OWL.oneOf, OWL.inverseOf, OWL.propertyDisjointWith, OWL.onProperty, OWL.someValuesFrom,
    OWL.allValuesFrom, OWL.hasValue, OWL.onClass, OWL.members, OWL.distinctMembers,
    OWL.disjointUnionOf, OWL.equivalentProperty, OWL.cardinality, OWL.minCardinality,
    OWL.maxCardinality, OWL.qualifiedCardinality, OWL.minQualifiedCardinality,
    OWL.maxQualifiedCardinality,
}
_NIET_ABOX_NS = (str(RDF), str(RDFS), str(OWL), str(SH))


@dataclass
class OwlUitslag:
    consistent: bool
    onvervulbaar: list[str] = field(default_factory=list)  # unsatisfiable classes
    problemen: list[str] = field(default_factory=list)  # Dutch messages (errors)
    individuen: int = 0
    triples: int = 0
    duur: float = 0.0
    beschrijving: str = BESCHRIJVING

    @property
    def in_orde(self) -> bool:
        return self.consistent and not self.onvervulbaar and not self.problemen

    @property
    def uitkomst(self) -> str:
        if not self.consistent:
            return "NIET consistent"
        if self.onvervulbaar or self.problemen:
            return f"{len(self.onvervulbaar) + len(self.problemen)} probleem/problemen"
        return f"consistent ({self.individuen} individuen, {self.triples} triples, {self.duur:.1f} s)"


@dataclass
class _Reductie:
    graph: Graph
    individuen: set
    problemen: list[str]
    disjunct: list[str]


def _kort(term) -> str:
    from .valideer import kort

    if isinstance(term, URIRef) and str(term).startswith(SKOLEM):
        return "(naamloze knoop)"
    return kort(term)


def reduceer(graph: Graph) -> _Reductie:
    """The part of ``graph`` that the reasoner gets: TBox logic, types and object links."""
    klassen = {s for t in _KLASSE_TYPES for s in graph.subjects(RDF.type, t)}
    klassen |= {o for o in graph.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    objprops = {s for t in _OBJECT_PROPERTY_TYPES for s in graph.subjects(RDF.type, t)}
    andere_props = {s for t in _ANDERE_PROPERTY_TYPES for s in graph.subjects(RDF.type, t)}
    schema = klassen | objprops | andere_props
    schema |= {s for t in _META_TYPES - {OWL.NamedIndividual} for s in graph.subjects(RDF.type, t)}

    uit = Graph()
    problemen: list[str] = []

    # TBox: logical triples of classes and object properties, and the blank nodes they use
    todo = [s for s in klassen | objprops] + list(graph.subjects(RDF.type, OWL.AllDisjointClasses))
    gezien = set()
    while todo:
        s = todo.pop()
        if s in gezien:
            continue
        gezien.add(s)
        for p, o in graph.predicate_objects(s):
            if p not in _TBOX_PREDICATES or isinstance(o, Literal) and p not in _KARDINALITEIT:
                continue
            if p == RDF.type and o not in _META_TYPES:
                continue  # punning (a class that is also an individual) stays out
            if p in (RDFS.domain, RDFS.range) and s not in objprops:
                continue  # datatype and annotation properties: their values are left out
            uit.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    for k in klassen:
        if isinstance(k, URIRef):
            uit.add((k, RDF.type, OWL.Class))
    for p in objprops:
        uit.add((p, RDF.type, OWL.ObjectProperty))

    # ABox: individuals and their types
    def naam(node):
        return URIRef(SKOLEM + str(node)) if isinstance(node, BNode) else node

    individuen = set()
    for s, o in graph.subject_objects(RDF.type):
        if s in schema or o in _META_TYPES or str(o).startswith(str(SH)) or isinstance(o, Literal):
            continue
        if isinstance(o, BNode):
            continue
        individuen.add(s)
        uit.add((naam(s), RDF.type, o))
        if o not in klassen:
            uit.add((o, RDF.type, OWL.Class))
    for s in individuen:
        uit.add((naam(s), RDF.type, OWL.NamedIndividual))

    # ABox: links between nodes
    extra_props = set()
    for s in individuen:
        for p, o in graph.predicate_objects(s):
            if p == RDF.type or str(p).startswith(_NIET_ABOX_NS):
                continue
            if p in andere_props:
                if not isinstance(o, Literal):
                    problemen.append(f"{_kort(s)}: {_kort(p)} verwacht een tekst of getal, maar heeft {_kort(o)}.")
                continue
            if isinstance(o, Literal):
                if p in objprops:
                    problemen.append(f"{_kort(s)}: {_kort(p)} verwijst naar een knoop, maar heeft de tekst '{o}'.")
                continue
            if isinstance(o, BNode) and o not in individuen:
                continue  # e.g. a SHACL list inside a rule
            if p not in objprops:
                extra_props.add(p)
            uit.add((naam(s), p, naam(o)))
    for p in extra_props:
        uit.add((p, RDF.type, OWL.ObjectProperty))

    return _Reductie(uit, individuen, problemen, _disjunct(graph, individuen))


_KARDINALITEIT = {
    OWL.cardinality, OWL.minCardinality, OWL.maxCardinality, OWL.qualifiedCardinality,
    OWL.minQualifiedCardinality, OWL.maxQualifiedCardinality,
}


def _disjunct(graph: Graph, individuen: set) -> list[str]:
    """Individuals typed (directly or through subclasses) with two disjoint classes."""
    paren = set()
    for a, b in graph.subject_objects(OWL.disjointWith):
        paren.add(frozenset((a, b)))
    for groep in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        lijst = graph.value(groep, OWL.members)
        if lijst is None:
            continue
        leden = list(Collection(graph, lijst))
        paren |= {frozenset((x, y)) for i, x in enumerate(leden) for y in leden[i + 1:]}
    if not paren:
        return []
    meldingen = []
    for s in sorted(individuen, key=str):
        typen = set()
        for t in graph.objects(s, RDF.type):
            typen |= set(graph.transitive_objects(t, RDFS.subClassOf))
        for paar in paren:
            if len(paar) == 2 and paar <= typen:
                a, b = sorted(paar, key=str)
                meldingen.append(
                    f"{_kort(s)} is zowel {_kort(a)} als {_kort(b)}, maar die klassen sluiten elkaar uit."
                )
    return meldingen


def java_pad() -> str | None:
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) or shutil.which("java")


def vereis_java() -> str:
    """The path of the java program; a Dutch error when there is none."""
    java = java_pad()
    if java is None:
        raise DomeinwijzerFout(
            "De OWL-controle heeft Java nodig, maar Java is niet gevonden. "
            "Installeer Java (bijvoorbeeld het pakket default-jre-headless), "
            "of sla deze controle over met --geen-owl."
        )
    return java


def _hermit_classpath() -> str:
    import owlready2

    hermit = Path(owlready2.__file__).resolve().parent / "hermit"
    return f"{hermit}{os.pathsep}{hermit / 'HermiT.jar'}"


def _onvervulbaar(uitvoer: str) -> list[str]:
    """Parse HermiT's ``-U`` output: one class IRI per tab-indented line."""
    klassen = []
    for regel in uitvoer.splitlines():
        regel = regel.strip()
        if regel.startswith("<") and regel.endswith(">"):
            klassen.append(regel[1:-1])
    return [k for k in klassen if k != str(OWL.Nothing)]


def _hermit_snel(java: str, pad: Path) -> tuple[bool, list[str]]:
    """(consistent, unsatisfiable class IRIs) from HermiT's command line with ``-U``."""
    import owlready2

    opdracht = [java, f"-Xmx{owlready2.reasoning.JAVA_MEMORY}M", "-cp", _hermit_classpath(),
                "org.semanticweb.HermiT.cli.CommandLine", "-U", pad.as_uri()]
    proces = subprocess.run(opdracht, capture_output=True, text=True, timeout=300)
    if proces.returncode != 0:
        if "InconsistentOntologyException" in proces.stderr or "Inconsistent ontology" in proces.stderr:
            return False, []
        raise DomeinwijzerFout(f"De OWL-controle (HermiT) liep vast: {proces.stderr.strip()[:300]}")
    return True, _onvervulbaar(proces.stdout)


def _hermit_owlready(pad: Path) -> tuple[bool, list[str]]:
    """The same through owlready2's sync_reasoner (HermiT -c -O -D -I: also classifies and realises)."""
    import owlready2

    world = owlready2.World()
    try:
        world.get_ontology(pad.as_uri()).load(format="ntriples")
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError:
        return False, []
    except owlready2.OwlReadyJavaError as fout:
        raise DomeinwijzerFout(f"De OWL-controle (HermiT) liep vast: {str(fout).strip()[:300]}") from fout
    else:
        return True, [k.iri for k in world.inconsistent_classes() if k.iri != str(OWL.Nothing)]
    finally:
        world.close()


def controleer_owl(graph: Graph, via_owlready: bool = False) -> OwlUitslag:
    """Run HermiT over the reduced graph. Raises DomeinwijzerFout when Java is missing.

    By default HermiT runs from its command line with ``-U`` (consistency and unsatisfiable
    classes only, about 5 s for the whole knowledge base). ``via_owlready=True`` goes through
    owlready2's ``sync_reasoner_hermit``, which always classifies all properties and realises
    every individual as well (three times slower, same verdict); the tests use both.
    """
    java = vereis_java()
    import owlready2

    owlready2.JAVA_EXE = java
    begin = time.monotonic()
    red = reduceer(graph)
    uitslag = OwlUitslag(consistent=True, individuen=len(red.individuen), triples=len(red.graph))
    uitslag.problemen += red.problemen
    with tempfile.TemporaryDirectory(prefix="domeinwijzer-owl-") as tmp:
        pad = Path(tmp) / "kennisbank.nt"
        red.graph.serialize(pad, format="nt", encoding="utf-8")
        consistent, klassen = _hermit_owlready(pad) if via_owlready else _hermit_snel(java, pad)
    uitslag.consistent = consistent
    if not consistent:
        uitslag.problemen.append("de kennisbank is logisch tegenstrijdig (HermiT vindt een inconsistentie).")
        uitslag.problemen += red.disjunct
    uitslag.onvervulbaar = sorted(_kort(URIRef(k)) for k in klassen)
    uitslag.problemen += [f"de klasse {k} kan geen leden hebben (onvervulbaar)." for k in uitslag.onvervulbaar]
    uitslag.duur = time.monotonic() - begin
    return uitslag
