"""Where the knowledge-base files live, in a checkout and in an installed wheel."""

from __future__ import annotations

import os
from pathlib import Path

_PKG = Path(__file__).resolve().parent
_REPO = _PKG.parents[1]


def kb_dir(name: str) -> Path:
    """Return the folder ``ontology``, ``rules`` or ``queries``.

    A wheel carries them under ``domeinwijzer/_kb``; a checkout (editable install)
    has them at the repository root.
    """
    packaged = _PKG / "_kb" / name
    if packaged.is_dir():
        return packaged
    return _REPO / name


def repo_root() -> Path:
    return _REPO


def shared_dir() -> Path | None:
    """The read-only reference folder ``../shared`` beside the checkout, if present."""
    env = os.environ.get("DOMEINWIJZER_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [_REPO.parent / "shared", Path.cwd().parent / "shared"]
    for c in candidates:
        if (c / "wetten").is_dir():
            return c
    return None
