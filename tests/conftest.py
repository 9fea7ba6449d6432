import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = ROOT / ".venv" / "bin"


@pytest.fixture(scope="session")
def clf():
    from domeinwijzer.engine import classifier

    return classifier()


def cli_cmd() -> list[str]:
    """How to start the CLI in a subprocess (the installed script, else the module)."""
    exe = VENV_BIN / "domeinwijzer"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "domeinwijzer.cli"]
