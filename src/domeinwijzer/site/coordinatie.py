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


def _volgorde(g, n) -> tuple:
    v = kb.value(g, n, DW.volgorde)
    try:
        return (0, int(str(v)), kb.label(g, n))
    except (TypeError, ValueError):
        return (1, 0, kb.label(g, n))


def _opties(site: Site) -> list[str]:
    g = site.g
    opties = sorted(kb.instances(g, DW.Bekostigingsoptie), key=lambda o: _volgorde(g, o))
    if not opties:
        return []
    uitgewerkt = [o for o in opties if kb.value(g, o, DW.volgorde) is not None]
    afgevallen = [o for o in opties if kb.value(g, o, DW.volgorde) is None]
    out = ["## Opties voor de betaling van coördinatie", "",
           "AEF werkte in mei 2024 opties uit voor een vaste betaling van de coördinatie. "
           "Hieronder de opties, hoe AEF ze beoordeelde en welke routes afvielen.", ""]
    for o in uitgewerkt:
        head = f"### {esc(kb.text(g, o, DW.volgorde) or '')}. {esc(kb.label(g, o))}"
        if str(kb.value(g, o, DW.aanbevolen)).lower() == "true":
            head += " (aanbevolen door AEF)"
        out += [head, ""]
        if (d := kb.text(g, o, SKOS.definition, RDFS.comment)):
            out += [esc(d), ""]
        for lab, p in (("Wettelijk kader", DW.kader), ("Voordeel", DW.voordeel), ("Nadeel", DW.nadeel),
                       ("Oordeel van AEF", SKOS.scopeNote), ("Let op", SKOS.note)):
            if (t := kb.text(g, o, p)):
                out.append(f"- **{lab}:** {esc(t)}")
        for lab, p in (("Uitvoerder", DW.uitvoerder), ("Betaalt", DW.financier)):
            if (vs := kb.values(g, o, p)):
                out.append(f"- **{lab}:** " + ", ".join(esc(kb.label(g, x)) for x in vs))
        out.append("")
        if (bm := bron_md(site, o)):
            out += [bm, ""]
    scores = kb.instances(g, DW.Score)
    crit = sorted({kb.value(g, s, DW.criterium) for s in scores if kb.value(g, s, DW.criterium) is not None},
                  key=lambda c: _volgorde(g, c))
    gescoord = [o for o in uitgewerkt if any((s, DW.optie, o) in g for s in scores)]
    if scores and crit and gescoord:
        rv = set(kb.instances(g, DW.Randvoorwaarde)) if (None, None, DW.Randvoorwaarde) in g else set()
        out += ["### Beoordeling per criterium", "",
                "Groen = goed, oranje = redelijk, rood = onvoldoende. **Randvoorwaarden** zijn harde eisen; "
                "**aandachtspunten** wegen mee. Tel de kleuren dus niet zomaar op.", ""]
        rows = []
        for c in crit:
            soort = "randvoorwaarde" if c in rv else "aandachtspunt" if rv else ""
            row = [esc(kb.label(g, c)) + (f"<br><small>{soort}</small>" if soort else "")]
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
    if afgevallen:
        out += ["### Routes die afvielen", ""]
        rows = [[esc(kb.label(g, o)), esc(kb.text(g, o, SKOS.definition) or ""), esc(kb.text(g, o, SKOS.note) or "")]
                for o in afgevallen]
        out += [table(["Route", "Wat", "Waarom afgevallen"], rows), ""]
    return out
