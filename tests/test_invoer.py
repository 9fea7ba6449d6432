"""Bad input gets a clear Dutch error naming the field (exit 2), never a traceback."""

import json
import subprocess

import pytest

from conftest import cli_cmd
from domeinwijzer.fouten import InvoerFout

GOED = {"peildatum": "2026-03-01", "vraag": {"zorgvorm": "begeleiding"}}


def run_cli(args, stdin=None):
    return subprocess.run(cli_cmd() + args, input=stdin, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("situatie,pad", [
    ({"vraag": {"zorgvorm": "begeleiding"}}, "peildatum"),
    ({"peildatum": "2026-02-30", "vraag": {"zorgvorm": "begeleiding"}}, "peildatum"),
    ({"peildatum": "1800-01-01", "vraag": {"zorgvorm": "begeleiding"}}, "peildatum"),
    ({"peildatum": "gisteren", "vraag": {"zorgvorm": "begeleiding"}}, "peildatum"),
    ({"peildatum": "2026-03-01"}, "vraag"),
    ({"peildatum": "2026-03-01", "vraag": {}}, "vraag"),
    ({"peildatum": "2026-03-01", "vraag": {"zorgvorm": "begeleiding", "inclusie": True}}, "vraag"),
    ({"peildatum": "2026-03-01", "vraag": {"zorgvorm": "tandarts"}}, "vraag.zorgvorm"),
    ({"peildatum": "2026-03-01", "vraag": {"inclusie": False}}, "vraag.inclusie"),
    (dict(GOED, persoon={"leeftijd": -4}), "persoon.leeftijd"),
    (dict(GOED, persoon={"leeftijd": 34.5}), "persoon.leeftijd"),
    (dict(GOED, persoon={"leeftijd": "34"}), "persoon.leeftijd"),
    (dict(GOED, persoon={"leeftijd": True}), "persoon.leeftijd"),
    (dict(GOED, persoon={"blijvend": True}), "persoon.blijvend"),
    (dict(GOED, persoon={"zorgbehoefte": {"blijvend": "ja"}}), "persoon.zorgbehoefte.blijvend"),
    (dict(GOED, persoon={"grondslagen": ["ggz"]}), "persoon.grondslagen"),
    (dict(GOED, persoon={"grondslagen": "psychische-stoornis"}), "persoon.grondslagen"),
    (dict(GOED, persoon={"verblijfplaats": "maan"}), "persoon.verblijfplaats"),
    (dict(GOED, persoon=[1, 2]), "persoon"),
    (dict(GOED, indicaties=[{"zorgprofiel": "GGZ-W3"}]), "indicaties[0].soort"),
    (dict(GOED, indicaties=[{"soort": "wlz", "zorgprofiel": "GGZ-W9"}]), "indicaties[0].zorgprofiel"),
    (dict(GOED, indicaties=[{"soort": "wmo", "leveringsvorm": "vpt"}]), "indicaties[0]"),
    (dict(GOED, titels=[{"soort": "strafrechtelijk", "titel": "levenslang"}]), "titels[0].titel"),
    (dict(GOED, titels=[{"soort": "zorgmachtiging", "titel": "isd"}]), "titels[0]"),
    (dict(GOED, levensloopaanpak={"fase": "klaar"}), "levensloopaanpak.fase"),
    (dict(GOED, onbekend=1), "onbekend"),
    (dict(GOED, persoon={"naam": "Jan"}), "persoon.naam"),
])
def test_invalid_situation_names_the_field(clf, situatie, pad):
    with pytest.raises(InvoerFout) as e:
        clf.classificeer(situatie)
    paden = [p["pad"] for p in e.value.problemen]
    assert pad in paden, e.value.problemen
    assert all(p["melding"] and p["melding"][0].islower() or p["melding"][0].isupper() for p in e.value.problemen)


def test_too_deep_and_too_large_input(clf):
    deep: dict = {}
    node = deep
    for _ in range(20):
        node["persoon"] = {}
        node = node["persoon"]
    with pytest.raises(InvoerFout) as e:
        clf.classificeer(deep)
    assert "diep" in e.value.problemen[0]["melding"]
    from domeinwijzer.situatie import lees_tekst

    with pytest.raises(InvoerFout) as e:
        lees_tekst(json.dumps(dict(GOED, id="x" * 100_000)))
    assert "groot" in e.value.problemen[0]["melding"]
    with pytest.raises(InvoerFout):
        clf.classificeer(dict(GOED, titels=[{"soort": "crisismaatregel"}] * 51))
    with pytest.raises(InvoerFout):
        clf.classificeer([GOED])


def test_cli_invalid_input_exit_2_dutch_no_traceback(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"peildatum": "2026-13-01", "vraag": {"zorgvorm": "x"}, "persoon": {"leeftijd": -1}}))
    r = run_cli(["classificeer", str(f), "--formaat", "tekst"])
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout
    assert "peildatum" in r.stderr and "persoon.leeftijd" in r.stderr and "vraag.zorgvorm" in r.stderr
    assert "geen geldige situatie" in r.stderr
    r = run_cli(["classificeer", str(f), "--formaat", "json"])
    assert r.returncode == 2
    assert {p["pad"] for p in json.loads(r.stdout)["fouten"]} >= {"peildatum", "persoon.leeftijd", "vraag.zorgvorm"}


@pytest.mark.parametrize("tekst", ["{", "[1,2]", "null", '"tekst"', "peildatum: [", ""])
def test_cli_broken_text(tmp_path, tekst):
    f = tmp_path / "s.yaml"
    f.write_text(tekst)
    r = run_cli(["classificeer", str(f)])
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip()


def test_cli_bad_options():
    r = run_cli(["classificeer", "-", "--peildatum", "2026-02-31"], stdin=json.dumps(GOED))
    assert r.returncode == 2 and "--peildatum" in r.stderr
    r = run_cli(["classificeer", "bestaat-niet.json"])
    assert r.returncode == 1 and "niet gevonden" in r.stderr
    r = run_cli(["classificeer", "--formaat", "xml", "-"])
    assert r.returncode == 2 and "Traceback" not in r.stderr
