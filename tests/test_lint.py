"""The code base passes ruff (the settings are in pyproject.toml)."""

import subprocess

from conftest import ROOT, VENV_BIN


def test_ruff_is_schoon():
    ruff = VENV_BIN / "ruff"
    cmd = [str(ruff)] if ruff.exists() else ["ruff"]
    proces = subprocess.run(cmd + ["check", "src", "tests", "bench"], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert proces.returncode == 0, proces.stdout + proces.stderr
