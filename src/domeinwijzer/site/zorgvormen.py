"""Pages per zorgvorm (decision table + build-time SVG) and the law x law voorliggendheid matrix."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import RDFS, SKOS

from ..ns import DW
from . import condities, kb
from .bronnen import grondslagen_md
from .pagina import Site, anchor, esc, esc_html, table, zekerheid_badge
from .regels import rules, soort, uitkomst

KLEUR = {"Wlz": "#1b7f79", "Wmo": "#8e44ad", "Zvw": "#2e6fb7", "Wfz": "#b3541e", "Jeugdwet": "#7a8b1f",
         "Pbw": "#6b6b6b", "geen": "#9e3b3b", "onbepaald": "#777777"}


def zorgvormen(site: Site) -> list[URIRef]:
    g = site.g
    found = set(kb.scheme_concepts(g, "zorgvorm")) | set(kb.instances(g, DW.Zorgvorm))
    return sorted(found, key=lambda c: kb.label(g, c).lower())


def register(site: Site) -> None:
    for z in zorgvormen(site):
        site.register(z, f"zorgvormen/{kb.local(z)}.md")


def rules_for(site: Site, z) -> list:
    return [r for r in rules(site) if z in site.rule_values(r)]


def _wrap(s: str, n: int) -> list[str]:
    words, lines, cur = s.split(), [], ""
    for w in words:
        if len(cur) + len(w) + 1 > n and cur:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    if cur:
        lines.append(cur)
    if len(lines) > 2:
        lines = lines[:2]
        lines[1] = lines[1][: n - 1] + "…"
    return lines


def diagram(site: Site, z, rs: list) -> str:
    """Inline SVG: zorgvorm -> each rule (in order) -> its outcome. Links go to the rule pages."""
    g = site.g
    if not rs:
        return ""
    row_h, top = 56, 10
    height = top * 2 + row_h * len(rs)
    w_src, x_rule, w_rule, x_out, w_out = 150, 200, 380, 630, 140
    parts = [f'<svg class="dw-diagram" role="img" viewBox="0 0 780 {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="Beslisschema voor {esc_html(kb.label(g, z))}">',
             f"<title>Beslisschema voor {esc_html(kb.label(g, z))}</title>",
             '<defs><marker id="pijl" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#555"/></marker></defs>']
    cy_src = height / 2
    parts.append(f'<rect x="5" y="{cy_src - 22}" width="{w_src}" height="44" rx="8" fill="#eef6f5" '
                 f'stroke="#1b7f79"/>')
    for i, line in enumerate(_wrap(kb.label(g, z), 20)):
        parts.append(f'<text x="{5 + w_src / 2}" y="{cy_src - 4 + i * 16}" text-anchor="middle" '
                     f'font-size="13">{esc_html(line)}</text>')
    for i, r in enumerate(rs):
        y = top + i * row_h
        cy = y + row_h / 2 - 4
        parts.append(f'<line x1="{5 + w_src}" y1="{cy_src}" x2="{x_rule}" y2="{cy}" stroke="#999" '
                     f'marker-end="url(#pijl)"/>')
        href = site.href(r)
        label = f"{i + 1}. {kb.label(g, r)}"
        box = [f'<rect x="{x_rule}" y="{y}" width="{w_rule}" height="{row_h - 10}" rx="6" fill="#fff" '
               f'stroke="#555"/>']
        for j, line in enumerate(_wrap(label, 52)):
            box.append(f'<text x="{x_rule + 8}" y="{y + 18 + j * 15}" font-size="12">{esc_html(line)}</text>')
        parts.append((f'<a href="{href}">' + "".join(box) + "</a>") if href else "".join(box))
        doms = [kb.local(d) for d in kb.values(g, r, DW.uitkomstDomein)]
        uit = [kb.local(d) for d in kb.values(g, r, DW.sluitUit)]
        sig = [kb.local(k) for k in kb.values(g, r, DW.signaleert)]
        if doms:
            text, color = doms[0], KLEUR.get(doms[0], "#444")
        elif uit:
            text, color = f"niet {uit[0]}", "#9e3b3b"
        elif sig:
            text, color = f"signaal {sig[0]}", "#b8860b"
        else:
            text, color = soort(site, r), "#777"
        parts.append(f'<line x1="{x_rule + w_rule}" y1="{cy}" x2="{x_out}" y2="{cy}" stroke="#999" '
                     f'marker-end="url(#pijl)"/>')
        parts.append(f'<rect x="{x_out}" y="{y + 4}" width="{w_out}" height="{row_h - 18}" rx="14" '
                     f'fill="{color}"/>')
        parts.append(f'<text x="{x_out + w_out / 2}" y="{cy + 4}" text-anchor="middle" font-size="12" '
                     f'fill="#fff">{esc_html(text[:22])}</text>')
    parts.append("</svg>")
    # a block-level wrapper keeps Markdown (abbreviations!) out of the SVG text
    return '<div class="dw-schema">\n' + "\n".join(parts) + "\n</div>"


def zorgvorm_page(site: Site, z, wegwijzer_page: str | None = None) -> str:
    g = site.g
    out = [f"# {esc(kb.label(g, z))}", ""]
    if (d := kb.text(g, z, SKOS.definition, RDFS.comment)):
        out += [esc(d), ""]
    if wegwijzer_page:
        out += ['!!! tip "Stap voor stap"', f"    Weet je niet welke regel past? Volg de [wegwijzer voor "
                f"{esc(kb.label(g, z).lower())}](@/{wegwijzer_page}): die stelt steeds één vraag.", ""]
    rs = rules_for(site, z)
    out += ["## Welke wet geldt, en wanneer", ""]
    if not rs:
        out += ["Er is nog geen beslisregel die over deze zorgvorm gaat.", ""]
    else:
        out += ["De regels staan in de volgorde waarin Domeinwijzer ze bekijkt. De eerste domeinregel die "
                "zeker geldt, bepaalt het domein. Uitsluitingen en signalen komen daar bij.", ""]
        rows = []
        for r in rs:
            v = condities.parse(g, condities.rule_condition(g, r))
            rows.append([site.link(r), condities.to_text(v), uitkomst(site, r),
                         zekerheid_badge(kb.value(g, r, DW.zekerheid)), grondslagen_md(site, r)])
        out += ["### In één plaatje", "", "Klik op een regel voor de uitleg.", "", diagram(site, z, rs), ""]
        out += ["### De regels in een tabel", "",
                table(["Regel", "Voorwaarden (alle)", "Uitkomst", "Zekerheid", "Grondslag"], rows), ""]
    vl_all = set(kb.instances(g, DW.Voorliggendheid))
    aanspraken = set(kb.instances(g, DW.Aanspraak))
    subjects = sorted(g.subjects(DW.betreftZorgvorm, z), key=str)
    asp = [a for a in subjects if a in aanspraken]
    if asp:
        out += ["## Welke wetten geven recht op deze zorg", "",
                "Deze wetten kennen een aanspraak die deze zorgvorm omvat. Welke wet dan geldt, volgt uit de "
                "regels hierboven en uit de voorliggendheid hieronder.", ""]
        rows = [[", ".join(site.link(w) for w in kb.values(g, a, DW.inWet)), esc(kb.label(g, a)),
                 esc(kb.text(g, a, SKOS.definition) or ""), grondslagen_md(site, a)] for a in asp]
        out += [table(["Wet", "Aanspraak", "Wat", "Grondslag"], rows), ""]
    vls = [v for v in subjects if v in vl_all]
    if vls:
        out += ["## Voorliggendheid voor deze zorgvorm", ""]
        for v in vls:
            voor = ", ".join(site.link(w) for w in kb.values(g, v, DW.gaatVoor))
            na = ", ".join(site.link(w) for w in kb.values(g, v, DW.gaatNa))
            cond = "; ".join(kb.texts(g, v, DW.voorwaardeTekst))
            out.append(f"- {voor} gaat voor {na}" + (f": {esc(cond)}" if cond else "")
                       + f" ([details](@/voorliggendheid.md#{vl_anchor(v)}))")
        out.append("")
    beslissers = sorted(g.subjects(DW.beslistOver, z), key=str)
    betalers = sorted(g.subjects(DW.financiert, z), key=str)
    if beslissers or betalers:
        out += ["## Wie beslist en wie betaalt", ""]
        out += [f"- Beslist: {esc(kb.label(g, a))}" for a in beslissers]
        out += [f"- Betaalt: {esc(kb.label(g, a))}" for a in betalers] + [""]
    return "\n".join(out)


def vl_anchor(v) -> str:
    return "vl-" + anchor(kb.local(v))


def voorliggendheid_page(site: Site) -> str:
    g = site.g
    vls = kb.instances(g, DW.Voorliggendheid)
    laws = sorted({w for v in vls for p in (DW.gaatVoor, DW.gaatNa) for w in g.objects(v, p)},
                  key=lambda w: (kb.text(g, w, DW.afkorting) or kb.label(g, w)).lower())
    out = ["# Voorliggendheid: welke wet gaat voor?", "",
           "Soms kan zorg uit meer dan één wet komen. Dan bepaalt de wet welke voorgaat: de "
           "**voorliggende** wet. Lees de tabel zo: de wet in de **rij** gaat voor de wet in de **kolom**. "
           "In elk vak staan de voorrangsregels die dat zeggen (R1, R8, ...: de nummers uit de analyse). Klik erop voor de voorwaarden, de grondslag en de beslisregel die het uitvoert.", ""]
    if not vls:
        return "\n".join(out + ["Er staan nog geen voorrangsregels in de kennisbank.", ""])
    num = {v: i + 1 for i, v in enumerate(vls)}
    def short(w) -> str:
        return kb.text(g, w, DW.afkorting) or kb.label(g, w)

    head = ["gaat voor →"] + [esc(short(w)) for w in laws]
    rows = []
    for a in laws:
        row = [site.link(a, short(a))]
        for b in laws:
            cell = [f"[{esc(kb.text(g, v, DW.regelnummer) or num[v])}](#{vl_anchor(v)})"
                    for v in vls if (v, DW.gaatVoor, a) in g and (v, DW.gaatNa, b) in g]
            row.append(" ".join(cell) if cell else ("·" if a != b else ""))
        rows.append(row)
    out += [table(head, rows), ""]
    out += ["## Alle voorrangsregels", ""]
    for v in vls:
        voor = ", ".join(esc(kb.label(g, w)) for w in kb.values(g, v, DW.gaatVoor))
        na = ", ".join(esc(kb.label(g, w)) for w in kb.values(g, v, DW.gaatNa))
        rn = kb.text(g, v, DW.regelnummer)
        out += [f"### {num[v]}. {voor} gaat voor {na}" + (f" ({esc(rn)})" if rn else "") + f" {{#{vl_anchor(v)}}}", ""]
        for t in kb.texts(g, v, DW.voorwaardeTekst):
            out += [esc(t), ""]
        zv = [site.link(z) for z in kb.values(g, v, DW.betreftZorgvorm)]
        if zv:
            out += ["**Zorgvorm:** " + ", ".join(zv), ""]
        z = kb.value(g, v, DW.zekerheid)
        if z is not None:
            out += [f"**Zekerheid:** {zekerheid_badge(z)}", ""]
        rs = sorted(set(g.objects(v, DW.uitgewerktIn)) | set(g.subjects(DW.werktUit, v)), key=str)
        if rs:
            out += ["**Uitgewerkt in:** " + ", ".join(site.link(r) for r in rs), ""]
        gs = grondslagen_md(site, v, sep="\n- ")
        if gs:
            out += ["**Grondslag:**", "", "- " + gs, ""]
    return "\n".join(out)


def index_page(site: Site) -> str:
    g = site.g
    rows = [[site.link(z), esc(kb.text(g, z, SKOS.definition) or ""), str(len(rules_for(site, z)))]
            for z in zorgvormen(site)]
    return ("# Zorgvormen\n\nKies een zorgvorm. Je ziet dan onder welke wet die valt, onder welke voorwaarden, "
            "en op welke artikelen dat rust.\n\n"
            + (table(["Zorgvorm", "Wat is het", "Regels"], rows) or "Nog geen zorgvormen in de kennisbank.\n"))


def build(site: Site, wegwijzer_pages: dict[str, str] | None = None) -> None:
    for z in zorgvormen(site):
        site.add(f"zorgvormen/{kb.local(z)}.md",
                 zorgvorm_page(site, z, (wegwijzer_pages or {}).get(kb.local(z))))
    site.add("zorgvormen/index.md", index_page(site))
    site.add("voorliggendheid.md", voorliggendheid_page(site))

