"""`domeinwijzer classificeer`: one situation, a batch (JSON Lines), or a comparison of two dates.

Situations are personal data: this command reads them, answers on stdout, and writes nothing
else anywhere (no logs, no temp files). The only file it may write is the compiled knowledge
base in the user's cache folder (compiled_cache.py), which holds no situation data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from .fouten import DomeinwijzerFout, InvoerFout
from .situatie import lees_tekst

FORMATEN = ("json", "tekst", "turtle")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("situatie", nargs="?", help="bestand met één situatie (JSON of YAML), of - voor standaardinvoer")
    p.add_argument("--batch", metavar="BESTAND", help="JSON Lines: één situatie per regel")
    p.add_argument("--formaat", choices=FORMATEN, help="uitvoer: json, tekst of turtle (standaard: tekst op een terminal, anders json)")
    p.add_argument("--peildatum", metavar="DATUM", help="beantwoord de vraag op deze datum (JJJJ-MM-DD) in plaats van de peildatum in de situatie")
    p.add_argument("--vergelijk", metavar="DATUM", help="beantwoord ook op deze datum en toon wat er verschilt")


def _datum(waarde: str | None, naam: str) -> dt.date | None:
    if waarde is None:
        return None
    try:
        return dt.date.fromisoformat(waarde)
    except ValueError:
        raise InvoerFout([{"pad": naam, "melding": f"'{waarde}' is geen bestaande datum (gebruik JJJJ-MM-DD)"}]) from None


def _lees_bron(pad: str) -> tuple[str, str]:
    if pad == "-":
        return sys.stdin.read(), "-"
    try:
        with open(pad, encoding="utf-8") as fh:
            return fh.read(), pad
    except FileNotFoundError:
        raise DomeinwijzerFout(f"Bestand niet gevonden: {pad}") from None
    except (UnicodeDecodeError, IsADirectoryError):
        raise DomeinwijzerFout(f"Kan {pad} niet lezen als tekst (UTF-8).") from None


def _render(antwoord: dict, formaat: str) -> str:
    if formaat == "json":  # as uitleg.als_json, without importing rdflib (cold start)
        return json.dumps(antwoord, ensure_ascii=False, indent=2)
    from . import uitleg

    if formaat == "turtle":
        return uitleg.als_turtle(antwoord)
    return uitleg.als_tekst(antwoord)


def vergelijk(clf, tree: dict, datum_a: dt.date, datum_b: dt.date) -> dict:
    """Answer at two dates and name what changed, down to the article versions."""
    a = clf.antwoord(tree, datum_a)
    b = clf.antwoord(tree, datum_b)
    verschillen = []
    for veld in ("domein", "financier", "zekerheid", "includeerbaar"):
        if a.get(veld) != b.get(veld):
            verschillen.append({"veld": veld, "op": {datum_a.isoformat(): a.get(veld), datum_b.isoformat(): b.get(veld)}})
    ra, rb = {r["id"] for r in a["regels"]}, {r["id"] for r in b["regels"]}
    if ra != rb:
        verschillen.append({"veld": "regels", "alleen": {datum_a.isoformat(): sorted(ra - rb), datum_b.isoformat(): sorted(rb - ra)}})
    ua, ub = {u["domein"] for u in a["uitgesloten"]}, {u["domein"] for u in b["uitgesloten"]}
    if ua != ub:
        verschillen.append({"veld": "uitgesloten", "op": {datum_a.isoformat(): sorted(ua), datum_b.isoformat(): sorted(ub)}})
    versies = []
    by_id = {r.id: r for r in clf.regels}
    for rid in sorted(ra | rb):
        rule = by_id[rid]
        for gr in rule.grondslagen:
            bron = clf.bronnen.get(gr)
            if bron is None or not bron.versies:
                continue
            va, vb = bron.versie_op(datum_a), bron.versie_op(datum_b)
            if va != vb:
                versies.append({"artikel": bron.label, "regel": rid,
                                datum_a.isoformat(): va[0].rsplit("/", 1)[-1] if va else None,
                                datum_b.isoformat(): vb[0].rsplit("/", 1)[-1] if vb else None})
    # rules whose status flips between the dates because of a date condition
    sa, sb = clf.statussen(_op(tree, datum_a)), clf.statussen(_op(tree, datum_b))
    omslag = [by_id_iri.rsplit("/", 1)[-1] for by_id_iri in sa if sa[by_id_iri] != sb[by_id_iri]]
    return {"peildatum": datum_a.isoformat(), "vergelijk": datum_b.isoformat(),
            "antwoorden": {datum_a.isoformat(): a, datum_b.isoformat(): b},
            "verschillen": verschillen, "regelsDieOmslaan": omslag, "artikelversies": versies}


def _op(tree: dict, datum: dt.date) -> dict:
    from .ns import DW

    t = dict(tree)
    t[str(DW.peildatum)] = datum
    return t


def _vergelijk_tekst(v: dict) -> str:
    from .uitleg import als_tekst

    d1, d2 = v["peildatum"], v["vergelijk"]
    delen = [f"=== Antwoord op {d1} ===", als_tekst(v["antwoorden"][d1]), "",
             f"=== Antwoord op {d2} ===", als_tekst(v["antwoorden"][d2]), "", "=== Wat verschilt ==="]
    if not v["verschillen"]:
        delen.append("Het antwoord is op beide datums hetzelfde.")
    for x in v["verschillen"]:
        delen.append(f"- {x['veld']}: {json.dumps(x.get('op') or x.get('alleen'), ensure_ascii=False)}")
    for r in v["regelsDieOmslaan"]:
        delen.append(f"- regel {r} geldt op de ene datum wel en op de andere niet")
    for a in v["artikelversies"]:
        delen.append(f"- {a['artikel']}: versie {a[d1]} op {d1}, versie {a[d2]} op {d2} (regel {a['regel']})")
    return "\n".join(delen)


def run(args: argparse.Namespace) -> int:
    from .engine import classifier

    formaat = args.formaat or ("tekst" if sys.stdout.isatty() else "json")
    if bool(args.situatie) == bool(args.batch):
        raise InvoerFout([{"pad": "opdracht", "melding": "geef precies één situatiebestand (of -) of --batch BESTAND"}])
    peildatum = _datum(args.peildatum, "--peildatum")
    vergelijk_op = _datum(args.vergelijk, "--vergelijk")
    clf = classifier()
    if args.batch:
        return _batch(clf, args.batch, formaat, peildatum)
    tekst, naam = _lees_bron(args.situatie)
    try:
        tree = clf.lees(lees_tekst(tekst, naam))
    except InvoerFout as fout:
        if formaat == "json":
            print(json.dumps({"fouten": fout.problemen}, ensure_ascii=False, indent=2))
        raise
    if vergelijk_op is not None:
        from .ns import DW

        v = vergelijk(clf, tree, peildatum or tree[str(DW.peildatum)], vergelijk_op)
        print(_vergelijk_tekst(v) if formaat == "tekst" else json.dumps(v, ensure_ascii=False, indent=2))
        return 0
    print(_render(clf.antwoord(tree, peildatum), formaat))
    return 0


def _batch(clf, pad: str, formaat: str, peildatum: dt.date | None) -> int:
    from .uitleg import als_tekst, antwoord_graph

    if pad == "-":
        lines = sys.stdin
    else:
        try:
            lines = open(pad, encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise DomeinwijzerFout(f"Bestand niet gevonden: {pad}") from None
    ongeldig = 0
    turtle = None
    try:
        for nr, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                tree = clf.lees(lees_tekst(line))
                antwoord = clf.antwoord(tree, peildatum)
            except InvoerFout as fout:
                ongeldig += 1
                fout_obj = {"regel": nr, "fouten": fout.problemen}
                if formaat == "tekst":
                    print(f"Regel {nr}: ongeldige situatie", file=sys.stderr)
                    for p in fout.problemen:
                        print(f"  - {p['pad']}: {p['melding']}", file=sys.stderr)
                else:
                    print(json.dumps(fout_obj, ensure_ascii=False), file=sys.stdout if formaat == "json" else sys.stderr)
                continue
            if formaat == "json":
                print(json.dumps(antwoord, ensure_ascii=False))
            elif formaat == "tekst":
                print(als_tekst(antwoord))
                print()
            else:
                turtle = antwoord_graph(antwoord, clf, turtle)
    finally:
        if lines is not sys.stdin:
            lines.close()
    if turtle is not None:
        print(turtle.serialize(format="turtle"))
    return 2 if ongeldig else 0
