"""Property-based tests over generated situations (hypothesis)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domeinwijzer.engine import classifier
from domeinwijzer.fouten import InvoerFout
from domeinwijzer.generator import Generator

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 2000), st.text(max_size=12),
                    st.sampled_from(["2026-03-01", "2020-02-30", "psychische-stoornis", "wlz", "GGZ-W3"]))


def _mutate(base: dict, data) -> dict:
    """Take a realistic situation and damage or drop some fields."""
    s = json.loads(json.dumps(base))
    for _ in range(data.draw(st.integers(0, 4))):
        target = s
        keys = list(target)
        if not keys:
            break
        k = data.draw(st.sampled_from(keys))
        if isinstance(target[k], dict) and target[k] and data.draw(st.booleans()):
            target = target[k]
            k = data.draw(st.sampled_from(list(target)))
        action = data.draw(st.sampled_from(["drop", "replace", "list", "dict"]))
        if action == "drop":
            del target[k]
        elif action == "replace":
            target[k] = data.draw(SCALARS)
        elif action == "list":
            target[k] = [data.draw(SCALARS)]
        else:
            target[k] = {"x": data.draw(SCALARS)}
    return s


BASES = Generator(99).populatie(50)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_always_answer_or_validation_error(data):
    clf = classifier()
    s = _mutate(data.draw(st.sampled_from(BASES)), data)
    try:
        a = clf.classificeer(s)
    except InvoerFout as fout:
        assert fout.problemen and all(p["pad"] and p["melding"] for p in fout.problemen)
        return
    assert "domein" in a or "includeerbaar" in a
    # the same input always gives the same answer
    assert clf.classificeer(json.loads(json.dumps(s))) == a
    # an answer carries at least one grondslag unless it is onbepaald
    if a.get("domein") not in (None, "onbepaald"):
        assert a["grondslagen"]
    if a.get("includeerbaar") is not None:
        assert a["grondslagen"]
    # an answer never contradicts itself: the chosen domain is not also excluded
    assert a.get("domein") not in {u["domein"] for u in a["uitgesloten"]}


@settings(max_examples=200, deadline=None)
@given(st.recursive(SCALARS, lambda c: st.one_of(st.lists(c, max_size=3), st.dictionaries(st.text(max_size=8), c, max_size=3)), max_leaves=12))
def test_arbitrary_json_never_crashes(value):
    clf = classifier()
    try:
        clf.classificeer(value)
    except InvoerFout:
        pass
