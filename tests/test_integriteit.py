"""Integrity shapes (rules/integriteit.ttl): the knowledge base passes, and each important
shape fails when the knowledge base is broken on purpose (mutation tests).

All mutations are applied to one copy of the knowledge base, each on a different node, so the
whole suite needs only two validation runs. Every mutation test also checks that the node was
not reported before the mutation.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from domeinwijzer import kb
from domeinwijzer.ns import DW, DWI, KNELPUNT, PREFIXES
from domeinwijzer.valideer import (
    FOUT,
    IG,
    Bevinding,
    _graafbreed,
    _pyshacl,
    controleer_shacl,
    graafbrede_constraints,
    laad_shapes,
    shapes_pad,
)

ig = lambda name: URIRef(IG + name)  # noqa: E731
VERIFICATIE_V = URIRef(str(PREFIXES["verificatie"]) + "V")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return laad_shapes()


@pytest.fixture(scope="module")
def basis(shapes) -> list[Bevinding]:
    return controleer_shacl(kb.load_graph(), shapes)


def _eerste(g: Graph, klasse, zonder: set = frozenset(), voorwaarde=lambda n: True):
    """The first node (sorted) of a class that is not in ``zonder`` and meets the condition."""
    klassen = set(g.transitive_subjects(RDFS.subClassOf, klasse))
    for n in sorted({n for k in klassen for n in g.subjects(RDF.type, k)}, key=str):
        if n not in zonder and isinstance(n, URIRef) and voorwaarde(n):
            return n
    pytest.fail(f"De kennisbank heeft geen geschikte knoop van klasse {klasse} voor deze test.")


@dataclass
class Mutatie:
    knoop: URIRef
    vorm: URIRef  # the shape or SPARQL constraint that must report the node


def _muteer(g: Graph) -> dict[str, Mutatie]:
    """Break the copy ``g`` in many places; return what each break must trigger."""
    m: dict[str, Mutatie] = {}
    gebruikt: set = set()

    def kies(klasse, voorwaarde=lambda n: True):
        n = _eerste(g, klasse, gebruikt, voorwaarde)
        gebruikt.add(n)
        return n

    v = kies(DW.Voorliggendheid, lambda n: (n, DW.grondslag, None) in g)
    g.remove((v, DW.grondslag, None))
    m["voorliggendheid zonder grondslag"] = Mutatie(v, ig("Grondslag-aanwezig"))

    r = kies(DW.Regel, lambda n: (n, DW.grondslag, None) in g)  # subclass instances count
    g.remove((r, DW.grondslag, None))
    m["regel zonder grondslag"] = Mutatie(r, ig("Grondslag-aanwezig"))

    wetten = {w: str(g.value(w, DW.bwbId)) for w in g.subjects(RDF.type, DW.Wet)}
    dubbel = DWI["test-wet-dubbel"]
    g.add((dubbel, RDF.type, DW.Wet))
    g.add((dubbel, DW.bwbId, Literal(sorted(wetten.values())[0])))
    m["twee wetten met hetzelfde BWB-nummer"] = Mutatie(dubbel, ig("UniekBwbId"))

    a1 = kies(DW.Artikel)
    g.set((a1, DW.bwbId, Literal("BWBR12345")))
    m["artikel met kapot BWB-nummer"] = Mutatie(a1, ig("Artikel-bwbId"))

    a2 = kies(DW.Artikel, lambda n: (n, DW.inWet, None) in g)
    eigen = wetten[g.value(a2, DW.inWet)]
    ander = sorted(b for b in wetten.values() if b != eigen and b.startswith("BWBR"))[0]
    g.set((a2, DW.bwbId, Literal(ander)))
    m["artikel met BWB-nummer van een andere wet"] = Mutatie(a2, ig("Artikel-zelfdeBwbId"))

    av = kies(DW.Artikelversie)
    g.remove((av, DW.geldigVanaf, None))
    g.add((av, DW.geldigVanaf, Literal("1 januari 2021")))
    m["artikelversie met datum als tekst"] = Mutatie(av, ig("Artikelversie-geldigVanaf"))

    av2 = kies(DW.Artikelversie, lambda n: (n, DW.verificatiestatus, VERIFICATIE_V) in g)
    g.remove((av2, DW.gecontroleerdIn, None))
    m["gecontroleerde artikelversie zonder wetsversie"] = Mutatie(av2, ig("ArtikelversieGecontroleerd"))

    av3 = kies(DW.Artikelversie, lambda n: (n, DW.gecontroleerdIn, None) in g)
    eigen_wet = g.value(g.value(av3, DW.versieVan), DW.inWet)
    vreemd = sorted(w for w in g.subjects(RDF.type, DW.Wetsversie) if (w, DW.versieVan, eigen_wet) not in g)[0]
    g.set((av3, DW.gecontroleerdIn, vreemd))
    m["artikelversie nagelezen in een andere wet"] = Mutatie(av3, ig("GecontroleerdInEigenWet"))

    av4 = kies(DW.Artikelversie, lambda n: (n, DW.gecontroleerdIn, None) in g)
    g.set((av4, DW.geldigVanaf, Literal("2099-01-01", datatype=XSD_DATE)))
    g.remove((av4, DW.geldigTot, None))
    m["artikelversie nagelezen buiten haar periode"] = Mutatie(av4, ig("GecontroleerdInGeldigeVersie"))

    wv = kies(DW.Wetsversie, lambda n: (av4, DW.gecontroleerdIn, n) not in g)
    g.remove((wv, DW.geldigVanaf, None))
    m["wetsversie zonder begindatum"] = Mutatie(wv, ig("Wetsversie-geldigVanaf"))

    c = kies(SKOS.Concept, lambda n: (n, SKOS.definition, None) in g)
    g.remove((c, SKOS.definition, None))
    m["begrip zonder uitleg"] = Mutatie(c, ig("Concept-definitie"))

    g.remove((DW.Traject, SKOS.definition, None))
    m["klasse zonder uitleg"] = Mutatie(DW.Traject, ig("TermDefinitie"))

    k = kies(DW.Knelpunt, lambda n: n != KNELPUNT.K9 and (n, DW.afgeleidVan, None) in g)
    g.remove((k, DW.afgeleidVan, None))
    m["knelpunt zonder voorganger"] = Mutatie(k, ig("KnelpuntAfkomst"))

    kg = kies(DW.Kengetal)
    g.remove((kg, DW.peildatum, None))
    g.remove((kg, DW.periode, None))
    m["kengetal zonder datum of periode"] = Mutatie(kg, ig("KengetalTijd"))

    d = kies(DW.Dispuut)
    lezingen = sorted(g.objects(d, DW.lezing), key=str)
    for lz in lezingen[1:]:
        g.remove((d, DW.lezing, lz))
        g.add((DWI["test-dispuut-houder"], DW.lezing, lz))  # keep the readings reachable
    g.add((DWI["test-dispuut-houder"], RDF.type, DW.Dispuut))
    m["dispuut met één lezing"] = Mutatie(d, ig("Dispuut-lezingen"))

    bf = kies(DW.Bronfragment)
    g.remove((bf, DW.regelVan, None))
    m["bronfragment zonder beginregel"] = Mutatie(bf, ig("Bronfragment-regelVan"))

    # a typo in a property name, and a reference to a node that does not exist
    v2 = kies(DW.Voorliggendheid, lambda n: (n, DW.grondslag, None) in g)
    g.add((v2, DW.grondsalg, g.value(v2, DW.grondslag)))
    m["tikfout in een eigenschap"] = Mutatie(v2, ig("TermBestaat"))
    v3 = kies(DW.Voorliggendheid)
    g.add((v3, DW.grondslag, URIRef(str(PREFIXES["art"]) + "wlz-99.99.99")))
    m["verwijzing naar een artikel dat niet bestaat"] = Mutatie(v3, ig("DoelBestaat"))

    # an unreachable concept: in no scheme and referenced by nothing
    los = DWI["test-los-begrip"]
    g.add((los, RDF.type, DW.Zorgvorm))
    g.add((los, SKOS.prefLabel, Literal("los begrip", lang="nl")))
    g.add((los, SKOS.definition, Literal("Een begrip dat nergens bij hoort.", lang="nl")))
    m["begrip zonder lijst"] = Mutatie(los, ig("Concept-schema"))
    m["onbereikbaar begrip"] = Mutatie(los, ig("Bereikbaar"))
    return m


@pytest.fixture(scope="module")
def mutaties(shapes):
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    g += kb.load_graph()
    m = _muteer(g)
    return m, controleer_shacl(g, shapes)


def _gemeld(bevindingen: list[Bevinding], knoop, vorm) -> list[Bevinding]:
    return [b for b in bevindingen if b.knoop == knoop and b.vorm == vorm]


# ------------------------------------------------------------------ the real knowledge base


def test_kennisbank_voldoet_aan_integriteit(basis):
    fouten = [b.regel() for b in basis if b.ernst == FOUT]
    assert not fouten, "Integriteitsfouten in de kennisbank:\n" + "\n".join(fouten)


def test_shapes_hebben_nederlandse_meldingen(shapes):
    with_severity = set(shapes.subjects(SH.severity, None))
    assert len(with_severity) >= 40
    for vorm in with_severity:
        berichten = [m for m in shapes.objects(vorm, SH.message) if isinstance(m, Literal) and m.language == "nl"]
        assert berichten, f"{vorm} heeft geen Nederlandse sh:message"
    for vorm in shapes.subjects(RDF.type, SH.PropertyShape):
        assert (vorm, SH.severity, None) in shapes, f"{vorm} heeft geen sh:severity"


# ------------------------------------------------------------------ mutations

MUTATIES = [
    "voorliggendheid zonder grondslag", "regel zonder grondslag", "twee wetten met hetzelfde BWB-nummer",
    "artikel met kapot BWB-nummer",
    "artikel met BWB-nummer van een andere wet", "artikelversie met datum als tekst",
    "gecontroleerde artikelversie zonder wetsversie", "artikelversie nagelezen in een andere wet",
    "artikelversie nagelezen buiten haar periode", "wetsversie zonder begindatum",
    "begrip zonder uitleg", "klasse zonder uitleg", "knelpunt zonder voorganger",
    "kengetal zonder datum of periode", "dispuut met één lezing", "bronfragment zonder beginregel",
    "tikfout in een eigenschap", "verwijzing naar een artikel dat niet bestaat", "begrip zonder lijst",
    "onbereikbaar begrip",
]


@pytest.mark.parametrize("naam", MUTATIES)
def test_mutatie_wordt_gemeld(naam, basis, mutaties):
    m, na = mutaties
    mut = m[naam]
    assert not _gemeld(basis, mut.knoop, mut.vorm), f"{mut.knoop} werd al gemeld voor de mutatie"
    gemeld = _gemeld(na, mut.knoop, mut.vorm)
    assert gemeld, f"{naam}: {mut.vorm} meldt {mut.knoop} niet"
    assert all(b.ernst == FOUT for b in gemeld)
    assert all(b.bericht and "{?" not in b.bericht for b in gemeld)


def test_alle_mutaties_getest(mutaties):
    assert sorted(mutaties[0]) == sorted(MUTATIES)


def test_k9_mag_zonder_voorganger(basis):
    # K9 is new on the current list: the shape must not ask for its predecessor
    assert not _gemeld(basis, KNELPUNT.K9, ig("KnelpuntAfkomst"))


# ------------------------------------------------------------------ pyshacl agrees with the fast path


def _kleine_graaf() -> Graph:
    """The TBox and concept schemes plus a few broken nodes (small enough for rdflib SPARQL)."""
    g = Graph()
    for naam in ("kern.ttl", "concepten.ttl"):
        g.parse(kb.kb_dir("ontology") / naam, format="turtle")
    wet = URIRef(str(PREFIXES["wet"]) + "testwet")
    art = URIRef(str(PREFIXES["art"]) + "testwet-1")
    versie = URIRef(str(art) + "-v2021-01-01")
    g.add((wet, RDF.type, DW.Wet))
    g.add((wet, DW.bwbId, Literal("BWBR0000001")))
    g.add((art, RDF.type, DW.Artikel))  # nothing cites it: a warning (ig:Gebruikt)
    g.add((art, DW.inWet, wet))
    g.add((art, DW.bwbId, Literal("BWBR0000001")))
    g.add((art, DW.artikelnummer, Literal("1")))
    g.add((art, DW.heeftVersie, versie))
    g.add((versie, RDF.type, DW.Artikelversie))
    g.add((versie, DW.versieVan, art))
    g.add((versie, DW.geldigVanaf, Literal("2021-01-01", datatype=XSD_DATE)))
    g.add((versie, DW.jci, Literal("jci1.3:c:BWBR0000002&artikel=1&g=2020-01-01")))  # wrong BWB, date
    lezing = DWI["test-lezing"]  # referenced by nothing
    g.add((lezing, RDF.type, DW.Lezing))
    g.add((lezing, DW.standpunt, Literal("iets", lang="nl")))
    g.add((lezing, DW.bron, DWI["bestaat-niet"]))  # dangling
    g.add((lezing, DW.tikfout, Literal("x")))  # undeclared term
    g.add((BNode(), RDFS.label, Literal("los")))
    return g


def test_pyshacl_en_oxigraph_geven_dezelfde_graafbrede_uitkomst(shapes):
    g = _kleine_graaf()
    paren = graafbrede_constraints(shapes)
    assert {str(c).removeprefix(IG) for _, c in paren} >= {"Bereikbaar", "DoelBestaat", "TermBestaat"}
    # only the graph-wide constraints, evaluated by pyshacl (reference) and by pyoxigraph
    alleen = Graph()
    for t in shapes:
        alleen.add(t)
    for s in set(shapes.subjects(RDF.type, SH.NodeShape)) - {s for s, _ in paren}:
        for doel in (SH.targetClass, SH.targetSubjectsOf, SH.targetNode, SH.targetObjectsOf):
            alleen.remove((s, doel, None))
    referentie = {(b.vorm, b.knoop) for b in _pyshacl(g, alleen)}
    snel = {(b.vorm, b.knoop) for b in _graafbreed(g, shapes, paren)}
    assert snel == referentie
    assert (ig("JciPastBijArtikel"), URIRef(str(PREFIXES["art"]) + "testwet-1-v2021-01-01")) in snel
    assert (ig("Bereikbaar"), DWI["test-lezing"]) in snel
    assert (ig("DoelBestaat"), DWI["test-lezing"]) in snel
    assert (ig("TermBestaat"), DWI["test-lezing"]) in snel


def test_shapesbestand_staat_in_de_kennisbank():
    assert shapes_pad() in kb.kb_files()


def test_regelnummers_van_bronfragmenten_bestaan(tmp_path):
    from domeinwijzer.valideer import controleer_fragmenten

    (tmp_path / "000_test.txt").write_text("een\ntwee\ndrie\n", encoding="utf-8")
    g = Graph()
    doc, ander = DWI["test-doc"], DWI["test-doc-zonder-bestand"]
    g.add((doc, DW.bestand, Literal("000_test.txt")))
    g.add((ander, DW.bestand, Literal("999_bestaat_niet.txt")))
    for naam, document, van, tot in (("goed", doc, 2, 3), ("te-ver", doc, 3, 4), ("weg", ander, 1, 1)):
        f = DWI[f"test-fragment-{naam}"]
        g.add((f, RDF.type, DW.Bronfragment))
        g.add((f, DW.document, document))
        g.add((f, DW.regelVan, Literal(van)))
        g.add((f, DW.regelTot, Literal(tot)))
    aantal, problemen = controleer_fragmenten(g, tmp_path)
    assert aantal == 3
    assert len(problemen) == 2
    assert any("test-fragment-te-ver" in p and "3-4" in p for p in problemen)
    assert any("test-fragment-weg" in p and "999_bestaat_niet.txt" in p for p in problemen)
