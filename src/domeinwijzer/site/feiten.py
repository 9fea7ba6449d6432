"""Situation facts in plain Dutch: a sentence per fact, a question per missing fact, answer options.

The JSON-LD context (ontology/situatie-context.jsonld) says which ontology property and which
value list (concept scheme) belong to a contract key; labels and definitions come from the KB.
Only the wording of questions and sentences lives here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH, SKOS

from ..feitvragen import VRAGEN  # one place for the B1 questions
from ..ns import CONCEPT, DW
from ..paths import kb_dir
from . import kb

ITEM = {"indicaties": "Indicatie", "titels": "Titel"}


@dataclass(frozen=True)
class Feit:
    path: str  # JSON path without list indices, e.g. "indicaties.soort"
    prop: URIRef | None
    kind: str  # "bool", "int", "date", "concept", "concept-list", "object", "text"
    scheme: str | None


@lru_cache(maxsize=1)
def _context() -> dict:
    f = kb_dir("ontology") / "situatie-context.jsonld"
    try:
        return json.loads(f.read_text(encoding="utf-8")).get("@context", {})
    except (OSError, ValueError):
        return {}


def plain_path(path: str) -> str:
    """``indicaties[0].soort`` / ``indicaties[].soort`` -> ``indicaties.soort``."""
    return re.sub(r"\[\d*\]", "", path)


def feit(path: str) -> Feit:
    ctx = _context()
    entry: dict | None = None
    for key in plain_path(path).split("."):
        entry = ctx.get(key) if isinstance(ctx, dict) else None
        if not isinstance(entry, dict):
            return Feit(plain_path(path), DW[key], "text", None)
        ctx = entry.get("@context", {})
    iri = entry.get("@id", "")
    prop = URIRef(iri.replace("dw:", str(DW))) if iri else None
    typ = entry.get("@type")
    vocab = (entry.get("@context") or {}).get("@vocab") if isinstance(entry.get("@context"), dict) else None
    if typ == "@vocab" and vocab and vocab.startswith(CONCEPT):
        scheme = vocab[len(CONCEPT):].strip("/")
        kind = "concept-list" if entry.get("@container") == "@list" else "concept"
        return Feit(plain_path(path), prop, kind, scheme)
    kind = {"xsd:boolean": "bool", "xsd:integer": "int", "xsd:date": "date"}.get(typ or "", "object")
    if kind == "object" and entry.get("@container") == "@list":
        kind = "object-list"
    return Feit(plain_path(path), prop, kind, None)


def prop_label(g: Graph, f: Feit) -> str:
    if f.prop is not None:
        lab = kb.text(g, f.prop, SKOS.prefLabel, RDFS.label)
        if lab:
            return lab
    return f.path.rsplit(".", 1)[-1]


def concept_label(g: Graph, scheme: str | None, value) -> str:
    if scheme is None:
        return str(value)
    return kb.label(g, URIRef(f"{CONCEPT}{scheme}/{value}"))


def vraag(g: Graph, path: str) -> tuple[str, str | None]:
    """(question, explanation) for a missing fact."""
    f = feit(path)
    uitleg = kb.text(g, f.prop, SKOS.definition) if f.prop is not None else None
    q = VRAGEN.get(f.path)
    if q is None:
        lab = prop_label(g, f)
        q = f"{lab[:1].upper()}{lab[1:]}?"
    return q, uitleg


def waarde_tekst(g: Graph, f: Feit, v) -> str:
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if f.kind in ("concept", "concept-list"):
        if isinstance(v, list):
            return ", ".join(concept_label(g, f.scheme, x) for x in v) or "geen"
        return concept_label(g, f.scheme, v)
    if isinstance(v, list):
        return ", ".join(str(x) for x in v)
    return str(v)


def zinnen(g: Graph, situatie: dict) -> list[str]:
    """One short Dutch line per known fact of a situation (vraag and id excluded)."""
    out: list[str] = []

    def visit(node, prefix: str, item_label: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                visit(v, f"{prefix}.{k}" if prefix else k, item_label)
            return
        f = feit(prefix)
        if isinstance(node, list) and f.kind == "object-list":
            if not node:
                out.append(f"{_cap(prop_label(g, f))}: geen")
            for i, item in enumerate(node, 1):
                soort = item.get("soort") if isinstance(item, dict) else None
                head = ITEM.get(f.path, prop_label(g, f))
                sub_f = feit(prefix + ".soort")
                out.append(f"**{head} {i}**"
                           + (f": {waarde_tekst(g, sub_f, soort)}" if soort is not None else ""))
                if isinstance(item, dict):
                    for k, v in item.items():
                        if k == "soort":
                            continue
                        out.append("    - " + zin(g, f"{prefix}.{k}", v))
            return
        out.append(zin(g, prefix, node))

    for k, v in situatie.items():
        if k in ("id", "vraag"):
            continue
        visit(v, k)
    return out


def zin(g: Graph, path: str, value) -> str:
    """One fact as a question with its answer ("Heeft de persoon ...? **ja**"), else "Label: value"."""
    f = feit(path)
    q = VRAGEN.get(f.path)
    if f.path == "peildatum":
        return f"Datum waarop de vraag speelt (peildatum): **{value}**"
    if q:
        return f"{q} **{waarde_tekst(g, f, value)}**"
    return f"{_cap(prop_label(g, f))}: **{waarde_tekst(g, f, value)}**"


def als_lijst(regels: list[str], indent: str = "") -> list[str]:
    """Markdown bullets for :func:`zinnen` (lines starting with four spaces are sub-items)."""
    return [indent + (z if z.startswith("    - ") else f"- {z}") for z in regels]


def vraag_tekst(g: Graph, vraag_obj: dict | None) -> str:
    """The question of a situation in words."""
    if not vraag_obj:
        return "(geen vraag)"
    if "zorgvorm" in vraag_obj:
        return f"Onder welke wet valt de zorgvorm **{concept_label(g, 'zorgvorm', vraag_obj['zorgvorm'])}**?"
    if "coordinatietaak" in vraag_obj:
        lab = concept_label(g, "coordinatietaak", vraag_obj["coordinatietaak"])
        return f"Uit welk domein wordt de coördinatietaak **{lab}** betaald?"
    if vraag_obj.get("inclusie"):
        return "Kan deze persoon worden geïncludeerd in de Levensloopaanpak?"
    return json.dumps(vraag_obj, ensure_ascii=False)


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


_THRESHOLDS: dict[int, list] = {}


def _rule_constraints(g: Graph) -> list:
    """(property, constraint, value) of every rule condition (cached per graph)."""
    if id(g) not in _THRESHOLDS:
        out = []
        for r in kb.instances(g, DW.Regel):
            for tr in g.objects(r, SH.rule):
                c = kb.value(g, tr, SH.condition)
                if c is not None:
                    out += kb.constraints(g, c)
        _THRESHOLDS[id(g)] = out
    return _THRESHOLDS[id(g)]


def numeric_thresholds(g: Graph, prop: URIRef | None) -> list[float]:
    """Every number a rule condition compares ``prop`` with, as the first value of a new range."""
    if prop is None:
        return []
    out = set()
    for pr, p, v in _rule_constraints(g):
        if pr != prop or p not in (SH.minInclusive, SH.maxInclusive, SH.minExclusive, SH.maxExclusive):
            continue
        try:
            x = float(v.toPython())
        except (TypeError, ValueError, AttributeError):
            continue
        # ">= x" and "< x" split at x; "> x" and "<= x" split just past x
        out.add(x + 1 if p in (SH.minExclusive, SH.maxInclusive) else x)
    return sorted(out)


@dataclass(frozen=True)
class Optie:
    label: str
    value: object


def opties(g: Graph, path: str, value_sets: dict[str, list[frozenset[str]]]) -> list[Optie]:
    """Answer options for a missing fact.

    ``value_sets``: property IRI -> the value sets the rule conditions test it against (sh:in,
    sh:hasValue). Two concept values that are in exactly the same sets behave the same in every
    rule, so they form one option (with one of them as the value). Numbers get ranges cut at the
    thresholds the rules use.
    """
    f = feit(path)
    if f.kind == "bool":
        return [Optie("ja", True), Optie("nee", False)]
    if f.kind == "int":
        cuts = [int(c) for c in numeric_thresholds(g, f.prop) if c >= 0]
        if not cuts:
            return [Optie("0", 0), Optie("18", 18), Optie("65", 65)]
        out, lo = [], 0
        for c in sorted(set(cuts)):
            if c > lo:
                out.append(Optie(f"{lo} tot {c}" if c - 1 > lo else f"{lo}", lo))
            lo = c
        out.append(Optie(f"{lo} of meer", lo))
        return out
    if f.kind in ("concept", "concept-list") and f.scheme:
        sets = value_sets.get(str(f.prop), [])
        groups: dict[tuple, list] = {}
        for c in kb.scheme_concepts(g, f.scheme):
            groups.setdefault(tuple(str(c) in s for s in sets), []).append(c)
        out = []
        for members in groups.values():
            labels = [kb.label(g, c) for c in members]
            text = labels[0] if len(labels) == 1 else (
                " / ".join(labels[:4]) + (f" (of een van {len(labels) - 4} andere)" if len(labels) > 4 else ""))
            v = kb.local(members[0])
            out.append(Optie(text, [v] if f.kind == "concept-list" else v))
        return out
    return []
