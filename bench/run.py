"""Performance figures of the classifier, the CLI, the site build and the SPARQL endpoint.

    python bench/run.py           # everything (a few minutes)
    python bench/run.py --snel    # fewer situations, no site build (under a minute)

Prints a table (figure, value, baseline, ratio) and as its last line
``throughput=<situations/s> ratio_pyshacl=<x> p95_ms=<ms> cold_start_s=<s>``.
Figures are measured, never asserted: bench/README.md says what each one means.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from domeinwijzer.engine import classifier  # noqa: E402
from domeinwijzer.fouten import InvoerFout  # noqa: E402
from domeinwijzer.generator import Generator  # noqa: E402

SEED = 42


def percentiel(waarden: list[float], p: float) -> float:
    s = sorted(waarden)
    if not s:
        return float("nan")
    k = max(0, min(len(s) - 1, round(p / 100 * (len(s) - 1))))
    return s[k]


def piek_mb() -> float:
    """Peak resident memory of this process (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {"nproc": os.cpu_count(), "cpu": cpu, "python": platform.python_version(), "load1": round(load, 2)}


# ---------------------------------------------------------------- measurements


def dekking(clf, populatie: list[dict]) -> tuple[int, int]:
    """(rules certain in at least one situation, all rules)."""
    zeker: set[str] = set()
    for s in populatie:
        try:
            st = clf.statussen(clf.lees(s))
        except InvoerFout:
            continue
        zeker |= {iri for iri, v in st.items() if v is True}
    return len(zeker), len(clf.regels)


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def doorvoer_enkel(clf, populatie: list[dict]) -> tuple[float, list[dict]]:
    """Situations per second, one process: read, validate, evaluate, full answer."""
    return doorvoer_batch(clf, populatie, 1)[::2]


def doorvoer_batch(clf, populatie: list[dict], werkers: int, als_json: bool = False) -> tuple[float, float, list]:
    """(situations per wall-clock second, per CPU second of all processes, answers).

    als_json: answers as JSON lines (Classifier.batch_json, what ``classificeer --batch`` prints).
    """
    doe = clf.batch_json if als_json else clf.batch
    c0, t0 = _cpu(), time.perf_counter()
    antwoorden = doe(populatie, werkers=werkers)
    wand, cpu = time.perf_counter() - t0, _cpu() - c0
    return len(populatie) / wand, len(populatie) / cpu if cpu > 0 else float("nan"), antwoorden


def latentie(clf, populatie: list[dict]) -> tuple[float, float]:
    """Warm single situation: p50 and p95 in ms (one call of classificeer each)."""
    tijden = []
    for s in populatie:
        t0 = time.perf_counter()
        try:
            clf.classificeer(s)
        except InvoerFout:
            pass
        tijden.append((time.perf_counter() - t0) * 1000)
    return percentiel(tijden, 50), percentiel(tijden, 95)


def pyshacl_referentie(clf, steekproef: list[dict]) -> tuple[float, int]:
    """Situations per second of the pyshacl reference (one at a time), and answers that differ."""
    from domeinwijzer.referentie import Referentie

    ref = Referentie(clf)
    trees = []
    for s in steekproef:
        try:
            trees.append(clf.lees(s))
        except InvoerFout:
            pass
    ref.antwoord(trees[0])  # warm-up (pyshacl's own caches)
    verschil = 0
    t0 = time.perf_counter()
    ref_antwoorden = [ref.antwoord(t) for t in trees]
    duur = time.perf_counter() - t0
    for t, a in zip(trees, ref_antwoorden, strict=True):
        if json.dumps(a, sort_keys=True) != json.dumps(clf.antwoord(t), sort_keys=True):
            verschil += 1
    return len(trees) / duur, verschil


def koude_start(herhalingen: int) -> tuple[float, float]:
    """CLI answering one situation from a cold process: (best, median) seconds."""
    exe = ROOT / ".venv" / "bin" / "domeinwijzer"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "domeinwijzer.cli"]
    situatie = Generator(SEED).situatie(0)
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "situatie.json"
        f.write_text(json.dumps(situatie), encoding="utf-8")
        # first run: builds the compiled artefact when the knowledge base changed (not timed)
        subprocess.run(cmd + ["classificeer", str(f), "--formaat", "json"], capture_output=True, check=True)
        tijden = []
        for _ in range(herhalingen):
            t0 = time.perf_counter()
            r = subprocess.run(cmd + ["classificeer", str(f), "--formaat", "json"], capture_output=True)
            tijden.append(time.perf_counter() - t0)
            if r.returncode != 0:
                raise SystemExit(f"classificeer faalde: {r.stderr.decode()[:500]}")
    return min(tijden), statistics.median(tijden)


def rdflib_in_koude_start() -> str:
    """Whether answering one situation in a fresh process imports rdflib (from the cache: it should not)."""
    code = ("import sys; from domeinwijzer.engine import classifier; c = classifier();"
            "c.classificeer({'peildatum': '2026-03-01', 'vraag': {'zorgvorm': 'begeleiding'}});"
            "print(c.uit_cache, 'rdflib' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    uit_cache, geladen = (r.stdout.split() + ["?", "?"])[:2]
    return ("ja" if geladen == "True" else "nee") + (" (uit cache)" if uit_cache == "True" else " (cache opnieuw gebouwd)")


def mkdocs_bouw() -> float | None:
    exe = ROOT / ".venv" / "bin" / "mkdocs"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "mkdocs"]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        r = subprocess.run(cmd + ["build", "--strict", "--quiet", "-d", str(Path(tmp) / "site")],
                           cwd=ROOT, capture_output=True, text=True)
        duur = time.perf_counter() - t0
    if r.returncode != 0:
        print(f"mkdocs build faalde:\n{r.stderr[-1500:]}", file=sys.stderr)
        return None
    return duur


def endpoint(seconden: float, clients: int) -> dict | None:
    r = subprocess.run([sys.executable, str(ROOT / "bench" / "load_endpoint.py"), "--json",
                        "--seconds", str(seconden), "--clients", str(clients)],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    try:
        return json.loads(r.stdout)
    except json.JSONDecodeError:
        print(f"load_endpoint.py gaf geen JSON:\n{r.stderr[-1500:]}", file=sys.stderr)
        return None


# ---------------------------------------------------------------- report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Meet de snelheid van Domeinwijzer.")
    ap.add_argument("--snel", action="store_true", help="kleinere aantallen, geen site-bouw (onder een minuut)")
    ap.add_argument("--werkers", type=int, default=os.cpu_count() or 1, help="processen voor de batch")
    args = ap.parse_args(argv)
    n = 2000 if args.snel else 10_000
    n_ref = 4 if args.snel else 20
    rijen: list[tuple[str, str, str, str]] = []

    def rij(naam: str, waarde: str, basis: str = "", verhouding: str = "") -> None:
        rijen.append((naam, waarde, basis, verhouding))

    t0 = time.perf_counter()
    clf = classifier()
    laden = time.perf_counter() - t0
    rij("classifier laden (in proces)", f"{laden * 1000:.0f} ms", "", "uit cache" if clf.uit_cache else "opnieuw gebouwd")

    populatie = Generator(SEED).populatie(n)
    gedekt, regels = dekking(clf, populatie)
    rij("regels zeker in de populatie", f"{gedekt}/{regels}", "", "")

    doorvoer1, cpu1, antwoorden1 = doorvoer_batch(clf, populatie, 1)
    rij(f"doorvoer 1 proces, antwoord-objecten ({n})", f"{doorvoer1:,.0f} /s", "10,000 /s (doel)",
        f"{doorvoer1 / 10_000:.2f}x; {cpu1:,.0f} per CPU-seconde")
    verwacht = [json.dumps(a, ensure_ascii=False) for a in antwoorden1]
    doorvoer_j, cpu_j, regels1 = doorvoer_batch(clf, populatie, 1, als_json=True)
    rij("doorvoer 1 proces, JSON-regels", f"{doorvoer_j:,.0f} /s", "10,000 /s (doel)",
        f"{doorvoer_j / 10_000:.2f}x; {cpu_j:,.0f} per CPU-seconde")
    werkers = max(1, args.werkers)
    doorvoer_w, cpu_w, regels_w = doorvoer_batch(clf, populatie, werkers, als_json=True)
    gelijk = regels1 == regels_w == verwacht
    rij(f"doorvoer {werkers} processen, JSON-regels", f"{doorvoer_w:,.0f} /s", "10,000 /s (doel)",
        f"{doorvoer_w / 10_000:.2f}x; {cpu_w:,.0f} per CPU-seconde" + ("" if gelijk else "; ANTWOORDEN VERSCHILLEN"))
    doorvoer = max(doorvoer1, doorvoer_j, doorvoer_w)  # the best production path of this run
    p50, p95 = latentie(clf, populatie[: min(n, 3000)])
    rij("één situatie warm, p50", f"{p50:.3f} ms")
    rij("één situatie warm, p95", f"{p95:.3f} ms", "5 ms (doel)", f"{5 / p95:.0f}x onder" if p95 else "")
    piek_productie = piek_mb()
    rij("piekgeheugen productiepad", f"{piek_productie:.0f} MB", "500 MB (doel)", "")

    ref_doorvoer, verschil = pyshacl_referentie(clf, populatie[:n_ref])
    ratio = doorvoer / ref_doorvoer
    rij(f"pyshacl-referentie ({n_ref} situaties, één voor één)", f"{ref_doorvoer:,.1f} /s", "", "")
    rij("verhouding beste doorvoer / pyshacl", f"{ratio:,.0f}x", "500x (doel)",
        f"{doorvoer1 / ref_doorvoer:,.0f}x met 1 proces; {verschil} antwoorden verschillen")

    best, mediaan = koude_start(3 if args.snel else 5)
    rij("CLI koude start, één situatie", f"{best:.3f} s", "0.5 s (doel)", f"mediaan {mediaan:.3f} s")
    rij("rdflib geladen voor één antwoord", rdflib_in_koude_start())

    if args.snel:
        rij("mkdocs build --strict", "overgeslagen (--snel)")
    else:
        duur = mkdocs_bouw()
        rij("mkdocs build --strict", f"{duur:.1f} s" if duur is not None else "mislukt")

    ep = endpoint(2.0 if args.snel else 5.0, 2 if args.snel else 4)
    if ep:
        rij("SPARQL-endpoint p95 (vaste vragen, HTTP)", f"{ep['p95_ms']:.2f} ms", f"rdflib {ep['rdflib_p95_ms']:.2f} ms",
            f"{ep['verhouding_p95_rdflib_tegen_endpoint']}x")
    else:
        rij("SPARQL-endpoint p95", "mislukt")
    rij("piekgeheugen hele meting", f"{piek_mb():.0f} MB", "", "incl. pyshacl en rdflib")

    m = machine()
    print(f"Machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}, load {m['load1']}")
    breed = [max(len(r[i]) for r in rijen + [("meting", "waarde", "basis", "verhouding")]) for i in range(4)]
    kop = ("meting", "waarde", "basis", "verhouding")
    print("  ".join(k.ljust(b) for k, b in zip(kop, breed, strict=True)))
    print("  ".join("-" * b for b in breed))
    for r in rijen:
        print("  ".join(x.ljust(b) for x, b in zip(r, breed, strict=True)))
    print(f"throughput={doorvoer:.0f} ratio_pyshacl={ratio:.0f} p95_ms={p95:.3f} cold_start_s={best:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
