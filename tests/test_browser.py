"""The built site in a real browser (Debian Chromium via Playwright): search, a casus, the wegwijzer.

Needs /usr/bin/chromium (installed by scripts/setup.sh). Screenshots go to test-artefacten/.
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from domeinwijzer.paths import repo_root
from domeinwijzer.site.bouwen import gebouwde_site

ROOT = repo_root()
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def base_url():
    b = gebouwde_site()  # shared with tests/test_site.py: one build per test run
    assert b.returncode == 0, b.output
    out = b.out
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(out)))
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "Debian chromium is missing: run scripts/setup.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    pg = ctx.new_page()
    pg.fouten = []  # console errors and uncaught page errors
    pg.on("console", lambda m: pg.fouten.append(f"console: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.fouten.append(f"pageerror: {e}"))
    # a request cut off by the next navigation (net::ERR_ABORTED) is not an error of the site
    pg.on("requestfailed", lambda r: pg.fouten.append(f"request failed: {r.url} {r.failure}")
          if "ABORTED" not in (r.failure or "") else None)
    yield pg
    ctx.close()


def _shot(pg, name: str) -> None:
    d = ROOT / "test-artefacten"
    d.mkdir(exist_ok=True)
    pg.screenshot(path=str(d / f"{name}.png"), full_page=False)


def test_home_and_search(page, base_url):
    page.goto(base_url)
    assert "Domeinwijzer" in page.title()
    assert page.locator("html").get_attribute("lang") == "nl"
    label = page.locator("label[for='__search']").first
    if label.is_visible():  # narrow screens show a search button first
        label.click()
    inp = page.locator("input.md-search__input")
    inp.click()
    inp.fill("voorliggendheid")
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=15000)
    assert page.locator(".md-search-result__item").count() >= 1
    assert "voorliggend" in page.locator(".md-search-result").inner_text().lower()
    _shot(page, "zoeken")
    assert not page.fouten, page.fouten


def test_casus_page(page, base_url):
    page.goto(base_url + "casussen/")
    links = page.locator("article table a")
    assert links.count() >= 1, "no casus listed"
    links.first.click()
    page.locator(".dw-antwoord").first.wait_for(state="visible", timeout=10000)
    assert page.locator("h2", has_text="De situatie").count() == 1
    assert page.locator(".dw-antwoord").first.inner_text().strip()
    _shot(page, "casus")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible(), "the header must be hidden in print"
    _shot(page, "casus-print")
    assert not page.fouten, page.fouten


def test_wegwijzer_to_an_answer(page, base_url):
    page.goto(base_url + "wegwijzer/")
    page.locator("article a[href*='wegwijzer/s-']").first.click()
    for _step in range(40):
        page.wait_for_load_state()
        if page.locator(".dw-antwoord").count():
            break
        opties = page.locator(".dw-opties a")
        assert opties.count() >= 1, f"no answer options on {page.url}"
        if _step == 0:
            _shot(page, "wegwijzer-vraag")
        url = page.url
        opties.first.click()
        page.wait_for_url(lambda u, old=url: u != old)
    else:
        pytest.fail("no answer within 40 questions")
    assert page.locator("h2", has_text="Het antwoord").count() == 1
    assert page.locator(".dw-antwoord").first.inner_text().strip()
    _shot(page, "wegwijzer-antwoord")
    assert not page.fouten, page.fouten
