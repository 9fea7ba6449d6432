"""mkdocs hook: add every page generated from the knowledge base, in memory.

Nothing is written into the source tree. The abbreviation list (``*[Wlz]: Wet langdurige zorg``)
goes to a temporary folder that pymdownx.snippets appends to every page.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from mkdocs.structure.files import File

from domeinwijzer.paths import repo_root
from domeinwijzer.site import bouw

log = logging.getLogger("mkdocs.hooks.genereer")
_TMP = Path(tempfile.mkdtemp(prefix="domeinwijzer-site-"))
atexit.register(shutil.rmtree, _TMP, ignore_errors=True)


_stamp: tuple | None = None


def _kb_stamp() -> tuple:
    """Names and change times of every file the pages are made from."""
    root = repo_root()
    files = []
    for part, pattern in (("ontology", "*.ttl"), ("ontology", "*.jsonld"), ("rules", "*.ttl"),
                          ("queries", "*.rq"), ("tests/cases", "*.yaml")):
        files += sorted((root / part).glob(pattern))
    return tuple((str(f), f.stat().st_mtime_ns) for f in files)


def _forget_if_changed() -> None:
    """With `mkdocs serve`, a changed knowledge base must give fresh pages (caches live per process)."""
    global _stamp
    now = _kb_stamp()
    if _stamp is not None and now != _stamp:
        from domeinwijzer import engine, kb, sparql_store, vragen
        from domeinwijzer.site import antwoorden

        for fn in (bouw, kb.load_graph, antwoorden._cases, antwoorden._classifier,
                   getattr(engine, "classifier", None), getattr(vragen, "laad_vragen", None),
                   getattr(sparql_store, "store", None), getattr(sparql_store, "rdflib_dataset", None)):
            if hasattr(fn, "cache_clear"):
                fn.cache_clear()
    _stamp = now


def _result():
    return bouw(os.environ.get("DOMEINWIJZER_PEILDATUM") or None)


def on_config(config):
    _forget_if_changed()
    res = _result()
    abbr = _TMP / "afkortingen.md"
    abbr.write_text(res.afkortingen, encoding="utf-8")
    snippets = config.mdx_configs.setdefault("pymdownx.snippets", {})
    snippets["base_path"] = [str(_TMP)]
    snippets["auto_append"] = [abbr.name]
    return config


def on_files(files, config):
    res = _result()
    for uri, content in sorted(res.pages.items()):
        if files.get_file_from_path(uri) is not None:
            log.info("Domeinwijzer: %s staat al in site/; de gegenereerde versie wordt niet gebruikt", uri)
            continue
        files.append(File.generated(config, uri, content=content))
    log.info("Domeinwijzer: %s pagina's gegenereerd: %s", len(res.pages), res.stats)
    for note in res.notes:
        log.info("Domeinwijzer: %s", note)
    return files


def _json_block(data) -> str:
    return "```json\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n```\n"


def on_page_markdown(markdown, page, config, files):
    res = _result()
    markers = {
        "<!-- tellingen -->": lambda: res.tellingen,
        "<!-- voorbeeld-invoer -->": lambda: _json_block(res.voorbeeld.get("invoer")),
        "<!-- voorbeeld-antwoord -->": lambda: _json_block(res.voorbeeld.get("antwoord")),
    }
    for marker, make in markers.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
