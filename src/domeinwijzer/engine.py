"""The classifier: decide the domain of a situation from the rules in rules/ (production path).

Everything domain-specific is data: rules are SHACL shapes with metadata (rules/README.md).
This module compiles them once per process (:func:`classifier`), evaluates them with the
three-valued reading of :mod:`shacl_subset`, and assembles the answer of the contract
(../shared/contract/situatie.md). :mod:`referentie` does the same with pyshacl.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from . import situatie as sit
from .fouten import InvoerFout
from .shacl_subset import KbIndex, NodeShape, PropShape, violations

if TYPE_CHECKING:  # rdflib is imported only when the knowledge base is (re)built
    from rdflib import Graph

DEF = "https://domeinwijzer.nl/def/"
P_PEILDATUM, P_VRAAG, P_SITUATIEID = DEF + "peildatum", DEF + "vraag", DEF + "situatieId"
STATUS = {True: "zeker", None: "onbekend", False: "niet"}
VRAAGTYPE = {
    DEF + "zorgvorm": DEF + "VraagZorgvorm",
    DEF + "coordinatietaak": DEF + "VraagCoordinatietaak",
    DEF + "inclusie": DEF + "VraagInclusie",
}
SOORTEN = ("Domeinregel", "Uitsluitingsregel", "Signaalregel", "Inclusieregel", "Afgeleideregel")


# from most to least certain (contract: zekerheid)
ZEKERHEID_ORDE = ["dwingend", "discretionair", "beleid", "praktijk", "omstreden"]


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
    voorwaarde_iri: object  # rdflib node of the condition (None until the graph is loaded)
    disputen: list[str] = dataclasses.field(default_factory=list)  # linked dw:Dispuut (rdfs:seeAlso)


# ---------------------------------------------------------------- building from the graph


def _text(g: Graph, s, p) -> str | None:
    vals = list(g.objects(s, p))
    nl = [v for v in vals if getattr(v, "language", None) == "nl"]
    pick = nl or vals
    return str(pick[0]) if pick else None


def _condition(g: Graph, s):
    from rdflib.namespace import SH

    cond = None
    for rule in g.objects(s, SH.rule):
        cond = g.value(rule, SH.condition)
    return cond


def _load_rules(g: Graph, compiler) -> list[Regel]:
    from rdflib import URIRef
    from rdflib.namespace import RDF, RDFS, SKOS

    from .ns import DW

    rules = []
    kinds = {str(DW[k]): k for k in SOORTEN}
    for s in set(g.subjects(RDF.type, DW.Regel)) | {x for k in kinds for x in g.subjects(RDF.type, URIRef(k))}:
        soort = next((kinds[str(t)] for t in g.objects(s, RDF.type) if str(t) in kinds), "Regel")
        cond = _condition(g, s)
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
            label=_text(g, s, SKOS.prefLabel) or _text(g, s, RDFS.label) or local(str(s)),
            soort=soort,
            regelnummer=str(g.value(s, DW.regelnummer)) if g.value(s, DW.regelnummer) else None,
            vraagtype=str(vt) if vt else None,
            prioriteit=int(prio) if prio is not None else 1000,
            uitleg=_text(g, s, DW.uitleg) or "",
            zekerheid=local(str(zek)) if zek else None,
            domein=local(str(dom)) if dom else None,
            financier=local(str(fin)) if fin else None,
            sluit_uit=sorted(local(str(x)) for x in g.objects(s, DW.sluitUit)),
            signaleert=str(sig) if sig else None,
            criterium=str(crit) if crit else None,
            grondslagen=sorted(str(x) for x in g.objects(s, DW.grondslag)),
            voorwaarde=compiler.node_shape(cond),
            voorwaarde_iri=cond,
            disputen=sorted(str(x) for x in g.objects(s, RDFS.seeAlso) if (x, RDF.type, DW.Dispuut) in g),
        ))
    return sorted(rules, key=lambda r: (r.prioriteit, r.id))


def _fragment_label(g: Graph, frag) -> str | None:
    """'bron 002, regel 316-318' for a seed fragment without a label of its own."""
    from .ns import DW

    van, doc = g.value(frag, DW.regelVan), g.value(frag, DW.document)
    if van is None or doc is None:
        return None
    tot = g.value(frag, DW.regelTot)
    regels = f"{van}" if tot is None or int(tot) == int(van) else f"{van}-{tot}"
    return f"bron {local(str(doc)).removeprefix('seed-')}, regel {regels}"


def _load_grounds(g: Graph) -> dict[str, Bronverwijzing]:
    from rdflib.namespace import RDF, RDFS, SKOS

    from .ns import DW

    out: dict[str, Bronverwijzing] = {}
    cited = {o for o in g.objects(None, DW.grondslag)}
    for c in cited:
        work = c
        if (c, RDF.type, DW.Artikelversie) in g:
            work = g.value(c, DW.versieVan) or c
        label = _text(g, work, SKOS.prefLabel) or _text(g, work, RDFS.label) or _fragment_label(g, work) or local(str(c))
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


def _load_knelpunten(g: Graph) -> dict[str, dict]:
    from rdflib.namespace import RDF, SKOS

    from .ns import DW

    out = {}
    for k in g.subjects(RDF.type, DW.Knelpunt):
        nr = g.value(k, DW.nummer)
        status = g.value(k, DW.status)
        out[str(k)] = {
            "knelpunt": f"K{nr}" if nr is not None else local(str(k)),
            "label": _text(g, k, SKOS.prefLabel) or local(str(k)),
            "aanvliegroute": _text(g, k, DW.aanvliegroute) or "",
            "status": local(str(status)) if status else None,
        }
    return out


def _walk_shapes(roots: Iterable[NodeShape]):
    """Every node shape and property shape reachable from roots (each once)."""
    seen: set[int] = set()
    nodes: list[NodeShape] = []
    props: list[PropShape] = []
    todo = list(roots)
    while todo:
        ns = todo.pop()
        if id(ns) in seen:
            continue
        seen.add(id(ns))
        nodes.append(ns)
        for p in ns.props:
            props.append(p)
            todo += [x for x in (p.node_shape, p.qualified) if x is not None]
        todo += ns.and_ + ns.or_ + ns.not_ + ns.xone
    return nodes, props


def _small_kb(full: KbIndex, shapes: list[NodeShape]) -> KbIndex:
    """The part of the index the shapes can read: path predicates and sh:class targets."""
    nodes, props = _walk_shapes(shapes)
    preds = {s for p in props for s in p.path}
    classes = {x.klass for x in nodes + props if x.klass is not None}
    kb = KbIndex()
    kb.out = {k: [str(v) if type(v).__module__.startswith("rdflib") else v for v in vals]
              for k, vals in full.out.items() if k[1] in preds}
    kb.types = {c: set(full.types.get(c, ())) for c in classes}
    return kb


def bouw(g: Graph) -> dict:
    """Everything the classifier needs, read from the graph and compiled (the artefact)."""
    from rdflib.namespace import RDF, SH, SKOS

    from . import compiled_cache as cc
    from .ns import DW
    from .shacl_subset import Compiler

    compiler = Compiler(g)
    regels = _load_rules(g, compiler)
    invoer = [compiler.node_shape(s) for s in sorted(g.subjects(SH.targetClass, DW.Situatie))
              if (s, RDF.type, DW.Regel) not in g and not any(True for _ in g.objects(s, SH.rule))]
    kb = _small_kb(KbIndex(g), [r.voorwaarde for r in regels] + invoer)
    source, consts, k_names, c_names = cc.genereer(kb, {r.iri: r.voorwaarde for r in regels}, invoer)
    return {
        "format": cc.FORMAT,
        "regels": regels,
        "bronnen": _load_grounds(g),
        "knelpunten": _load_knelpunten(g),
        "labels": {str(s): str(o) for s, o in g.subject_objects(SKOS.prefLabel) if getattr(o, "language", None) == "nl"},
        "invoer": invoer,
        "kb": kb,
        "code": cc.compileer(source),
        "consts": consts,
        "k_names": k_names,
        "c_names": c_names,
        "_compiler": compiler,
    }


def _picklable(art: dict) -> dict:
    """The artefact without rdflib objects (shape nodes become strings)."""
    out = {k: v for k, v in art.items() if not k.startswith("_")}
    nodes, props = _walk_shapes([r.voorwaarde for r in art["regels"]] + art["invoer"])
    for x in nodes + props:
        x.node = str(x.node)
    out["regels"] = [dataclasses.replace(r, voorwaarde_iri=None) for r in art["regels"]]
    return out


def _uit_cache() -> tuple[dict, bool]:
    """(artefact, built now?): the disk cache when it matches the knowledge base, else a fresh build."""
    from . import compiled_cache as cc

    key = cc.sleutel()
    art = cc.laad(key)
    if art is not None:
        return art, False
    from .kb import load_graph

    art = bouw(load_graph())
    cc.bewaar(_picklable(art), key)
    return art, True


def _vraag_guards(ns: NodeShape) -> list[tuple[str, frozenset | None, bool, object]]:
    """Conditions on ``vraag.<x>`` every model of the shape must meet: (x IRI, sh:in, has sh:hasValue, value)."""
    out = []
    todo, seen = [ns], set()
    while todo:
        n = todo.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        for p in n.props:
            if (len(p.path) == 2 and p.path == p.prefix and p.path[0] == P_VRAAG
                    and (p.in_values is not None or p.has_value is not None)):
                out.append((p.path[1], p.in_values, p.has_value is not None, p.has_value))
        todo += n.and_
    return out


class _Status(dict):
    """Rule statuses computed on first use (the answer rarely needs all rules)."""

    __slots__ = ("fns", "tree")

    def __init__(self, fns: dict, tree: dict):
        super().__init__()
        self.fns, self.tree = fns, tree

    def __missing__(self, iri: str):
        fn = self.fns.get(iri)
        v = self[iri] = fn(self.tree) if fn is not None else None
        return v

    def get(self, iri: str, default=None):
        return self[iri]


class Classifier:
    """Compiled rules and knowledge-base lookups; build once, reuse for every situation.

    ``Classifier()`` reads the compiled artefact from the disk cache (built and stored when the
    knowledge base changed); ``Classifier(graph)`` compiles the given graph and caches nothing.
    """

    def __init__(self, graph: Graph | None = None, *, artefact: dict | None = None):
        self._graph = graph
        self._compiler = None
        self.uit_cache = False
        if artefact is None:
            if graph is None:
                artefact, built = _uit_cache()
                self.uit_cache = not built
                if built:
                    from .kb import load_graph

                    self._graph = load_graph()
            else:
                artefact = bouw(graph)
        self._compiler = artefact.get("_compiler")
        self.regels: list[Regel] = artefact["regels"]
        self.bronnen: dict[str, Bronverwijzing] = artefact["bronnen"]
        self.knelpunten: dict[str, dict] = artefact["knelpunten"]
        self.labels: dict[str, str] = artefact["labels"]
        self.invoer: list[NodeShape] = artefact["invoer"]  # shapes on dw:Situatie that are not rules
        self.kb: KbIndex = artefact["kb"]
        from . import compiled_cache as cc

        env = cc.laad_code(artefact["code"], artefact["consts"], self.kb)
        self._k: dict[str, Callable] = {iri: env[k] for iri, (k, _m) in artefact["k_names"].items()}
        self._m: dict[str, Callable] = {iri: env[m] for iri, (_k, m) in artefact["k_names"].items()}
        self._k_list = [(r.iri, self._k[r.iri]) for r in self.regels]
        self._c: list[Callable] = [env[name] for name in artefact["c_names"]]
        self.domeinregels: dict[str, list[Regel]] = {}
        for r in sorted(self.regels, key=lambda r: (r.prioriteit, r.id)):
            if r.soort == "Domeinregel":
                self.domeinregels.setdefault(r.vraagtype or "", []).append(r)
        self._per_vt: dict[str, tuple[list[Regel], list[Regel]]] = {}
        self._inclusie = [r for r in self.regels if r.soort == "Inclusieregel" and r.criterium]
        self._per_crit: dict[str, list[Regel]] = {}
        for r in self.regels:
            if r.criterium:
                self._per_crit.setdefault(r.criterium, []).append(r)
        self._guards = {r.iri: g for r in self.regels if (g := _vraag_guards(r.voorwaarde))}
        self._dood: dict = {}  # question -> {rule IRI: False} for rules its guards rule out
        self._gronden: dict[tuple[str, dt.date], tuple[list[str], list[str]]] = {}
        self._stap: dict[str, str] = {}
        for r in self.regels:
            namen = [self.bronnen[g].label for g in r.grondslagen if g in self.bronnen]
            grond = f" (grondslag: {', '.join(namen)})" if namen else ""
            self._stap[r.iri] = f"{r.label}. {r.uitleg}{grond}".rstrip()

    # ------------------------------------------------------------ the graph, on demand

    @property
    def graph(self) -> Graph:
        """The knowledge-base graph (loaded on first use when the classifier came from the cache)."""
        if self._graph is None:
            from .kb import load_graph

            self._graph = load_graph()
        if any(r.voorwaarde_iri is None for r in self.regels):
            from rdflib import URIRef

            for r in self.regels:
                if r.voorwaarde_iri is None:
                    r.voorwaarde_iri = _condition(self._graph, URIRef(r.iri))
        return self._graph

    @property
    def compiler(self):
        if self._compiler is None:
            from .shacl_subset import Compiler

            self._compiler = Compiler(self.graph)
        return self._compiler

    def _per_vraagtype(self, vt: str) -> tuple[list[Regel], list[Regel]]:
        hit = self._per_vt.get(vt)
        if hit is None:
            uit = [r for r in self.regels if r.soort == "Uitsluitingsregel" and (not r.vraagtype or r.vraagtype == vt)]
            sig = [r for r in self.regels
                   if r.soort == "Signaalregel" and r.signaleert and (not r.vraagtype or r.vraagtype == vt)]
            hit = self._per_vt[vt] = (uit, sig)
        return hit

    def _grounds(self, r: Regel, peildatum: dt.date) -> tuple[list[str], list[str]]:
        """(citations at the peildatum, warnings) of one rule; cached per rule and date."""
        key = (r.iri, peildatum)
        hit = self._gronden.get(key)
        if hit is not None:
            return hit
        out: list[str] = []
        msgs: list[str] = []
        for gr in r.grondslagen:
            b = self.bronnen.get(gr)
            if b is None:
                continue
            out.append(b.citeer_op(peildatum))
            if b.bwb and b.versies and b.versie_op(peildatum) is None:
                msgs.append(f"{b.label}: de tekst is alleen gecontroleerd vanaf {b.versies[0][0].isoformat()}; "
                            f"controleer de versie op {peildatum.isoformat()}")
            if b.verificatie in ("U", "S"):
                msgs.append(f"{b.label}: niet gecontroleerd in de wettekst (status {b.verificatie})")
        if len(self._gronden) > 50_000:
            self._gronden.clear()
        hit = self._gronden[key] = (out, msgs)
        return hit

    # ------------------------------------------------------------ input

    def lees(self, invoer: object) -> dict:
        """Contract JSON (already parsed) -> validated situation tree, or InvoerFout (exit 2)."""
        tree = sit.naar_boom(invoer)
        for ok in self._c:
            if not ok(tree):
                break
        else:
            return tree  # conforms to every input shape: nothing to report
        problems: list[dict] = []
        for shape in self.invoer:
            problems += violations(shape, tree, self.kb)
        if problems:
            raise InvoerFout(_unique(problems))
        return tree

    # ------------------------------------------------------------ evaluation

    def statussen(self, tree: dict) -> dict[str, bool | None]:
        """Three-valued status of every rule for this situation (rule IRI -> True/None/False)."""
        return {iri: fn(tree) for iri, fn in self._k_list}

    def classificeer(self, invoer: object, peildatum: str | dt.date | None = None) -> dict:
        tree = self.lees(invoer)
        return self.antwoord(tree, peildatum)

    def antwoord(self, tree: dict, peildatum: str | dt.date | None = None,
                 statusfn: Callable[[dict], dict[str, bool | None]] | None = None) -> dict:
        """Assemble the contract answer for a validated tree (statusfn: the reference hook).

        Without statusfn only the rules the answer depends on are evaluated.
        """
        if peildatum is not None:
            tree = dict(tree)
            tree[P_PEILDATUM] = peildatum if isinstance(peildatum, dt.date) else dt.date.fromisoformat(peildatum)
        if statusfn is not None:
            status = statusfn(tree)
        else:
            status = _Status(self._k, tree)
            dood = self._uitgesloten_door_vraag(tree)
            if dood:
                status.update(dood)
        return assemble(self, tree, status)

    def _uitgesloten_door_vraag(self, tree: dict) -> dict[str, bool]:
        """{rule IRI: False} for the rules whose condition requires another question value.

        A guard is a property on ``vraag.<x>`` with sh:in or sh:hasValue that the rule's condition
        needs (at its top, or under sh:and). When the question gives a value the guard refuses,
        the condition is false whatever else holds: the same value the compiled function returns.
        """
        vraag = tree.get(P_VRAAG)
        if not isinstance(vraag, dict):
            return {}
        try:
            key = frozenset((k, type(v), v) for k, v in vraag.items() if k != sit.PAD)
        except TypeError:
            key = None
        hit = self._dood.get(key) if key is not None else None
        if hit is None:
            hit = {}
            for iri, guards in self._guards.items():
                for x, ins, has_hv, hv in guards:
                    val = vraag.get(x)
                    if val is None:
                        continue
                    if ins is not None and (isinstance(val, (dict, list, sit.Ongeldig)) or val not in ins):
                        hit[iri] = False
                    elif has_hv and not (val is hv or val == hv):
                        hit[iri] = False
            if key is not None:
                if len(self._dood) > 10_000:
                    self._dood.clear()
                self._dood[key] = hit
        return hit

    def batch(self, situaties: Iterable[object], peildatum: str | dt.date | None = None,
              werkers: int = 1, blok: int = 500) -> list[dict]:
        """Answers for many situations; an invalid one gives ``{"fouten": [...]}`` in its place.

        ``werkers`` > 1 spreads blocks over forked processes (same answers, same order).
        """
        return self._batch(situaties, peildatum, werkers, blok, _batch_blok)

    def batch_json(self, situaties: Iterable[object], peildatum: str | dt.date | None = None,
                   werkers: int = 1, blok: int = 500) -> list[str]:
        """As :meth:`batch`, one JSON line per situation (the output of ``classificeer --batch``).

        An invalid situation gives ``{"regel": n, "fouten": [...]}`` (n counts from 1). Workers
        send finished lines, which is much cheaper than sending answer objects between processes.
        """
        return self._batch(list(enumerate(situaties, 1)), peildatum, werkers, blok, _batch_blok_json)

    def _batch(self, situaties: Iterable[object], peildatum, werkers: int, blok: int, doe: Callable) -> list:
        import gc

        items = list(situaties)
        # The answers hold no reference cycles: the cyclic collector only costs time here, and
        # frozen objects (the compiled rules) are never scanned again (nor copied after a fork).
        gc.freeze()
        enabled = gc.isenabled()
        gc.disable()
        try:
            if werkers <= 1 or len(items) < 2 * blok:
                return doe(self, items, peildatum)
            import multiprocessing as mp

            global _BATCH
            # forked workers see the classifier and the situations already: only block bounds
            # travel to them, and only finished answers travel back
            _BATCH = (self, items, peildatum, doe)
            try:
                ctx = mp.get_context("fork")
                with ctx.Pool(werkers) as pool:
                    parts = pool.map(_batch_werker, [(i, i + blok) for i in range(0, len(items), blok)])
            finally:
                _BATCH = None
            return [a for part in parts for a in part]
        finally:
            if enabled:
                gc.enable()


_BATCH: tuple | None = None


def _batch_blok(clf: Classifier, items: list, peildatum) -> list[dict]:
    out = []
    for s in items:
        try:
            out.append(clf.classificeer(s, peildatum))
        except InvoerFout as fout:
            out.append({"fouten": fout.problemen})
    return out


def _batch_blok_json(clf: Classifier, items: list[tuple[int, object]], peildatum) -> list[str]:
    import json

    out = []
    for nr, s in items:
        try:
            out.append(json.dumps(clf.classificeer(s, peildatum), ensure_ascii=False))
        except InvoerFout as fout:
            out.append(json.dumps({"regel": nr, "fouten": fout.problemen}, ensure_ascii=False))
    return out


def _batch_werker(bounds: tuple[int, int]) -> list:
    clf, items, peildatum, doe = _BATCH
    return doe(clf, items[bounds[0]:bounds[1]], peildatum)


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


_UITKOMST = {True: "voldaan", False: "niet-voldaan", None: "onbekend"}
_VRAAG_JSON: dict = {}


def _vraag_json(tree: dict) -> dict:
    """The question echoed in contract JSON (cached per question: there are few distinct ones)."""
    vraag = tree.get(P_VRAAG)
    if vraag is None:
        return {}
    try:
        key = frozenset((k, type(v), v) for k, v in vraag.items() if k != sit.PAD) if isinstance(vraag, dict) else None
    except TypeError:  # an unhashable value: no caching
        key = None
    hit = _VRAAG_JSON.get(key) if key is not None else None
    if hit is None:
        hit = sit.boom_naar_json({P_VRAAG: vraag}).get("vraag", {})
        if key is None or any(isinstance(v, (dict, list)) for v in hit.values()):
            return hit
        if len(_VRAAG_JSON) > 10_000:
            _VRAAG_JSON.clear()
        _VRAAG_JSON[key] = hit
    return dict(hit)


def assemble(clf: Classifier, tree: dict, status) -> dict:
    """The contract answer from rule statuses (a dict, or anything with ``get(iri)``)."""
    peildatum: dt.date = tree[P_PEILDATUM]
    vraag = tree.get(P_VRAAG, {})
    vraagtype = next((VRAAGTYPE[k] for k in vraag if k in VRAAGTYPE), "")
    get = status.__getitem__ if type(status) is _Status else status.get
    missing: list[str] = []
    waarschuwingen: list[str] = []

    def grounds(r: Regel) -> list[str]:
        cites, msgs = clf._grounds(r, peildatum)
        for msg in msgs:
            if msg not in waarschuwingen:
                waarschuwingen.append(msg)
        return list(cites)

    def add_missing(r: Regel) -> None:
        for ps, focus in clf._m[r.iri](tree, []):
            path = _feit_pad(ps, focus)
            if path not in missing:
                missing.append(path)

    out: dict = {"id": tree.get(P_SITUATIEID), "peildatum": peildatum.isoformat(), "vraag": _vraag_json(tree)}
    if out["id"] is None:
        del out["id"]
    winner: Regel | None = None
    steps: list[Regel] = []
    if vraagtype == DEF + "VraagInclusie":
        criteria: dict[str, list[bool | None]] = {}
        crit_rules: dict[str, Regel] = {}
        for r in clf._inclusie:
            criteria.setdefault(r.criterium, []).append(get(r.iri))
            crit_rules[r.criterium] = r
        per: list[dict] = []
        falend: list[Regel] = []
        for crit in sorted(criteria, key=local):
            vals = criteria[crit]
            s = True if all(v is True for v in vals) else (False if any(v is False for v in vals) else None)
            r = crit_rules[crit]
            per.append({"criterium": local(crit), "label": clf.labels.get(crit, local(crit)),
                        "uitkomst": _UITKOMST[s], "regel": r.id})
            if s is None:
                for rr in clf._per_crit.get(crit, ()):
                    if get(rr.iri) is None:
                        add_missing(rr)
            if s is not None:
                steps.append(r)
            if s is False:
                falend.append(r)
        vals = [c["uitkomst"] for c in per]
        out["includeerbaar"] = (False if "niet-voldaan" in vals else (True if vals and all(v == "voldaan" for v in vals) else None))
        out["criteria"] = per
        # "yes" needs every criterion, so it is as certain as the weakest; "no" needs one failing
        # criterion, so it is as certain as the most certain failing one
        beslissend = falend if out["includeerbaar"] is False else steps
        zek = [r.zekerheid for r in beslissend if r.zekerheid in ZEKERHEID_ORDE]
        pick = min if out["includeerbaar"] is False else max
        out["zekerheid"] = pick(zek, key=ZEKERHEID_ORDE.index) if zek else "beleid"
    else:
        for r in clf.domeinregels.get(vraagtype, ()):
            s = get(r.iri)
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
    uit_regels, sig_regels = clf._per_vraagtype(vraagtype)
    uitgesloten = []
    for r in uit_regels:
        if get(r.iri) is True:
            for d in r.sluit_uit:
                uitgesloten.append({"domein": d, "regel": r.id, "zekerheid": r.zekerheid, "grondslagen": grounds(r)})
            steps.append(r)
    signalen = []
    seen_k = set()
    for r in sig_regels:
        if get(r.iri) is True:
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
    disputen: list[str] = []
    for r in steps:
        for d in r.disputen:
            if d not in disputen:
                disputen.append(d)
    if disputen:  # where the sources disagree, say so and point at both readings
        out["disputen"] = [{"id": local(d), "label": clf.labels.get(d, local(d))} for d in disputen]
    if waarschuwingen:
        out["waarschuwingen"] = waarschuwingen
    out["toelichting"] = toelichting(clf, out, steps, winner)
    return out


def toelichting(clf: Classifier, out: dict, steps: list[Regel], winner: Regel | None) -> str:
    """A short Dutch explanation, one step per rule, naming its grounds."""
    zinnen: list[str] = []
    if out.get("domein") == "onbepaald" and out["ontbrekendeFeiten"]:
        from .feitvragen import vraag_voor

        vragen = [f"{vraag_voor(p) or p} ({p})" for p in out["ontbrekendeFeiten"]]
        zinnen.append("Met deze gegevens is het antwoord nog niet zeker. Beantwoord eerst: " + " ".join(vragen))
    elif out.get("domein") == "onbepaald" and "includeerbaar" not in out and winner is None:
        zinnen.append("Geen regel in de kennisbank past op deze situatie.")
    stap = clf._stap
    for i, r in enumerate(steps, 1):
        zinnen.append(f"Stap {i}: {stap[r.iri]}")
    for d in out.get("disputen", []):
        zinnen.append(f"Let op: hierover zijn de bronnen het niet eens ({d['label']}).")
    if "includeerbaar" in out:
        zinnen.append({True: "Conclusie: deze persoon kan worden opgenomen in de Levensloopaanpak.",
                       False: "Conclusie: deze persoon voldoet niet aan alle criteria voor de Levensloopaanpak.",
                       None: "Conclusie: nog niet te zeggen; er ontbreken gegevens."}[out["includeerbaar"]])
    return " ".join(zinnen)


def financier_label(clf: Classifier, financier: str) -> str:
    """A readable name for the financier of an answer (the contract gives its local name)."""
    return clf.labels.get(f"https://domeinwijzer.nl/id/actor/{financier}", financier)


@lru_cache(maxsize=1)
def classifier() -> Classifier:
    """The process-wide classifier (knowledge base and rules load once)."""
    return Classifier()
