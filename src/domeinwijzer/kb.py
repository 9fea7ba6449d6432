"""Load the knowledge base (ontology, content and rules) once per process."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from .ns import PREFIXES
from .paths import kb_dir

KB_PARTS = ("ontology", "rules")


def kb_files(parts: tuple[str, ...] = KB_PARTS) -> list[Path]:
    """All Turtle files of the knowledge base, in a stable order."""
    files: list[Path] = []
    for part in parts:
        files += sorted(kb_dir(part).glob("*.ttl"))
    return files


def _bind(g: Graph) -> Graph:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def parse_files(files: list[Path]) -> Graph:
    g = _bind(Graph())
    for f in files:
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=4)
def load_graph(parts: tuple[str, ...] = KB_PARTS) -> Graph:
    """The whole knowledge base as one rdflib graph (cached: treat it as read-only)."""
    return parse_files(kb_files(parts))


def fresh_graph(parts: tuple[str, ...] = KB_PARTS) -> Graph:
    """A private copy for callers that add triples."""
    return parse_files(kb_files(parts))
