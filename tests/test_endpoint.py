"""`domeinwijzer serveer` as a real HTTP process: SPARQL protocol, read-only, timeout, row limit, site."""

from __future__ import annotations

import html
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from domeinwijzer.vragen import laad_vragen, sparql_json, voer_vraag_uit

TIMEOUT_S = 3.0
MAX_RIJEN = 1000
MARKER = "geheim-merkteken-7f3a"
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
)


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    site = tmp_path_factory.mktemp("site")
    (site / "index.html").write_text("<html><body>Domeinwijzer testsite</body></html>", encoding="utf-8")
    err = tmp_path_factory.mktemp("log") / "stderr.txt"
    # in-process answers first, right before the server loads the same files
    verwacht = {naam: sparql_json(voer_vraag_uit(naam)) for naam in laad_vragen()}
    poort = vrije_poort()
    with open(err, "wb") as errf:
        proc = subprocess.Popen(
            [sys.executable, "-m", "domeinwijzer.cli", "serveer", "--poort", str(poort), "--site", str(site),
             "--timeout", str(TIMEOUT_S), "--max-rijen", str(MAX_RIJEN), "--werkers", "2"],
            stdout=subprocess.PIPE, stderr=errf, text=True,
        )
        try:
            regels: list[str] = []

            def lees():
                for r in proc.stdout:
                    regels.append(r.strip())

            threading.Thread(target=lees, daemon=True).start()
            deadline = time.monotonic() + 90
            url = None
            while time.monotonic() < deadline and url is None:
                if proc.poll() is not None:
                    pytest.fail(f"server stopte meteen: {err.read_text()}")
                url = next((r.split(": ", 1)[1] for r in regels if r.startswith("SPARQL-endpoint: ")), None)
                time.sleep(0.05)
            assert url, "server gaf geen adres"
            # it answers
            while time.monotonic() < deadline:
                try:
                    urllib.request.urlopen(url, timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.1)
            yield {"url": url, "poort": poort, "proc": proc, "stderr": err, "regels": regels, "verwacht": verwacht}
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


def post(url: str, data: bytes, ctype: str, accept: str = "application/sparql-results+json", timeout: float = 20):
    req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype, "Accept": accept}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def vraag(url: str, query: str, accept: str = "application/sparql-results+json", timeout: float = 20):
    return post(url, query.encode("utf-8"), "application/sparql-query", accept, timeout)


def get(url: str, timeout: float = 20):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read().decode("utf-8")


def norm(bindings: list[dict]) -> list:
    """Bindings comparable across processes: blank node ids differ, GROUP_CONCAT order may too."""
    out = []
    for b in bindings:
        rij = []
        for k in sorted(b):
            t = dict(b[k])
            if t["type"] == "bnode":
                t["value"] = "_"
            elif t["type"] == "literal":
                t["value"] = tuple(sorted(re.split(r"[,;] ", t["value"])))
            rij.append((k, tuple(sorted(t.items()))))
        out.append(tuple(rij))
    return sorted(out, key=repr)


def test_luistert_alleen_op_127_0_0_1(server):
    assert server["url"] == f"http://127.0.0.1:{server['poort']}/sparql"
    tcp = Path("/proc/net/tcp")
    if tcp.exists():  # Linux: the listening socket's local address must be 127.0.0.1
        luisteraars = []
        for regel in tcp.read_text().splitlines()[1:]:
            velden = regel.split()
            adres, poort_hex = velden[1].split(":")
            if velden[3] == "0A" and int(poort_hex, 16) == server["poort"]:
                luisteraars.append(adres)
        assert luisteraars == ["0100007F"]


def test_vaste_vragen_via_http_gelijk_aan_in_proces(server):
    for naam, v in laad_vragen().items():
        tekst = v.bereid({})
        status, headers, body = vraag(server["url"], tekst)
        assert status == 200, (naam, body)
        assert headers["Content-Type"].startswith("application/sparql-results+json")
        http = json.loads(body)
        lokaal = server["verwacht"][naam]
        assert http["head"]["vars"] == lokaal["head"]["vars"], naam
        assert norm(http["results"]["bindings"]) == norm(lokaal["results"]["bindings"]), naam


def test_get_en_formulier_post(server):
    q = "PREFIX dw: <https://domeinwijzer.nl/def/> SELECT ?b WHERE { <https://domeinwijzer.nl/id/wet/wlz> dw:bwbId ?b }"
    status, _, body = get(server["url"] + "?" + urllib.parse.urlencode({"query": q}))
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["b"]["value"] == "BWBR0035917"
    status, _, body = post(server["url"], urllib.parse.urlencode({"query": q}).encode(), "application/x-www-form-urlencoded")
    assert status == 200 and "BWBR0035917" in body


def test_andere_formaten(server):
    q = "PREFIX dw: <https://domeinwijzer.nl/def/> SELECT ?wet ?b WHERE { ?wet a dw:Wet ; dw:bwbId ?b } ORDER BY ?b"
    status, headers, body = vraag(server["url"], q, accept="text/csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "wet,b" and "BWBR0035917" in body
    status, headers, body = vraag(server["url"], q, accept="application/sparql-results+xml")
    assert status == 200 and "<sparql xmlns=" in body and "BWBR0035917" in body
    status, _, body = vraag(server["url"], "ASK { ?s ?p ?o }")
    assert json.loads(body)["boolean"] is True
    c = "PREFIX dw: <https://domeinwijzer.nl/def/> CONSTRUCT { ?w dw:bwbId ?b } WHERE { ?w a dw:Wet ; dw:bwbId ?b }"
    status, headers, body = vraag(server["url"], c, accept="text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert 'wet:wlz dw:bwbId "BWBR0035917"' in body
    status, _, body = vraag(server["url"], q, accept="image/png")
    assert status == 406


def test_update_wordt_geweigerd(server):
    insert = "INSERT DATA { <https://x.example/a> <https://x.example/b> <https://x.example/c> }"
    for status, _, body in (
        post(server["url"], urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"),
        post(server["url"], insert.encode(), "application/sparql-update"),
        vraag(server["url"], insert),
        vraag(server["url"], "PREFIX x: <https://x.example/>\n# uitleg\nDELETE WHERE { ?s ?p ?o }"),
    ):
        assert status == 403 and "alleen-lezen" in body
    _, _, body = vraag(server["url"], "ASK { <https://x.example/a> ?p ?o }")
    assert json.loads(body)["boolean"] is False
    _, _, body = vraag(server["url"], "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1000


def test_service_en_foute_query(server):
    status, _, body = vraag(server["url"], "SELECT * WHERE { SERVICE <https://dbpedia.org/sparql> { ?s ?p ?o } }")
    assert status == 400 and "SERVICE" in body
    status, _, body = vraag(server["url"], "SELECT * WHERE { ?s ?p ")
    assert status == 400 and "geen geldige SPARQL" in body


def test_rijenlimiet(server):
    status, headers, body = vraag(server["url"], "SELECT * WHERE { ?s ?p ?o }")
    assert status == 200
    data = json.loads(body)
    assert len(data["results"]["bindings"]) == MAX_RIJEN
    assert data["afgekapt"] is True and headers["X-Domeinwijzer-Afgekapt"] == "true"
    status, headers, body = vraag(server["url"], "SELECT * WHERE { ?s ?p ?o } LIMIT 3")
    assert "X-Domeinwijzer-Afgekapt" not in headers and "afgekapt" not in json.loads(body)


def test_op_hol_geslagen_vraag_wordt_gestopt_en_andere_vragen_gaan_door(server):
    url = server["url"]
    uitkomst: dict = {}

    def runaway():
        t0 = time.monotonic()
        uitkomst["runaway"] = vraag(url, RUNAWAY, timeout=30)
        uitkomst["duur"] = time.monotonic() - t0

    t = threading.Thread(target=runaway)
    t.start()
    time.sleep(0.3)
    q = "PREFIX dw: <https://domeinwijzer.nl/def/> SELECT (COUNT(?w) AS ?n) WHERE { ?w a dw:Wet }"
    t0 = time.monotonic()
    status, _, body = vraag(url, q)
    tijdens = time.monotonic() - t0
    assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 4
    assert tijdens < TIMEOUT_S, "een normale vraag moest wachten op de lange vraag"
    t.join(30)
    status, _, body = uitkomst["runaway"]
    assert status == 503 and "gestopt" in body
    assert uitkomst["duur"] < TIMEOUT_S + 5
    # afterwards the server still answers, repeatedly (the killed worker is replaced)
    for _ in range(4):
        status, _, _ = vraag(url, q)
        assert status == 200


def test_site_en_hulppagina(server):
    basis = server["url"].rsplit("/sparql", 1)[0]
    status, headers, body = get(basis + "/")
    assert status == 200 and "Domeinwijzer testsite" in body
    status, _, body = get(basis + "/sparql")
    assert status == 200 and "SPARQL-endpoint" in body and "alleen-lezen" in body
    status, _, _ = get(basis + "/../../etc/passwd")
    assert status == 404


def test_vaste_vragen_als_webpagina(server):
    basis = server["url"].rsplit("/sparql", 1)[0]
    status, headers, body = get(basis + "/vragen")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for naam, v in laad_vragen().items():
        assert f'action="/vragen/{naam}"' in body and html.escape(v.titel) in body
    q = urllib.parse.urlencode({"regel": "regel:R09-wlz-toegang-psychische-stoornis", "peildatum": "2020-06-01"})
    status, _, body = get(f"{basis}/vragen/regel-grondslagen?{q}")
    assert status == 200 and "art:wlz-3.2.1-lid1-v2020-01-01" in body and "<table>" in body
    status, headers, body = get(f"{basis}/vragen/huidige-nummering?formaat=csv")
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert body.splitlines()[0] == "knelpunt2024,nummer2024,knelpunt,nummer,label"
    status, _, body = get(basis + "/vragen/regel-grondslagen?" + urllib.parse.urlencode({"regel": "<script>x</script>"}))
    assert status == 400 and "geen geldige IRI" in body
    status, _, body = get(basis + "/vragen/bestaat-niet")
    assert status == 404 and "bestaat-niet" in body


def test_log_bevat_geen_querytekst(server):
    vraag(server["url"], f'SELECT * WHERE {{ ?s ?p "{MARKER}" }}')
    vraag(server["url"], f"SELECT * WHERE {{ ?s ?p ?o }} # {MARKER}\nLIMIT 1")
    # a malformed request line that carries a query: the stdlib would log it verbatim
    with socket.create_connection(("127.0.0.1", server["poort"]), timeout=5) as s:
        s.sendall(f"GET /sparql?query={MARKER} HTTP/1.1 kapot\r\n\r\n".encode())
        assert b" 400 " in s.recv(1000)
    time.sleep(0.2)
    log = server["stderr"].read_text(encoding="utf-8")
    assert "/sparql" in log and "regel" in log
    assert MARKER not in log


def test_stopt_netjes_met_ctrl_c(server):
    """Runs last (file order): Ctrl-C stops the shared server and all its worker processes."""
    proc = server["proc"]
    kinderen = _kinderen(proc.pid)
    assert kinderen, "geen werkproces gevonden"
    proc.send_signal(signal.SIGINT)
    assert proc.wait(10) == 0
    time.sleep(0.3)
    assert not [p for p in kinderen if _leeft(p)]
    with pytest.raises(OSError):
        urllib.request.urlopen(server["url"], timeout=2)


def _kinderen(pid: int) -> list[int]:
    pad = Path(f"/proc/{pid}/task/{pid}/children")
    if not pad.exists():
        pytest.fail("dit platform toont geen /proc/<pid>/task/<pid>/children")
    return [int(x) for x in pad.read_text().split()]


def _leeft(pid: int) -> bool:
    try:
        staat = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return staat != "Z"

