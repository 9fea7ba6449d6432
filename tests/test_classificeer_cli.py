"""The classificeer command: formats, batch mode, --peildatum and --vergelijk (contract behaviour)."""

import json
import subprocess

from rdflib import Graph
from rdflib.namespace import RDF

from conftest import cli_cmd
from domeinwijzer.ns import DW

SIT = {"id": "casus-cli", "peildatum": "2026-03-01",
       "persoon": {"leeftijd": 34, "grondslagen": ["psychische-stoornis"], "rechtmatigVerblijf": True,
                   "verblijfplaats": "thuis", "zorgbehoefte": {"blijvend": True, "permanentToezicht": True}},
       "indicaties": [], "titels": [], "vraag": {"zorgvorm": "begeleiding"}}
CONTRACT_KEYS = {"peildatum", "vraag", "domein", "uitgesloten", "regels", "grondslagen", "signalen",
                 "ontbrekendeFeiten", "toelichting"}


def run(args, stdin=None):
    return subprocess.run(cli_cmd() + ["classificeer"] + args, input=stdin, capture_output=True, text=True, timeout=120)


def test_json_answer_follows_the_contract(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps(SIT))
    r = run([str(f), "--formaat", "json"])
    assert r.returncode == 0, r.stderr
    a = json.loads(r.stdout)
    assert CONTRACT_KEYS <= set(a)
    assert a["id"] == "casus-cli" and a["vraag"] == {"zorgvorm": "begeleiding"}
    for u in a["uitgesloten"]:
        assert {"domein", "regel", "grondslagen"} <= set(u)
    for g in a["grondslagen"]:
        assert g.startswith("jci1.3:c:BWBR") or g.startswith("seed:") or g.startswith("https://")


def test_yaml_on_stdin_and_text_output():
    import yaml

    r = run(["-", "--formaat", "tekst"], stdin=yaml.safe_dump(SIT))
    assert r.returncode == 0, r.stderr
    assert "Domein:" in r.stdout and "peildatum 2026-03-01" in r.stdout


def test_turtle_is_queryable_prov(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps(SIT))
    r = run([str(f), "--formaat", "turtle"])
    assert r.returncode == 0, r.stderr
    g = Graph().parse(data=r.stdout, format="turtle")
    answers = list(g.subjects(RDF.type, DW.Antwoord))
    assert len(answers) == 1
    rows = list(g.query("""PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?a WHERE { ?a a prov:Entity ; prov:wasGeneratedBy ?act . ?act a prov:Activity }"""))
    assert rows


def test_batch_answers_valid_lines_and_reports_invalid_ones(tmp_path):
    f = tmp_path / "b.jsonl"
    lines = [json.dumps(dict(SIT, id=f"s{i}")) for i in range(3)]
    lines.insert(1, json.dumps({"peildatum": "2026-03-01", "vraag": {"zorgvorm": "onzin"}}))
    lines.insert(3, "{niet json")
    f.write_text("\n".join(lines) + "\n")
    r = run(["--batch", str(f), "--formaat", "json"])
    assert r.returncode == 2
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [o.get("id") for o in out if "fouten" not in o] == ["s0", "s1", "s2"]
    errs = [o for o in out if "fouten" in o]
    assert [e["regel"] for e in errs] == [2, 4]
    assert errs[0]["fouten"][0]["pad"] == "vraag.zorgvorm"


def test_peildatum_override_and_vergelijk(tmp_path):
    f = tmp_path / "s.json"
    f.write_text(json.dumps(SIT))
    r = run([str(f), "--formaat", "json", "--peildatum", "2020-06-01"])
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["peildatum"] == "2020-06-01"
    r = run([str(f), "--formaat", "json", "--vergelijk", "2020-06-01"])
    assert r.returncode == 0, r.stderr
    v = json.loads(r.stdout)
    assert set(v["antwoorden"]) == {"2026-03-01", "2020-06-01"}
    assert {"verschillen", "regelsDieOmslaan", "artikelversies"} <= set(v)
    r = run([str(f), "--formaat", "tekst", "--vergelijk", "2020-06-01"])
    assert "Wat verschilt" in r.stdout
