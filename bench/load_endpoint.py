"""Bounded load test of the SPARQL endpoint (loopback only).

    python bench/load_endpoint.py                   # starts `domeinwijzer serveer` on a free port
    python bench/load_endpoint.py --url http://127.0.0.1:8321/sparql --clients 4 --seconds 5

Runs a fixed number of client threads for a fixed time, each sending the named questions
(queries/*.rq, default parameters) round-robin. Prints throughput and p50/p95 latency, and as a
baseline the p95 of the same questions evaluated in memory by rdflib, with the ratio.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from domeinwijzer.vragen import laad_vragen  # noqa: E402


def percentiel(waarden: list[float], p: float) -> float:
    if not waarden:
        return float("nan")
    s = sorted(waarden)
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def is_loopback_url(url: str) -> bool:
    deel = urllib.parse.urlsplit(url)
    if deel.scheme != "http" or not deel.hostname:
        return False
    try:
        return ipaddress.ip_address(deel.hostname) == ipaddress.ip_address("127.0.0.1")
    except ValueError:
        return False


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(werkers: int) -> tuple[subprocess.Popen, str]:
    poort = vrije_poort()
    proc = subprocess.Popen(
        [sys.executable, "-m", "domeinwijzer.cli", "serveer", "--poort", str(poort), "--werkers", str(werkers)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    regel = proc.stdout.readline().strip()
    if not regel.startswith("SPARQL-endpoint: "):
        proc.kill()
        raise SystemExit("Het endpoint startte niet.")
    return proc, regel.split(": ", 1)[1]


def stuur(url: str, query: str) -> int:
    req = urllib.request.Request(
        url, data=query.encode("utf-8"), method="POST",
        headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def belast(url: str, queries: list[str], clients: int, seconden: float) -> tuple[list[float], int, float]:
    latenties: list[float] = []
    fouten = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconden

    def client(start: int) -> None:
        nonlocal fouten
        i = start
        while time.monotonic() < stop:
            q = queries[i % len(queries)]
            i += 1
            t0 = time.perf_counter()
            status = stuur(url, q)
            dt = time.perf_counter() - t0
            with lock:
                latenties.append(dt)
                if status != 200:
                    fouten += 1

    t0 = time.monotonic()
    threads = [threading.Thread(target=client, args=(k * 7,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latenties, fouten, time.monotonic() - t0


def rdflib_baseline(queries: list[str], rondes: int) -> tuple[list[float], int]:
    """Latencies of rdflib in-memory evaluation, and how many questions disagree with pyoxigraph."""
    from domeinwijzer import sparql_store

    ds = sparql_store.rdflib_dataset()
    verschillen = 0
    for q in queries:  # warm-up (parsing, caches) and agreement check
        a = sparql_store.voer_uit_rdflib(q, ds)
        b = sparql_store.voer_uit(q)
        if a.variabelen != b.variabelen or sparql_store.genormaliseerd(a) != sparql_store.genormaliseerd(b):
            verschillen += 1
    tijden = []
    for _ in range(rondes):
        for q in queries:
            t0 = time.perf_counter()
            sparql_store.voer_uit_rdflib(q, ds)
            tijden.append(time.perf_counter() - t0)
    return tijden, verschillen


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Belastingstest van het SPARQL-endpoint (alleen 127.0.0.1).")
    ap.add_argument("--url", help="bestaand endpoint, bijvoorbeeld http://127.0.0.1:8321/sparql")
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--werkers", type=int, default=3, help="werkprocessen als dit script de server start")
    ap.add_argument("--baseline-rondes", type=int, default=2)
    ap.add_argument("--json", action="store_true", help="uitvoer als JSON")
    args = ap.parse_args(argv)
    if not (1 <= args.clients <= 64) or not (0 < args.seconds <= 120):
        ap.error("kies 1-64 clients en hoogstens 120 seconden")
    if args.url and not is_loopback_url(args.url):
        print("Alleen een endpoint op http://127.0.0.1 mag worden belast.", file=sys.stderr)
        return 2

    vragen = laad_vragen()
    queries = [v.bereid({}) for v in vragen.values()]
    proc = None
    url = args.url
    if url is None:
        proc, url = start_server(args.werkers)
    try:
        for q in queries:  # warm-up: every query once
            stuur(url, q)
        latenties, fouten, duur = belast(url, queries, args.clients, args.seconds)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)

    base, verschillen = rdflib_baseline(queries, args.baseline_rondes)
    ms = [x * 1000 for x in latenties]
    base_ms = [x * 1000 for x in base]
    uit = {
        "vragen": len(queries),
        "clients": args.clients,
        "seconden": round(duur, 2),
        "verzoeken": len(latenties),
        "fouten": fouten,
        "doorvoer_per_s": round(len(latenties) / duur, 1),
        "p50_ms": round(percentiel(ms, 50), 2),
        "p95_ms": round(percentiel(ms, 95), 2),
        "rdflib_p50_ms": round(percentiel(base_ms, 50), 2),
        "rdflib_p95_ms": round(percentiel(base_ms, 95), 2),
        "rdflib_gemiddeld_ms": round(statistics.fmean(base_ms), 2),
        "vragen_met_ander_antwoord_rdflib": verschillen,
    }
    uit["verhouding_p95_rdflib_tegen_endpoint"] = round(uit["rdflib_p95_ms"] / uit["p95_ms"], 1) if uit["p95_ms"] else None
    if args.json:
        print(json.dumps(uit, indent=2))
    else:
        print(f"{uit['vragen']} vaste vragen, {args.clients} clients, {uit['seconden']} s")
        print(f"endpoint : {uit['verzoeken']} verzoeken, {uit['fouten']} fout, {uit['doorvoer_per_s']} vragen/s")
        print(f"           p50 {uit['p50_ms']} ms, p95 {uit['p95_ms']} ms (over HTTP, inclusief JSON)")
        print(f"rdflib   : p50 {uit['rdflib_p50_ms']} ms, p95 {uit['rdflib_p95_ms']} ms (in het geheugen, zonder HTTP)")
        print(f"verhouding p95 rdflib / endpoint: {uit['verhouding_p95_rdflib_tegen_endpoint']}x")
        print(f"vragen waarop rdflib en pyoxigraph verschillen: {verschillen}")
    return 1 if fouten or verschillen else 0


if __name__ == "__main__":
    raise SystemExit(main())
