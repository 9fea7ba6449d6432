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
from .antwoorden import classify, missing_facts
from .casussen import domein_span, grondslag_link, jci_index, rule_iri
from .pagina import Site, esc, zekerheid_badge

MAX_DEPTH = 14
MAX_PAGES = 1500
DIR = "wegwijzer"

_SEG = re.compile(r"([^.\[\]]+)(?:\[(\d*)\])?")


@dataclass
class Knoop:
    page: str
    situatie: dict
    answer: dict | None
    vraagpad: str | None = None
    opties: list[tuple[str, str]] = field(default_factory=list)  # (label, page)
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


def path_has_index(path: str, key: str) -> bool:
    return f"{key}[" in path


def _used_values(g) -> set[str]:
    """Every IRI any rule condition compares with (sh:in / sh:hasValue)."""
    from .regels import condities

    out: set[str] = set()
    for r in kb.instances(g, DW.Regel):
        c = condities.rule_condition(g, r)
        if c is not None:
            out |= {str(x) for x in kb.shape_values(g, c)}
    return out


def answer_options(g, path: str, used: set[str]) -> list[feiten.Optie]:
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
    def __init__(self, site: Site, peildatum: str):
        self.site = site
        self.g = site.g
        self.peildatum = peildatum
        self.used = _used_values(self.g)
        self.nodes: dict[str, Knoop] = {}
        self.capped = 0

    def page_for(self, situatie: dict) -> str:
        h = hashlib.sha1(key_of(situatie).encode()).hexdigest()[:10]
        return f"{DIR}/s-{h}.md"

    def explore(self, start: dict) -> str:
        """Breadth-first from ``start``; returns the start page."""
        first = self.page_for(start)
        todo = [(start, 0)]
        while todo:
            situatie, depth = todo.pop(0)
            k = key_of(situatie)
            if k in self.nodes:
                continue
            node = Knoop(self.page_for(situatie), situatie, None)
            self.nodes[k] = node
            try:
                node.answer = classify(situatie)
            except Exception as exc:
                node.fout = f"{type(exc).__name__}: {exc}"
                continue
            if decided(node.answer):
                continue
            mis = missing_facts(node.answer)
            if not mis:
                continue
            if depth >= MAX_DEPTH or len(self.nodes) >= MAX_PAGES:
                node.afgekapt = True
                self.capped += 1
                continue
            node.vraagpad = mis[0]
            for opt in answer_options(self.g, mis[0], self.used):
                nxt = set_fact(situatie, mis[0], opt.value)
                if key_of(nxt) == k:
                    continue
                node.opties.append((opt.label, self.page_for(nxt)))
                todo.append((nxt, depth + 1))
            if not node.opties:
                node.vraagpad = None
        return first

    # ------------------------------------------------------------------ rendering

    def render(self, node: Knoop, idx: dict) -> str:
        g = self.g
        front = "---\nsearch:\n  exclude: true\n---\n\n"
        sit = node.situatie
        out = [front + "# Wegwijzer", "", f"**Vraag:** {feiten.vraag_tekst(g, sit.get('vraag'))}", ""]
        zinnen = feiten.zinnen(g, sit)
        if zinnen:
            out += ['??? info "Wat je al hebt ingevuld"', ""] + [f"    - {z}" for z in zinnen] + [""]
        if node.fout:
            out += ['!!! failure "Geen antwoord"', f"    De beslisregels gaven een fout: {esc(node.fout)}", ""]
        elif node.vraagpad:
            q, uitleg = feiten.vraag(g, node.vraagpad)
            out += [f"## {esc(q)}", ""]
            if uitleg:
                out += [f"*{esc(uitleg)}*", ""]
            out += ['<div class="dw-opties" markdown>', ""]
            out += [f"- [{esc(label)}](@/{page})" for label, page in node.opties]
            out += ["", "</div>", ""]
            out += ["Weet je het niet? Dan kan Domeinwijzer het nog niet zeggen. Vraag het na en kom terug.", ""]
        elif node.afgekapt:
            out += ['!!! warning "Te veel vragen voor de wegwijzer"',
                    "    Deze situatie vraagt meer stappen dan de wegwijzer toont. Gebruik `domeinwijzer classificeer` "
                    "met de situatie hieronder.", ""]
        else:
            out += self.render_answer(node.answer or {}, idx)
        out += ['??? note "Deze situatie als invoer (JSON)"', "", "    ```json"]
        out += ["    " + line for line in json.dumps(sit, ensure_ascii=False, indent=2).splitlines()]
        out += ["    ```", "", "[Opnieuw beginnen](@/wegwijzer/index.md)", ""]
        return "\n".join(out)

    def render_answer(self, a: dict, idx: dict) -> list[str]:
        site = self.site
        out = ["## Het antwoord", ""]
        facts = [f"**Domein:** {domein_span(a.get('domein'))}"]
        if "includeerbaar" in a:
            inc = a.get("includeerbaar")
            facts.append(f"**Includeerbaar:** {'ja' if inc is True else 'nee' if inc is False else 'nog niet te zeggen'}")
        if a.get("financier"):
            facts.append(f"**Wie betaalt:** {esc(a['financier'])}")
        if a.get("zekerheid"):
            facts.append(f"**Zekerheid:** {zekerheid_badge(a['zekerheid'])}")
        out += ["  \n".join(facts), ""]
        if a.get("toelichting"):
            out += [esc(a["toelichting"]), ""]
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
        starts.append((group, label, vraag, b.explore({"peildatum": peildatum, "vraag": vraag})))
    idx = jci_index(site)
    for node in b.nodes.values():
        site.add(node.page, b.render(node, idx))
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
    return {"paginas": len(b.nodes), "afgekapt": b.capped,
            "antwoorden": sum(1 for n in b.nodes.values() if n.vraagpad is None and not n.afgekapt),
            "start": {json.dumps(v, ensure_ascii=False, sort_keys=True): p for _g, _l, v, p in starts}}
