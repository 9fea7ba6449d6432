"""Build the whole site once per process (tests share it): ``mkdocs build --strict`` into a temp dir."""

from __future__ import annotations

import atexit
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..paths import repo_root


@dataclass(frozen=True)
class Build:
    out: Path
    returncode: int
    output: str
    cpu_seconds: float  # user + system time of the build process


@lru_cache(maxsize=1)
def gebouwde_site() -> Build:
    out = Path(tempfile.mkdtemp(prefix="domeinwijzer-site-build-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
                          cwd=repo_root(), capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Build(out, proc.returncode, proc.stdout + proc.stderr, cpu)
