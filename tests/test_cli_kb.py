"""`domeinwijzer valideer` and `domeinwijzer statistiek` on the real knowledge base, and the
OWL check (HermiT) on small graphs with a known verdict."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from conftest import cli_cmd
from domeinwijzer import kb
from domeinwijzer.ns import DW, DWI
from domeinwijzer.owl_check import BESCHRIJVING, controleer_owl, reduceer
from domeinwijzer.statistiek import TELLINGEN

# minimum sizes of the knowledge base (from the issue)
MINIMA = {
    "artikelen": 60,
    "knelpunten": 15,
    "coordinatietaken": 12,
    "inclusiecriteria": 6,
    "zorgprofielen": 30,
    "zorgvormen": 15,
    "voorliggendheidsregels": 15,
}


def _cli(*args: str, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(cli_cmd() + list(args), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def statistiek() -> dict:
    proces = _cli("statistiek", "--formaat", "json")
    assert proces.returncode == 0, proces.stderr
    return json.loads(proces.stdout)


# ------------------------------------------------------------------ valideer


@pytest.mark.langzaam
def test_valideer_is_schoon_op_de_kennisbank():
    proces = _cli("valideer")
    assert proces.returncode == 0, proces.stdout[-4000:] + proces.stderr
    assert "De kennisbank is in orde" in proces.stdout
    assert BESCHRIJVING in proces.stdout
    assert "consistent" in proces.stdout
    assert "FOUT" not in proces.stdout
    assert "Traceback" not in proces.stderr


def test_valideer_zonder_owl_meldt_dat():
    proces = _cli("valideer", "--geen-owl")
    assert "OWL-controle overgeslagen" in proces.stdout
    assert "Traceback" not in proces.stderr


def test_valideer_zonder_java_geeft_nederlandse_fout(tmp_path):
    # a PATH without java, and owlready2 pointed at a name that does not exist
    code = (
        "import owlready2, sys; owlready2.JAVA_EXE = 'java-bestaat-niet';"
        "from domeinwijzer.cli import main; sys.exit(main(['valideer']))"
    )
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    proces = subprocess.run([_python(), "-c", code], capture_output=True, text=True, env=env, timeout=180)
    assert proces.returncode == 1
    assert "Java" in proces.stderr and "--geen-owl" in proces.stderr
    assert "Traceback" not in proces.stderr


def _python() -> str:
    return sys.executable


# ------------------------------------------------------------------ statistiek


def test_statistiek_json_heeft_alle_sleutels(statistiek):
    assert list(statistiek) == list(TELLINGEN)
    assert all(isinstance(v, int) and v >= 0 for v in statistiek.values())


@pytest.mark.parametrize("sleutel,minimum", sorted(MINIMA.items()))
def test_statistiek_minimale_omvang(statistiek, sleutel, minimum):
    assert statistiek[sleutel] >= minimum, f"{sleutel}: {statistiek[sleutel]} < {minimum}"


def test_statistiek_telt_subklassen_mee(statistiek):
    g = kb.load_graph()
    regels_direct = len(set(g.subjects(RDF.type, DW.Regel)))
    regels_alle = {s for k in g.transitive_subjects(RDFS.subClassOf, DW.Regel) for s in g.subjects(RDF.type, k)}
    assert statistiek["regels"] == len(regels_alle)
    assert statistiek["regels"] > regels_direct  # rules are typed with a subclass (Domeinregel, ...)
    taken = {s for k in g.transitive_subjects(RDFS.subClassOf, DW.Coordinatietaak) for s in g.subjects(RDF.type, k)}
    assert statistiek["coordinatietaken"] == len(taken)
    versies = set(g.subjects(RDF.type, DW.KnelpuntVersie))
    knelpunten = set(g.subjects(RDF.type, DW.Knelpunt))
    assert statistiek["knelpunten"] == len(knelpunten - versies)


def test_statistiek_tekst():
    proces = _cli("statistiek")
    assert proces.returncode == 0
    assert "De kennisbank bevat" in proces.stdout
    assert "knelpunten" in proces.stdout


def test_statistiek_onbekend_formaat():
    proces = _cli("statistiek", "--formaat", "xml")
    assert proces.returncode == 2
    assert "Fout in de opdracht" in proces.stderr


# ------------------------------------------------------------------ OWL check


def _tbox() -> Graph:
    g = Graph()
    for k in ("Coordinatietaak", "ClientgebondenTaak", "NietClientgebondenTaak"):
        g.add((DW[k], RDF.type, OWL.Class))
    g.add((DW.ClientgebondenTaak, RDFS.subClassOf, DW.Coordinatietaak))
    g.add((DW.NietClientgebondenTaak, RDFS.subClassOf, DW.Coordinatietaak))
    g.add((DW.ClientgebondenTaak, OWL.disjointWith, DW.NietClientgebondenTaak))
    return g


@pytest.mark.parametrize("via_owlready", [False, True])
def test_owl_vindt_individu_in_twee_disjuncte_klassen(via_owlready):
    g = _tbox()
    taak = DWI["test-taak"]
    g.add((taak, RDF.type, DW.ClientgebondenTaak))
    g.add((taak, RDF.type, DW.NietClientgebondenTaak))
    g.add((taak, DW.geldigVanaf, Literal("2021-01-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))))
    uitslag = controleer_owl(g, via_owlready=via_owlready)
    assert not uitslag.consistent
    assert not uitslag.in_orde
    assert any("dwi:test-taak" in p and "sluiten elkaar uit" in p for p in uitslag.problemen)


@pytest.mark.parametrize("via_owlready", [False, True])
def test_owl_consistente_graaf(via_owlready):
    g = _tbox()
    g.add((DWI["test-taak"], RDF.type, DW.ClientgebondenTaak))
    uitslag = controleer_owl(g, via_owlready=via_owlready)
    assert uitslag.consistent and uitslag.in_orde, uitslag.problemen


def test_owl_vindt_onvervulbare_klasse():
    g = _tbox()
    g.add((DW.Tegenstrijdig, RDF.type, OWL.Class))
    g.add((DW.Tegenstrijdig, RDFS.subClassOf, DW.ClientgebondenTaak))
    g.add((DW.Tegenstrijdig, RDFS.subClassOf, DW.NietClientgebondenTaak))
    uitslag = controleer_owl(g)
    assert uitslag.consistent
    assert uitslag.onvervulbaar == ["dw:Tegenstrijdig"]


def test_owl_echte_tbox_sluit_clientgebonden_en_niet_clientgebonden_uit():
    g = Graph()
    g += kb.load_graph()
    g.add((DWI["test-taak"], RDF.type, DW.ClientgebondenTaak))
    g.add((DWI["test-taak"], RDF.type, DW.NietClientgebondenTaak))
    uitslag = controleer_owl(g)
    assert not uitslag.consistent


def test_owl_reductie_laat_datums_en_shacl_weg():
    red = reduceer(kb.load_graph())
    assert not any(isinstance(o, Literal) and o.datatype is not None and o.datatype.endswith("#date")
                   for o in red.graph.objects())
    assert not any(str(p).startswith("http://www.w3.org/ns/shacl#") for p in red.graph.predicates())
    assert DW.VraagZorgvorm in red.individuen  # typed owl:NamedIndividual too: still an individual
    assert DW.Wet not in red.individuen
