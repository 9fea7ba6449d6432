"""Realistic synthetic situations (seeded, reproducible) for tests and the benchmark.

Values come from the knowledge base's concept schemes, so every value the contract allows can
appear; each fact is left out now and then, because absent facts are part of real questions.
"""

from __future__ import annotations

import datetime as dt
import random

from rdflib.namespace import SKOS

from .kb import load_graph
from .ns import CONCEPT

PEILDATA = ["2019-06-01", "2020-06-01", "2021-03-01", "2023-11-01", "2024-07-01", "2025-06-01", "2026-03-01"]


def _scheme(name: str) -> list[str]:
    g = load_graph()
    from rdflib import URIRef

    vals = sorted(str(c)[len(f"{CONCEPT}{name}/"):] for c in g.subjects(SKOS.inScheme, URIRef(f"{CONCEPT}{name}")))
    return vals


class Generator:
    def __init__(self, seed: int = 42, weglaten: float = 0.15):
        self.rnd = random.Random(seed)
        self.p_weg = weglaten
        self.lists = {n: _scheme(n) for n in ("grondslag", "verblijfplaats", "zorgprofiel", "leveringsvorm",
                                              "titel", "titelsoort", "fase", "zorgvraag", "zorgvorm",
                                              "coordinatietaak")}
        # a bias towards the group this tool is for: adults in or near the Levensloopaanpak
        self.ages = [15, 16, 17, 19, 21, 25, 34, 45, 58, 70, 84]

    def _maybe(self, d: dict, key: str, value) -> None:
        if self.rnd.random() >= self.p_weg:
            d[key] = value

    def _bool(self, p: float = 0.5) -> bool:
        return self.rnd.random() < p

    def situatie(self, i: int = 0) -> dict:
        r = self.rnd
        s: dict = {"id": f"synthetisch-{i}", "peildatum": r.choice(PEILDATA)}
        persoon: dict = {}
        self._maybe(persoon, "leeftijd", r.choice(self.ages))
        self._maybe(persoon, "grondslagen", r.sample(self.lists["grondslag"], r.choice([0, 1, 1, 2])))
        self._maybe(persoon, "rechtmatigVerblijf", self._bool(0.95))
        self._maybe(persoon, "brpAdres", self._bool(0.8))
        self._maybe(persoon, "verblijfplaats", r.choice(self.lists["verblijfplaats"]))
        zb: dict = {}
        for k, p in (("blijvend", 0.5), ("permanentToezicht", 0.4), ("zorg24uurInDeNabijheid", 0.4), ("tijdelijk", 0.3)):
            self._maybe(zb, k, self._bool(p))
        self._maybe(persoon, "zorgbehoefte", zb)
        self._maybe(persoon, "zvwGgzVerblijfDagen", r.choice([0, 30, 400, 1094, 1095, 1500]))
        for k in ("gedragsproblematiek", "gevaarVoorAnderen", "langdurigeMultiproblematiek",
                  "behoefteAanStructuurEnBegrenzing", "recidiveRisicoZonderSluitendAanbod", "jeugdhulpBehandelingAfmaken"):
            self._maybe(persoon, k, self._bool())
        s["persoon"] = persoon
        ind = []
        if self._bool(0.45):
            wlz = {"soort": "wlz"}
            self._maybe(wlz, "zorgprofiel", r.choice(self.lists["zorgprofiel"]))
            self._maybe(wlz, "leveringsvorm", r.choice(self.lists["leveringsvorm"]))
            self._maybe(wlz, "metBehandeling", self._bool())
            ind.append(wlz)
        if self._bool(0.3):
            ind.append({"soort": "wmo", "voorziening": r.choice(["begeleiding", "dagbesteding", "beschermd-wonen"])})
        if self._bool(0.1):
            ind.append({"soort": r.choice(["zvw-wijkverpleging", "jeugdwet"])})
        self._maybe(s, "indicaties", ind)
        titels = []
        for _ in range(r.choice([0, 0, 1, 1, 2])):
            soort = r.choice(self.lists["titelsoort"])
            t: dict = {"soort": soort}
            if soort == "strafrechtelijk":
                self._maybe(t, "titel", r.choice(self.lists["titel"]))
                self._maybe(t, "jeugdstrafrecht", self._bool(0.1))
            self._maybe(t, "lopend", self._bool())
            titels.append(t)
        self._maybe(s, "titels", titels)
        lla: dict = {}
        self._maybe(lla, "fase", r.choice(self.lists["fase"]))
        self._maybe(lla, "zorgBijLevensloopaanbieder", self._bool())
        self._maybe(lla, "dominanteZorgvraag", r.choice(self.lists["zorgvraag"]))
        self._maybe(s, "levensloopaanpak", lla)
        kind = r.random()
        if kind < 0.6:
            s["vraag"] = {"zorgvorm": r.choice(self.lists["zorgvorm"])}
        elif kind < 0.9:
            s["vraag"] = {"coordinatietaak": r.choice(self.lists["coordinatietaak"])}
        else:
            s["vraag"] = {"inclusie": True}
        return s

    def populatie(self, n: int) -> list[dict]:
        return [self.situatie(i) for i in range(n)]


def vandaag() -> str:
    return dt.date.today().isoformat()
