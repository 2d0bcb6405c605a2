"""The book, built once per test run from the notebooks nbval executed in the same run.

The ``book`` fixture (tests/conftest.py) calls :func:`book_for`; the tests of the built pages
(tests/book/) and the browser tests (tests/browser/) share the one build.

Each notebook is executed once per test run, by nbval. The build here renders the outputs of
that same execution: the root conftest.py keeps every notebook nbval ran to the end without
a failure (with its outputs) in the executed-notebooks folder, and :func:`build_book` loads
them into a fresh jupyter-cache that the build reads with `execute_notebooks: cache`.
jupyter-cache matches a notebook by the hash of its code cells, so an edited notebook never
gets old outputs; :func:`executed_notebooks` also refuses an executed copy whose code hash or environment
fingerprint (packages, helpers' sources, data mode) differs from now. What happens to each
chapter:

- executed and passed in this run -> rendered from the cache, not executed again;
- failed (or cut short) under nbval in this run -> not executed again (execute exclude
  pattern): the nbval failure is the report, and the page is checked without outputs;
- not run by nbval in this run (e.g. `pytest -m book` alone) -> the build executes it, once.

The build runs in a fresh copy of the sources, so nothing from an earlier build is reused
and the maintainer's own _build/html is left alone. `stderr_output: error` in _config.yml
makes anything a notebook wrote to stderr fail the build, cached outputs included.
`bash scripts/book.sh` (publishing) still executes every notebook from clean.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml
from _book import ARTIFACTS, CHAPTERS, ROOT

IGNORE = shutil.ignore_patterns(
    "_build", ".venv", ".git", "artifacts", "__pycache__", "*.egg-info", ".ipynb_checkpoints", ".pytest_cache"
)


def executed_notebooks(folder: Path) -> dict:
    """{chapter: (state, executed notebook or None, why)} from the executed-notebooks folder."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("keras_book_root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)  # the functions the recorder used
    spec.loader.exec_module(root_conftest)
    code_hash, environment_fingerprint = root_conftest.code_hash, root_conftest.environment_fingerprint
    fingerprint = environment_fingerprint()
    run_id = os.environ.get("KERAS_BOOK_RUN_ID", "")  # set by scripts/test.sh: only this run's executions count
    out = {}
    for nb_path in CHAPTERS:
        rel = nb_path.relative_to(ROOT).as_posix()
        status_file = (folder / rel).with_suffix(".json")
        try:
            status = json.loads(status_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            out[rel] = ("not run", None, "nbval did not run it in this run")
            continue
        if run_id and status.get("run") != run_id:
            out[rel] = ("not run", None, f"nbval did not run it in this run ({run_id})")
            continue
        if status.get("status") != "passed":
            out[rel] = ("failed", None, f"nbval: {status.get('status')} {status.get('failed_cells', '')}")
            continue
        if status.get("code_hash") != code_hash(nbformat.read(str(nb_path), as_version=4)):
            out[rel] = ("stale", None, "its code changed since nbval ran it")
        elif status.get("fingerprint") != fingerprint:
            out[rel] = ("stale", None, "packages, helpers or the data mode changed since nbval ran it")
        else:
            out[rel] = ("executed", nbformat.read(str(folder / rel), as_version=4), f"{status.get('seconds')} s")
    return out


_BUILT: dict = {}  # this process's build; other processes (xdist workers) reuse it through SHARED


def run_key(config) -> str:
    """Identifies this test run across pytest processes: test.sh's run id, else xdist's, else this process."""
    run = os.environ.get("KERAS_BOOK_RUN_ID") or getattr(config, "workerinput", {}).get("testrunuid")
    return run or f"pid{os.getpid()}"


SHARED = ARTIFACTS / "book-build.json"  # which run built the book at ARTIFACTS / "book-src"


def book_for(config):
    """The built book as (html folder, build log, chapter states, notebooks the build executed): built once per run.

    One build serves every module (tests/book/, tests/browser/) and every xdist worker of stage 2: the
    first process to get the lock builds into _build/test-artifacts/book-src/, the others read it.
    """
    import fcntl

    executed_dir = str(Path(config.getoption("--executed-dir")).resolve())
    key = f"{run_key(config)} {executed_dir}"
    if key not in _BUILT:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with open(ARTIFACTS / "book-build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                shared = json.loads(SHARED.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                shared = {}
            if shared.get("key") == key:
                _BUILT[key] = shared.get("error") or (
                    Path(shared["html"]),
                    (ARTIFACTS / "book-build.log").read_text(encoding="utf-8"),
                    {rel: tuple(v) for rel, v in shared["states"].items()},
                    shared["executed_by_build"],
                )
            else:
                SHARED.unlink(missing_ok=True)
                try:
                    html, log, states, executed_by_build = build_book(ARTIFACTS / "book-src", Path(executed_dir))
                    states = {rel: (state, why) for rel, (state, _, why) in states.items()}
                    _BUILT[key] = (html, log, states, executed_by_build)
                    record = {"key": key, "html": str(html), "states": states, "executed_by_build": executed_by_build}
                except (AssertionError, subprocess.SubprocessError) as exc:  # a failed build is not tried twice
                    _BUILT[key] = str(exc)
                    record = {"key": key, "error": str(exc)}
                SHARED.write_text(json.dumps(record) + "\n", encoding="utf-8")
    if isinstance(_BUILT[key], str):
        pytest.fail(_BUILT[key], pytrace=False)
    return _BUILT[key]


def build_book(src: Path, executed_dir: Path):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(ROOT, src, ignore=IGNORE)
    states = executed_notebooks(executed_dir)
    cache_dir = src / "_build" / ".jupyter_cache"
    cache = get_cache(str(cache_dir))
    for rel, (state, nb, _) in states.items():
        if state == "executed":
            cache.cache_notebook_bundle(
                CacheBundleIn(nb, f"nbval:{rel}", data={"executed_by": "nbval"}), check_validity=False, overwrite=True
            )
    cfg_path = src / "_config.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["execute"].update(
        execute_notebooks="cache",
        cache=str(cache_dir),
        exclude_patterns=[rel for rel, (state, *_) in states.items() if state == "failed"],
    )
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")

    jb = Path(sys.executable).with_name("jupyter-book")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # kernels must draw inline
    start = time.perf_counter()
    proc = subprocess.run(
        [str(jb), "build", str(src), "-W", "-n", "--keep-going"], capture_output=True, text=True, timeout=3000, env=env
    )
    seconds = time.perf_counter() - start
    executed_by_build = sorted(
        Path(r.uri).resolve().relative_to(src.resolve()).as_posix()
        for r in cache.list_cache_records()
        if not r.uri.startswith("nbval:")
    )
    summary = "\n".join(f"  {rel}: {state} ({why})" for rel, (state, _, why) in states.items())
    log = (
        f"notebooks, as nbval left them in this run:\n{summary}\n"
        f"executed by the build: {executed_by_build or 'none'}\nbuild: {seconds:.1f} s\n\n" + proc.stdout + proc.stderr
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "book-build.log").write_text(log, encoding="utf-8")
    print(log.split("\n\n", 1)[0])
    assert proc.returncode == 0, f"the book build failed; see {ARTIFACTS / 'book-build.log'}\n{log[-4000:]}"
    html = src / "_build" / "html"
    dest = ARTIFACTS / "html"  # the pages, kept for people to look at
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(html, dest)
    return html, log, states, executed_by_build


def book_pages(html: Path) -> list[str]:
    """Every content page of a built book, relative to its html folder."""
    skip = {"genindex.html", "search.html"}
    return sorted(
        p.relative_to(html).as_posix()
        for p in html.rglob("*.html")
        if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts
    )
