"""`domeinwijzer valideer`: check the whole knowledge base.

Three checks, in this order:

1. SHACL with ``rules/integriteit.ttl`` as shapes graph over the whole knowledge base
   (kb.load_graph(), which includes the shapes file itself; that is harmless).
   Node and property shapes run in pyshacl. The graph-wide SHACL-SPARQL constraints (shapes
   whose SELECT does not use ``$this``, e.g. ``ig:Kennisbank``) run once in pyoxigraph with the
   same query text: pyshacl re-parses a SPARQL query for every focus node and rdflib's engine
   needs minutes for the graph-wide ones. tests/test_integriteit.py checks on a small graph that
   pyshacl and this path report the same nodes.
2. OWL consistency with HermiT (see owl_check.py; skip with ``--geen-owl``).
3. Citations, only when ``../shared`` is present: every checked article version must exist in
   its law version file under ``../shared/wetten`` (domeinwijzer.wettekst), and the line
   numbers of every source fragment must exist in its document under ``../shared/seeds``.

Exit status 0 when there are no errors (warnings are listed but allowed, unless ``--streng``).
"""

from __future__ import annotations

import argparse
import re
import time
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .ns import PREFIXES
from .paths import kb_dir, shared_dir

IG = "https://domeinwijzer.nl/integriteit/"
INTEGRITEIT = "integriteit.ttl"
FOUT = "fout"
WAARSCHUWING = "waarschuwing"

_KORT = sorted(((str(ns), p) for p, ns in {**PREFIXES, "ig": IG}.items()), key=lambda x: -len(x[0]))
_THIS = re.compile(r"[$?]this\b")


def kort(term: Node | None) -> str:
    """A short, readable form of a term: ``art:wlz-3.2.1`` instead of the full IRI."""
    if term is None:
        return "-"
    if isinstance(term, URIRef):
        s = str(term)
        for ns, prefix in _KORT:
            if s.startswith(ns) and len(s) > len(ns):
                return f"{prefix}:{s[len(ns):]}"
        return f"<{s}>"
    if isinstance(term, BNode):
        return "(naamloze knoop)"
    return str(term)


@dataclass(frozen=True)
class Bevinding:
    """One problem found in the knowledge base."""

    ernst: str  # FOUT or WAARSCHUWING
    knoop: Node | None  # the node with the problem
    bericht: str  # Dutch message
    vorm: Node | None = None  # the shape or SPARQL constraint that reported it
    pad: Node | None = None
    waarde: Node | None = None

    def regel(self) -> str:
        label = "FOUT" if self.ernst == FOUT else "let op"
        return f"{label:6} {kort(self.knoop)}: {self.bericht}"


def shapes_pad() -> Path:
    return kb_dir("rules") / INTEGRITEIT


def laad_shapes(pad: Path | None = None) -> Graph:
    g = Graph()
    g.parse(pad or shapes_pad(), format="turtle")
    return g


def _ernst(severity: Node | None) -> str:
    return FOUT if severity in (None, SH.Violation) else WAARSCHUWING


def _bericht(berichten: list[Node]) -> str | None:
    nl = [m for m in berichten if isinstance(m, Literal) and m.language == "nl"]
    kies = nl or [m for m in berichten if isinstance(m, Literal)]
    return str(kies[0]) if kies else None


# ------------------------------------------------------------------ splitting the shapes graph


def graafbrede_constraints(shapes: Graph) -> list[tuple[Node, Node]]:
    """(shape, constraint) for every SPARQL constraint whose query does not use $this."""
    paren = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        select = shapes.value(constraint, SH.select)
        if select is not None and not _THIS.search(str(select)):
            paren.append((shape, constraint))
    return sorted(paren, key=lambda p: (str(p[0]), str(p[1])))


def _zonder(shapes: Graph, paren: list[tuple[Node, Node]]) -> Graph:
    kern = Graph()
    for t in shapes:
        kern.add(t)
    for shape, constraint in paren:
        kern.remove((shape, SH.sparql, constraint))
    return kern


def _prefixen(shapes: Graph, constraint: Node) -> str:
    regels = []
    for p in shapes.objects(constraint, SH.prefixes):
        for d in shapes.objects(p, SH.declare):
            regels.append(f"PREFIX {shapes.value(d, SH.prefix)}: <{shapes.value(d, SH.namespace)}>")
    return "\n".join(sorted(set(regels))) + "\n"


# ------------------------------------------------------------------ pyshacl (node and property shapes)


def _pyshacl(graph: Graph, shapes: Graph) -> list[Bevinding]:
    import pyshacl

    _, rapport, _ = pyshacl.validate(
        graph, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True
    )
    bevindingen = []
    for r in rapport.subjects(RDF.type, SH.ValidationResult):
        vorm = rapport.value(r, SH.sourceConstraint) or rapport.value(r, SH.sourceShape)
        focus = rapport.value(r, SH.focusNode)
        bericht = _bericht(list(rapport.objects(r, SH.resultMessage)))
        if bericht is None:
            bericht = f"voldoet niet aan de controle {kort(rapport.value(r, SH.sourceShape))}."
        waarde = rapport.value(r, SH.value)
        if str(focus).startswith(IG) and waarde is not None:
            focus = waarde  # a graph-wide constraint on the anchor node: ?value is the node at fault
        elif waarde is not None and waarde != focus:
            bericht += f" (waarde: {kort(waarde)})"
        bevindingen.append(Bevinding(
            ernst=_ernst(rapport.value(r, SH.resultSeverity)),
            knoop=focus,
            bericht=bericht,
            vorm=vorm,
            pad=rapport.value(r, SH.resultPath),
            waarde=waarde,
        ))
    return bevindingen


# ------------------------------------------------------------------ graph-wide SPARQL constraints


def oxigraph_store(graph: Graph):
    """An in-memory pyoxigraph store with the triples of ``graph``."""
    import pyoxigraph as ox

    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


def _naar_rdflib(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _vul_in(sjabloon: str, waarden: dict[str, Node]) -> str:
    def vervang(m: re.Match) -> str:
        naam = m.group(1)
        return kort(waarden[naam]) if waarden.get(naam) is not None else m.group(0)

    return re.sub(r"\{[?$](\w+)\}", vervang, sjabloon)


def _graafbreed(graph: Graph, shapes: Graph, paren: list[tuple[Node, Node]]) -> list[Bevinding]:
    if not paren:
        return []
    store = oxigraph_store(graph)
    bevindingen = []
    for shape, constraint in paren:
        if shapes.value(constraint, SH.deactivated) == Literal(True):
            continue
        query = _prefixen(shapes, constraint) + str(shapes.value(constraint, SH.select))
        berichten = list(shapes.objects(constraint, SH.message)) or list(shapes.objects(shape, SH.message))
        sjabloon = _bericht(berichten) or f"voldoet niet aan de controle {kort(constraint)}."
        ernst = _ernst(shapes.value(constraint, SH.severity) or shapes.value(shape, SH.severity))
        oplossingen = store.query(query)
        namen = [v.value for v in oplossingen.variables]
        for rij in oplossingen:
            waarden = {naam: _naar_rdflib(rij[naam]) for naam in namen}
            bevindingen.append(Bevinding(
                ernst=ernst,
                knoop=waarden.get("value"),
                bericht=_vul_in(sjabloon, waarden),
                vorm=constraint,
                pad=waarden.get("path"),
                waarde=waarden.get("value"),
            ))
    return bevindingen


def controleer_shacl(graph: Graph, shapes: Graph | None = None) -> list[Bevinding]:
    """All SHACL results of the integrity shapes over ``graph`` (errors and warnings)."""
    shapes = shapes if shapes is not None else laad_shapes()
    paren = graafbrede_constraints(shapes)
    bevindingen = _pyshacl(graph, _zonder(shapes, paren)) + _graafbreed(graph, shapes, paren)
    return sorted(set(bevindingen), key=lambda b: (b.ernst != FOUT, kort(b.knoop), b.bericht))


# ------------------------------------------------------------------ seed fragments


def controleer_fragmenten(graph: Graph, seeds: Path) -> tuple[int, list[str]]:
    """(number checked, problems): the line numbers of every dw:Bronfragment exist in its seed file."""
    dw = PREFIXES["dw"]
    regels_per_bestand: dict[str, int | None] = {}
    problemen = []
    fragmenten = sorted(set(graph.subjects(RDF.type, dw.Bronfragment)), key=str)
    for f in fragmenten:
        document = graph.value(f, dw.document)
        bestand = graph.value(document, dw.bestand) if document is not None else None
        van, tot = graph.value(f, dw.regelVan), graph.value(f, dw.regelTot)
        if bestand is None or van is None or tot is None:
            continue  # the SHACL shapes report missing fields
        naam = str(bestand)
        if naam not in regels_per_bestand:
            pad = seeds / naam
            regels_per_bestand[naam] = (
                len(pad.read_text(encoding="utf-8").splitlines()) if pad.is_file() else None
            )
        aantal = regels_per_bestand[naam]
        if aantal is None:
            problemen.append(f"{kort(f)}: het brondocument {naam} staat niet in {seeds}.")
        elif not 1 <= int(van) <= int(tot) <= aantal:
            problemen.append(f"{kort(f)}: regels {van}-{tot} bestaan niet in {naam} (dat heeft {aantal} regels).")
    return len(fragmenten), problemen


# ------------------------------------------------------------------ command


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--geen-owl", action="store_true",
                        help="sla de OWL-controle (HermiT, heeft Java nodig) over")
    parser.add_argument("--streng", action="store_true",
                        help="tel waarschuwingen ook als fout")
    parser.add_argument("--alles", action="store_true",
                        help="toon alle waarschuwingen (standaard: vijf van elke soort)")


MAX_PER_SOORT = 5


def _toon_waarschuwingen(waarschuwingen: list[Bevinding], maximum: int | None) -> None:
    """Print warnings, at most ``maximum`` of each kind (shape) unless None."""
    per_soort: dict[Node | None, list[Bevinding]] = {}
    for b in waarschuwingen:
        per_soort.setdefault(b.vorm, []).append(b)
    for lijst in per_soort.values():
        toon = lijst if maximum is None else lijst[:maximum]
        for b in toon:
            print(b.regel())
        if len(lijst) > len(toon):
            print(f"{'':6} ... en nog {len(lijst) - len(toon)} keer dezelfde waarschuwing "
                  f"(gebruik --alles om ze allemaal te zien)")


def run(args: argparse.Namespace) -> int:
    from .kb import load_graph

    begin = time.monotonic()
    if not args.geen_owl:
        from .owl_check import vereis_java

        vereis_java()  # fail before the slow part when Java is missing
    graph = load_graph()
    shapes = laad_shapes()
    bevindingen = controleer_shacl(graph, shapes)
    vormen = len(set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)))
    sparql = len(set(shapes.objects(None, SH.sparql)))
    samenvatting = [f"{len(graph)} triples", f"{vormen} SHACL-vormen en {sparql} SPARQL-controles"]

    if args.geen_owl:
        samenvatting.append("OWL-controle overgeslagen")
    else:
        from .owl_check import controleer_owl

        owl = controleer_owl(graph)
        samenvatting.append(f"{owl.beschrijving}: {owl.uitkomst}")
        bevindingen += [Bevinding(FOUT, None, f"OWL-controle: {p}") for p in owl.problemen]

    if shared_dir() is None:
        samenvatting.append("citaties niet gecontroleerd (map ../shared/wetten ontbreekt)")
    else:
        from .wettekst import controleer_citaties

        problemen = controleer_citaties(graph)
        aantal = len(set(graph.subjects(RDF.type, URIRef(str(PREFIXES["dw"]) + "Artikelversie"))))
        samenvatting.append(f"{aantal} artikelversies vergeleken met de wettekst")
        bevindingen += [Bevinding(FOUT, None, f"citaat: {p}") for p in problemen]
        seeds = shared_dir() / "seeds"
        if seeds.is_dir():
            aantal, problemen = controleer_fragmenten(graph, seeds)
            samenvatting.append(f"{aantal} bronfragmenten vergeleken met de brondocumenten")
            bevindingen += [Bevinding(FOUT, None, f"bronfragment: {p}") for p in problemen]

    fouten = [b for b in bevindingen if b.ernst == FOUT or args.streng]
    waarschuwingen = [b for b in bevindingen if b not in fouten]
    for b in fouten:
        print(b.regel() if b.knoop is not None else f"{'FOUT':6} {b.bericht}")
    _toon_waarschuwingen(waarschuwingen, None if args.alles else MAX_PER_SOORT)
    duur = f"{time.monotonic() - begin:.1f} s"
    if fouten:
        print(f"\nDe kennisbank heeft {len(fouten)} fout(en) en {len(waarschuwingen)} waarschuwing(en). "
              f"({', '.join(samenvatting)}; {duur})")
        return 1
    extra = f" Let op: {len(waarschuwingen)} waarschuwing(en) hierboven." if waarschuwingen else ""
    print(f"De kennisbank is in orde: {', '.join(samenvatting)} ({duur}).{extra}")
    return 0
