"""The page with every named SPARQL question (queries/*.rq) and its current result."""

from __future__ import annotations

from .pagina import Site, anchor, esc, table

MAX_ROWS = 60


def page(site: Site) -> str:
    out = ["# Vaste vragen (SPARQL)", "",
           "De kennisbank kent een aantal vaste vragen. Hieronder staat bij elke vraag het antwoord zoals de "
           "kennisbank het nu geeft (berekend toen deze site werd gebouwd). Zelf een vraag stellen kan met "
           "`domeinwijzer vraag NAAM` of via het SPARQL-endpoint: zie [Eigen vragen stellen](eigen-vragen.md).", ""]
    try:
        from .. import vragen as v
        alle = v.laad_vragen()
    except Exception as exc:  # the question module may be missing or broken: say so on the page
        site.notes.append(f"queries: {type(exc).__name__}: {exc}")
        return "\n".join(out + ['!!! warning "Niet beschikbaar"',
                                f"    De vaste vragen konden niet worden geladen ({esc(type(exc).__name__)}).", ""])
    if not alle:
        return "\n".join(out + ["Er zijn nog geen vaste vragen.", ""])
    out += ["| Naam | Vraag |", "|---|---|"]
    out += [f"| [{esc(n)}](#{anchor('q-' + n)}) | {esc(q.titel)} |" for n, q in alle.items()] + [""]
    for naam, q in alle.items():
        out += [f"## {esc(q.titel or naam)} {{#{anchor('q-' + naam)}}}", ""]
        if q.vraag:
            out += [esc(q.vraag), ""]
        out.append(f"Naam: `{naam}`" + (" · parameters: " + ", ".join(
            f"`{p.naam}` (standaard {p.standaard})" for p in q.parameters.values()) if q.parameters else ""))
        out.append("")
        try:
            res = v.voer_vraag_uit(naam)
        except Exception as exc:
            site.notes.append(f"query {naam}: {type(exc).__name__}: {exc}")
            out += ['!!! warning "Deze vraag gaf een fout"', f"    {esc(type(exc).__name__)}: {esc(str(exc)[:200])}", ""]
            continue
        if res.soort == "ask":
            out += [f"**Antwoord:** {'ja' if res.boolean else 'nee'}", ""]
            continue
        rows = [[esc(" ".join(v.toon_term(t).split())) for t in rij] for rij in res.rijen[:MAX_ROWS]]
        if not rows:
            out += ["*Geen antwoorden.*", ""]
        else:
            out += [table([esc(x) for x in res.variabelen], rows), ""]
            if len(res.rijen) > MAX_ROWS:
                out += [f"*En nog {len(res.rijen) - MAX_ROWS} rijen: draai `domeinwijzer vraag {naam}` "
                        "voor alles.*", ""]
        out += ["??? note \"De SPARQL-tekst\"", "", "    ```sparql"]
        out += ["    " + line for line in q.tekst.strip().splitlines()]
        out += ["    ```", ""]
    return "\n".join(out)
