"""The JSON-LD context is the mapping: our fast reader gives the same graph as rdflib's JSON-LD parser."""

import json

from rdflib import Graph
from rdflib.compare import isomorphic

from domeinwijzer.casussen import laad_casussen
from domeinwijzer.generator import Generator
from domeinwijzer.situatie import context_document, naar_boom, naar_graaf


def _via_jsonld(situatie: dict) -> Graph:
    doc = dict(situatie)
    doc["@context"] = context_document()["@context"]
    doc["@type"] = "https://domeinwijzer.nl/def/Situatie"
    return Graph().parse(data=json.dumps(doc), format="json-ld")


def test_context_reader_matches_rdflib_jsonld():
    samples = [c["situatie"] for c in laad_casussen()] + Generator(7).populatie(60)
    assert samples
    for s in samples:
        s = json.loads(json.dumps(s, default=str))  # YAML dates -> strings, as JSON has them
        ours, _, _ = naar_graaf(naar_boom(s))
        assert isomorphic(ours, _via_jsonld(s)), s
