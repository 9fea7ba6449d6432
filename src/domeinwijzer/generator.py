"""Realistic synthetic situations (seeded, reproducible) for tests and the benchmark.

Values come from the knowledge base's concept schemes, so every value the contract allows can
appear; each fact is left out now and then, because absent facts are part of real questions.

Some rules need a rare combination of facts. ``populatie(n)`` therefore *steers* a few
situations (for n >= 1000): for every rule that no random situation makes certain, it draws
situations that prefer the values the rule's condition mentions, and keeps the first one for
which the rule is certain. The rules are read, never named: a new rule is covered without a
change here.
"""

from __future__ import annotations

import datetime as dt
import random

CONCEPT = "https://domeinwijzer.nl/concept/"
SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"

PEILDATA = ["2019-06-01", "2020-06-01", "2021-03-01", "2023-11-01", "2024-07-01", "2025-06-01", "2026-03-01"]
SCHEMES = ("grondslag", "verblijfplaats", "zorgprofiel", "leveringsvorm", "titel", "titelsoort", "fase",
           "zorgvraag", "zorgvorm", "coordinatietaak")
STUREN_VANAF = 1000  # steer populations of at least this size
POGINGEN = 400  # steered draws per rule before giving up on it


def _schemes() -> dict[str, list[str]]:
    """Local names of every concept per scheme (from the compiled classifier: no Turtle parse)."""
    from .engine import classifier

    out: dict[str, list[str]] = {n: [] for n in SCHEMES}
    for (s, p), vals in classifier().kb.out.items():
        if p != SKOS_IN_SCHEME:
            continue
        for v in vals:
            name = str(v)[len(CONCEPT):] if str(v).startswith(CONCEPT) else None
            if name in out and s.startswith(f"{CONCEPT}{name}/"):
                out[name].append(s[len(f"{CONCEPT}{name}/"):])
    if not all(out.values()):  # the input shapes no longer read skos:inScheme: ask the graph
        from rdflib import URIRef
        from rdflib.namespace import SKOS

        from .kb import load_graph

        g = load_graph()
        for name in SCHEMES:
            out[name] = [str(c)[len(f"{CONCEPT}{name}/"):] for c in g.subjects(SKOS.inScheme, URIRef(f"{CONCEPT}{name}"))]
    return {k: sorted(v) for k, v in out.items()}


def _hints(shape) -> tuple[dict[str, set], dict[str, set]]:
    """Values the condition mentions, per property IRI: (values to prefer, values to avoid).

    sh:in, sh:hasValue and the values of sh:node shapes count as preferred; under sh:not, or in
    a qualified shape that may match no value (sh:qualifiedMaxCount 0), they are to be avoided.
    Date and number bounds are kept as (operator, bound) pairs.
    """
    from .shacl_subset import MEMBERS

    prefer: dict[str, set] = {}
    avoid: dict[str, set] = {}
    seen: set[tuple[int, bool]] = set()

    def values_of(ns) -> set:
        vals = set(ns.in_values or ())
        if ns.has_value is not None:
            vals.add(ns.has_value)
        for x in ns.and_ + ns.or_ + ns.xone:
            vals |= values_of(x)
        return vals

    def walk(ns, positive: bool) -> None:
        if (id(ns), positive) in seen:
            return
        seen.add((id(ns), positive))
        for p in ns.props:
            steps = [s for s in p.path if s != MEMBERS]
            if not steps:
                continue
            vals = set(p.in_values or ())
            if p.has_value is not None:
                vals.add(p.has_value)
            vals |= {(op, bound) for op, bound in p.bounds}
            (prefer if positive else avoid).setdefault(steps[-1], set()).update(vals)
            if p.node_shape is not None:
                prefer_or_avoid = prefer if positive else avoid
                prefer_or_avoid.setdefault(steps[-1], set()).update(values_of(p.node_shape))
                walk(p.node_shape, positive)
            if p.qualified is not None:
                none_allowed = p.q_max == 0 and not p.q_min
                pol = (not positive) if none_allowed else positive
                (prefer if pol else avoid).setdefault(steps[-1], set()).update(values_of(p.qualified))
                walk(p.qualified, pol)
        for x in ns.and_ + ns.or_ + ns.xone:
            walk(x, positive)
        for x in ns.not_:
            walk(x, not positive)

    walk(shape, True)
    return prefer, avoid


def _local(v: object) -> object:
    return v.rsplit("/", 1)[-1] if isinstance(v, str) and v.startswith("https://") else v


class Generator:
    def __init__(self, seed: int = 42, weglaten: float = 0.15):
        self.rnd = random.Random(seed)
        self.p_weg = weglaten
        self.lists = _schemes()
        # a bias towards the group this tool is for: adults in or near the Levensloopaanpak
        self.ages = [15, 16, 17, 19, 21, 25, 34, 45, 58, 70, 84]
        self.hint: dict[str, set] = {}  # steering: property local name -> preferred values
        self.mijd: dict[str, set] = {}  # steering: property local name -> values to avoid

    # ------------------------------------------------------------ drawing (optionally steered)

    def _maybe(self, d: dict, key: str, value) -> None:
        if self.rnd.random() >= self.p_weg:
            d[key] = value

    def _bool(self, p: float = 0.5, veld: str | None = None) -> bool:
        if veld and (veld in self.hint or veld in self.mijd):
            bools = [v for v in (True, False) if v in self.hint.get(veld, ()) and v not in self.mijd.get(veld, ())]
            bools = bools or [v for v in (True, False) if v not in self.mijd.get(veld, ())]
            if bools and self.rnd.random() < 0.85:
                return self.rnd.choice(bools)
        return self.rnd.random() < p

    def _kies(self, opties: list, veld: str | None = None):
        if veld and (veld in self.hint or veld in self.mijd) and self.rnd.random() < 0.85:
            mijd = self.mijd.get(veld, ())
            toegestaan = [o for o in opties if o not in mijd] or opties
            pref = [o for o in toegestaan if o in self.hint.get(veld, ())]
            return self.rnd.choice(pref or toegestaan)
        return self.rnd.choice(opties)

    def _getal(self, opties: list[int], veld: str) -> int:
        h = self.hint.get(veld)
        if h and self.rnd.random() < 0.85:
            ok = [o for o in opties if all(_voldoet(o, b) for b in h if isinstance(b, tuple))]
            if ok:
                return self.rnd.choice(ok)
        return self.rnd.choice(opties)

    def _peildatum(self) -> str:
        """A date from PEILDATA; steering prefers dates inside the rule's date bounds."""
        bounds = [b for b in self.hint.get("peildatum", ()) if isinstance(b, tuple) and isinstance(b[1], dt.date)]
        if bounds and self.rnd.random() < 0.85:
            kandidaten = {dt.date.fromisoformat(d) for d in PEILDATA}
            for _, b in bounds:  # the bounds themselves and their neighbours
                kandidaten |= {b - dt.timedelta(days=1), b, b + dt.timedelta(days=1)}
            ok = sorted(d for d in kandidaten if all(_voldoet(d, x) for x in bounds))
            if ok:
                return self.rnd.choice(ok).isoformat()
        return self.rnd.choice(PEILDATA)

    def _er_is(self, p: float, veld: str, waarde: str) -> bool:
        """Whether to add an optional part; steering follows what the rule says about the value."""
        if waarde in self.mijd.get(veld, ()):
            return self.rnd.random() < 0.05
        if waarde in self.hint.get(veld, ()):
            return self.rnd.random() < 0.9
        return self.rnd.random() < p

    def situatie(self, i: int = 0) -> dict:
        r = self.rnd
        s: dict = {"id": f"synthetisch-{i}", "peildatum": self._peildatum()}
        persoon: dict = {}
        self._maybe(persoon, "leeftijd", self._getal(self.ages, "leeftijd"))
        gr = self.lists["grondslag"]
        n_gr = r.choice([0, 1, 1, 2])
        if self.hint.get("zorggrondslag") and n_gr == 0:
            n_gr = 1
        self._maybe(persoon, "grondslagen", sorted({self._kies(gr, "zorggrondslag") for _ in range(n_gr)}))
        self._maybe(persoon, "rechtmatigVerblijf", self._bool(0.95, "rechtmatigVerblijf"))
        self._maybe(persoon, "brpAdres", self._bool(0.8, "brpAdres"))
        self._maybe(persoon, "verblijfplaats", self._kies(self.lists["verblijfplaats"], "verblijfplaats"))
        zb: dict = {}
        for k, p in (("blijvend", 0.5), ("permanentToezicht", 0.4), ("zorg24uurInDeNabijheid", 0.4), ("tijdelijk", 0.3)):
            self._maybe(zb, k, self._bool(p, k))
        self._maybe(persoon, "zorgbehoefte", zb)
        self._maybe(persoon, "zvwGgzVerblijfDagen", self._getal([0, 30, 400, 1094, 1095, 1500], "zvwGgzVerblijfDagen"))
        for k in ("gedragsproblematiek", "gevaarVoorAnderen", "langdurigeMultiproblematiek",
                  "behoefteAanStructuurEnBegrenzing", "recidiveRisicoZonderSluitendAanbod", "jeugdhulpBehandelingAfmaken"):
            self._maybe(persoon, k, self._bool(0.5, k))
        s["persoon"] = persoon
        ind = []
        if self._er_is(0.45, "indicatiesoort", "wlz"):
            wlz = {"soort": "wlz"}
            self._maybe(wlz, "zorgprofiel", self._kies(self.lists["zorgprofiel"], "zorgprofiel"))
            self._maybe(wlz, "leveringsvorm", self._kies(self.lists["leveringsvorm"], "leveringsvorm"))
            self._maybe(wlz, "metBehandeling", self._bool(0.5, "metBehandeling"))
            ind.append(wlz)
        if self._er_is(0.3, "indicatiesoort", "wmo"):
            ind.append({"soort": "wmo", "voorziening": self._kies(["begeleiding", "dagbesteding", "beschermd-wonen"],
                                                                  "voorziening")})
        if self._bool(0.1):
            soort = self._kies(["zvw-wijkverpleging", "jeugdwet"], "indicatiesoort")
            if soort not in self.mijd.get("indicatiesoort", ()):
                ind.append({"soort": soort})
        self._maybe(s, "indicaties", ind)
        titels = []
        n_titels = r.choice([0, 0, 1, 1, 2])
        if self.hint.get("titelsoort") and n_titels == 0:
            n_titels = 1
        for _ in range(n_titels):
            soort = self._kies(self.lists["titelsoort"], "titelsoort")
            t: dict = {"soort": soort}
            if soort == "strafrechtelijk":
                self._maybe(t, "titel", self._kies(self.lists["titel"], "strafrechtelijkeTitel"))
                self._maybe(t, "jeugdstrafrecht", self._bool(0.1, "jeugdstrafrecht"))
            self._maybe(t, "lopend", self._bool(0.5, "lopend"))
            titels.append(t)
        self._maybe(s, "titels", titels)
        lla: dict = {}
        self._maybe(lla, "fase", self._kies(self.lists["fase"], "fase"))
        self._maybe(lla, "zorgBijLevensloopaanbieder", self._bool(0.5, "zorgBijLevensloopaanbieder"))
        self._maybe(lla, "dominanteZorgvraag", self._kies(self.lists["zorgvraag"], "dominanteZorgvraag"))
        self._maybe(s, "levensloopaanpak", lla)
        kind = r.random()
        if self.hint.get("@vraag"):
            kind = {"zorgvorm": 0.0, "coordinatietaak": 0.7, "inclusie": 0.95}[next(iter(self.hint["@vraag"]))]
        if kind < 0.6:
            s["vraag"] = {"zorgvorm": self._kies(self.lists["zorgvorm"], "zorgvorm")}
        elif kind < 0.9:
            s["vraag"] = {"coordinatietaak": self._kies(self.lists["coordinatietaak"], "coordinatietaak")}
        else:
            s["vraag"] = {"inclusie": True}
        return s

    # ------------------------------------------------------------ populations

    def populatie(self, n: int, sturen: bool | None = None) -> list[dict]:
        """n situations; steered towards rules no random one makes certain (see module text)."""
        out = [self.situatie(i) for i in range(n)]
        if sturen is None:
            sturen = n >= STUREN_VANAF
        if sturen:
            self._stuur(out)
        return out

    def gestuurd(self, regel_iri: str, i: int = 0) -> dict | None:
        """A situation in which the rule is certain, or None when POGINGEN draws find none."""
        from .engine import classifier
        from .fouten import InvoerFout

        clf = classifier()
        rule = next(r for r in clf.regels if r.iri == regel_iri)
        prefer, avoid = _hints(rule.voorwaarde)
        self.hint = {_local(k): {_local(v) for v in vals} for k, vals in prefer.items()}
        # a value both wanted (somewhere) and unwanted (elsewhere): wanting it wins
        self.mijd = {_local(k): {_local(v) for v in vals} - self.hint.get(_local(k), set()) for k, vals in avoid.items()}
        vraag = {"https://domeinwijzer.nl/def/VraagZorgvorm": "zorgvorm",
                 "https://domeinwijzer.nl/def/VraagCoordinatietaak": "coordinatietaak",
                 "https://domeinwijzer.nl/def/VraagInclusie": "inclusie"}.get(rule.vraagtype or "")
        if vraag:
            self.hint["@vraag"] = {vraag}
        try:
            for _ in range(POGINGEN):
                s = self.situatie(i)
                try:
                    tree = clf.lees(s)
                except InvoerFout:
                    continue
                if clf._k[rule.iri](tree) is True:
                    return s
            return None
        finally:
            self.hint, self.mijd = {}, {}

    def _stuur(self, pop: list[dict]) -> None:
        from .engine import classifier
        from .fouten import InvoerFout

        clf = classifier()
        per: list[set[str]] = []  # the rules each situation makes certain
        telling: dict[str, int] = {}
        for s in pop:
            try:
                tree = clf.lees(s)
            except InvoerFout:
                per.append(set())
                continue
            zeker = {iri for iri, fn in clf._k.items() if fn(tree) is True}
            per.append(zeker)
            for iri in zeker:
                telling[iri] = telling.get(iri, 0) + 1
        plek = len(pop) - 1
        for r in clf.regels:
            if telling.get(r.iri) or plek < 0:
                continue
            s = self.gestuurd(r.iri, plek)
            if s is None:
                continue
            # replace a situation that no rule needs as its only certain case
            while plek >= 0 and any(telling.get(iri, 0) <= 1 for iri in per[plek]):
                plek -= 1
            if plek < 0:
                break
            for iri in per[plek]:
                telling[iri] -= 1
            s["id"] = f"synthetisch-{plek}"
            pop[plek] = s
            tree = clf.lees(s)
            per[plek] = {iri for iri, fn in clf._k.items() if fn(tree) is True}
            for iri in per[plek]:
                telling[iri] = telling.get(iri, 0) + 1
            plek -= 1


def _voldoet(v: int | dt.date, bound: tuple) -> bool:
    op, b = bound
    if isinstance(b, bool) or type(b) is not type(v):
        return True
    return {"minInclusive": v >= b, "maxInclusive": v <= b, "minExclusive": v > b, "maxExclusive": v < b}[op]


def vandaag() -> str:
    return dt.date.today().isoformat()
