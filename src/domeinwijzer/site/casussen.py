"""Training pages per worked case: situation, question, the classifier's answer (run at build time)."""

from __future__ import annotations

import json
import re

from ..ns import DW, KNELPUNT
from . import feiten, kb
from .antwoorden import jci_without_date, knelpunt_ids, missing_facts
from .bronnen import grondslag_md, verificatie, versie_op
from .pagina import Site, code, esc, esc_html, slug, table, verificatie_badge, zekerheid_badge


def jci_index(site: Site) -> dict[str, object]:
    """Citation in an answer -> KB node: jci without its date -> Artikel; citeerAls -> Bronfragment."""
    g = site.g
    out = {}
    for v, j in g.subject_objects(DW.jci):
        a = kb.value(g, v, DW.versieVan) or v
        out[jci_without_date(str(j))] = a
    for f, c in g.subject_objects(DW.citeerAls):
        out.setdefault(str(c), f)
    return out


def grondslag_link(site: Site, ref: str, idx: dict) -> str:
    """An answer's citation (jci or seed reference) with a link to its article or its source."""
    node = idx.get(jci_without_date(ref)) or idx.get(ref)
    if node is not None and site.has_page(node):
        datum = ref.split("&g=", 1)[1] if "&g=" in ref else None
        st = verificatie(site.g, node, versie_op(site.g, node, datum))
        badge = f" {verificatie_badge(st)}" if st is not None else ""
        return f"{site.link(node)}{badge} <small>{code(ref)}</small>"
    if node is not None:
        return grondslag_md(site, node)
    return code(ref)


def rule_iri(site: Site, rule_id: str):
    for iri in site.page_of:
        if iri.endswith("/regel/" + rule_id):
            return iri
    return None


def domein_span(domein: str | None) -> str:
    d = domein if domein is not None else "geen antwoord"
    return f'<span class="dw-domein dw-antwoord" data-domein="{esc_html(d)}">{esc_html(d)}</span>'


INCL = {True: "ja", False: "nee", None: "nog niet te zeggen"}


def includeerbaar_span(v) -> str:
    t = INCL.get(v, str(v))
    return (f'<span class="dw-domein dw-antwoord dw-includeerbaar" data-includeerbaar="{esc_html(t)}">'
            f"{esc_html(t)}</span>")


def antwoord_kern(site: Site, answer: dict) -> list[str]:
    """The heart of an answer: domain (or inclusion), who pays, certainty, and per criterion."""
    facts = []
    if "domein" in answer or "includeerbaar" not in answer:
        facts.append(f"**Domein:** {domein_span(answer.get('domein'))}")
    if "includeerbaar" in answer:
        facts.append(f"**Kan worden geïncludeerd:** {includeerbaar_span(answer.get('includeerbaar'))}")
    if answer.get("financier"):
        from ..engine import classifier, financier_label

        facts.append(f"**Wie betaalt:** {esc(financier_label(classifier(), answer['financier']))}")
    if answer.get("zekerheid"):
        facts.append(f"**Zekerheid:** {zekerheid_badge(answer['zekerheid'])}")
    out = ["  \n".join(facts), ""]
    warn = answer.get("waarschuwingen") or []
    if warn:
        out += ['!!! warning "Let op: niet alles is gecontroleerd"', ""]
        out += [f"    - {esc(w)}" for w in warn] + [""]
    crit = answer.get("criteria") or []
    if crit:
        rows = []
        for c in crit:
            rid = kb.local(c.get("regel", "")) if c.get("regel") else ""
            iri = rule_iri(site, rid) if rid else None
            rows.append([esc(c.get("criterium", "")), esc(c.get("label", "")),
                         {"voldaan": "ja", "niet-voldaan": "**nee**"}.get(c.get("uitkomst"), "onbekend"),
                         site.link(iri, rid) if iri else esc(rid)])
        out += [table(["Criterium", "Wat", "Voldaan", "Regel"], rows), ""]
    return out


def toelichting_md(t: str, indent: str = "") -> list[str]:
    """The engine's explanation, one paragraph per step ("Stap 1: ...")."""
    parts = [p.strip() for p in re.split(r"(?=\bStap \d+:)", str(t)) if p.strip()]
    out = []
    for p in parts:
        out += [indent + esc(p), ""]
    return out


def case_page(site: Site, case: dict, answer: dict | None, error: str | None, idx: dict) -> str:
    g = site.g
    sit = case.get("situatie") or {}
    out = [f"# {esc(case.get('titel') or case['id'])}", ""]
    tags = []
    if case.get("fictief"):
        tags.append('<span class="dw-badge dw-fictief" title="Deze casus is verzonnen om te oefenen">fictief</span>')
    else:
        tags.append('<span class="dw-badge dw-echt" title="Deze casus komt uit een bron">uit de bron</span>')
    if case.get("bron"):
        tags.append(f"Bron: {esc(case['bron'])}")
    tags.append(f"Peildatum: {esc(sit.get('peildatum', '?'))}")
    tags.append(f"Code: {code(case['id'])}")
    out += [" · ".join(tags), ""]
    out += ["## De situatie", ""]
    zinnen = feiten.zinnen(g, sit)
    out += (feiten.als_lijst(zinnen) if zinnen else ["Er zijn geen feiten gegeven."]) + [""]
    out += ["## De vraag", "", feiten.vraag_tekst(g, sit.get("vraag")), ""]
    out += ["## Het antwoord van Domeinwijzer", ""]
    if answer is None:
        out += ['!!! failure "Geen antwoord"', f"    De beslisregels konden deze casus niet beoordelen: {esc(error or '')}",
                "", f"**Domein:** {domein_span(None)}", ""]
        return "\n".join(out)
    out += antwoord_kern(site, answer)
    verwacht = case.get("verwacht") or {}
    for key, label in (("domein", "Verwacht domein"), ("includeerbaar", "Verwacht")):
        if key in verwacht:
            ok = verwacht.get(key) == answer.get(key)
            shown = verwacht[key] if key == "domein" else INCL.get(verwacht[key], verwacht[key])
            out += [f"**{label}:** {esc(shown)} "
                    + ("(klopt)" if ok else '<span class="dw-badge dw-v-U">wijkt af</span>'), ""]
    if (t := answer.get("toelichting")):
        out += ['!!! abstract "Toelichting"', ""] + toelichting_md(t, "    ") + [""]

    regels = answer.get("regels") or []
    if regels:
        out += ["## Stap voor stap", ""]
        for i, r in enumerate(regels, 1):
            rid = kb.local(r.get("id", "")) if isinstance(r, dict) else kb.local(str(r))
            iri = rule_iri(site, rid)
            name = r.get("label") if isinstance(r, dict) and r.get("label") else rid
            link = site.link(iri, name) if iri else esc(name)
            out.append(f"{i}. {link}")
            gs = r.get("grondslagen", []) if isinstance(r, dict) else []
            for j in gs:
                out.append(f"    - {grondslag_link(site, j, idx)}")
        out.append("")
    uit = answer.get("uitgesloten") or []
    if uit:
        out += ["## Uitgesloten", ""]
        rows = []
        for u in uit:
            rid = kb.local(u.get("regel", "")) if u.get("regel") else ""
            iri = rule_iri(site, rid) if rid else None
            rows.append([esc(u.get("domein", "")), site.link(iri) if iri else esc(rid),
                         "<br>".join(grondslag_link(site, j, idx) for j in u.get("grondslagen", []) or [])])
        out += [table(["Domein", "Regel", "Grondslag"], rows), ""]
    gs = answer.get("grondslagen") or []
    if gs:
        out += ["## Alle artikelen en bronnen van dit antwoord", ""]
        out += [f"- {grondslag_link(site, j, idx)}" for j in gs] + [""]
    signalen = answer.get("signalen") or []
    if signalen:
        out += ["## Knelpunten", "", "Deze situatie loopt tegen deze knelpunten aan:", ""]
        for s in signalen:
            k = kb.local(s.get("knelpunt", "")) if isinstance(s, dict) else kb.local(str(s))
            iri = KNELPUNT[k]
            label = s.get("label") if isinstance(s, dict) else None
            txt = f"{k}: {label}" if label else k
            out.append(f"- {site.link(iri, txt) if site.has_page(iri) else esc(txt)}")
            if isinstance(s, dict) and s.get("aanvliegroute"):
                out.append(f"    - Aanpak: {esc(s['aanvliegroute'])}")
        out.append("")
    mis = missing_facts(answer)
    if mis:
        out += ["## Wat Domeinwijzer nog moet weten", ""]
        out += [f"- {esc(feiten.vraag(g, m)[0])} <small>({code(m)})</small>" for m in mis] + [""]
    out += ['??? note "De casus als invoer (JSON)"', "", "    ```json"]
    out += ["    " + line for line in json.dumps(sit, ensure_ascii=False, indent=2).splitlines()]
    out += ["    ```", ""]
    return "\n".join(out)


def index_page(site: Site, cases: list[dict], answers: dict[str, dict]) -> str:
    rows = []
    for c in cases:
        cid = str(c["id"])
        ans = answers.get(cid)
        verwacht = (c.get("verwacht") or {}).get("domein", "")
        dom = ans.get("domein", "") if ans else "fout"
        ok = "" if not verwacht else ("ja" if verwacht == dom else "**nee**")
        rows.append([f"[{esc(c.get('titel') or cid)}]({slug(cid)}.md)", "fictief" if c.get("fictief") else "bron",
                     feiten.vraag_tekst(site.g, (c.get("situatie") or {}).get("vraag")).replace("|", "&#124;"),
                     esc(dom or ""), esc(verwacht), ok])
    return ("# Casuïstiek\n\nUitgewerkte casussen om mee te oefenen. Bij elke casus rekent Domeinwijzer het antwoord "
            "uit met dezelfde beslisregels als het programma. Casussen met het label **fictief** zijn verzonnen; "
            "de andere komen uit de bronnen. Tip: print een casus als hand-out (de menu's vallen dan weg).\n\n"
            + (table(["Casus", "Soort", "Vraag", "Antwoord", "Verwacht", "Klopt"], rows)
               or "Er zijn nog geen casussen.\n"))


def build(site: Site, cases: list[dict], answers: dict[str, dict], errors: dict[str, str]) -> None:
    idx = jci_index(site)
    for c in cases:
        cid = str(c["id"])
        site.add(f"casussen/{slug(cid)}.md", case_page(site, c, answers.get(cid), errors.get(cid), idx))
    site.add("casussen/index.md", index_page(site, cases, answers))


def case_knelpunten(cases: list[dict], answers: dict[str, dict]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for c in cases:
        cid = str(c["id"])
        ks = set(knelpunt_ids(answers.get(cid))) | set(knelpunt_ids(c.get("verwacht")))
        for k in ks:
            out.setdefault(k, []).append(cid)
    return out
