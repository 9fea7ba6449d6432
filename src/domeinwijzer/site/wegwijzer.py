"""The wegwijzer: a question-by-question path, derived by running the classifier at build time.

Start from a situation with only a peildatum and a question; while the answer is not decided, ask
the first missing fact, offer its answer options (value lists from the KB, ja/nee, number ranges)
and recurse. Identical situations share one page; depth and size are capped.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from dataclasses import dataclass, field

from ..ns import DW
from . import feiten, kb
from .antwoorden import _classifier as engine_classifier
from .antwoorden import classify, missing_facts
from .casussen import antwoord_kern, grondslag_link, jci_index, rule_iri, toelichting_md
from .pagina import Site, esc

VRAAGTYPE = {"zorgvorm": str(DW.VraagZorgvorm), "coordinatietaak": str(DW.VraagCoordinatietaak),
             "inclusie": str(DW.VraagInclusie)}
MAX_DEPTH = 14
MAX_NODES = 6000  # distinct situations explored per start question
DIR = "wegwijzer"

_SEG = re.compile(r"([^.\[\]]+)(?:\[(\d*)\])?")


@dataclass
class Knoop:
    situatie: dict
    answer: dict | None
    vraagpad: str | None = None
    opties: list[tuple[str, str]] = field(default_factory=list)  # (label, child situation key)
    waarden: list = field(default_factory=list)  # the fact value of each option
    afgekapt: bool = False
    fout: str | None = None


def set_fact(situatie: dict, path: str, value) -> dict:
    """A copy of ``situatie`` with ``value`` at a JSON path like ``persoon.x`` or ``indicaties[0].soort``."""
    s = copy.deepcopy(situatie)
    segs = _SEG.findall(path.lstrip("$."))
    node = s
    for i, (key, idx) in enumerate(segs):
        last = i == len(segs) - 1
        if idx == "" and not path_has_index(path, key):
            if last:
                node[key] = value
            else:
                node = node.setdefault(key, {})
            continue
        lst = node.setdefault(key, [])
        n = int(idx) if idx else 0
        while len(lst) <= n:
            lst.append({})
        if last:
            lst[n] = value
        else:
            node = lst[n]
    return s


def get_fact(situatie: dict, path: str):
    """The value at a JSON path, or None when it is absent."""
    node = situatie
    for key, idx in _SEG.findall(path.lstrip("$.")):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
        if idx != "" or f"{key}[" in path:
            n = int(idx) if idx else 0
            if not isinstance(node, list) or len(node) <= n:
                return None
            node = node[n]
    return node


def path_has_index(path: str, key: str) -> bool:
    return f"{key}[" in path


def _value_sets(g) -> dict[str, list[frozenset[str]]]:
    """property IRI -> every value set a rule condition tests it against (sh:in / sh:hasValue)."""
    from rdflib.namespace import SH

    from .regels import condities

    out: dict[str, set[frozenset[str]]] = {}
    for r in kb.instances(g, DW.Regel):
        c = condities.rule_condition(g, r)
        if c is None:
            continue
        for prop, p, o in kb.constraints(g, c):
            if prop is None or p not in (SH["in"], SH.hasValue):
                continue
            vals = kb.rdf_list(g, o) if p == SH["in"] else [o]
            out.setdefault(str(prop), set()).add(frozenset(str(v) for v in vals))
    return {k: sorted(v, key=sorted) for k, v in out.items()}


def _rule_props(g) -> dict[str, set[str]]:
    """rule IRI -> every property its condition looks at (all steps of every sh:path)."""
    from rdflib.namespace import SH

    from .regels import condities

    out: dict[str, set[str]] = {}
    for r in kb.instances(g, DW.Regel):
        c = condities.rule_condition(g, r)
        props: set[str] = set()
        if c is not None:
            for node, (p, _o) in kb.walk_shape(g, c):
                if p == SH.path:
                    path = kb.value(g, node, SH.path)
                    props |= {str(x) for x in (kb.rdf_list(g, path) if kb.is_blank(path) else [path])}
        out[str(r)] = props
    return out


def project(situatie: dict, props: set[str]) -> dict:
    """The situation with only the facts whose property is in ``props`` (lists keep their length)."""

    def walk(node, prefix: str):
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                path = f"{prefix}.{k}" if prefix else k
                f = feiten.feit(path)
                if isinstance(v, dict | list) and f.kind in ("object", "object-list"):
                    out[k] = walk(v, path)
                elif f.prop is not None and str(f.prop) in props:
                    out[k] = v
            return out
        if isinstance(node, list):
            return [walk(x, prefix) for x in node]
        return node

    return walk({k: v for k, v in situatie.items() if k not in ("id",)}, "")


def answer_options(g, path: str, used: dict) -> list[feiten.Optie]:
    f = feiten.feit(path)
    if f.kind == "object-list":
        # the list itself is unknown: ask for the kind of its (first) item, or none at all
        opts = [feiten.Optie(o.label, [{"soort": o.value}]) for o in feiten.opties(g, f.path + ".soort", used)]
        return opts + [feiten.Optie("geen", [])]
    return feiten.opties(g, path, used)


def decided(answer: dict) -> bool:
    vraag = answer.get("vraag") or {}
    if "inclusie" in vraag:
        return answer.get("includeerbaar") in (True, False)
    return answer.get("domein") not in (None, "onbepaald")


def key_of(situatie: dict) -> str:
    return json.dumps(situatie, sort_keys=True, ensure_ascii=False)


class Bouwer:
    """Explores the question tree per start question, then merges identical subtrees into one page.

    Two situations whose remaining questions, options and final answers are all the same get one
    page (bottom-up hashing of the tree), so the site stays small without losing a path.
    """

    def __init__(self, site: Site, peildatum: str):
        self.site = site
        self.g = site.g
        self.peildatum = peildatum
        self.used = _value_sets(self.g)
        self.nodes: dict[str, Knoop] = {}
        self.capped = 0
        self._hash: dict[str, str] = {}
        self._options: dict[str, list[feiten.Optie]] = {}
        self.raw2node: dict[str, str] = {}  # situation JSON -> node key (canonical)
        self.count: dict[str, int] = {}  # node key -> number of situations it stands for
        self.members: dict[str, list[str]] = {}  # page -> node keys it stands for
        self.rule_props = _rule_props(self.g)
        self.rule_vt = {str(r): (str(v) if (v := kb.value(self.g, r, DW.vraagtype)) is not None else None)
                        for r in kb.instances(self.g, DW.Regel)}

    def _evaluate(self, situatie: dict) -> tuple[dict, dict | None]:
        """(answer, status of every rule); the statuses come through the engine's public hook."""
        clf = engine_classifier()
        captured: dict = {}

        def statusfn(tree):
            st = clf.statussen(tree)
            captured.update(st)
            return st

        if hasattr(clf, "lees") and hasattr(clf, "antwoord") and hasattr(clf, "statussen"):
            try:
                return clf.antwoord(clf.lees(copy.deepcopy(situatie)), statusfn=statusfn), captured
            except TypeError:
                pass
        return classify(situatie), None

    @staticmethod
    def _vraagtype(situatie: dict) -> str | None:
        vraag = situatie.get("vraag") or {}
        return next((VRAAGTYPE[k] for k in vraag if k in VRAAGTYPE), None)

    def canonical(self, situatie: dict, statuses: dict | None) -> str:
        """A key that is equal for situations with the same future.

        Facts only get added, and a decided rule stays decided, so the future depends only on the
        decided statuses and on the facts that the still-undecided rules look at.
        """
        if statuses is None:
            return key_of(situatie)
        vt = self._vraagtype(situatie)
        # rules for another kind of question never change this answer
        statuses = {r: v for r, v in statuses.items() if self.rule_vt.get(str(r)) in (None, vt)}
        open_props: set[str] = set()
        for rule, st in statuses.items():
            if st is None:
                open_props |= self.rule_props.get(str(rule), set())
        decided_ = sorted((str(r), bool(v)) for r, v in statuses.items() if v is not None)
        fixed = [situatie.get("peildatum"), situatie.get("vraag")]
        return json.dumps([fixed, decided_, project(situatie, open_props)], sort_keys=True, ensure_ascii=False)

    def explore(self, start: dict) -> str:
        """Breadth-first from ``start``; returns the node key of the start situation."""
        todo = [(start, 0)]
        first = None
        n0 = len(self.nodes)
        while todo:
            situatie, depth = todo.pop(0)
            raw = key_of(situatie)
            if raw in self.raw2node:
                continue
            try:
                answer, statuses = self._evaluate(situatie)
            except Exception as exc:
                answer, statuses = None, None
                err = f"{type(exc).__name__}: {exc}"
            k = self.canonical(situatie, statuses) if answer is not None else raw
            self.raw2node[raw] = k
            first = first or k
            if k in self.nodes:
                self.count[k] += 1
                continue
            self.count[k] = 1
            node = Knoop(situatie, answer)
            self.nodes[k] = node
            if answer is None:
                node.fout = err
                continue
            if decided(answer):
                continue
            mis = missing_facts(answer)
            if not mis:
                continue
            if depth >= MAX_DEPTH or len(self.nodes) - n0 >= MAX_NODES:
                node.afgekapt = True
                self.capped += 1
                continue
            node.vraagpad = mis[0]
            for opt in self.options(mis[0]):
                nxt = set_fact(situatie, mis[0], opt.value)
                nk = key_of(nxt)
                if nk == raw:
                    continue
                node.opties.append((opt.label, nk))
                node.waarden.append(opt.value)
                todo.append((nxt, depth + 1))
            if not node.opties:
                node.vraagpad = None
        return first

    def options(self, path: str) -> list[feiten.Optie]:
        if path not in self._options:
            self._options[path] = answer_options(self.g, path, self.used)
        return self._options[path]

    def child(self, raw: str) -> str:
        return self.raw2node[raw]

    def digest(self, key: str) -> str:
        """Hash of everything the page of this situation shows and leads to (its whole subtree)."""
        if key in self._hash:
            return self._hash[key]
        n = self.nodes[key]
        vraag = json.dumps(n.situatie.get("vraag"), sort_keys=True)
        if n.fout:
            parts = ["fout", vraag, n.fout]
        elif n.afgekapt:
            parts = ["afgekapt", vraag]
        elif n.vraagpad:
            parts = ["vraag", vraag, n.vraagpad] + [f"{lab}={self.digest(self.child(c))}" for lab, c in n.opties]
        else:
            a = {k: v for k, v in (n.answer or {}).items() if k not in ("id", "peildatum")}
            parts = ["antwoord", json.dumps(a, sort_keys=True, ensure_ascii=False)]
        h = hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:10]
        self._hash[key] = h
        return h

    def page(self, key: str) -> str:
        return f"{DIR}/s-{self.digest(key)}.md"

    def pages(self) -> dict[str, str]:
        """page -> representative situation key (the first one met)."""
        out: dict[str, str] = {}
        for k in self.nodes:
            p = self.page(k)
            out.setdefault(p, k)
            self.members.setdefault(p, []).append(k)
        return out

    # ------------------------------------------------------------------ rendering

    def render(self, page: str, node: Knoop, idx: dict) -> str:
        g = self.g
        front = "---\nsearch:\n  exclude: true\n---\n\n"
        sit = node.situatie
        keys = self.members.get(page, [])
        single = len(keys) == 1 and self.count.get(keys[0]) == 1  # only then is "what you filled in" one story
        out = [front + "# Wegwijzer", "", f"**Vraag:** {feiten.vraag_tekst(g, sit.get('vraag'))}", ""]
        zinnen = feiten.zinnen(g, sit) if single else []
        if zinnen:
            opener = "???+" if not node.vraagpad else "???"
            out += [f'{opener} info "Wat je al hebt ingevuld"', ""] + feiten.als_lijst(zinnen, "    ") + [""]
        if node.fout:
            out += ['!!! failure "Geen antwoord"', f"    De beslisregels gaven een fout: {esc(node.fout)}", ""]
        elif node.vraagpad:
            q, uitleg = feiten.vraag(g, node.vraagpad)
            out += [f"## {esc(q)}", ""]
            if uitleg:
                out += [f"*{esc(uitleg)}*", ""]
            out += ['<div class="dw-opties" markdown>', ""]
            out += [f"- [{esc(label)}](@/{self.page(self.child(c))})" for label, c in node.opties]
            out += ["", "</div>", ""]
            out += ["Weet je het niet? Dan kan Domeinwijzer het nog niet zeggen. Vraag het na en kom terug.", ""]
        elif node.afgekapt:
            out += ['!!! warning "Te veel vragen voor de wegwijzer"',
                    "    Deze situatie vraagt meer stappen dan de wegwijzer toont. Gebruik `domeinwijzer classificeer` "
                    "met de situatie hieronder.", ""]
        else:
            out += self.render_answer(node.answer or {}, idx)
        if single:
            out += ['??? note "Deze situatie als invoer (JSON)"', "", "    ```json"]
            out += ["    " + line for line in json.dumps(sit, ensure_ascii=False, indent=2).splitlines()]
            out += ["    ```", ""]
        out += ["[Opnieuw beginnen](@/wegwijzer/index.md)", ""]
        return "\n".join(out)

    def render_answer(self, a: dict, idx: dict) -> list[str]:
        site = self.site
        out = ["## Het antwoord", ""]
        out += antwoord_kern(site, a)
        if a.get("toelichting"):
            out += toelichting_md(a["toelichting"])
        regels = a.get("regels") or []
        if regels:
            out += ["**Waarom (de regels):**", ""]
            for r in regels:
                rid = kb.local(r.get("id", "")) if isinstance(r, dict) else kb.local(str(r))
                iri = rule_iri(site, rid)
                out.append(f"- {site.link(iri, r.get('label') if isinstance(r, dict) and r.get('label') else rid) if iri else esc(rid)}")
            out.append("")
        if a.get("grondslagen"):
            out += ["**Artikelen en bronnen:**", ""] + [f"- {grondslag_link(site, j, idx)}" for j in a["grondslagen"]] + [""]
        for u in a.get("uitgesloten") or []:
            out.append(f"- Uitgesloten: **{esc(u.get('domein', ''))}**")
        sig = a.get("signalen") or []
        if sig:
            out += ["", "**Let op, knelpunten:**", ""]
            for s in sig:
                k = kb.local(s.get("knelpunt", "")) if isinstance(s, dict) else str(s)
                iri = f"https://domeinwijzer.nl/id/knelpunt/{k}"
                out.append(f"- {site.link(iri, k + (': ' + s['label'] if isinstance(s, dict) and s.get('label') else ''))}")
        out.append("")
        return out


def start_vragen(site: Site) -> list[tuple[str, str, dict]]:
    """(group, label, vraag) for the start page: every zorgvorm and coordinatietaak, and inclusie."""
    g = site.g
    out = []
    for z in kb.scheme_concepts(g, "zorgvorm"):
        out.append(("Zorgvorm", kb.label(g, z), {"zorgvorm": kb.local(z)}))
    for t in kb.scheme_concepts(g, "coordinatietaak"):
        code = kb.text(g, t, DW.code)
        out.append(("Coördinatietaak", f"{code + ' ' if code else ''}{kb.label(g, t)}", {"coordinatietaak": kb.local(t)}))
    out.append(("Inclusie", "Kan iemand in de Levensloopaanpak komen?", {"inclusie": True}))
    return out


def build(site: Site, peildatum: str) -> dict:
    """Add every wegwijzer page; returns sizes for the report, and the start page per question."""
    b = Bouwer(site, peildatum)
    starts = []
    for group, label, vraag in start_vragen(site):
        starts.append((group, label, vraag, b.page(b.explore({"peildatum": peildatum, "vraag": vraag}))))
    idx = jci_index(site)
    pages = b.pages()
    for page, key in pages.items():
        site.add(page, b.render(page, b.nodes[key], idx))
    out = ["# Wegwijzer", "",
           "Stap voor stap naar een antwoord. Kies wat je wilt weten. Daarna stelt de wegwijzer steeds één vraag. "
           "Aan het eind zie je onder welke wet het valt, en op welke artikelen dat rust.", "",
           f"De wegwijzer rekent met de wet zoals die gold op **{peildatum}** (de dag waarop de site is gebouwd).", ""]
    group = None
    for grp, label, _vraag, page in starts:
        if grp != group:
            out += ["", f"## {grp}", ""]
            group = grp
        out.append(f"- [{esc(label)}](@/{page})")
    out.append("")
    site.add(f"{DIR}/index.md", "\n".join(out))
    return {"situaties": len(b.nodes), "paginas": len(pages), "afgekapt": b.capped,
            "antwoordpaginas": sum(1 for k in pages.values() if b.nodes[k].vraagpad is None),
            "start": {json.dumps(v, ensure_ascii=False, sort_keys=True): p for _g, _l, v, p in starts}}
