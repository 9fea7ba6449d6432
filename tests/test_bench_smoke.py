"""The benchmark's parts run, the generator covers every rule, and the fast path equals the slow one.

Nothing here is timed: bench/run.py prints figures, tests never assert them.
"""

import copy
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from domeinwijzer.fouten import InvoerFout
from domeinwijzer.generator import Generator
from domeinwijzer.shacl_subset import kleene_node, missing_facts, violations
from domeinwijzer.situatie import naar_boom

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_bench_parts_run_on_a_tiny_population(bench, clf):
    pop = Generator(5).populatie(60)
    gedekt, regels = bench.dekking(clf, pop)
    assert 0 < gedekt <= regels == len(clf.regels)
    doorvoer1, enkel = bench.doorvoer_enkel(clf, pop)
    doorvoer2, per_cpu, batch = bench.doorvoer_batch(clf, pop, 2)
    assert doorvoer1 > 0 and doorvoer2 > 0
    assert not per_cpu <= 0  # NaN when the CPU clock did not tick during so few situations
    assert len(enkel) == len(pop)
    assert json.dumps(enkel, sort_keys=True) == json.dumps(batch, sort_keys=True)
    p50, p95 = bench.latentie(clf, pop[:20])
    assert 0 < p50 <= p95
    ref_doorvoer, verschil = bench.pyshacl_referentie(clf, pop[:1])
    assert ref_doorvoer > 0 and verschil == 0
    assert bench.percentiel([3.0, 1.0, 2.0], 50) == 2.0


def test_batch_over_processes_keeps_order_and_answers(clf):
    pop = Generator(8).populatie(40)
    pop[3] = {"peildatum": "2026-03-01", "vraag": {"zorgvorm": "tandarts"}}  # invalid: reported in place
    een = clf.batch(pop)
    twee = clf.batch(pop, werkers=2, blok=7)
    assert een == twee
    assert "fouten" in een[3] and een[3]["fouten"][0]["pad"] == "vraag.zorgvorm"
    assert een[0] == clf.classificeer(pop[0])
    regels = clf.batch_json(pop)
    assert regels == clf.batch_json(pop, werkers=2, blok=7)
    assert json.loads(regels[3]) == {"regel": 4, "fouten": een[3]["fouten"]}
    assert [json.loads(x) for i, x in enumerate(regels) if i != 3] == [a for i, a in enumerate(een) if i != 3]


def test_generator_makes_every_rule_certain_in_10000_situations(clf):
    pop = Generator(42).populatie(10_000)
    assert len(pop) == 10_000
    zeker: set[str] = set()
    for s in pop:
        zeker |= {iri for iri, v in clf.statussen(clf.lees(s)).items() if v is True}
    assert {r.id for r in clf.regels if r.iri not in zeker} == set()


def test_generator_is_reproducible():
    assert Generator(3).populatie(30) == Generator(3).populatie(30)


def _mutaties(s: dict, i: int) -> dict:
    """Break one field of a valid situation in a way the input shapes must catch (or not)."""
    s = copy.deepcopy(s)
    keuze = i % 6
    if keuze == 0:
        s.setdefault("persoon", {})["leeftijd"] = -3
    elif keuze == 1:
        s.setdefault("persoon", {})["verblijfplaats"] = "maan"
    elif keuze == 2:
        s["titels"] = [{"soort": "zorgmachtiging", "titel": "isd"}]
    elif keuze == 3:
        s["indicaties"] = [{"soort": "wmo", "leveringsvorm": "vpt"}]
    elif keuze == 4:
        s["peildatum"] = "1800-01-01"
    else:
        s["vraag"] = {"zorgvorm": "begeleiding", "inclusie": True}
    return s


def test_compiled_functions_equal_the_interpreted_shapes(clf):
    """Three-valued status, missing facts and input conformance: compiled == shacl_subset."""
    pop = Generator(21).populatie(300)
    checked = 0
    for s in pop + [_mutaties(x, i) for i, x in enumerate(pop[:120])]:
        tree = naar_boom(s)
        problems = [p for shape in clf.invoer for p in violations(shape, tree, clf.kb)]
        assert all(ok(tree) for ok in clf._c) == (not problems), s
        if problems:
            with pytest.raises(InvoerFout):
                clf.lees(s)
            continue
        for r in clf.regels:
            assert clf._k[r.iri](tree) is kleene_node(r.voorwaarde, tree, clf.kb), (r.id, s)
            slow = [(p.node, json.dumps(f, default=str, sort_keys=True)) for p, f in missing_facts(r.voorwaarde, tree, clf.kb)]
            fast = [(p.node, json.dumps(f, default=str, sort_keys=True)) for p, f in clf._m[r.iri](tree, [])]
            assert slow == fast, r.id
        checked += 1
    assert checked >= 300


def _run(code: str, cache: Path) -> str:
    env = dict(os.environ, DOMEINWIJZER_CACHE=str(cache))
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert r.returncode == 0, r.stderr
    return r.stdout.strip()


def test_cached_artefact_answers_without_rdflib(tmp_path):
    code = ("import sys, json; from domeinwijzer.engine import classifier; c = classifier();"
            "a = c.classificeer({'id': 'geheim-merkteken-7', 'peildatum': '2026-03-01',"
            " 'persoon': {'leeftijd': 40, 'verblijfplaats': 'thuis'},"
            " 'vraag': {'zorgvorm': 'begeleiding'}});"
            "print(json.dumps([c.uit_cache, 'rdflib' in sys.modules, a], sort_keys=True))")
    eerst = json.loads(_run(code, tmp_path))
    tweede = json.loads(_run(code, tmp_path))
    assert eerst[0] is False and tweede[0] is True  # built, then read from the cache
    assert tweede[1] is False  # no rdflib import, no Turtle parse
    assert eerst[2] == tweede[2]
    files = list(tmp_path.glob("classifier-*.pickle"))
    assert len(files) == 1
    assert b"geheim-merkteken" not in files[0].read_bytes()  # never client data


def test_cache_off_and_graph_on_demand(tmp_path):
    code = ("import sys; from domeinwijzer.engine import classifier; c = classifier();"
            "print(c.uit_cache, len(c.graph) > 0, all(r.voorwaarde_iri is not None for r in c.regels))")
    _run(code, tmp_path)
    assert _run(code, tmp_path) == "True True True"  # the graph loads when a caller asks for it
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300,
                       env=dict(os.environ, DOMEINWIJZER_CACHE="uit"))
    assert r.stdout.strip() == "False True True"  # DOMEINWIJZER_CACHE=uit: always built, never stored
    assert not (ROOT / "uit").exists()


def test_cache_written_by_someone_else_is_ignored(tmp_path):
    code = "from domeinwijzer.engine import classifier; print(classifier().uit_cache)"
    _run(code, tmp_path)
    (f,) = tmp_path.glob("classifier-*.pickle")
    f.chmod(0o666)  # writable by others: never unpickled
    assert _run(code, tmp_path) == "False"
