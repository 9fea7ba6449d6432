"""Semantics of the compiled evaluator on small hand-made rules (independent of the real rules)."""

from pathlib import Path

import pytest

from domeinwijzer.engine import Classifier
from domeinwijzer.fouten import InvoerFout
from domeinwijzer.kb import fresh_graph
from domeinwijzer.referentie import Referentie

DATA = Path(__file__).parent / "data" / "testregels.ttl"
T1 = "https://domeinwijzer.nl/regel/T1"
T2 = "https://domeinwijzer.nl/regel/T2"


@pytest.fixture(scope="module")
def mini():
    g = fresh_graph(("ontology", "rules"))
    # keep only the two test rules: drop the real decision rules
    from rdflib.namespace import RDF

    from domeinwijzer.ns import DW

    for r in list(g.subjects(RDF.type, DW.Regel)) + [s for k in ("Domeinregel", "Uitsluitingsregel", "Signaalregel", "Inclusieregel") for s in g.subjects(RDF.type, DW[k])]:
        g.remove((r, None, None))
    g.parse(DATA)
    c = Classifier(g)
    return c, Referentie(c)


BASE = {"peildatum": "2026-03-01", "vraag": {"zorgvorm": "begeleiding"}}

CASES = [
    # (situation additions, T1, T2, domein, missing)
    ({}, None, None, "onbepaald", {"persoon.verblijfplaats", "persoon.leeftijd", "titels"}),
    ({"persoon": {"verblijfplaats": "penitentiaire-inrichting"}}, True, None, "Pbw", set()),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 30}}, False, None, "onbepaald", {"titels"}),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 30}, "titels": []}, False, True, "Wmo", set()),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 30}, "titels": [{"soort": "strafrechtelijk"}]},
     False, None, "onbepaald", {"titels[0].lopend"}),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 30}, "titels": [{"soort": "strafrechtelijk", "lopend": False}]},
     False, True, "Wmo", set()),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 30}, "titels": [{"soort": "zorgmachtiging", "lopend": True}]},
     False, True, "Wmo", set()),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 30}, "titels": [{"soort": "strafrechtelijk", "lopend": True}]},
     False, False, "onbepaald", set()),
    ({"persoon": {"verblijfplaats": "thuis", "leeftijd": 12}, "titels": []}, False, False, "onbepaald", set()),
]


@pytest.mark.parametrize("extra,t1,t2,domein,missing", CASES)
def test_three_valued_status_and_answer(mini, extra, t1, t2, domein, missing):
    c, ref = mini
    tree = c.lees(dict(BASE, **extra))
    status = c.statussen(tree)
    assert (status[T1], status[T2]) == (t1, t2)
    assert ref.statussen(tree) == status  # pyshacl on the rewritten shapes agrees
    answer = c.antwoord(tree)
    assert answer["domein"] == domein
    assert set(answer["ontbrekendeFeiten"]) == missing


def test_answer_cites_rule_and_article_at_peildatum(mini):
    c, _ = mini
    a = c.classificeer(dict(BASE, persoon={"verblijfplaats": "penitentiaire-inrichting"}))
    assert a["regels"][0]["id"] == "T1"
    assert a["grondslagen"] == ["jci1.3:c:BWBR0035917&artikel=3.2.7&g=2026-03-01"]
    assert a["zekerheid"] == "dwingend"


def test_peildatum_override_changes_citation_date(mini):
    c, _ = mini
    tree = c.lees(dict(BASE, persoon={"verblijfplaats": "penitentiaire-inrichting"}))
    a = c.antwoord(tree, "2021-05-01")
    assert a["peildatum"] == "2021-05-01"
    assert a["grondslagen"][0].endswith("&g=2021-05-01")


def test_shacl_af_rules_as_written_agree_where_nothing_is_unknown(mini):
    c, ref = mini
    for extra, *_ in CASES:
        tree = c.lees(dict(BASE, **extra))
        status = c.statussen(tree)
        fired = ref.shacl_af_vuurt(tree)
        for iri, s in status.items():
            if s is not None:
                assert (iri in fired) == s, (extra, iri)


def test_unsupported_shacl_is_rejected():
    from rdflib import Graph

    from domeinwijzer.shacl_subset import Compiler, ShapeFout

    g = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:sparql [ sh:select "SELECT $this WHERE {}" ] .""", format="turtle")
    with pytest.raises(ShapeFout):
        Compiler(g).node_shape(next(iter(g.subjects())))


def test_invalid_input_is_refused_before_rules_run(mini):
    c, _ = mini
    with pytest.raises(InvoerFout) as e:
        c.classificeer({"peildatum": "2026-03-01", "vraag": {"zorgvorm": "begeleiding"},
                        "persoon": {"verblijfplaats": "maan"}})
    assert e.value.problemen[0]["pad"] == "persoon.verblijfplaats"
