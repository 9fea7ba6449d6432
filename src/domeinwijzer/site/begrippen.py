"""Begrippenlijst and the abbreviation list (``*[Wlz]: Wet langdurige zorg``) appended to every page."""

from __future__ import annotations

import re

from rdflib.namespace import RDFS, SKOS

from ..ns import DW
from . import kb
from .bronnen import bron_md
from .pagina import Site, esc

_ABBR = re.compile(r"^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9&.\-]{0,11}$")


def afkortingen(g) -> dict[str, str]:
    """abbreviation -> full name, from dw:afkorting / skos:altLabel of Begrip, Wet, Organisatie, Actor."""
    out: dict[str, str] = {}
    nodes = []
    for cls in (DW.Wet, DW.Organisatie, DW.Actor, DW.Begrip):
        nodes += kb.instances(g, cls)
    for n in nodes:
        full = kb.text(g, n, SKOS.prefLabel, RDFS.label)
        if not full:
            continue
        for p in (DW.afkorting, SKOS.altLabel):
            for a in kb.texts(g, n, p):
                a = a.strip()
                if not _ABBR.match(a) or a.lower() == full.lower() or not any(ch.isupper() for ch in a):
                    continue
                out.setdefault(a, full)
    return dict(sorted(out.items(), key=lambda kv: kv[0].lower()))


def abbr_markdown(g) -> str:
    lines = []
    for a, full in afkortingen(g).items():
        lines.append(f"*[{a}]: {full.replace(']', ')').replace(chr(10), ' ')}")
    return "\n".join(lines) + "\n"


def page(site: Site) -> str:
    g = site.g
    items = sorted(kb.instances(g, DW.Begrip), key=lambda b: kb.label(g, b).lower())
    out = ["# Begrippenlijst", "",
           "Alle begrippen uit de kennisbank, met een korte uitleg in gewone taal. "
           "Een afkorting in de tekst krijgt deze uitleg ook als je er met de muis op staat.", ""]
    letter = None
    for b in items:
        lab = kb.label(g, b)
        first = lab[:1].upper()
        if first != letter:
            letter = first
            out += [f"## {esc(first)}", ""]
        alts = [a for a in kb.texts(g, b, SKOS.altLabel) if a != lab]
        out.append(f"**{esc(lab)}**" + (f" ({esc(', '.join(alts))})" if alts else ""))
        d = kb.text(g, b, SKOS.definition, RDFS.comment) or "Nog geen uitleg."
        out.append(f":   {esc(d)}")
        if (s := kb.text(g, b, SKOS.scopeNote)):
            out.append(f"\n    {esc(s)}")
        if (bm := bron_md(site, b)):
            out.append(f"\n    {bm}")
        out.append("")
    ab = afkortingen(g)
    if ab:
        out += ["## Afkortingen", "", "| Afkorting | Betekenis |", "|---|---|"]
        out += [f"| {esc(a)} | {esc(f)} |" for a, f in ab.items()] + [""]
    return "\n".join(out)
