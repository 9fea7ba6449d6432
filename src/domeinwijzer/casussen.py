"""Worked cases (tests/cases/*.yaml): situation, expected answer and its source."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from .paths import repo_root

CASES_DIR = repo_root() / "tests" / "cases"


@lru_cache(maxsize=1)
def _load(folder: str) -> tuple[dict, ...]:
    cases = []
    for f in sorted(Path(folder).glob("*.yaml")):
        with open(f, encoding="utf-8") as fh:
            case = yaml.safe_load(fh)
        case.setdefault("id", f.stem)
        case["bestand"] = f.name
        cases.append(case)
    return tuple(cases)


def laad_casussen(folder: Path | None = None) -> list[dict]:
    """All cases, sorted by file name. Each has id, titel, bron, fictief, situatie, verwacht."""
    return [dict(c) for c in _load(str(folder or CASES_DIR))]
