"""The worked cases and the classifier, as the site uses them (both loaded once per process)."""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

from ..paths import repo_root
from . import kb


def cases_dir() -> Path:
    return repo_root() / "tests" / "cases"


@lru_cache(maxsize=1)
def _cases() -> tuple[dict, ...]:
    try:
        from ..casussen import laad_casussen  # the shared loader, when present
    except ImportError:
        laad_casussen = None
    if laad_casussen is not None:
        return tuple(laad_casussen())
    out = []
    for f in sorted(cases_dir().glob("*.yaml")):
        data = yaml.safe_load(f.read_text(encoding="utf-8"))
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and "situatie" in item:
                item.setdefault("id", f.stem)
                out.append(item)
    return tuple(out)


def cases() -> list[dict]:
    """Every worked case: dicts with id, titel, bron, fictief, situatie, verwacht."""
    return [copy.deepcopy(c) for c in _cases()]


@lru_cache(maxsize=1)
def _classifier():
    from ..engine import classifier  # imported late: the engine may be absent while it is built

    return classifier()


def classifier_error() -> str | None:
    try:
        _classifier()
    except Exception as exc:  # shown on the site, never hidden
        return f"{type(exc).__name__}: {exc}"
    return None


def classify(situatie: dict) -> dict:
    """The classifier's answer (contract output) for a situation; raises if the engine fails."""
    return _classifier().classificeer(copy.deepcopy(situatie))


def rule_ids(answer: dict | None) -> list[str]:
    """Local names of the rules an answer (or an expected answer) names, in order."""
    out: list[str] = []

    def add(x) -> None:
        if isinstance(x, dict):
            for key in ("id", "regel"):
                if isinstance(x.get(key), str):
                    add(x[key])
        elif isinstance(x, str):
            name = kb.local(x.split(":", 1)[1] if x.startswith("regel:") else x)
            if name not in out:
                out.append(name)

    if not answer:
        return out
    for item in answer.get("regels", []) or []:
        add(item)
    for item in answer.get("uitgesloten", []) or []:
        if isinstance(item, dict) and item.get("regel"):
            add(item["regel"])
    return out


def knelpunt_ids(answer: dict | None) -> list[str]:
    out: list[str] = []
    for s in (answer or {}).get("signalen", []) or []:
        k = s.get("knelpunt") if isinstance(s, dict) else s
        if isinstance(k, str):
            k = kb.local(k)
            if k not in out:
                out.append(k)
    return out


def jci_without_date(jci: str) -> str:
    return jci.split("&g=", 1)[0]


def missing_facts(answer: dict) -> list[str]:
    """ontbrekendeFeiten as JSON paths (the engine may give strings or small objects)."""
    out = []
    for f in answer.get("ontbrekendeFeiten", []) or []:
        if isinstance(f, dict):
            f = f.get("pad") or f.get("feit") or f.get("path") or f.get("veld")
        if isinstance(f, str) and f not in out:
            out.append(f)
    return out
