"""Every source fragment points at real lines of a seed document (like citations of articles)."""

import re

import pytest
from rdflib import URIRef
from rdflib.namespace import RDF

from domeinwijzer.kb import load_graph
from domeinwijzer.ns import BRON, DW
from domeinwijzer.paths import shared_dir

CITE = re.compile(r"^seed:(\d{3}_[0-9a-f]{16}\.txt)#L(\d+)(?:-L(\d+))?$")


def _fragments(g):
    return sorted(set(g.subjects(RDF.type, DW.Bronfragment)))


def check_fragments(g, seeds_dir) -> list[str]:
    problems = []
    lines_of: dict[str, list[str]] = {}
    for f in _fragments(g):
        doc = g.value(f, DW.document)
        van, tot = g.value(f, DW.regelVan), g.value(f, DW.regelTot)
        cite = str(g.value(f, DW.citeerAls) or "")
        bestand = g.value(doc, DW.bestand) if doc is not None else None
        if doc is None or bestand is None or van is None:
            problems.append(f"{f}: document, bestand of regelVan ontbreekt")
            continue
        van = int(van)
        tot = int(tot) if tot is not None else van
        m = CITE.match(cite)
        if not m or m.group(1) != str(bestand) or int(m.group(2)) != van or int(m.group(3) or van) != tot:
            problems.append(f"{f}: citeerAls '{cite}' past niet bij {bestand} r{van}-{tot}")
        if str(bestand) not in lines_of:
            path = seeds_dir / str(bestand)
            lines_of[str(bestand)] = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        lines = lines_of[str(bestand)]
        if not lines:
            problems.append(f"{f}: bronbestand {bestand} niet gevonden")
        elif not (1 <= van <= tot <= len(lines)):
            problems.append(f"{f}: regels {van}-{tot} liggen buiten {bestand} ({len(lines)} regels)")
        elif not lines[van - 1].strip():
            problems.append(f"{f}: regel {van} van {bestand} is leeg")
    return problems


@pytest.fixture(scope="module")
def seeds():
    s = shared_dir()
    if s is None or not (s / "seeds").is_dir():
        pytest.skip("../shared/seeds ontbreekt: bronverwijzingen niet gecontroleerd")
    return s / "seeds"


def test_every_fragment_points_at_existing_seed_lines(seeds):
    g = load_graph()
    assert len(_fragments(g)) > 50
    assert check_fragments(g, seeds) == []


def test_a_wrong_line_number_is_caught(seeds):
    from domeinwijzer.kb import fresh_graph

    g = fresh_graph()
    frag = URIRef(BRON + "seed-000-r99999")
    g.add((frag, RDF.type, DW.Bronfragment))
    g.add((frag, DW.document, BRON["seed-000"]))
    from rdflib import Literal

    g.add((frag, DW.regelVan, Literal(99999)))
    g.add((frag, DW.regelTot, Literal(99999)))
    g.add((frag, DW.citeerAls, Literal("seed:000_7f2b791e4c9eb629.txt#L99999")))
    problems = check_fragments(g, seeds)
    assert any("seed-000-r99999" in p and "buiten" in p for p in problems)


def test_every_cited_fragment_is_defined():
    g = load_graph()
    defined = set(_fragments(g))
    cited = {o for p in (DW.bron, DW.grondslag) for o in g.objects(None, p)
             if isinstance(o, URIRef) and str(o).startswith(str(BRON) + "seed-") and "-r" in str(o)}
    assert sorted(map(str, cited - defined)) == []
