"""Every worked case gives its expected answer, and every rule is tested both ways."""

import pytest

from domeinwijzer.casussen import laad_casussen

CASES = laad_casussen()


def test_there_are_cases():
    assert len(CASES) >= 20


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(clf, case):
    for key in ("id", "titel", "bron", "situatie", "verwacht"):
        assert key in case, f"{case['bestand']}: '{key}' ontbreekt"
    a = clf.classificeer(case["situatie"])
    v = case["verwacht"]
    for key in ("domein", "financier", "zekerheid", "includeerbaar"):
        if key in v:
            assert a.get(key) == v[key], (key, a.get(key), a["toelichting"])
    if "uitgesloten" in v:
        assert {u["domein"] for u in a["uitgesloten"]} == set(v["uitgesloten"])
    if "signalen" in v:
        assert {s["knelpunt"] for s in a["signalen"]} == set(v["signalen"])
    used = {r["id"] for r in a["regels"]}
    for rid in v.get("regels", []):
        assert rid in used, (rid, used)
    for rid in v.get("nietRegels", []):
        assert rid not in used, rid
    if "ontbrekendeFeiten" in v:
        assert set(a["ontbrekendeFeiten"]) == set(v["ontbrekendeFeiten"])
    if "criteria" in v:
        got = {c["criterium"]: c["uitkomst"] for c in a["criteria"]}
        for crit, uitkomst in v["criteria"].items():
            assert got.get(crit) == uitkomst, (crit, got)
    if a.get("domein") not in (None, "onbepaald"):
        assert a["grondslagen"], "an answer must rest on at least one grondslag"
    assert a.get("domein") not in {u["domein"] for u in a["uitgesloten"]}, "domein is ook uitgesloten"


def test_every_rule_fires_in_a_case_and_not_in_another(clf):
    fires: dict[str, int] = {r.iri: 0 for r in clf.regels}
    not_fires: dict[str, int] = {r.iri: 0 for r in clf.regels}
    for case in CASES:
        status = clf.statussen(clf.lees(case["situatie"]))
        for iri, s in status.items():
            (fires if s is True else not_fires)[iri] += 1
    never = sorted(i.rsplit("/", 1)[-1] for i, n in fires.items() if n == 0)
    always = sorted(i.rsplit("/", 1)[-1] for i, n in not_fires.items() if n == 0)
    assert not never, f"regels zonder casus waarin ze gelden: {never}"
    assert not always, f"regels zonder casus waarin ze niet gelden: {always}"


def test_case_ids_are_unique_and_match_files():
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for c in CASES:
        assert c["bestand"] == f"{c['id']}.yaml"
