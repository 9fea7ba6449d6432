"""The coordination page: tasks, situations, funding arrangements, inclusion criteria, funding options."""

from __future__ import annotations

from rdflib.namespace import RDFS, SKOS

from ..ns import DW
from . import kb
from .bronnen import bron_md
from .pagina import Site, esc, table, zekerheid_badge
from .regels import rules


def _code_key(g, n):
    code = kb.text(g, n, DW.code, SKOS.notation) or ""
    head = "".join(ch for ch in code if not ch.isdigit())
    digits = "".join(ch for ch in code if ch.isdigit())
    return (head, int(digits) if digits else 0, kb.label(g, n))


def _by_code(g, items):
    return sorted(items, key=lambda n: _code_key(g, n))


def _rules_mentioning(site: Site, concept) -> list:
    return [r for r in rules(site) if concept in site.rule_values(r)]


def _periode(g, n) -> str:
    van, tot = kb.value(g, n, DW.geldigVanaf), kb.value(g, n, DW.geldigTot)
    bits = []
    if van is not None or tot is not None:
        bits.append(f"{van or '?'} – {tot or 'nu'}")
    if (p := kb.text(g, n, DW.periode)):
        bits.append(esc(p))
    return "<br>".join(bits)


def page(site: Site, taak_pages: dict[str, str]) -> str:
    """``taak_pages``: coordinatietaak local name -> wegwijzer start page for that task (if any)."""
    g = site.g
    out = ["# Coördinatie in de Levensloopaanpak", "",
           "Een levensloopcoördinator doet twaalf soorten taken. Zes zijn **cliëntgebonden** (met of voor "
           "één cliënt), zes zijn **niet cliëntgebonden** (voor de aanpak als geheel). Wie de kosten betaalt, "
           "hangt af van de taak en van de situatie van de cliënt.", ""]
    taken = _by_code(g, kb.instances(g, DW.Coordinatietaak))
    cg = set(kb.instances(g, DW.ClientgebondenTaak))
    afspraken = kb.instances(g, DW.Bekostigingsafspraak)
    out += ["## De twaalf taken", ""]
    rows = []
    for t in taken:
        fin = [a for a in afspraken if (a, DW.betreftTaak, t) in g]
        regels = _rules_mentioning(site, t)
        ww = taak_pages.get(kb.local(t))
        rows.append([esc(kb.text(g, t, DW.code) or ""), esc(kb.label(g, t)),
                     "ja" if t in cg else "nee",
                     esc(kb.text(g, t, SKOS.definition) or ""),
                     "<br>".join(esc(kb.label(g, a)) for a in fin),
                     ", ".join(site.link(r) for r in regels) + (f"<br>[wegwijzer]({ww})" if ww else "")])
    out += [table(["Code", "Taak", "Cliëntgebonden", "Wat", "Betaald uit (afspraak)", "Regels"], rows)
            or "Nog geen taken in de kennisbank.\n", ""]

    out += ["## Drie situaties", ""]
    sits = _by_code(g, kb.instances(g, DW.Coordinatiesituatie))
    for s in sits:
        out += [f"### {esc(kb.text(g, s, DW.code) or '')} {esc(kb.label(g, s))}", ""]
        if (d := kb.text(g, s, SKOS.definition)):
            out += [esc(d), ""]
        if (b := kb.text(g, s, DW.bekostigingsgevolg)):
            out += [f"**Gevolg voor de betaling:** {esc(b)}", ""]
        if (bm := bron_md(site, s)):
            out += [bm, ""]
    if not sits:
        out += ["Nog geen situaties in de kennisbank.", ""]

    out += ["## Wie betaalt wat, en sinds wanneer", ""]
    rows = []
    for a in sorted(afspraken, key=lambda a: (str(kb.value(g, a, DW.geldigVanaf) or "0"), kb.label(g, a))):
        fin = ", ".join(esc(kb.label(g, f)) for f in kb.values(g, a, DW.financier))
        taken_a = ", ".join(esc(kb.text(g, t, DW.code) or kb.label(g, t)) for t in _by_code(g, g.objects(a, DW.betreftTaak)))
        rows.append([f"**{esc(kb.label(g, a))}**<br>{esc(kb.text(g, a, SKOS.definition) or '')}"
                     + (f"<br><small>Let op: {esc(kb.text(g, a, SKOS.note))}</small>" if kb.text(g, a, SKOS.note) else ""),
                     fin, _periode(g, a), taken_a, zekerheid_badge(kb.value(g, a, DW.zekerheid)), bron_md(site, a)])
    out += [table(["Afspraak", "Betaalt", "Periode", "Taken", "Zekerheid", "Bron"], rows)
            or "Nog geen bekostigingsafspraken in de kennisbank.\n", ""]

    out += ["## Wie kan worden geïncludeerd", "",
            "Iemand komt alleen in de Levensloopaanpak als **alle** landelijke criteria gelden. "
            "Het Zorg- en Veiligheidshuis beslist daarover samen met de partners.", ""]
    rows = []
    for c in _by_code(g, kb.instances(g, DW.Inclusiecriterium)):
        rs = [r for r in rules(site) if (r, DW.toetstCriterium, c) in g]
        rows.append([esc(kb.text(g, c, DW.code) or ""),
                     esc(kb.text(g, c, DW.criteriumtekst, SKOS.definition) or kb.label(g, c)),
                     ", ".join(site.link(r) for r in rs), bron_md(site, c)])
    out += [table(["Code", "Criterium", "Getoetst door", "Bron"], rows) or "Nog geen criteria.\n", ""]
    if taak_pages.get("__inclusie__"):
        out += [f"Doe de toets stap voor stap in de [wegwijzer]({taak_pages['__inclusie__']}).", ""]

    out += _opties(site)
    return "\n".join(out)


KLEURWOORD = {"groen": "🟢 groen", "oranje": "🟠 oranje", "rood": "🔴 rood"}


def _opties(site: Site) -> list[str]:
    g = site.g
    opties = _by_code(g, kb.instances(g, DW.Bekostigingsoptie))
    if not opties:
        return []
    out = ["## Opties voor de betaling van coördinatie", "",
           "AEF werkte in mei 2024 opties uit voor een vaste betaling van de coördinatie. "
           "Hieronder de opties en hoe AEF ze beoordeelde.", ""]
    for o in opties:
        out.append(f"- **{esc(kb.label(g, o))}**" + (f": {esc(kb.text(g, o, SKOS.definition, RDFS.comment))}"
                                                      if kb.text(g, o, SKOS.definition, RDFS.comment) else ""))
    out.append("")
    scores = kb.instances(g, DW.Score)
    crit = _by_code(g, {kb.value(g, s, DW.criterium) for s in scores if kb.value(g, s, DW.criterium) is not None})
    gescoord = [o for o in opties if any((s, DW.optie, o) in g for s in scores)]
    if scores and crit and gescoord:
        out += ["### Beoordeling per criterium", "",
                "Groen = goed, oranje = redelijk, rood = onvoldoende. Tel de kleuren niet zomaar op: "
                "een rode randvoorwaarde weegt zwaarder dan een oranje aandachtspunt.", ""]
        rows = []
        for c in crit:
            row = [esc(kb.label(g, c))]
            for o in gescoord:
                cell = ""
                for s in scores:
                    if (s, DW.criterium, c) in g and (s, DW.optie, o) in g:
                        k = kb.value(g, s, DW.kleur)
                        word = kb.label(g, k).lower() if k is not None else kb.text(g, s, RDFS.comment) or ""
                        cell = KLEURWOORD.get(word, esc(word))
                row.append(cell)
            rows.append(row)
        out += [table(["Criterium"] + [esc(kb.label(g, o)) for o in gescoord], rows), ""]
    return out
