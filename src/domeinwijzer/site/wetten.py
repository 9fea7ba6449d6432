"""Pages per law (wetten/<wet>.md) and per article (artikelen/<id>.md)."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ..ns import DW
from . import kb
from .bronnen import grondslag_md, grondslagen_md, versies
from .pagina import Site, code, esc, slug, table, verificatie_badge, zekerheid_badge


def laws(site: Site) -> list[URIRef]:
    return kb.instances(site.g, DW.Wet)


def articles(site: Site) -> list[URIRef]:
    g = site.g
    arts = set(kb.instances(g, DW.Artikel)) | {a for a in g.subjects(DW.inWet, None) if isinstance(a, URIRef)}
    return sorted(arts, key=lambda a: _art_key(site, a))


def _art_key(site: Site, a) -> tuple:
    g = site.g
    nr = str(kb.value(g, a, DW.artikelnummer) or "")
    parts = []
    for p in nr.replace(":", ".").split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        parts.append((int(digits) if digits else 0, p))
    lid = str(kb.value(g, a, DW.lid) or "")
    return (kb.label(g, kb.value(g, a, DW.inWet)) if kb.value(g, a, DW.inWet) else "", parts,
            int("".join(ch for ch in lid if ch.isdigit()) or 0), lid, str(kb.value(g, a, DW.onderdeel) or ""), str(a))


def register(site: Site) -> None:
    for w in laws(site):
        site.register(w, f"wetten/{kb.local(w)}.md")
    for a in articles(site):
        site.register(a, f"artikelen/{kb.local(a)}.md")


def _rules_resting_on(site: Site, targets: set) -> list:
    g = site.g
    return sorted({r for r in kb.instances(g, DW.Regel) if set(g.objects(r, DW.grondslag)) & targets}, key=str)


def law_page(site: Site, w) -> str:
    g = site.g
    name = kb.label(g, w)
    afk = kb.text(g, w, DW.afkorting)
    out = [f"# {esc(name)}" + (f" ({esc(afk)})" if afk and afk != name else ""), ""]
    if (d := kb.text(g, w, SKOS.definition, RDFS.comment)):
        out += [esc(d), ""]
    facts = []
    if (b := kb.text(g, w, DW.bwbId)):
        facts.append(f"**BWB-nummer:** `{b}`")
    doms = [esc(kb.label(g, d)) for d in kb.values(g, w, DW.hoortBijDomein)]
    if doms:
        facts.append("**Domein:** " + ", ".join(doms))
    out += [("  \n".join(facts)), ""] if facts else []
    for title, p in (("Voor wie en waarvoor", DW.reikwijdte), ("Wie heeft er recht op", DW.toegangscriterium)):
        vals = kb.texts(g, w, p)
        if vals:
            out += [f"## {title}", ""] + [esc(v) + "\n" for v in vals]

    # entitlements: Aanspraak nodes tied to this law directly or through their articles
    arts_of_law = {a for a in g.subjects(DW.inWet, w)}
    aanspraken = [a for a in kb.instances(g, DW.Aanspraak)
                  if w in set(g.objects(a, None)) or set(g.objects(a, DW.grondslag)) & arts_of_law]
    if aanspraken:
        out += ["## Aanspraken (waar heeft iemand recht op)", ""]
        rows = [[esc(kb.label(g, a)), esc(kb.text(g, a, SKOS.definition, DW.omschrijving, RDFS.comment) or ""),
                 zekerheid_badge(kb.value(g, a, DW.zekerheid)), grondslagen_md(site, a)] for a in aanspraken]
        out += [table(["Aanspraak", "Wat", "Zekerheid", "Grondslag"], rows), ""]

    uitvoerders = kb.values(g, w, DW.uitvoerder)
    if uitvoerders:
        out += ["## Wie voert de wet uit", ""]
        for u in uitvoerders:
            taak = kb.text(g, u, DW.taak)
            out.append(f"- **{esc(kb.label(g, u))}**" + (f": {esc(taak)}" if taak else ""))
        out.append("")

    voor = sorted(g.subjects(DW.gaatVoor, w), key=str)
    na = sorted(g.subjects(DW.gaatNa, w), key=str)
    if voor or na:
        out += ["## Voorliggendheid", "",
                "Welke wet gaat voor? Zie ook het [overzicht van alle wetten](@/voorliggendheid.md).", ""]
        rows = []
        for v in voor:
            for other in kb.values(g, v, DW.gaatNa):
                rows.append([f"{esc(kb.label(g, w))} gaat voor {site.link(other)}", _vl_text(site, v),
                             zekerheid_badge(kb.value(g, v, DW.zekerheid)), grondslagen_md(site, v)])
        for v in na:
            for other in kb.values(g, v, DW.gaatVoor):
                rows.append([f"{site.link(other)} gaat voor {esc(kb.label(g, w))}", _vl_text(site, v),
                             zekerheid_badge(kb.value(g, v, DW.zekerheid)), grondslagen_md(site, v)])
        out += [table(["Voorrang", "Wanneer", "Zekerheid", "Grondslag"], rows), ""]

    wv = sorted(g.subjects(DW.versieVan, w), key=lambda v: str(kb.value(g, v, DW.geldigVanaf) or ""))
    if wv:
        out += ["## Gelezen versies van de wettekst", ""]
        rows = []
        for v in wv:
            url = kb.value(g, v, DW.url)
            rows.append([str(kb.value(g, v, DW.geldigVanaf) or ""), str(kb.value(g, v, DW.geldigTot) or ""),
                         f"[wetten.overheid.nl]({url})" if url else ""])
        out += [table(["Geldig vanaf", "Geldig tot", "Tekst"], rows), ""]

    arts = [a for a in articles(site) if kb.value(g, a, DW.inWet) == w]
    if arts:
        out += ["## Artikelen", ""]
        rows = []
        for a in arts:
            vs = versies(g, a)
            vtxt = "<br>".join(_versie_kort(g, v) for v in vs)
            rows.append([site.link(a), esc(kb.text(g, a, DW.onderwerp) or ""), vtxt,
                         verificatie_badge(kb.value(g, a, DW.verificatiestatus))])
        out += [table(["Artikel", "Waar gaat het over", "Versies", "Verificatie"], rows), ""]

    timeline = []
    for a in arts:
        for v in versies(g, a):
            for wz in kb.texts(g, v, DW.wijziging):
                timeline.append((str(kb.value(g, v, DW.geldigVanaf) or ""), a, wz))
    for v in wv:
        for wz in kb.texts(g, v, DW.wijziging):
            timeline.append((str(kb.value(g, v, DW.geldigVanaf) or ""), None, wz))
    if timeline:
        out += ["## Tijdlijn van wijzigingen", ""]
        for datum, a, wz in sorted(timeline, key=lambda t: (t[0], str(t[1]))):
            out.append(f"- **{datum or 'datum onbekend'}**" + (f" – {site.link(a)}" if a else "") + f": {esc(wz)}")
        out.append("")

    rules = _rules_resting_on(site, arts_of_law)
    if rules:
        out += ["## Beslisregels die op deze wet rusten", ""]
        out += [f"- {site.link(r)}" for r in rules] + [""]
    return "\n".join(out)


def _versie_kort(g, v) -> str:
    van = str(kb.value(g, v, DW.geldigVanaf) or "?")
    tot = kb.value(g, v, DW.geldigTot)
    url = kb.value(g, v, DW.url)
    txt = f"vanaf {van}" + (f" tot {tot}" if tot is not None else "")
    return f"[{txt}]({url})" if url else txt


def _vl_text(site: Site, v) -> str:
    g = site.g
    bits = [esc(t) for t in kb.texts(g, v, DW.voorwaardeTekst)]
    zv = [site.link(z) for z in kb.values(g, v, DW.betreftZorgvorm)]
    if zv:
        bits.append("Zorgvorm: " + ", ".join(zv))
    rules = [site.link(r) for r in kb.values(g, v, DW.uitgewerktIn)]
    if rules:
        bits.append("Regel: " + ", ".join(rules))
    return "<br>".join(bits)


def article_page(site: Site, a, answers: dict[str, dict]) -> str:
    """``answers``: case id -> classifier answer, to show which answers rest on this article."""
    g = site.g
    out = [f"# {esc(kb.label(g, a))}", ""]
    w = kb.value(g, a, DW.inWet)
    facts = []
    if w is not None:
        facts.append(f"**Wet:** {site.link(w)}")
    for lab, p in (("Artikel", DW.artikelnummer), ("Lid", DW.lid), ("Onderdeel", DW.onderdeel)):
        if (x := kb.text(g, a, p)):
            facts.append(f"**{lab}:** {esc(x)}")
    st = kb.value(g, a, DW.verificatiestatus)
    if st is not None:
        facts.append(f"**Verificatie:** {verificatie_badge(st)}")
    out += ["  \n".join(facts), ""]
    if kb.local(st or "") == "U":
        out += ['!!! warning "Niet gecontroleerd"', "    Dit artikel is niet gecontroleerd in de wettekst. "
                "Kijk het na op wetten.overheid.nl voordat je het gebruikt.", ""]
    if (o := kb.text(g, a, DW.onderwerp)):
        out += ["## Waar gaat dit artikel over", "", esc(o), ""]
    vs = versies(g, a)
    if vs:
        out += ["## Versies", "", "Per versie: vanaf wanneer de tekst gold, waar je hem leest en of hij is gecontroleerd.", ""]
        for v in reversed(vs):
            van, tot = kb.value(g, v, DW.geldigVanaf), kb.value(g, v, DW.geldigTot)
            out += [f"### Geldig vanaf {van or '?'}" + (f" tot {tot}" if tot is not None else " (nu geldend)"), ""]
            url = kb.value(g, v, DW.url)
            if url:
                out.append(f"- Tekst: [wetten.overheid.nl]({url})")
            if (j := kb.text(g, v, DW.jci)):
                out.append(f"- Juriconnect: {code(j)}")
            st = kb.value(g, v, DW.verificatiestatus) or kb.value(g, a, DW.verificatiestatus)
            ctl = kb.value(g, v, DW.gecontroleerdIn)
            if st is not None or ctl is not None:
                out.append("- Verificatie: " + verificatie_badge(st)
                           + (f" gelezen in {esc(kb.label(g, ctl))}" if ctl is not None else ""))
            for wz in kb.texts(g, v, DW.wijziging):
                out.append(f"- Wat veranderde: {esc(wz)}")
            out.append("")

    targets = {a} | set(vs)
    users = sorted(set().union(*(site.grounded_on(t) for t in targets)),
                   key=lambda s: (kb.label(g, s).lower(), str(s)))
    rules = [s for s in users if s in set(kb.instances(g, DW.Regel))]
    vls = [s for s in users if s in set(kb.instances(g, DW.Voorliggendheid))]
    others = [s for s in users if s not in rules and s not in vls]
    out += ["## Wat rust op dit artikel", ""]
    if not users:
        out += ["Nog niets in de kennisbank verwijst naar dit artikel.", ""]
    if rules:
        out += ["**Beslisregels**", ""] + [f"- {site.link(r)} {zekerheid_badge(kb.value(g, r, DW.zekerheid))}"
                                           for r in rules] + [""]
    if vls:
        out += ["**Voorliggendheid**", ""]
        for v in vls:
            voor = ", ".join(site.link(x) for x in kb.values(g, v, DW.gaatVoor))
            na = ", ".join(site.link(x) for x in kb.values(g, v, DW.gaatNa))
            out.append(f"- {voor} gaat voor {na}" + (f": {esc(kb.texts(g, v, DW.voorwaardeTekst)[0])}"
                                                      if kb.texts(g, v, DW.voorwaardeTekst) else ""))
        out.append("")
    if others:
        out += ["**Andere feiten in de kennisbank**", ""]
        out += [f"- {site.link(s) if site.has_page(s) else esc(kb.label(g, s))}" for s in others] + [""]

    jcis = {kb.text(g, v, DW.jci).split("&g=", 1)[0] for v in vs if kb.text(g, v, DW.jci)}
    hits = [cid for cid, ans in answers.items()
            if jcis and any(str(j).split("&g=", 1)[0] in jcis for j in ans.get("grondslagen", []) or [])]
    if hits:
        out += ["**Antwoorden in de casuïstiek die dit artikel noemen**", ""]
        out += [f"- [{esc(cid)}](@/casussen/{slug(cid)}.md)" for cid in hits] + [""]
    return "\n".join(out)


def index_pages(site: Site) -> None:
    g = site.g
    rows = [[site.link(w), esc(kb.text(g, w, DW.afkorting) or ""), f"`{kb.text(g, w, DW.bwbId) or ''}`",
             str(sum(1 for a in g.subjects(DW.inWet, w)))] for w in laws(site)]
    site.add("wetten/index.md", "# Wetten\n\nDe wetten in de kennisbank. Klik op een wet voor de regels, "
             "de aanspraken, wie voorgaat en de artikelen.\n\n"
             + (table(["Wet", "Afkorting", "BWB", "Artikelen"], rows) or "Nog geen wetten in de kennisbank.\n")
             + "\nZie ook: [welke wet gaat voor welke wet](@/voorliggendheid.md).\n")
    rows = [[site.link(a), esc(kb.text(g, a, DW.onderwerp) or ""),
             verificatie_badge(kb.value(g, a, DW.verificatiestatus))] for a in articles(site)]
    site.add("artikelen/index.md", "# Artikelen\n\nAlle wetsartikelen waar de kennisbank op rust. "
             "Bij elk artikel zie je de versies, de link naar wetten.overheid.nl en wat erop rust.\n\n"
             "**Verificatie:** V = gecontroleerd in de wettekst, S = alleen via een andere bron, "
             "U = niet gecontroleerd.\n\n"
             + (table(["Artikel", "Onderwerp", "Verificatie"], rows) or "Nog geen artikelen.\n"))


def build(site: Site, answers: dict[str, dict]) -> None:
    for w in laws(site):
        site.add(f"wetten/{kb.local(w)}.md", law_page(site, w))
    for a in articles(site):
        site.add(f"artikelen/{kb.local(a)}.md", article_page(site, a, answers))
    index_pages(site)


__all__ = ["build", "register", "grondslag_md"]
