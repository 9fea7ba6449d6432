"""Generate the training site's pages from the knowledge base (in memory; the mkdocs hook adds them).

    from domeinwijzer.site import bouw
    resultaat = bouw()          # Resultaat(pages={src_uri: markdown}, afkortingen=..., stats=...)
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from functools import lru_cache

from ..kb import load_graph
from ..ns import DW
from . import begrippen, casussen, coordinatie, kb, knelpunten, regels, vragen, wegwijzer, wetten, zorgvormen
from .antwoorden import cases, classifier_error, classify
from .pagina import Site, resolve


@dataclass
class Resultaat:
    pages: dict[str, str]
    afkortingen: str
    tellingen: str
    stats: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    voorbeeld: dict = field(default_factory=dict)  # {"invoer": ..., "antwoord": ...} for eigen-vragen.md


# The example on the page "Eigen vragen stellen"; its answer is computed at build time.
VOORBEELD = {
    "id": "voorbeeld",
    "peildatum": "2026-03-01",
    "persoon": {"leeftijd": 34, "grondslagen": ["psychische-stoornis"], "rechtmatigVerblijf": True,
                "brpAdres": True, "verblijfplaats": "thuis",
                "zorgbehoefte": {"blijvend": True, "permanentToezicht": True, "zorg24uurInDeNabijheid": False,
                                 "tijdelijk": False}},
    "indicaties": [{"soort": "wlz", "zorgprofiel": "GGZ-W3", "leveringsvorm": "vpt", "metBehandeling": False}],
    "titels": [],
    "vraag": {"zorgvorm": "begeleiding"},
}


def _answers(cs: list[dict]) -> tuple[dict[str, dict], dict[str, str]]:
    answers, errors = {}, {}
    err = classifier_error()
    for c in cs:
        cid = str(c["id"])
        if err:
            errors[cid] = err
            continue
        try:
            answers[cid] = classify(c.get("situatie") or {})
        except Exception as exc:  # shown on the case page
            errors[cid] = f"{type(exc).__name__}: {exc}"
    return answers, errors


def tellingen(site: Site, n_cases: int) -> str:
    g = site.g
    rows = [("Wetten", len(wetten.laws(site)), "wetten/index.md"),
            ("Artikelen", len(wetten.articles(site)), "artikelen/index.md"),
            ("Beslisregels", len(regels.rules(site)), "regels/index.md"),
            ("Zorgvormen", len(zorgvormen.zorgvormen(site)), "zorgvormen/index.md"),
            ("Knelpunten", len(knelpunten.knelpunten(site)), "knelpunten/index.md"),
            ("Casussen", n_cases, "casussen/index.md"),
            ("Begrippen", len(kb.instances(g, DW.Begrip)), "begrippen.md")]
    out = ["| Wat | Aantal |", "|---|---|"]
    out += [f"| [{name}]({uri}) | {n} |" for name, n, uri in rows]
    return "\n".join(out) + "\n"


def peildatum_vandaag() -> str:
    return dt.date.today().isoformat()


@lru_cache(maxsize=2)
def bouw(peildatum: str | None = None) -> Resultaat:
    """Every generated page (src_uri -> Markdown with relative links), cached per process."""
    t0 = time.perf_counter()
    site = Site(load_graph())
    cs = cases()
    answers, errors = _answers(cs)
    for mod in (wetten, regels, zorgvormen, knelpunten):
        mod.register(site)
    wetten.build(site, answers)
    regels.build(site, cs, answers)
    knelpunten.build(site, casussen.case_knelpunten(cs, answers))
    casussen.build(site, cs, answers, errors)
    ww = wegwijzer.build(site, peildatum or peildatum_vandaag())
    zorgvormen.build(site, _start_pages(ww, "zorgvorm"))
    site.add("coordinatie.md", coordinatie.page(site, _taak_pages(ww)))
    site.add("begrippen.md", begrippen.page(site))
    site.add("queries.md", vragen.page(site))
    pages = {uri: resolve(uri, md) for uri, md in site.pages.items()}
    stats = {"paginas": len(pages), "wegwijzer": {k: v for k, v in ww.items() if k != "start"},
             "casussen": len(cs), "casusfouten": len(errors), "seconden": round(time.perf_counter() - t0, 2)}
    notes = list(site.notes) + [f"casus {k}: {v}" for k, v in errors.items()]
    try:
        voorbeeld = {"invoer": VOORBEELD, "antwoord": classify(VOORBEELD)}
    except Exception as exc:
        voorbeeld = {"invoer": VOORBEELD, "antwoord": {"fout": f"{type(exc).__name__}: {exc}"}}
    return Resultaat(pages, begrippen.abbr_markdown(site.g), tellingen(site, len(cs)), stats, notes, voorbeeld)


def _start_pages(ww: dict, soort: str) -> dict[str, str]:
    """value -> wegwijzer start page (src_uri) for questions of one kind."""
    import json

    out = {}
    for key, page in ww.get("start", {}).items():
        vraag = json.loads(key)
        if soort in vraag:
            out[str(vraag[soort])] = page
    return out


def _taak_pages(ww: dict) -> dict[str, str]:
    """coordinatietaak -> wegwijzer start page (a Markdown link from coordinatie.md at the root)."""
    import json

    out = {}
    for key, page in ww.get("start", {}).items():
        vraag = json.loads(key)
        if "coordinatietaak" in vraag:
            out[vraag["coordinatietaak"]] = page
        elif "inclusie" in vraag:
            out["__inclusie__"] = page
    return out
