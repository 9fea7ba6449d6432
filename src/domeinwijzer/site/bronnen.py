"""Render a grondslag (Artikel, Bronfragment or Bron) as Markdown with its verification status."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from ..ns import DW
from . import kb
from .pagina import Site, code, esc, verificatie_badge


def is_artikel(g: Graph, iri) -> bool:
    return (iri, RDF.type, DW.Artikel) in g or (iri, DW.inWet, None) in g


def versies(g: Graph, artikel) -> list:
    """Artikelversies of an article, oldest first."""
    vs = list(g.subjects(DW.versieVan, artikel))
    return sorted(vs, key=lambda v: (str(kb.value(g, v, DW.geldigVanaf) or ""), str(v)))


def versie_op(g: Graph, artikel, datum: str | None):
    """The version valid on ``datum`` (ISO string), else the newest."""
    vs = versies(g, artikel)
    if not vs:
        return None
    if datum:
        for v in reversed(vs):
            van = str(kb.value(g, v, DW.geldigVanaf) or "")
            tot = kb.value(g, v, DW.geldigTot)
            if van <= datum and (tot is None or datum < str(tot)):
                return v
    return vs[-1]


def verificatie(g: Graph, iri, versie=None):
    return (kb.value(g, versie, DW.verificatiestatus) if versie is not None else None) or kb.value(
        g, iri, DW.verificatiestatus)


def grondslag_md(site: Site, iri, datum: str | None = None) -> str:
    g = site.g
    if is_artikel(g, iri):
        v = versie_op(g, iri, datum)
        parts = [site.link(iri)]
        status = verificatie(g, iri, v)
        if status is not None:
            parts.append(verificatie_badge(status))
        url = kb.value(g, v, DW.url) if v is not None else kb.value(g, iri, DW.url)
        if url:
            van = kb.value(g, v, DW.geldigVanaf) if v is not None else None
            parts.append(f"([wettekst{' ' + str(van) if van else ''}]({url}))")
        return " ".join(parts)
    citeer = kb.text(g, iri, DW.citeerAls)
    doc = kb.value(g, iri, DW.document)
    parts = []
    if doc is not None:
        van, tot = kb.value(g, iri, DW.regelVan), kb.value(g, iri, DW.regelTot)
        where = f"regel {van}" + (f"–{tot}" if tot is not None and str(tot) != str(van) else "") if van else ""
        parts.append(esc(kb.label(g, doc)) + (f", {where}" if where else ""))
        if citeer:
            parts.append(f"<small>{code(citeer)}</small>")
    else:
        parts.append(site.link(iri) if site.has_page(iri) else esc(kb.label(g, iri)))
        if citeer:
            parts.append(f"<small>{code(citeer)}</small>")
        url = kb.value(g, iri, DW.url)
        if url and isinstance(url, URIRef | str):
            parts.append(f"([bron]({url}))")
    status = kb.value(g, iri, DW.verificatiestatus)
    if status is not None:
        parts.append(verificatie_badge(status))
    return " ".join(parts)


def grondslagen_md(site: Site, node, datum: str | None = None, sep: str = "<br>") -> str:
    gs = kb.values(site.g, node, DW.grondslag)
    return sep.join(grondslag_md(site, x, datum) for x in gs)


def bron_md(site: Site, node, label: str = "Bron") -> str:
    """A 'Bron: ...' line listing the dw:bron sources of a node (empty if it has none)."""
    bs = kb.values(site.g, node, DW.bron)
    if not bs:
        return ""
    return f"<small>{label}: " + "; ".join(grondslag_md(site, b) for b in bs) + "</small>"
