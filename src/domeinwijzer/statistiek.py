"""`domeinwijzer statistiek`: how many of each kind of thing the knowledge base holds.

One SPARQL query counts the instances per class, including instances of subclasses
(``rdf:type/rdfs:subClassOf*``). It runs in pyoxigraph; rdflib gives the same counts but
takes seconds on the whole knowledge base.
"""

from __future__ import annotations

import argparse
import json

from rdflib import Graph

from .ns import DW

# JSON key -> (class, class whose instances are not counted, Dutch label for the text output)
TELLINGEN: dict[str, tuple[str, str | None, str]] = {
    "wetten": ("Wet", None, "wetten"),
    "wetsversies": ("Wetsversie", None, "wetsversies"),
    "artikelen": ("Artikel", None, "artikelen"),
    "zorgvormen": ("Zorgvorm", None, "zorgvormen"),
    "voorliggendheidsregels": ("Voorliggendheid", None, "voorliggendheidsregels"),
    "zorgprofielen": ("Zorgprofiel", None, "zorgprofielen"),
    "leveringsvormen": ("Leveringsvorm", None, "leveringsvormen"),
    "titels": ("JuridischeTitel", None, "juridische titels"),
    "actoren": ("Actor", None, "actoren (organisaties)"),
    "rollen": ("Rol", None, "rollen"),
    "coordinatietaken": ("Coordinatietaak", None, "coördinatietaken"),
    "inclusiecriteria": ("Inclusiecriterium", None, "inclusiecriteria"),
    "knelpunten": ("Knelpunt", "KnelpuntVersie", "knelpunten (huidige lijst)"),
    "trajecten": ("Traject", None, "trajecten"),
    "kengetallen": ("Kengetal", None, "kengetallen"),
    "begrippen": ("Begrip", None, "begrippen"),
    "regels": ("Regel", None, "beslisregels"),
}


def _query() -> str:
    rijen = []
    for sleutel, (klasse, behalve, _) in TELLINGEN.items():
        uit = f"<{DW[behalve]}>" if behalve else "UNDEF"
        rijen.append(f'("{sleutel}" <{DW[klasse]}> {uit})')
    return f"""
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?sleutel (COUNT(DISTINCT ?x) AS ?aantal) WHERE {{
    VALUES (?sleutel ?klasse ?behalve) {{ {' '.join(rijen)} }}
    OPTIONAL {{
        ?x rdf:type/rdfs:subClassOf* ?klasse .
        FILTER (!BOUND(?behalve) || NOT EXISTS {{ ?x rdf:type/rdfs:subClassOf* ?behalve }})
    }}
}}
GROUP BY ?sleutel
"""


QUERY = _query()


def tel(graph: Graph) -> dict[str, int]:
    """Counts per key of TELLINGEN, in that order (0 when there are none)."""
    from .valideer import oxigraph_store

    store = oxigraph_store(graph)
    gevonden = {str(rij["sleutel"].value): int(rij["aantal"].value) for rij in store.query(QUERY)}
    return {sleutel: gevonden.get(sleutel, 0) for sleutel in TELLINGEN}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--formaat", choices=("tekst", "json"), default="tekst",
                        help="uitvoer als tekst (standaard) of als JSON")


def run(args: argparse.Namespace) -> int:
    from .kb import load_graph

    graph = load_graph()
    telling = tel(graph)
    if args.formaat == "json":
        print(json.dumps(telling, ensure_ascii=False, indent=2))
        return 0
    breedte = max(len(label) for _, _, label in TELLINGEN.values())
    print(f"De kennisbank bevat {len(graph)} triples:")
    for sleutel, (_, _, label) in TELLINGEN.items():
        print(f"  {label:<{breedte}}  {telling[sleutel]:>5}")
    return 0
