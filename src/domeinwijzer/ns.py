"""Namespaces of the Domeinwijzer vocabulary and content (one place for every IRI base)."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://domeinwijzer.nl/"
DW = Namespace(BASE + "def/")  # classes and properties (TBox)
DWI = Namespace(BASE + "id/")  # other individuals
WET = Namespace(BASE + "id/wet/")
ART = Namespace(BASE + "id/artikel/")
ACTOR = Namespace(BASE + "id/actor/")
ROL = Namespace(BASE + "id/rol/")
KNELPUNT = Namespace(BASE + "id/knelpunt/")
BRON = Namespace(BASE + "id/bron/")
REGEL = Namespace(BASE + "regel/")
CONCEPT = BASE + "concept/"  # + "<scheme>/<value>"


def concept(scheme: str, value: str) -> str:
    return f"{CONCEPT}{scheme}/{value}"


PREFIXES = {
    "dw": DW,
    "dwi": DWI,
    "wet": WET,
    "art": ART,
    "actor": ACTOR,
    "rol": ROL,
    "knelpunt": KNELPUNT,
    "bron": BRON,
    "regel": REGEL,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dct": DCTERMS,
    "prov": PROV,
    "sh": SH,
}
for _scheme in (
    "zorgvorm", "grondslag", "verblijfplaats", "indicatiesoort", "zorgprofiel", "leveringsvorm",
    "titelsoort", "titel", "fase", "zorgvraag", "coordinatietaak", "domein", "zekerheid",
    "verificatie", "knelpuntstatus", "sector", "trajecttype", "kleur",
):
    PREFIXES[_scheme] = Namespace(f"{CONCEPT}{_scheme}/")
