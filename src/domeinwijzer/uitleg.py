"""Render an answer: Dutch text, or RDF (PROV-O) so explanations can be queried with SPARQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING
from urllib.parse import quote

from .engine import Classifier, classifier

if TYPE_CHECKING:  # rdflib only for the RDF form: text and JSON answers start faster without it
    from rdflib import Graph

UITLEG = "https://domeinwijzer.nl/uitleg/"


def als_json(antwoord: dict) -> str:
    return json.dumps(antwoord, ensure_ascii=False, indent=2)


def als_tekst(antwoord: dict) -> str:
    """A readable Dutch answer for the terminal (B1)."""
    regels = []
    kop = f"Situatie {antwoord['id']}" if antwoord.get("id") else "Situatie"
    regels.append(f"{kop} — peildatum {antwoord['peildatum']}")
    vraag = antwoord.get("vraag", {})
    if vraag:
        k, v = next(iter(vraag.items()))
        regels.append(f"Vraag: {k} = {v}")
    if "includeerbaar" in antwoord:
        uit = {True: "ja", False: "nee", None: "nog niet te zeggen"}[antwoord["includeerbaar"]]
        regels.append(f"Kan deze persoon in de Levensloopaanpak? {uit}")
        for c in antwoord.get("criteria", []):
            regels.append(f"  - {c['criterium']} {c['label']}: {c['uitkomst']}")
    if "domein" in antwoord:
        regels.append(f"Domein: {antwoord['domein']}")
    if antwoord.get("financier"):
        from .engine import financier_label

        regels.append(f"Wie betaalt: {financier_label(classifier(), antwoord['financier'])}")
    if antwoord.get("zekerheid"):
        regels.append(f"Zekerheid: {antwoord['zekerheid']}")
    for u in antwoord.get("uitgesloten", []):
        zeker = f", {u['zekerheid']}" if u.get("zekerheid") else ""
        regels.append(f"Uitgesloten: {u['domein']} (regel {u['regel']}{zeker})")
    if antwoord.get("ontbrekendeFeiten"):
        regels.append("Nog nodig: " + ", ".join(antwoord["ontbrekendeFeiten"]))
    if antwoord.get("regels"):
        regels.append("Regels:")
        for r in antwoord["regels"]:
            regels.append(f"  - {r['id']}: {r['label']}")
            for g in r["grondslagen"]:
                regels.append(f"      {g}")
    for s in antwoord.get("signalen", []):
        regels.append(f"Knelpunt {s['knelpunt']}: {s['label']}")
        if s.get("aanvliegroute"):
            regels.append(f"  aanpak: {s['aanvliegroute']}")
    for d in antwoord.get("disputen", []):
        regels.append(f"Omstreden: {d['label']} (de bronnen zijn het niet eens; zie {d['id']})")
    for w in antwoord.get("waarschuwingen", []):
        regels.append(f"Let op: {w}")
    regels.append("")
    regels.append(antwoord.get("toelichting", ""))
    return "\n".join(regels)


def _answer_iri(antwoord: dict):
    from rdflib import URIRef

    key = json.dumps({k: antwoord.get(k) for k in ("id", "peildatum", "vraag", "domein", "regels")},
                     sort_keys=True, ensure_ascii=False)
    return URIRef(UITLEG + quote(antwoord.get("id") or hashlib.sha256(key.encode()).hexdigest()[:16], safe=""))


def antwoord_graph(antwoord: dict, clf: Classifier | None = None, graph: Graph | None = None) -> Graph:
    """The answer as RDF: a dw:Antwoord (prov:Entity) derived from rules, which rest on the
    article versions valid at the peildatum (or on source fragments)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.namespace import PROV, RDF, RDFS, XSD

    from .ns import BASE, DW, PREFIXES, concept

    clf = clf or classifier()
    g = graph if graph is not None else Graph()
    for p, ns in PREFIXES.items():
        g.bind(p, ns)
    a = _answer_iri(antwoord)
    peil = dt.date.fromisoformat(antwoord["peildatum"])
    g.add((a, RDF.type, DW.Antwoord))
    g.add((a, RDF.type, PROV.Entity))
    if antwoord.get("id"):
        g.add((a, DW.situatieId, Literal(antwoord["id"])))
    g.add((a, DW.peildatum, Literal(peil.isoformat(), datatype=XSD.date)))
    act = BNode()
    g.add((act, RDF.type, PROV.Activity))
    g.add((act, RDFS.label, Literal("classificatie door Domeinwijzer", lang="nl")))
    g.add((a, PROV.wasGeneratedBy, act))
    for k, v in antwoord.get("vraag", {}).items():
        if isinstance(v, str):
            g.add((a, DW[k], URIRef(concept(k, v))))
    if antwoord.get("domein"):
        g.add((a, DW.domein, URIRef(concept("domein", antwoord["domein"]))))
    if antwoord.get("financier"):
        g.add((a, DW.financier, URIRef(BASE + "id/actor/" + antwoord["financier"])))
    if antwoord.get("zekerheid"):
        g.add((a, DW.zekerheid, URIRef(concept("zekerheid", antwoord["zekerheid"]))))
    if "includeerbaar" in antwoord and antwoord["includeerbaar"] is not None:
        g.add((a, DW.includeerbaar, Literal(antwoord["includeerbaar"])))
    for f in antwoord.get("ontbrekendeFeiten", []):
        g.add((a, DW.ontbrekendFeit, Literal(f)))
    by_id = {r.id: r for r in clf.regels}
    for r in antwoord.get("regels", []):
        rule = by_id.get(r["id"])
        if rule is None:
            continue
        ri = URIRef(rule.iri)
        g.add((a, DW.toegepasteRegel, ri))
        g.add((a, PROV.wasDerivedFrom, ri))
        g.add((act, PROV.used, ri))
        for gr in rule.grondslagen:
            b = clf.bronnen.get(gr)
            if b is None:
                continue
            versie = b.versie_op(peil)
            g.add((ri, PROV.wasDerivedFrom, URIRef(versie[0] if versie else b.iri)))
    for u in antwoord.get("uitgesloten", []):
        # which rule excluded it: the rule is a dw:toegepasteRegel with dw:sluitUit this domain
        g.add((a, DW.uitgesloten, URIRef(concept("domein", u["domein"]))))
    for d in antwoord.get("disputen", []):
        g.add((a, DW.betwist, URIRef(BASE + "id/" + d["id"])))
    for s in antwoord.get("signalen", []):
        if s.get("knelpunt", "").startswith("K"):
            g.add((a, DW.signaal, URIRef(BASE + "id/knelpunt/" + s["knelpunt"])))
    if antwoord.get("toelichting"):
        g.add((a, RDFS.comment, Literal(antwoord["toelichting"], lang="nl")))
    return g


def als_turtle(antwoord: dict, clf: Classifier | None = None) -> str:
    return antwoord_graph(antwoord, clf).serialize(format="turtle")
