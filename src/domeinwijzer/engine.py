"""The classifier: decide the domain of a situation from the rules in rules/ (production path).

Everything domain-specific is data: rules are SHACL shapes with metadata (rules/README.md).
This module compiles them once per process (:func:`classifier`), evaluates them with the
three-valued reading of :mod:`shacl_subset`, and assembles the answer of the contract
(../shared/contract/situatie.md). :mod:`referentie` does the same with pyshacl.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS

from . import situatie as sit
from .fouten import InvoerFout
from .kb import load_graph
from .ns import DW
from .shacl_subset import Compiler, KbIndex, NodeShape, kleene_node, missing_facts, violations

STATUS = {True: "zeker", None: "onbekend", False: "niet"}
VRAAGTYPE = {
    str(DW.zorgvorm): str(DW.VraagZorgvorm),
    str(DW.coordinatietaak): str(DW.VraagCoordinatietaak),
    str(DW.inclusie): str(DW.VraagInclusie),
}


def local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Bronverwijzing:
    """A ground a rule rests on: an article (work) or a document fragment."""

    iri: str
    label: str
    bwb: str | None = None
    artikel: str | None = None
    lid: str | None = None
    onderdeel: str | None = None
    citeer: str | None = None  # for documents
    verificatie: str | None = None
    versies: list[tuple[dt.date, dt.date | None, str, str | None]] = field(default_factory=list)
    # (geldigVanaf, geldigTot, versie-IRI, url)

    def citeer_op(self, peildatum: dt.date) -> str:
        if self.bwb and self.artikel:
            parts = [f"jci1.3:c:{self.bwb}", f"artikel={self.artikel}"]
            if self.lid:
                parts.append(f"lid={self.lid}")
            if self.onderdeel:
                parts.append(f"onderdeel={self.onderdeel}")
            parts.append(f"g={peildatum.isoformat()}")
            return "&".join(parts)
        return self.citeer or self.iri

    def versie_op(self, peildatum: dt.date) -> tuple[str, str | None] | None:
        for van, tot, iri, url in self.versies:
            if van <= peildatum and (tot is None or peildatum <= tot):
                return iri, url
        return None


@dataclass
class Regel:
    iri: str
    id: str
    label: str
    soort: str  # local name of the dw:Regel subclass
    regelnummer: str | None
    vraagtype: str | None
    prioriteit: int
    uitleg: str
    zekerheid: str | None
    domein: str | None
    financier: str | None
    sluit_uit: list[str]
    signaleert: str | None
    criterium: str | None
    grondslagen: list[str]
    voorwaarde: NodeShape
    voorwaarde_iri: object


class Classifier:
    """Compiled rules and knowledge-base lookups; build once, reuse for every situation."""

    def __init__(self, graph: Graph | None = None):
        g = graph if graph is not None else load_graph()
        self.graph = g
        self.kb = KbIndex(g)
        self.compiler = Compiler(g)
        self.regels = self._load_rules(g)
        self.bronnen = self._load_grounds(g)
        self.knelpunten = self._load_knelpunten(g)
        self.labels = {str(s): str(o) for s, o in g.subject_objects(SKOS.prefLabel) if getattr(o, "language", None) == "nl"}
        # input shapes: shapes on dw:Situatie that are not decision rules (rules/invoer.ttl)
        self.invoer = [self.compiler.node_shape(s) for s in sorted(g.subjects(SH.targetClass, DW.Situatie))
                       if (s, RDF.type, DW.Regel) not in g and not any(True for _ in g.objects(s, SH.rule))]
        self.domeinregels: dict[str, list[Regel]] = {}
        for r in sorted(self.regels, key=lambda r: (r.prioriteit, r.id)):
            if r.soort == "Domeinregel":
                self.domeinregels.setdefault(r.vraagtype or "", []).append(r)

    # ------------------------------------------------------------ loading

    def _text(self, s, p) -> str | None:
        vals = list(self.graph.objects(s, p))
        nl = [v for v in vals if getattr(v, "language", None) == "nl"]
        pick = nl or vals
        return str(pick[0]) if pick else None

    def _load_rules(self, g: Graph) -> list[Regel]:
        rules = []
        kinds = {str(DW[k]): k for k in ("Domeinregel", "Uitsluitingsregel", "Signaalregel", "Inclusieregel",
                                         "Afgeleideregel")}
        for s in set(g.subjects(RDF.type, DW.Regel)) | {x for k in kinds for x in g.subjects(RDF.type, URIRef(k))}:
            soort = next((kinds[str(t)] for t in g.objects(s, RDF.type) if str(t) in kinds), "Regel")
            cond = None
            for rule in g.objects(s, SH.rule):
                cond = g.value(rule, SH.condition)
            if cond is None:
                continue  # a rule without a condition cannot fire; the integrity shapes report it
            prio = g.value(s, DW.prioriteit)
            vt = g.value(s, DW.vraagtype)
            dom = g.value(s, DW.uitkomstDomein)
            fin = g.value(s, DW.financier)
            zek = g.value(s, DW.zekerheid)
            sig = g.value(s, DW.signaleert)
            crit = g.value(s, DW.toetstCriterium)
            rules.append(Regel(
                iri=str(s), id=local(str(s)),
                label=self._text(s, SKOS.prefLabel) or self._text(s, RDFS.label) or local(str(s)),
                soort=soort,
                regelnummer=str(g.value(s, DW.regelnummer)) if g.value(s, DW.regelnummer) else None,
                vraagtype=str(vt) if vt else None,
                prioriteit=int(prio) if prio is not None else 1000,
                uitleg=self._text(s, DW.uitleg) or "",
                zekerheid=local(str(zek)) if zek else None,
                domein=local(str(dom)) if dom else None,
                financier=local(str(fin)) if fin else None,
                sluit_uit=sorted(local(str(x)) for x in g.objects(s, DW.sluitUit)),
                signaleert=str(sig) if sig else None,
                criterium=str(crit) if crit else None,
                grondslagen=sorted(str(x) for x in g.objects(s, DW.grondslag)),
                voorwaarde=self.compiler.node_shape(cond),
                voorwaarde_iri=cond,
            ))
        return sorted(rules, key=lambda r: (r.prioriteit, r.id))

    def _load_grounds(self, g: Graph) -> dict[str, Bronverwijzing]:
        out: dict[str, Bronverwijzing] = {}
        cited = {o for o in g.objects(None, DW.grondslag)}
        for c in cited:
            work = c
            if (c, RDF.type, DW.Artikelversie) in g:
                work = g.value(c, DW.versieVan) or c
            label = self._text(work, SKOS.prefLabel) or self._text(work, RDFS.label) or local(str(c))
            ver = g.value(work, DW.verificatiestatus)
            b = Bronverwijzing(iri=str(work), label=label, verificatie=local(str(ver)) if ver else None)
            if (work, RDF.type, DW.Artikel) in g:
                b.bwb = str(g.value(work, DW.bwbId) or "") or None
                b.artikel = str(g.value(work, DW.artikelnummer) or "") or None
                b.lid = str(g.value(work, DW.lid) or "") or None
                b.onderdeel = str(g.value(work, DW.onderdeel) or "") or None
                for v in g.objects(work, DW.heeftVersie):
                    van = g.value(v, DW.geldigVanaf)
                    if van is None:
                        continue
                    tot = g.value(v, DW.geldigTot)
                    url = g.value(v, DW.url)
                    b.versies.append((van.toPython(), tot.toPython() if tot is not None else None, str(v),
                                      str(url) if url else None))
                b.versies.sort()
                # the newest checked version stays valid until a later one is known
            else:
                cite = g.value(work, DW.citeerAls)
                b.citeer = str(cite) if cite else str(work)
            out[str(c)] = b
        return out

    def _load_knelpunten(self, g: Graph) -> dict[str, dict]:
        out = {}
        for k in g.subjects(RDF.type, DW.Knelpunt):
            nr = g.value(k, DW.nummer)
            status = g.value(k, DW.status)
            out[str(k)] = {
                "knelpunt": f"K{nr}" if nr is not None else local(str(k)),
                "label": self._text(k, SKOS.prefLabel) or local(str(k)),
                "aanvliegroute": self._text(k, DW.aanvliegroute) or "",
                "status": local(str(status)) if status else None,
            }
        return out

    # ------------------------------------------------------------ input

    def lees(self, invoer: object) -> dict:
        """Contract JSON (already parsed) -> validated situation tree, or InvoerFout (exit 2)."""
        tree = sit.naar_boom(invoer)
        problems: list[dict] = []
        for shape in self.invoer:
            problems += violations(shape, tree, self.kb)
        if problems:
            raise InvoerFout(_unique(problems))
        return tree

    # ------------------------------------------------------------ evaluation

    def statussen(self, tree: dict) -> dict[str, bool | None]:
        """Three-valued status of every rule for this situation (rule IRI -> True/None/False)."""
        return {r.iri: kleene_node(r.voorwaarde, tree, self.kb) for r in self.regels}

    def classificeer(self, invoer: object, peildatum: str | dt.date | None = None) -> dict:
        tree = self.lees(invoer)
        return self.antwoord(tree, peildatum)

    def antwoord(self, tree: dict, peildatum: str | dt.date | None = None,
                 statusfn: Callable[[dict], dict[str, bool | None]] | None = None) -> dict:
        """Assemble the contract answer for a validated tree (statusfn: the reference hook)."""
        if peildatum is not None:
            tree = dict(tree)
            tree[str(DW.peildatum)] = peildatum if isinstance(peildatum, dt.date) else dt.date.fromisoformat(peildatum)
        status = (statusfn or self.statussen)(tree)
        return assemble(self, tree, status)


def _unique(problems: list[dict]) -> list[dict]:
    seen, out = set(), []
    for p in problems:
        key = (p["pad"], p["melding"])
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def _feit_pad(ps, focus: object) -> str:
    """The JSON path of a missing fact: the focus object's own path plus the property's keys."""
    rel = ps.feit or fact_path_for(ps.prefix)
    base = focus.get(sit.PAD, "$") if isinstance(focus, dict) else "$"
    if base == "$":
        return rel
    return f"{base}.{_keys(ps.prefix)}"


@lru_cache(maxsize=512)
def _keys(prefix: tuple[str, ...]) -> str:
    from .shacl_subset import MEMBERS

    names: dict[str, str] = {}
    for chain in sit.fact_paths().values():
        for t in chain:
            names[t.iri] = t.key
    return ".".join(names.get(s, local(s)) for s in prefix if s != MEMBERS)


@lru_cache(maxsize=512)
def fact_path_for(prefix: tuple[str, ...]) -> str:
    from .shacl_subset import MEMBERS

    by_chain = {tuple(t.iri for t in chain): path for path, chain in sit.fact_paths().items()}
    steps = tuple(s for s in prefix if s != MEMBERS)
    # longest known fact path that the prefix starts with (list containers end a fact too)
    for n in range(len(steps), 0, -1):
        if steps[:n] in by_chain:
            return by_chain[steps[:n]]
    containers = {tuple(t.iri for t in chain[:i + 1]): ".".join(x.key for x in chain[:i + 1])
                  for chain in sit.fact_paths().values() for i in range(len(chain))}
    for n in range(len(steps), 0, -1):
        if steps[:n] in containers:
            return containers[steps[:n]]
    return "/".join(local(s) for s in steps)


def assemble(clf: Classifier, tree: dict, status: dict[str, bool | None]) -> dict:
    peildatum: dt.date = tree[str(DW.peildatum)]
    vraag = tree.get(str(DW.vraag), {})
    vraagtype = next((VRAAGTYPE[k] for k in vraag if k in VRAAGTYPE), "")
    fired = [r for r in clf.regels if status.get(r.iri) is True]
    missing: list[str] = []
    waarschuwingen: list[str] = []

    def grounds(r: Regel) -> list[str]:
        out = []
        for gr in r.grondslagen:
            b = clf.bronnen.get(gr)
            if b is None:
                continue
            out.append(b.citeer_op(peildatum))
            if b.bwb and b.versies and b.versie_op(peildatum) is None:
                msg = (f"{b.label}: de tekst is alleen gecontroleerd vanaf {b.versies[0][0].isoformat()}; "
                       f"controleer de versie op {peildatum.isoformat()}")
                if msg not in waarschuwingen:
                    waarschuwingen.append(msg)
            if b.verificatie in ("U", "S"):
                msg = f"{b.label}: niet gecontroleerd in de wettekst (status {b.verificatie})"
                if msg not in waarschuwingen:
                    waarschuwingen.append(msg)
        return out

    def add_missing(r: Regel) -> None:
        for ps, focus in missing_facts(r.voorwaarde, tree, clf.kb):
            path = _feit_pad(ps, focus)
            if path not in missing:
                missing.append(path)

    out: dict = {"id": tree.get(str(DW.situatieId)), "peildatum": peildatum.isoformat(),
                 "vraag": sit.boom_naar_json({k: v for k, v in tree.items() if k == str(DW.vraag)}).get("vraag", {})}
    if out["id"] is None:
        del out["id"]
    winner: Regel | None = None
    steps: list[Regel] = []
    if vraagtype == str(DW.VraagInclusie):
        criteria: dict[str, list[bool | None]] = {}
        crit_rules: dict[str, Regel] = {}
        for r in clf.regels:
            if r.soort == "Inclusieregel" and r.criterium:
                criteria.setdefault(r.criterium, []).append(status.get(r.iri))
                crit_rules[r.criterium] = r
        per: list[dict] = []
        for crit in sorted(criteria, key=local):
            vals = criteria[crit]
            s = True if all(v is True for v in vals) else (False if any(v is False for v in vals) else None)
            r = crit_rules[crit]
            per.append({"criterium": local(crit), "label": clf.labels.get(crit, local(crit)),
                        "uitkomst": {True: "voldaan", False: "niet-voldaan", None: "onbekend"}[s],
                        "regel": r.id})
            if s is None:
                for rr in clf.regels:
                    if rr.criterium == crit and status.get(rr.iri) is None:
                        add_missing(rr)
            if s is not None:
                steps.append(r)
        vals = [c["uitkomst"] for c in per]
        out["includeerbaar"] = (False if "niet-voldaan" in vals else (True if vals and all(v == "voldaan" for v in vals) else None))
        out["criteria"] = per
        zek = {r.zekerheid for r in steps if r.zekerheid}
        out["zekerheid"] = "beleid" if not zek else sorted(zek)[0]
    else:
        for r in clf.domeinregels.get(vraagtype, []):
            s = status.get(r.iri)
            if s is True:
                winner = r
                break
            if s is None:
                add_missing(r)
        if missing:
            out["domein"] = "onbepaald"
            winner = None
        elif winner is not None:
            out["domein"] = winner.domein or "onbepaald"
            if winner.financier:
                out["financier"] = winner.financier
            out["zekerheid"] = winner.zekerheid
            steps.append(winner)
        else:
            out["domein"] = "onbepaald"
    uitgesloten = []
    for r in fired:
        if r.soort == "Uitsluitingsregel" and (not r.vraagtype or r.vraagtype == vraagtype):
            for d in r.sluit_uit:
                uitgesloten.append({"domein": d, "regel": r.id, "grondslagen": grounds(r)})
            steps.append(r)
    signalen = []
    seen_k = set()
    for r in fired:
        if r.soort == "Signaalregel" and r.signaleert and (not r.vraagtype or r.vraagtype == vraagtype):
            k = clf.knelpunten.get(r.signaleert, {"knelpunt": local(r.signaleert), "label": "", "aanvliegroute": ""})
            if k["knelpunt"] not in seen_k:
                seen_k.add(k["knelpunt"])
                signalen.append(dict(k, regel=r.id))
            steps.append(r)
    out["uitgesloten"] = uitgesloten
    regels = [{"id": r.id, "label": r.label, "grondslagen": grounds(r)} for r in steps]
    out["regels"] = regels
    alle: list[str] = []
    for r in regels:
        for gr in r["grondslagen"]:
            if gr not in alle:
                alle.append(gr)
    out["grondslagen"] = alle
    out["signalen"] = signalen
    out["ontbrekendeFeiten"] = missing
    if waarschuwingen:
        out["waarschuwingen"] = waarschuwingen
    out["toelichting"] = toelichting(clf, out, steps, winner)
    return out


def toelichting(clf: Classifier, out: dict, steps: list[Regel], winner: Regel | None) -> str:
    """A short Dutch explanation, one step per rule, naming its grounds."""
    zinnen: list[str] = []
    if out.get("domein") == "onbepaald" and out["ontbrekendeFeiten"]:
        zinnen.append("Met deze gegevens is het antwoord nog niet zeker. Nodig: "
                      + ", ".join(out["ontbrekendeFeiten"]) + ".")
    elif out.get("domein") == "onbepaald" and "includeerbaar" not in out:
        zinnen.append("Geen regel in de kennisbank past op deze situatie.")
    for i, r in enumerate(steps, 1):
        namen = [clf.bronnen[g].label for g in r.grondslagen if g in clf.bronnen]
        grond = f" (grondslag: {', '.join(namen)})" if namen else ""
        zinnen.append(f"Stap {i}: {r.label}. {r.uitleg}{grond}".strip())
    if "includeerbaar" in out:
        zinnen.append({True: "Conclusie: deze persoon kan worden opgenomen in de Levensloopaanpak.",
                       False: "Conclusie: deze persoon voldoet niet aan alle criteria voor de Levensloopaanpak.",
                       None: "Conclusie: nog niet te zeggen; er ontbreken gegevens."}[out["includeerbaar"]])
    return " ".join(zinnen)


@lru_cache(maxsize=1)
def classifier() -> Classifier:
    """The process-wide classifier (knowledge base and rules load once)."""
    return Classifier()
