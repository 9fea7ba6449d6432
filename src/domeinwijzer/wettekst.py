"""Index of the consolidated law texts in ../shared/wetten (offline citation checks).

The files mirror wetten.overheid.nl in the regelrecht YAML format. Two layouts occur:

* per article: one entry per article; the members ("leden") are paragraphs that start
  with their number ("1 De rechten ...", "2 Het eerste lid ...");
* per member: one entry per member or item; the entry ``number`` joins article, member
  and item ("3.2.1.1.a" = article 3.2.1, member 1, item a).

Every entry carries exactly one ``url`` line (4-space indent) ending in ``#Artikel<anchor>``.
The index is built with regular expressions over the raw text, so it also works for the
Wgs file that strict YAML parsers reject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .ns import DW
from .paths import shared_dir

_ENTRY = re.compile(r"^  - number: (.+)$", re.MULTILINE)
_URL = re.compile(r"^    url: https://wetten\.overheid\.nl/(BWB[RV]\d{7})/(\d{4}-\d{2}-\d{2})#Artikel(\S+)\s*$",
                  re.MULTILINE)
# a member paragraph starts a text or follows a blank line: "1 ...", "2a ..."
_LID = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*(\d+[a-z]?)\.? +\S")
# an item paragraph: "a. ...", "- a. ...", "1°. ..."
_ONDERDEEL = re.compile(r"(?:\A|\n[ \t]*\n)[ \t]*(?:- )?([a-z]{1,3}|\d+°)\.? +\S")


def anker(artikel: str) -> str:
    """The ``#Artikel`` anchor wetten.overheid.nl uses for an article number (1:1 -> 11)."""
    return artikel.replace(":", "").replace(" ", "_")


@dataclass
class Artikeltekst:
    """One article of one law version: its entries and what members/items they show."""

    nummer: str
    entries: list[tuple[str, str]] = field(default_factory=list)  # (entry number, text)
    # member -> items found for it; key None = items outside any member
    leden: dict[str | None, set[str]] = field(default_factory=dict)

    @property
    def tekst(self) -> str:
        return "\n\n".join(t for _, t in self.entries)


@dataclass
class Wettekst:
    bronbestand: str
    bwb_id: str | None
    datum: str | None
    artikelen: dict[str, Artikeltekst]  # key: anchor


def wetten_dir() -> Path | None:
    base = shared_dir()
    return base / "wetten" if base is not None else None


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) >= 2 and s[0] == s[-1] and s[0] in "'\"":
        s = s[1:-1]
    return s


def _split_number(number: str, ank: str) -> tuple[str, list[str]]:
    """Split an entry number into (article number, remaining parts) using its anchor."""
    parts = number.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if anker(prefix) == ank:
            return prefix, parts[i:]
    return ank, []


def _leden_per_artikel(tekst: str) -> dict[str | None, set[str]]:
    """Members and items of a whole-article text (per-article layout)."""
    result: dict[str | None, set[str]] = {}
    huidig: str | None = None
    events = sorted(
        [(m.start(1), "lid", m.group(1)) for m in _LID.finditer(tekst)]
        + [(m.start(1), "ond", m.group(1)) for m in _ONDERDEEL.finditer(tekst)]
    )
    for _, soort, waarde in events:
        if soort == "lid":
            huidig = waarde
            result.setdefault(huidig, set())
        else:
            result.setdefault(huidig, set()).add(waarde)
    return result


def parse_tekst(raw: str, bronbestand: str = "") -> Wettekst:
    """Index a raw version file (no YAML parser needed)."""
    head = re.search(r"^bwb_id: (\S+)", raw, re.MULTILINE)
    datum = re.search(r"^valid_from: '?(\d{4}-\d{2}-\d{2})'?", raw, re.MULTILINE)
    starts = [m for m in _ENTRY.finditer(raw)]
    artikelen: dict[str, Artikeltekst] = {}
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(raw)
        block = raw[m.end():end]
        url = _URL.search(block)
        if url is None:
            continue
        ank = url.group(3)
        if ank == "Aanhef":
            continue
        number = _unquote(m.group(1))
        text_match = re.search(r"^    text: ?(.*?)(?=^    \w)", block, re.MULTILINE | re.DOTALL)
        text = text_match.group(1) if text_match else ""
        if text.startswith("|"):
            text = text.split("\n", 1)[1] if "\n" in text else ""
        text = "\n".join(line[6:] if line.startswith("      ") else line.strip()
                         for line in text.splitlines())
        nummer, rest = _split_number(number, ank)
        art = artikelen.setdefault(ank, Artikeltekst(nummer=nummer))
        art.entries.append((number, text))
        if rest:
            # per-member layout: number = article.member[.item[.subitem]]
            if rest[0][:1].isdigit() and not rest[0].endswith("°"):
                lid = rest[0]
                items = art.leden.setdefault(lid, set())
                if len(rest) > 1:
                    items.add(rest[1])
            else:
                art.leden.setdefault(None, set()).add(rest[0])
    for art in artikelen.values():
        if all(len(_split_number(n, anker(art.nummer))[1]) == 0 for n, _ in art.entries):
            # per-article layout: read members and items from the text
            for lid, items in _leden_per_artikel(art.tekst).items():
                art.leden.setdefault(lid, set()).update(items)
    return Wettekst(
        bronbestand=bronbestand,
        bwb_id=head.group(1).strip("'\"") if head else None,
        datum=datum.group(1) if datum else None,
        artikelen=artikelen,
    )


@lru_cache(maxsize=64)
def laad(bronbestand: str) -> Wettekst | None:
    """The indexed version file ``bronbestand`` (relative to wetten/), or None if absent."""
    base = wetten_dir()
    if base is None:
        return None
    path = base / bronbestand
    if not path.is_file():
        return None
    return parse_tekst(path.read_text(encoding="utf-8"), bronbestand)


def artikelnummers(bronbestand: str) -> set[str]:
    """Article numbers present in a version file (empty when the file is missing)."""
    wt = laad(bronbestand)
    return {a.nummer for a in wt.artikelen.values()} if wt else set()


def artikel(bronbestand: str, nummer: str) -> Artikeltekst | None:
    wt = laad(bronbestand)
    if wt is None:
        return None
    return wt.artikelen.get(anker(nummer))


def artikeltekst(bronbestand: str, nummer: str) -> str | None:
    """Raw text of an article (all its entries joined), or None."""
    art = artikel(bronbestand, nummer)
    return art.tekst if art else None


def artikel_bestaat(bronbestand: str, artikel_nr: str, lid: str | None = None,
                    onderdeel: str | None = None) -> bool:
    """Does the article (and member, and item) occur in this version file?"""
    art = artikel(bronbestand, artikel_nr)
    if art is None:
        return False
    if lid is None and onderdeel is None:
        return True
    if lid is not None and lid not in art.leden:
        return False
    if onderdeel is None:
        return True
    return onderdeel in art.leden.get(lid, set())


def _str(g: Graph, s, p) -> str | None:
    v = g.value(s, p)
    return str(v) if v is not None else None


def _kort(iri) -> str:
    s = str(iri)
    return "art:" + s.rsplit("/artikel/", 1)[1] if "/artikel/" in s else s


def controleer_citaties(graph: Graph) -> list[str]:
    """One Dutch problem line per dw:Artikelversie whose checked version file lacks the provision."""
    problemen: list[str] = []
    for av in sorted(set(graph.subjects(RDF.type, DW.Artikelversie)), key=str):
        wv = graph.value(av, DW.gecontroleerdIn)
        if wv is None:
            continue
        bron = _str(graph, wv, DW.bronbestand)
        art = graph.value(av, DW.versieVan)
        naam = _kort(av)
        if bron is None:
            problemen.append(f"{naam}: de gecontroleerde wetsversie {wv} heeft geen bronbestand.")
            continue
        if art is None:
            problemen.append(f"{naam}: hoort bij geen artikel (dw:versieVan ontbreekt).")
            continue
        nummer = _str(graph, art, DW.artikelnummer)
        lid = _str(graph, art, DW.lid)
        onderdeel = _str(graph, art, DW.onderdeel)
        if nummer is None:
            problemen.append(f"{naam}: het artikel heeft geen artikelnummer.")
            continue
        if laad(bron) is None:
            problemen.append(f"{naam}: het bestand {bron} is niet gevonden.")
            continue
        if not artikel_bestaat(bron, nummer):
            problemen.append(f"{naam}: artikel {nummer} staat niet in {bron}.")
        elif lid is not None and not artikel_bestaat(bron, nummer, lid):
            problemen.append(f"{naam}: artikel {nummer} lid {lid} staat niet in {bron}.")
        elif onderdeel is not None and not artikel_bestaat(bron, nummer, lid, onderdeel):
            waar = f"artikel {nummer}" + (f" lid {lid}" if lid else "")
            problemen.append(f"{naam}: onderdeel {onderdeel} van {waar} staat niet in {bron}.")
    return problemen


def versie_iri(graph: Graph, bronbestand: str) -> URIRef | None:
    """The dw:Wetsversie whose dw:bronbestand is ``bronbestand``."""
    for s in graph.subjects(DW.bronbestand, None):
        if str(graph.value(s, DW.bronbestand)) == bronbestand:
            return s
    return None
