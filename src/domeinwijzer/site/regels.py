"""Pages per decision rule (regels/<id>.md), the rule index and the shared rule summaries."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ..ns import DW
from . import condities, kb
from .antwoorden import rule_ids
from .bronnen import grondslagen_md
from .pagina import Site, esc, slug, table, zekerheid_badge

SOORT = {
    "Domeinregel": "bepaalt het domein",
    "Uitsluitingsregel": "sluit een domein uit",
    "Signaalregel": "geeft een signaal (knelpunt)",
    "Inclusieregel": "toetst een inclusiecriterium",
    "Afgeleideregel": "leidt een feit af",
}
VRAAGTYPE = {"VraagZorgvorm": "zorgvorm", "VraagCoordinatietaak": "coördinatietaak", "VraagInclusie": "inclusie"}


def rules(site: Site) -> list[URIRef]:
    g = site.g

    def key(r):
        prio = kb.value(g, r, DW.prioriteit)
        try:
            p = float(prio) if prio is not None else 1e9
        except ValueError:
            p = 1e9
        return (p, str(kb.value(g, r, DW.regelnummer) or ""), str(r))

    return sorted(kb.instances(g, DW.Regel), key=key)


def register(site: Site) -> None:
    for r in rules(site):
        site.register(r, f"regels/{slug(kb.local(r))}.md")


def soort(site: Site, r) -> str:
    t = kb.most_specific_type(site.g, r, DW.Regel)
    return kb.local(t) if t is not None else "Regel"


def uitkomst(site: Site, r) -> str:
    """The outcome of a rule in words (domain, exclusion, signal or criterion), with links."""
    g = site.g
    bits = []
    for d in kb.values(g, r, DW.uitkomstDomein):
        bits.append(f"domein **{esc(kb.label(g, d))}**")
    for f in kb.values(g, r, DW.financier):
        bits.append(f"financier {esc(kb.label(g, f))}")
    for d in kb.values(g, r, DW.sluitUit):
        bits.append(f"sluit **{esc(kb.label(g, d))}** uit")
    for k in kb.values(g, r, DW.signaleert):
        bits.append(f"signaal {site.link(k)}")
    for c in kb.values(g, r, DW.toetstCriterium):
        code = kb.text(g, c, DW.code)
        bits.append(f"criterium {esc(code + ' ' if code else '')}{esc(kb.label(g, c))}")
    return ", ".join(bits)


def condition(site: Site, r) -> condities.Voorwaarde | None:
    c = condities.rule_condition(site.g, r)
    return condities.parse(site.g, c) if c is not None else None


def rule_page(site: Site, r, tested_by: dict[str, list[str]]) -> str:
    g = site.g
    num = kb.text(g, r, DW.regelnummer)
    out = [f"# {esc(kb.label(g, r))}", ""]
    facts = [f"**Soort:** {esc(soort(site, r))} ({SOORT.get(soort(site, r), 'regel')})"]
    if num:
        facts.append(f"**Regelnummer in de analyse:** {esc(num)}")
    vt = kb.value(g, r, DW.vraagtype)
    if vt is not None:
        facts.append(f"**Vraag:** {VRAAGTYPE.get(kb.local(vt), kb.label(g, vt))}")
    if (p := kb.value(g, r, DW.prioriteit)) is not None:
        facts.append(f"**Volgorde:** {p} (lager = eerder bekeken)")
    facts.append(f"**Code:** `regel:{kb.local(r)}`")
    out += ["  \n".join(facts), ""]
    if (u := kb.text(g, r, DW.uitleg, RDFS.comment, SKOS.definition)):
        out += ["## Uitleg", "", esc(u), ""]
    v = condition(site, r)
    out += ["## Wanneer geldt deze regel", ""]
    if v is None:
        out += ["Deze regel heeft geen voorwaarde in de kennisbank.", ""]
    else:
        out += ["De regel geldt als **alles** hieronder klopt. Ontbreekt een feit, dan weet de regel het nog "
                "niet: het antwoord noemt dan welk feit nodig is.", "", condities.to_markdown(v)]
    out += ["## Uitkomst", "", (uitkomst(site, r) or "–") + "", ""]
    z = kb.value(g, r, DW.zekerheid)
    out += [f"**Zekerheid:** {zekerheid_badge(z)}" if z is not None else "**Zekerheid:** niet opgegeven", ""]
    gs = grondslagen_md(site, r, sep="\n- ")
    out += ["## Grondslag", "", ("- " + gs) if gs else "Geen grondslag opgegeven.", ""]
    vls = sorted(set(g.objects(r, DW.werktUit)) | set(g.subjects(DW.uitgewerktIn, r)), key=str)
    if vls:
        out += ["## Voorliggendheid die deze regel uitwerkt", ""]
        for x in vls:
            voor = ", ".join(site.link(w) for w in kb.values(g, x, DW.gaatVoor))
            na = ", ".join(site.link(w) for w in kb.values(g, x, DW.gaatNa))
            out.append(f"- {voor} gaat voor {na} ([overzicht](@/voorliggendheid.md))")
        out.append("")
    cases = tested_by.get(kb.local(r), [])
    out += ["## Casussen die deze regel toetsen", ""]
    if cases:
        out += [f"- [{esc(c)}](@/casussen/{slug(c)}.md)" for c in cases] + [""]
    else:
        out += ["Nog geen casus waarin deze regel een rol speelt.", ""]
    return "\n".join(out)


def tested_by(cases: list[dict], answers: dict[str, dict]) -> dict[str, list[str]]:
    """rule local name -> case ids whose expected or actual answer names the rule."""
    out: dict[str, list[str]] = {}
    for c in cases:
        names = set(rule_ids(c.get("verwacht") or {})) | set(rule_ids(answers.get(str(c["id"]))))
        for n in names:
            out.setdefault(n, []).append(str(c["id"]))
    return out


def index_page(site: Site) -> str:
    g = site.g
    rows = []
    for r in rules(site):
        rows.append([site.link(r), esc(kb.text(g, r, DW.regelnummer) or ""), esc(soort(site, r)),
                     uitkomst(site, r), zekerheid_badge(kb.value(g, r, DW.zekerheid))])
    return ("# Beslisregels\n\nDe regels waarmee Domeinwijzer een domein bepaalt, een domein uitsluit, een "
            "knelpunt signaleert of een inclusiecriterium toetst. Ze staan in de volgorde waarin ze worden "
            "bekeken.\n\n" + (table(["Regel", "Nr.", "Soort", "Uitkomst", "Zekerheid"], rows)
                              or "Nog geen regels in de kennisbank.\n"))


def build(site: Site, cases: list[dict], answers: dict[str, dict]) -> None:
    tb = tested_by(cases, answers)
    for r in rules(site):
        site.add(f"regels/{slug(kb.local(r))}.md", rule_page(site, r, tb))
    site.add("regels/index.md", index_page(site))
