"""Knelpunten pages: the current list (K1-K15) with status, route, 2024 form, trajecten, rules and cases."""

from __future__ import annotations

from rdflib.namespace import RDFS, SKOS

from ..ns import DW
from . import kb
from .bronnen import bron_md
from .pagina import Site, esc, slug, table


def _num(g, k) -> tuple:
    n = kb.value(g, k, DW.nummer)
    try:
        return (0, int(str(n)), str(k))
    except (TypeError, ValueError):
        return (1, 0, str(k))


def knelpunten(site: Site) -> list:
    g = site.g
    versies = set(kb.instances(g, DW.KnelpuntVersie))
    return sorted((k for k in kb.instances(g, DW.Knelpunt) if k not in versies), key=lambda k: _num(g, k))


def register(site: Site) -> None:
    for k in knelpunten(site):
        site.register(k, f"knelpunten/{slug(kb.local(k))}.md")


def _status(g, k) -> str:
    s = kb.value(g, k, DW.status)
    return esc(kb.label(g, s)) if s is not None else "onbekend"


def page(site: Site, k, case_hits: dict[str, list[str]]) -> str:
    g = site.g
    nr = kb.value(g, k, DW.nummer)
    out = [f"# Knelpunt {esc(nr if nr is not None else kb.local(k))}: {esc(kb.label(g, k))}", ""]
    out += [f"**Status:** {_status(g, k)}", ""]
    if (o := kb.text(g, k, DW.omschrijving, SKOS.definition)):
        out += ["## Wat is het probleem", "", esc(o), ""]
    if (a := kb.text(g, k, DW.aanvliegroute)):
        out += ["## Hoe wordt het aangepakt", "", esc(a), ""]
    for n in kb.texts(g, k, SKOS.note):
        out += ['!!! note "Let op"', "    " + esc(n), ""]
    wetten = kb.values(g, k, DW.betrokkenWet)
    actoren = kb.values(g, k, DW.betrokkenActor)
    if wetten or actoren:
        out += ["## Wie en wat is erbij betrokken", ""]
        if wetten:
            out.append("- Wetten: " + ", ".join(site.link(w) for w in wetten))
        if actoren:
            out.append("- Partijen: " + ", ".join(esc(kb.label(g, x)) for x in actoren))
        out.append("")
    oud = kb.values(g, k, DW.afgeleidVan)
    out += ["## In de lijst van 2024", ""]
    if oud:
        for v in oud:
            vn = kb.value(g, v, DW.nummer)
            out.append(f"- Nummer {esc(vn) if vn is not None else '?'}: **{esc(kb.label(g, v))}**")
            if (vo := kb.text(g, v, DW.aanvliegroute)):
                out.append(f"    - Aanpak toen: {esc(vo)}")
            if (vs := kb.value(g, v, DW.status)) is not None:
                out.append(f"    - Status toen: {esc(kb.label(g, vs))}")
        out.append("")
    else:
        out += ["Dit knelpunt stond nog niet op de lijst van 2024 (het is nieuw).", ""]
    trajecten = kb.values(g, k, DW.geplaatstIn)
    if trajecten:
        out += ["## Trajecten", ""]
        for t in trajecten:
            tt = kb.value(g, t, DW.trajecttype)
            out.append(f"- **{esc(kb.label(g, t))}**" + (f" ({esc(kb.label(g, tt))})" if tt is not None else "")
                       + (f": {esc(kb.text(g, t, SKOS.definition))}" if kb.text(g, t, SKOS.definition) else ""))
        out.append("")
    rs = sorted(g.subjects(DW.signaleert, k), key=str)
    out += ["## Regels die dit knelpunt signaleren", ""]
    out += ([f"- {site.link(r)}" for r in rs] if rs else ["Nog geen regel signaleert dit knelpunt."]) + [""]
    cs = case_hits.get(kb.local(k), [])
    out += ["## Casussen waarin dit knelpunt speelt", ""]
    out += ([f"- [{esc(c)}](@/casussen/{slug(c)}.md)" for c in cs] if cs else ["Nog geen casus."]) + [""]
    if (b := bron_md(site, k)):
        out += [b, ""]
    return "\n".join(out)


def index_page(site: Site) -> str:
    g = site.g
    rows = [[esc(kb.value(g, k, DW.nummer) or ""), site.link(k), _status(g, k),
             ", ".join(esc(kb.label(g, t)) for t in kb.values(g, k, DW.geplaatstIn)),
             str(sum(1 for _ in g.subjects(DW.signaleert, k)))] for k in knelpunten(site)]
    out = ["# Knelpunten", "",
           "De landelijke knelpuntenlijst van de Levensloopaanpak: waar lopen mensen vast tussen de zorgwetten? "
           "De nummers volgen de huidige lijst (K1 tot en met K15). Bij elk knelpunt staat ook hoe het in de "
           "lijst van 2024 stond.", "",
           table(["Nr.", "Knelpunt", "Status", "Traject", "Regels"], rows) or "Nog geen knelpunten.\n", ""]
    signalen = kb.instances(g, DW.Signaal) if (None, None, DW.Signaal) in g else []
    if signalen:
        out += ["## Andere signalen uit de bronnen", "",
                "Deze punten staan niet op de lijst, maar de bronnen noemen ze wel.", ""]
        for s in signalen:
            out.append(f"- **{esc(kb.label(g, s))}**" + (f": {esc(kb.text(g, s, SKOS.definition, DW.omschrijving, RDFS.comment))}"
                                                         if kb.text(g, s, SKOS.definition, DW.omschrijving, RDFS.comment) else ""))
        out.append("")
    disputen = kb.instances(g, DW.Dispuut)
    if disputen:
        out += ["## Waar de bronnen het oneens zijn", "",
                "Hier zeggen bronnen iets anders. Domeinwijzer kiest dan niet, maar noemt beide lezingen "
                "(zekerheid: omstreden).", ""]
        for d in disputen:
            out += [f"### {esc(kb.label(g, d))}", ""]
            if (t := kb.text(g, d, SKOS.definition, RDFS.comment)):
                out += [esc(t), ""]
            for lz in kb.values(g, d, DW.lezing):
                out.append(f"- {esc(kb.text(g, lz, DW.standpunt) or kb.label(g, lz))} {bron_md(site, lz)}")
            out.append("")
    return "\n".join(out)


def build(site: Site, case_hits: dict[str, list[str]]) -> None:
    for k in knelpunten(site):
        site.add(f"knelpunten/{slug(kb.local(k))}.md", page(site, k, case_hits))
    site.add("knelpunten/index.md", index_page(site))
