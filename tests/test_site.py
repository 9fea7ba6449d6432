"""The training site: a strict mkdocs build of the whole site, checked from the built HTML."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from domeinwijzer.kb import load_graph
from domeinwijzer.ns import DW
from domeinwijzer.paths import repo_root
from domeinwijzer.site import kb as site_kb
from domeinwijzer.site.antwoorden import cases
from domeinwijzer.site.bouwen import gebouwde_site
from domeinwijzer.site.wegwijzer import get_fact, set_fact

ROOT = repo_root()
# the contract's zorgvorm value list (../shared/contract/situatie.md)
CONTRACT_ZORGVORMEN = (
    "verblijf beschermd-wonen maatschappelijke-opvang begeleiding dagbesteding persoonlijke-verzorging "
    "verpleging huisartsenzorg ggz-behandeling geneesmiddelen maaltijden vervoer-naar-dagbesteding "
    "vervoer-overig clientondersteuning onvrijwillige-zorg"
).split()


class _Links(HTMLParser):
    """Collects hrefs/srcs, element ids, scripts/stylesheets and the dw-domein value of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.domein: list[str] = []
        self.abbr: dict[str, str] = {}
        self._abbr_title: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if a.get("name") and tag == "a":
            self.ids.add(a["name"])
        if tag in ("a", "link") and a.get("href"):
            self.links.append(a["href"])
        if tag in ("img", "script", "source", "iframe") and a.get("src"):
            self.links.append(a["src"])
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"])
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & {
                "stylesheet", "preconnect", "preload", "dns-prefetch", "icon"}:
            self.styles.append(a["href"])
        if tag == "span" and "dw-antwoord" in (a.get("class") or "").split():
            self.domein.append(a.get("data-domein") or a.get("data-includeerbaar", ""))
        if tag == "abbr":
            self._abbr_title = a.get("title")

    def handle_data(self, data):
        if self._abbr_title is not None:
            self.abbr[data.strip()] = self._abbr_title
            self._abbr_title = None


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="session")
def built() -> Path:
    b = gebouwde_site()
    assert b.returncode == 0, f"mkdocs build --strict failed:\n{b.output}"
    # CPU time, not wall time: the build must stay fast, also on a busy machine
    assert b.cpu_seconds < 60, f"site build used {b.cpu_seconds:.0f} s CPU"
    return b.out


@pytest.fixture(scope="session")
def pages(built) -> dict[Path, _Links]:
    return {p: _parse(p) for p in built.rglob("*.html")}


def _target(built: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file an internal link points to (None for external links)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    t = (built / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    t = Path(os.path.normpath(t))
    if t.is_dir() or path.endswith("/"):
        t = t / "index.html"
    return t, parts.fragment


def test_build_has_every_section(built):
    for d in ("wetten", "artikelen", "regels", "zorgvormen", "knelpunten", "casussen", "wegwijzer"):
        assert (built / d / "index.html").is_file(), d
    for f in ("voorliggendheid", "coordinatie", "begrippen", "queries", "eigen-vragen", "lezen"):
        assert (built / f / "index.html").is_file(), f


def test_internal_links_and_anchors_resolve(built, pages):
    broken = []
    for page, p in pages.items():
        for href in p.links:
            t = _target(built, page, href)
            if t is None:
                continue
            target, frag = t
            if not target.exists():
                broken.append(f"{page.relative_to(built)} -> {href}")
            elif frag and target.suffix == ".html" and target in pages and frag not in pages[target].ids:
                broken.append(f"{page.relative_to(built)} -> {href} (anker ontbreekt)")
    assert not broken, f"{len(broken)} broken links, e.g.: {broken[:10]}"


def test_every_page_is_reachable_from_the_home_page(built, pages):
    start = built / "index.html"
    seen, todo = {start}, [start]
    while todo:
        page = todo.pop()
        for href in pages[page].links:
            t = _target(built, page, href)
            if t and t[0] in pages and t[0] not in seen:
                seen.add(t[0])
                todo.append(t[0])
    unreachable = sorted(str(p.relative_to(built)) for p in pages if p not in seen and p.name != "404.html")
    assert not unreachable, f"{len(unreachable)} pages without a link to them, e.g. {unreachable[:10]}"


def test_offline_no_external_scripts_styles_or_fonts(built, pages):
    bad = []
    for page, p in pages.items():
        for ref in p.scripts + p.styles:
            if urlsplit(ref).scheme in ("http", "https") or ref.startswith("//"):
                bad.append(f"{page.relative_to(built)}: {ref}")
        text = page.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "fonts.gstatic", "cdn.jsdelivr", "unpkg.com", "mermaid"):
            if needle in text:
                bad.append(f"{page.relative_to(built)}: {needle}")
    for css in built.rglob("*.css"):
        t = css.read_text(encoding="utf-8", errors="replace")
        if "@import url(http" in t or "fonts.googleapis" in t:
            bad.append(str(css.relative_to(built)))
    assert not bad, bad[:10]


def test_search_index_is_dutch_and_complete(built):
    idx = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "nl" in idx["config"]["lang"]
    locations = {d["location"].split("#")[0] for d in idx["docs"]}
    assert "voorliggendheid/" in locations and "coordinatie/" in locations
    # wegwijzer steps are left out of the search on purpose (they are many and alike)
    assert not any(loc.startswith("wegwijzer/s-") for loc in locations)
    assert any("voorliggend" in d["text"].lower() for d in idx["docs"])


def test_every_knelpunt_has_a_page(built):
    g = load_graph()
    current = {site_kb.local(k) for k in g.subjects(site_kb.RDF.type, DW.Knelpunt)}
    assert {f"K{i}" for i in range(1, 16)} <= current
    for i in range(1, 16):
        html = (built / "knelpunten" / f"K{i}" / "index.html")
        assert html.is_file(), f"K{i}"
        assert "Status" in html.read_text(encoding="utf-8")


def test_every_zorgvorm_has_a_page(built):
    g = load_graph()
    in_kb = {site_kb.local(c) for c in site_kb.scheme_concepts(g, "zorgvorm")}
    assert set(CONTRACT_ZORGVORMEN) <= in_kb
    for z in in_kb:
        assert (built / "zorgvormen" / z / "index.html").is_file(), z


def test_abbreviations_explained_on_every_page(built):
    for page in (built / "index.html", built / "begrippen" / "index.html"):
        p = _parse(page)
        assert p.abbr.get("Wlz", "").lower().startswith("wet langdurige zorg"), (page, p.abbr)


def test_casus_pages_show_the_classifiers_answer(built):
    from domeinwijzer.engine import classifier

    cs = cases()
    assert cs, "no worked cases in tests/cases"
    clf = classifier()
    incl = {True: "ja", False: "nee", None: "nog niet te zeggen"}
    for c in cs:
        fresh = clf.classificeer(c["situatie"])
        expected = fresh["domein"] if "domein" in fresh else incl[fresh.get("includeerbaar")]
        page = built / "casussen" / c["id"] / "index.html"
        assert page.is_file(), c["id"]
        shown = _parse(page).domein
        assert shown and shown[0] == str(expected), (c["id"], shown, expected)
        if c.get("fictief"):
            assert "fictief" in page.read_text(encoding="utf-8")


def test_wegwijzer_reaches_an_answer_by_links(built, pages):
    start = built / "wegwijzer" / "index.html"
    first = next(h for h in _parse(start).links if "wegwijzer/s-" in h or h.startswith("s-"))
    page, _ = _target(built, start, first)
    for _ in range(40):
        p = pages[page]
        if p.domein:
            assert p.domein[0]
            return
        step = next((h for h in p.links if "/s-" in h or h.startswith("../s-")), None)
        assert step, f"dead end at {page.relative_to(built)}"
        page, _ = _target(built, page, step)
    pytest.fail("no answer page within 40 steps")


def test_set_fact_builds_nested_paths():
    s = {"peildatum": "2026-01-01", "vraag": {"zorgvorm": "verblijf"}}
    s2 = set_fact(s, "persoon.zorgbehoefte.permanentToezicht", True)
    assert s2["persoon"]["zorgbehoefte"]["permanentToezicht"] is True
    s3 = set_fact(s2, "indicaties[0].zorgprofiel", "GGZ-W3")
    assert s3["indicaties"] == [{"zorgprofiel": "GGZ-W3"}]
    assert "persoon" not in s and "indicaties" not in s2


def test_wegwijzer_evaluation_equals_the_classifier():
    """The wegwijzer evaluates only the rules for the question's kind; its answer must not differ."""
    from domeinwijzer.site.antwoorden import classify
    from domeinwijzer.site.pagina import Site
    from domeinwijzer.site.wegwijzer import Bouwer

    b = Bouwer(Site(load_graph()), "2026-03-01")
    cs = cases()
    assert cs
    for c in cs:
        fast, statuses = b._evaluate(c["situatie"])
        assert statuses is not None
        assert fast == classify(c["situatie"]), c["id"]


def test_wegwijzer_pages_give_the_classifiers_answer_on_every_route():
    """Random routes through the (merged) wegwijzer: the answer page must match a fresh classification
    of the facts given along that route, so merging pages never changes an answer."""
    import random

    from domeinwijzer.site.antwoorden import classify
    from domeinwijzer.site.pagina import Site
    from domeinwijzer.site.wegwijzer import Bouwer, start_vragen

    rnd = random.Random(20261122)
    b = Bouwer(Site(load_graph()), "2026-03-01")
    routes = 0
    for _group, _label, vraag in start_vragen(b.site):
        start = {"peildatum": "2026-03-01", "vraag": vraag}
        key = b.explore(start)
        for _ in range(12):
            sit, node_key = dict(start), key
            for _step in range(60):
                node = b.nodes[node_key]
                if not node.vraagpad:
                    break
                # a page must never ask what this route already answered
                assert get_fact(sit, node.vraagpad) is None, (vraag, sit, node.vraagpad)
                i = rnd.randrange(len(node.opties))
                sit = set_fact(sit, node.vraagpad, node.waarden[i])
                node_key = b.child(node.opties[i][1])
            shown, fresh = b.nodes[node_key].answer, classify(sit)
            for k in ("domein", "includeerbaar", "financier", "zekerheid", "regels", "signalen", "uitgesloten"):
                assert shown.get(k) == fresh.get(k), (vraag, sit, k, shown.get(k), fresh.get(k))
            routes += 1
    assert routes >= 100
