"""Page registry, relative links and small Markdown/HTML building blocks shared by the generators.

Generators write links with a root marker: ``[x](@/regels/R01.md)`` in Markdown (mkdocs checks
and rewrites these) and ``href="@@/regels/R01/"`` in raw HTML (mkdocs leaves raw HTML alone, so
the final directory URL is written). :func:`resolve` turns both markers into relative links.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from rdflib import Graph

from . import kb

MD_ROOT = "@/"
HTML_ROOT = "@@/"


def slug(s: str) -> str:
    """A safe file/anchor name: keeps letters, digits, dot, dash, underscore."""
    s = re.sub(r"[^A-Za-z0-9._-]+", "-", s.strip()).strip("-.")
    return s or "x"


def anchor(s: str) -> str:
    return slug(s).lower().replace(".", "-")


def md_dir_depth(src_uri: str) -> int:
    return src_uri.count("/")


def url_depth(src_uri: str) -> int:
    """Folder depth of the page URL with use_directory_urls (x/index.md -> 1, x/y.md -> 2)."""
    depth = src_uri.count("/")
    return depth if posixpath.basename(src_uri) == "index.md" else depth + 1


def resolve(src_uri: str, content: str) -> str:
    md_prefix = "../" * md_dir_depth(src_uri)
    html_prefix = "../" * url_depth(src_uri) or "./"
    content = content.replace("](" + MD_ROOT, "](" + md_prefix)
    content = content.replace('"' + HTML_ROOT, '"' + html_prefix)
    return content


def page_url(src_uri: str) -> str:
    """``regels/R01.md`` -> ``regels/R01/`` (root-relative directory URL)."""
    if src_uri == "index.md":
        return ""
    if src_uri.endswith("/index.md"):
        return src_uri[: -len("index.md")]
    return src_uri[:-3] + "/"


def esc(s) -> str:
    """Escape text for Markdown table cells and inline use (no HTML, no pipes)."""
    s = html.escape(str(s), quote=False)
    return s.replace("|", "&#124;").replace("\n", " ").replace("*", "&#42;").replace("_", "&#95;")


def code(s) -> str:
    """Inline code that Markdown leaves alone (escape HTML only, not Markdown)."""
    return f"<code>{html.escape(str(s), quote=False)}</code>"


def esc_html(s) -> str:
    return html.escape(str(s), quote=True)


def table(headers: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for r in rows:
        out.append("| " + " | ".join(c if c else "–" for c in r) + " |")
    return "\n".join(out) + "\n"


ZEKERHEID_UITLEG = {
    "dwingend": "staat in de wet, zonder keuzeruimte",
    "discretionair": "de wet geeft een instantie keuzeruimte",
    "beleid": "beleid of uitleg, bijvoorbeeld van het Zorginstituut",
    "praktijk": "zo gaat het in de praktijk volgens de bronnen",
    "omstreden": "de bronnen spreken elkaar tegen",
}
VERIFICATIE_UITLEG = {
    "V": "gecontroleerd in de wettekst",
    "S": "alleen bevestigd door een andere bron, niet in de wettekst zelf gecontroleerd",
    "U": "niet gecontroleerd: eerst nakijken voordat je het gebruikt",
}


def zekerheid_badge(iri_or_value) -> str:
    if iri_or_value is None:
        return ""
    v = kb.local(iri_or_value)
    uitleg = ZEKERHEID_UITLEG.get(v, "")
    return f'<span class="dw-badge dw-z-{slug(v)}" title="Zekerheid: {esc_html(uitleg)}">{esc_html(v)}</span>'


def verificatie_badge(iri_or_value) -> str:
    """V/S/U badge; U and S carry a visible warning word, not only a colour."""
    if iri_or_value is None:
        return ""
    v = kb.local(iri_or_value)
    uitleg = VERIFICATIE_UITLEG.get(v, "")
    extra = {"U": " niet gecontroleerd", "S": " secundaire bron"}.get(v, "")
    return (f'<span class="dw-badge dw-v-{slug(v)}" title="Verificatie {esc_html(v)}: {esc_html(uitleg)}">'
            f"{esc_html(v)}{esc_html(extra)}</span>")


@dataclass
class Site:
    """What exists (so links are only made to pages that are generated) and the pages made so far."""

    g: Graph
    pages: dict[str, str] = field(default_factory=dict)
    # IRI -> src_uri of its page
    page_of: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    cache: dict = field(default_factory=dict)

    def memo(self, key, make):
        """Compute once per site build (for indexes several generators use)."""
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def rule_values(self, rule) -> set:
        """IRIs a rule's condition compares with (sh:in, sh:hasValue)."""
        from . import condities

        def make():
            c = condities.rule_condition(self.g, rule)
            return kb.shape_values(self.g, c) if c is not None else set()

        return self.memo(("waarden", str(rule)), make)

    def grounded_on(self, target) -> set:
        """Every node with dw:grondslag ``target``."""
        from ..ns import DW

        def make():
            rev: dict = {}
            for s_, o in self.g.subject_objects(DW.grondslag):
                rev.setdefault(o, set()).add(s_)
            return rev

        return self.memo("grondslag-rev", make).get(target, set())

    def register(self, iri, src_uri: str) -> None:
        self.page_of[str(iri)] = src_uri

    def add(self, src_uri: str, content: str) -> None:
        self.pages[src_uri] = content

    def has_page(self, iri) -> bool:
        return str(iri) in self.page_of

    def link(self, iri, text: str | None = None, fragment: str = "") -> str:
        """A Markdown link to the page of ``iri`` (plain text if it has no page)."""
        t = esc(text if text is not None else kb.label(self.g, iri))
        target = self.page_of.get(str(iri))
        if not target:
            return t
        return f"[{t}]({MD_ROOT}{target}{'#' + fragment if fragment else ''})"

    def href(self, iri) -> str | None:
        target = self.page_of.get(str(iri))
        return HTML_ROOT + page_url(target) if target else None
