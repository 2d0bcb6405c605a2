"""The hosted CI definition: valid workflows that call the repository's scripts, not copies of them."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from _book import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))


def check_jsonschema() -> str:
    exe = Path(sys.executable).with_name("check-jsonschema")
    return str(exe) if exe.exists() else (shutil.which("check-jsonschema") or "")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_the_github_schema(path):
    exe = check_jsonschema()
    assert exe, "check-jsonschema is missing: it is in requirements.txt (bash scripts/test.sh installs it)"
    # the schema ships with check-jsonschema: no network needed
    proc = subprocess.run(
        [exe, "--builtin-schema", "vendor.github-workflows", str(path)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def steps(job: dict) -> str:
    return "\n".join(str(s.get("run", "")) for s in job.get("steps", []))


def test_one_ci_definition():
    """The jobs call the scripts CI and maintainers use; none keeps its own copy of the steps."""
    (path,) = WORKFLOWS
    jobs = yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"]
    assert "bash .ci/run" in steps(jobs["test"])
    real = jobs["real-data"]
    assert "bash scripts/test.sh" in steps(real)
    assert next(s for s in real["steps"] if "KERAS_BOOK_DATA" in s.get("env", {}))["env"]["KERAS_BOOK_DATA"] == "real"
    assert any(str(s.get("uses", "")).startswith("actions/cache@") for s in real["steps"]), "real data needs its cache"
    assert "bash scripts/book.sh" in steps(jobs["deploy"])
    assert "colab-images/public/runtime" in steps(jobs["colab"]) and "scripts/colab_runtime.sh" in steps(jobs["colab"])
    on = yaml.safe_load(path.read_text(encoding="utf-8"))[True]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in on and "schedule" in on
    for job in jobs.values():  # no job runs pytest, pip or jupyter-book by itself
        for tool in ("pytest ", "pip install", "jupyter-book build"):
            assert tool not in steps(job), f"a job runs {tool.strip()} itself: call a script instead"
