"""ruff: `ruff check` and `ruff format --check` pass on everything ruff.toml covers.

ruff.toml (and chapters/ruff.toml for the notebooks' code cells) says what is covered. Fix with
`ruff check --fix && ruff format` from the repository root. The ruff used is the one installed
next to this Python (requirements.txt pins it); without it the test skips, under CI it fails.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest
from _book import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    if importlib.util.find_spec("ruff") is None:
        if os.environ.get("CI"):
            pytest.fail("ruff is not installed in this environment (requirements.txt pins it)")
        pytest.skip("ruff is not installed in this environment (pip install -r requirements.txt)")
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "args", [("check", "--no-fix", "--output-format", "concise"), ("format", "--check")], ids=["check", "format"]
)
def test_ruff(args):
    proc = ruff(*args)
    assert proc.returncode == 0, (
        f"`ruff {' '.join(args)}` failed; run `ruff check --fix && ruff format` from the repository root:\n"
        + proc.stdout
        + proc.stderr
    )
