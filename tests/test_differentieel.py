"""The production path gives the same answer as the pyshacl reference (pyshacl is the semantics)."""

import json

import pytest

from domeinwijzer.casussen import laad_casussen
from domeinwijzer.fouten import InvoerFout
from domeinwijzer.generator import Generator
from domeinwijzer.referentie import referentie

CASES = laad_casussen()
SAMPLE = Generator(2024).populatie(24)


def _same(clf, situatie):
    ref = referentie()
    try:
        tree = clf.lees(situatie)
    except InvoerFout:
        tree = None
    if tree is None:
        from domeinwijzer.situatie import naar_boom

        try:
            assert ref.invoer_geldig(naar_boom(situatie)) is False
        except InvoerFout:
            pass  # structural problems are found before any shape runs, on both paths
        return
    assert ref.invoer_geldig(tree) is True
    ref_status = ref.statussen(tree)
    assert ref_status == {k: v for k, v in clf.statussen(tree).items() if k in ref_status}
    assert json.dumps(ref.antwoord(tree), sort_keys=True) == json.dumps(clf.antwoord(tree), sort_keys=True)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_cases_equal_pyshacl(clf, case):
    _same(clf, case["situatie"])


@pytest.mark.parametrize("i", range(len(SAMPLE)))
def test_generated_sample_equals_pyshacl(clf, i):
    _same(clf, SAMPLE[i])


@pytest.mark.parametrize("situatie", [
    {"peildatum": "2026-03-01", "vraag": {"zorgvorm": "x"}},
    {"peildatum": "2026-03-01", "vraag": {"zorgvorm": "begeleiding", "inclusie": True}},
    {"peildatum": "2026-03-01", "vraag": {"zorgvorm": "begeleiding"}, "persoon": {"leeftijd": -1}},
    {"peildatum": "2026-03-01", "vraag": {"inclusie": True}, "indicaties": [{"soort": "wmo", "zorgprofiel": "VG6"}]},
])
def test_invalid_inputs_equal_pyshacl(clf, situatie):
    _same(clf, situatie)


def test_shacl_af_rules_as_written_agree_on_decided_rules(clf):
    """pyshacl running the sh:TripleRules of rules/ as written fires exactly the rules the engine
    finds certain, wherever no fact the rule reads is missing (then SHACL's vacuous truth differs
    from 'unknown', by design)."""
    ref = referentie()
    for case in CASES[:: max(1, len(CASES) // 25)]:
        tree = clf.lees(case["situatie"])
        status = clf.statussen(tree)
        fired = ref.shacl_af_vuurt(tree)
        for iri, s in status.items():
            if s is not None:
                assert (iri in fired) == s, (case["id"], iri)
