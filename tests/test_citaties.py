"""Statute citations: every Artikelversie must exist in the law version file it was checked in.

The law texts live in ../shared/wetten (read-only reference data). Without them the
citation checks cannot run; that is the one documented skip.
"""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from domeinwijzer import kb, wettekst
from domeinwijzer.ns import ART, DW, WET

JCI = re.compile(
    r"^jci1\.3:c:BWBR\d{7}&artikel=[^&]+(&lid=\d+[a-z]?)?(&onderdeel=[a-z0-9°]+)?&g=\d{4}-\d{2}-\d{2}$"
)
SKIP = "../shared/wetten ontbreekt: citaties niet gecontroleerd"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


def _wetten_of_skip():
    base = wettekst.wetten_dir()
    if base is None:
        pytest.skip(SKIP)
    return base


@pytest.fixture(scope="module")
def wetten():
    return _wetten_of_skip()


def test_zonder_wetten_een_duidelijke_skip(monkeypatch):
    monkeypatch.setattr(wettekst, "wetten_dir", lambda: None)
    with pytest.raises(pytest.skip.Exception, match="ontbreekt: citaties niet gecontroleerd"):
        _wetten_of_skip()


@pytest.fixture(scope="module")
def graph() -> Graph:
    return kb.load_graph()


def _copy(g: Graph) -> Graph:
    c = Graph()
    for t in g:
        c.add(t)
    return c


def _artikelversies(g: Graph):
    return sorted(set(g.subjects(RDF.type, DW.Artikelversie)), key=str)


# ---------------------------------------------------------------- parser (no shared data needed)

PER_LID = """---
bwb_id: BWBR0000001
valid_from: '2020-01-01'
articles:
  - number: 3.2.1.1
    text: Eerste lid.
    url: https://wetten.overheid.nl/BWBR0000001/2020-01-01#Artikel3.2.1
  - number: 3.2.1.1.a
    text: onderdeel a;
    url: https://wetten.overheid.nl/BWBR0000001/2020-01-01#Artikel3.2.1
  - number: 3.2.1.2
    text: Tweede lid.
    url: https://wetten.overheid.nl/BWBR0000001/2020-01-01#Artikel3.2.1
  - number: 1:1.3
    text: Wvggz-achtig lid.
    url: https://wetten.overheid.nl/BWBR0000001/2020-01-01#Artikel11
  - number: '2.5'
    text: Artikel zonder leden.
    url: https://wetten.overheid.nl/BWBR0000001/2020-01-01#Artikel2.5
"""

PER_ARTIKEL = """---
bwb_id: BWBR0000002
valid_from: '2026-01-01'
articles:
  - number: '24'
    text: |-
      1 De rechten zijn opgeschort
      gedurende detentie.

      2 Het eerste lid is niet van toepassing:

      a. bij een voorwaarde;

      b. bij iets anders.
    url: https://wetten.overheid.nl/BWBR0000002/2026-01-01#Artikel24
  - number: '10'
    text: |-
      Het risico omvat:

      a. zorg;

      b. verblijf.
    url: https://wetten.overheid.nl/BWBR0000002/2026-01-01#Artikel10
"""


def test_parser_per_lid_layout():
    wt = wettekst.parse_tekst(PER_LID, "x.yaml")
    assert wt.bwb_id == "BWBR0000001" and wt.datum == "2020-01-01"
    assert {a.nummer for a in wt.artikelen.values()} == {"3.2.1", "1:1", "2.5"}
    art = wt.artikelen["3.2.1"]
    assert set(art.leden) == {"1", "2"}
    assert art.leden["1"] == {"a"}
    assert set(wt.artikelen[wettekst.anker("1:1")].leden) == {"3"}
    assert wt.artikelen["2.5"].leden == {}


def test_parser_per_artikel_layout():
    wt = wettekst.parse_tekst(PER_ARTIKEL, "y.yaml")
    art = wt.artikelen["24"]
    assert set(art.leden) == {"1", "2"}  # "gedurende" on a wrapped line is no member
    assert art.leden["2"] == {"a", "b"}
    assert wt.artikelen["10"].leden == {None: {"a", "b"}}


# ---------------------------------------------------------------- (a) the knowledge base

def test_alle_artikelversies_bestaan(wetten, graph):
    problemen = wettekst.controleer_citaties(graph)
    assert not problemen, "Citaties die niet kloppen:\n" + "\n".join(problemen)


def test_artikelversies_met_status_v_zijn_gecontroleerd(graph):
    missing = [
        str(av) for av in _artikelversies(graph)
        if graph.value(av, DW.verificatiestatus) == URIRef("https://domeinwijzer.nl/concept/verificatie/V")
        and graph.value(av, DW.gecontroleerdIn) is None
    ]
    assert not missing, missing


def test_genoeg_artikelen(graph):
    artikelen = set(graph.subjects(RDF.type, DW.Artikel))
    assert len(artikelen) >= 70
    gecontroleerd = {graph.value(av, DW.versieVan) for av in _artikelversies(graph)
                     if graph.value(av, DW.gecontroleerdIn) is not None}
    assert len(gecontroleerd) >= 70


# ---------------------------------------------------------------- (b) mutation: the check must catch errors

def _add_versie(g: Graph, naam: str, artikel: str, lid: str | None, wetsversie: str) -> URIRef:
    a = ART[f"test-{naam}"]
    av = ART[f"test-{naam}-v"]
    g.add((a, RDF.type, DW.Artikel))
    g.add((a, DW.artikelnummer, Literal(artikel)))
    if lid:
        g.add((a, DW.lid, Literal(lid)))
    g.add((av, RDF.type, DW.Artikelversie))
    g.add((av, DW.versieVan, a))
    g.add((av, DW.gecontroleerdIn, WET[wetsversie]))
    return av


def test_mutaties_worden_gevonden(wetten, graph):
    g = _copy(graph)
    _add_versie(g, "bestaat-niet", "3.2.99", None, "wlz-2026-01-01")
    _add_versie(g, "lid6-in-2020", "3.2.1", "6", "wlz-2020-01-01")
    _add_versie(g, "lid6-in-2021", "3.2.1", "6", "wlz-2021-01-01")  # control: exists
    problemen = wettekst.controleer_citaties(g)
    assert any("test-bestaat-niet" in p and "3.2.99" in p for p in problemen), problemen
    assert any("test-lid6-in-2020" in p and "lid 6" in p for p in problemen), problemen
    assert not any("test-lid6-in-2021" in p for p in problemen), problemen
    assert len(problemen) == 2, problemen


def test_mutatie_onderdeel_en_onbekend_bestand(wetten, graph):
    g = _copy(graph)
    av = _add_versie(g, "onderdeel-e", "3.3.3", "5", "wlz-2026-01-01")
    g.add((g.value(av, DW.versieVan), DW.onderdeel, Literal("e")))  # lid 5 has a-d only
    fake = WET["wlz-1999-01-01"]
    g.add((fake, DW.bronbestand, Literal("wet_langdurige_zorg/1999-01-01.yaml")))
    _add_versie(g, "geen-bestand", "3.2.1", None, "wlz-1999-01-01")
    problemen = wettekst.controleer_citaties(g)
    assert any("test-onderdeel-e" in p and "onderdeel e" in p for p in problemen), problemen
    assert any("test-geen-bestand" in p and "niet gevonden" in p for p in problemen), problemen


def test_wijzigingen_in_de_tekst(wetten):
    """The known text changes that the versions model are visible in the files."""
    assert wettekst.artikel_bestaat("wet_langdurige_zorg/2021-01-01.yaml", "3.2.1", "6")
    assert not wettekst.artikel_bestaat("wet_langdurige_zorg/2020-01-01.yaml", "3.2.1", "6")
    t2020 = wettekst.artikeltekst("wet_langdurige_zorg/2020-01-01.yaml", "3.2.1")
    t2021 = wettekst.artikeltekst("wet_langdurige_zorg/2021-01-01.yaml", "3.2.1")
    assert "psychische stoornis" not in t2020 and "psychische stoornis" in t2021
    assert wettekst.artikel_bestaat("wet_gegevensverwerking_door_samenwerkingsverbanden/2025-07-05.yaml",
                                    "2.29", "2")  # the file that strict YAML rejects


# ---------------------------------------------------------------- (c) jci and url agree with the data

def test_jci_en_url_kloppen(graph):
    fouten = []
    for av in _artikelversies(graph):
        art = graph.value(av, DW.versieVan)
        jci = graph.value(av, DW.jci)
        vanaf = graph.value(av, DW.geldigVanaf)
        if jci is None or art is None or vanaf is None:
            fouten.append(f"{av}: jci, artikel of begindatum ontbreekt")
            continue
        jci = str(jci)
        if not JCI.match(jci):
            fouten.append(f"{av}: jci heeft een verkeerde vorm: {jci}")
            continue
        bwb = str(graph.value(art, DW.bwbId))
        nr = str(graph.value(art, DW.artikelnummer))
        lid = graph.value(art, DW.lid)
        ond = graph.value(art, DW.onderdeel)
        datum = str(vanaf)
        verwacht = (f"jci1.3:c:{bwb}&artikel={nr}" + (f"&lid={lid}" if lid else "")
                    + (f"&onderdeel={ond}" if ond else "") + f"&g={datum}")
        if jci != verwacht:
            fouten.append(f"{av}: jci {jci} wijkt af van {verwacht}")
        wv = graph.value(av, DW.gecontroleerdIn)
        if wv is not None and str(graph.value(wv, DW.geldigVanaf)) != datum:
            fouten.append(f"{av}: begindatum {datum} is niet de datum van {wv}")
        if wv is not None and str(graph.value(graph.value(wv, DW.versieVan), DW.bwbId)) != bwb:
            fouten.append(f"{av}: gecontroleerd in een andere wet dan {bwb}")
        url = graph.value(av, DW.url)
        url_verwacht = f"https://wetten.overheid.nl/{bwb}/{datum}#Artikel{wettekst.anker(nr)}"
        if url is None or str(url) != url_verwacht:
            fouten.append(f"{av}: url {url} wijkt af van {url_verwacht}")
        if vanaf.datatype != XSD_DATE:
            fouten.append(f"{av}: geldigVanaf is geen xsd:date")
    assert not fouten, "\n".join(fouten)


def test_versies_van_een_artikel_overlappen_niet(graph):
    fouten = []
    for art in set(graph.subjects(RDF.type, DW.Artikel)):
        vs = sorted(
            (graph.value(av, DW.geldigVanaf).toPython(), graph.value(av, DW.geldigTot), av)
            for av in graph.objects(art, DW.heeftVersie)
        )
        for (_, t1, a1), (v2, _, a2) in zip(vs, vs[1:], strict=False):
            if t1 is None or t1.toPython() >= v2:
                fouten.append(f"{a1} loopt door tot in {a2}")
    assert not fouten, "\n".join(fouten)


# ---------------------------------------------------------------- law versions follow index.tsv

def test_wetsversies_volgen_index(wetten, graph):
    rows = list(csv.DictReader((wetten / "index.tsv").open(encoding="utf-8"), delimiter="\t"))
    per_bwb: dict[str, list[str]] = {}
    for r in rows:
        per_bwb.setdefault(r["bwb_id"], []).append(r["valid_from"])
    versies = {str(graph.value(v, DW.bronbestand)): v for v in graph.subjects(RDF.type, DW.Wetsversie)}
    fouten = []
    for r in rows:
        v = versies.get(r["path"])
        if v is None:
            fouten.append(f"geen wetsversie voor {r['path']}")
            continue
        wet = graph.value(v, DW.versieVan)
        if str(graph.value(wet, DW.bwbId)) != r["bwb_id"]:
            fouten.append(f"{v}: verkeerd BWB-nummer")
        if str(graph.value(v, DW.geldigVanaf)) != r["valid_from"]:
            fouten.append(f"{v}: begindatum wijkt af van index.tsv")
        later = sorted(d for d in per_bwb[r["bwb_id"]] if d > r["valid_from"])
        tot = graph.value(v, DW.geldigTot)
        if later:
            verwacht = (dt.date.fromisoformat(later[0]) - dt.timedelta(days=1)).isoformat()
            if tot is None or str(tot) != verwacht:
                fouten.append(f"{v}: einddatum {tot}, verwacht {verwacht}")
        elif tot is not None:
            fouten.append(f"{v}: nieuwste versie heeft toch een einddatum")
        if (wet, DW.heeftVersie, v) not in graph:
            fouten.append(f"{wet} noemt {v} niet als versie")
        if str(graph.value(v, DW.url)) != f"https://wetten.overheid.nl/{r['bwb_id']}/{r['valid_from']}":
            fouten.append(f"{v}: url klopt niet")
    assert not fouten, "\n".join(fouten)
