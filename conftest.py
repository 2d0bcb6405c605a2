"""The notebook side of the test run (nbval), shared by every pytest run in this repository.

1. Keeps what nbval executed. When a notebook's cells have all run and passed under nbval,
   the notebook is written, with the outputs nbval collected, to the executed-notebooks
   folder (default ``_build/test-artifacts/executed/``, option ``--executed-dir``), next to
   a small JSON status: the hash of its code cells and a fingerprint of the environment
   (Python, TensorFlow/Keras/NumPy/Matplotlib versions, the ``helpers`` sources, the data
   mode). The book build of the same run (``tests/_site.py``, tests in ``tests/book/`` and
   ``tests/browser/``, marker ``book``) renders those outputs instead of executing the
   notebooks again: each notebook runs once per run.
   A notebook that failed, or ran only in part, leaves a status saying so and no notebook.
2. Orders the work: notebooks first, the slowest first (from the last run's durations), so
   that the xdist workers finish together; the ``book`` tests last (they read what the
   notebooks produced), except one, put ahead of the other tests: under xdist one worker then
   builds the book while the other runs the rest. Under xdist the ``book`` tests cannot wait
   for the other worker's notebooks: ``scripts/test.sh`` runs them in its second pytest stage,
   and a one-stage xdist run with notebooks skips them with that reason.
3. Marks the tiers: ``notebook`` (nbval's cells), ``book`` (``tests/book/``, ``tests/browser/``),
   ``slow`` (the files and tests in ``SLOW`` below: each takes seconds, TensorFlow in a
   subprocess, training, a fresh virtual environment) and ``quick``: every test in ``tests/``
   and every example in helpers' docstrings that is neither ``slow`` nor ``book``
   (``bash scripts/test.sh --quick``).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "_build" / "test-artifacts"
DURATIONS = ARTIFACTS / "durations.json"

# The built book's tests (stage 2 of scripts/test.sh): they read this run's executed notebooks.
BOOK = ("tests/book/", "tests/browser/")

# helpers' docstring examples (--doctest-modules in pytest.ini): in the quick tier.
DOCTESTS = "helpers/src/helpers/"

# Tests that take more than about a second each (measured): the quick tier leaves them out.
SLOW = (
    "tests/unit/test_colab_install.py",
    "tests/unit/test_fresh_tensorflow.py",
    "tests/unit/test_data_figures.py",
    "tests/unit/test_data_images.py::test_damaged_fashion_cache",
    "tests/unit/test_data_images.py::test_a_wrong_mnist_file_fails_keras_hash_check",
    "tests/unit/test_data_images.py::test_fashion_real_path_reads_files",
    "tests/unit/test_data_standin_size.py::test_benchmark_real_size",
)


def pytest_addoption(parser):
    parser.addoption(
        "--executed-dir",
        default=str(ARTIFACTS / "executed"),
        help="where nbval's executed notebooks are kept for the book build ('' to keep none)",
    )


def pytest_configure(config):
    # The quick tier (`pytest -m quick tests`) runs helpers' doctests too: `tests` brings DOCTESTS along.
    if config.getoption("doctestmodules", False) and any(Path(a).resolve() == ROOT / "tests" for a in config.args):
        config.args.append(str(ROOT / DOCTESTS))
    for line in (
        "notebook: a notebook cell run by nbval (stage 1 of scripts/test.sh)",
        "slow: takes seconds (TensorFlow, training, virtual environments); not in the quick tier",
        "book: builds the book from this run's executed notebooks and checks the pages; runs last",
        "quick: the quick tier (every test in tests/ that is neither slow nor book)",
    ):
        config.addinivalue_line("markers", line)


def _is_cell(item) -> bool:
    return type(item).__name__ == "IPyNbCell"


def _file_of(item) -> str:
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if _is_cell(item):
            item.add_marker(pytest.mark.notebook)
        if item.nodeid.startswith(BOOK):
            item.add_marker(pytest.mark.book)
        if item.nodeid.startswith(SLOW):
            item.add_marker(pytest.mark.slow)
        if (
            not _is_cell(item)
            and item.nodeid.startswith(("tests/", DOCTESTS))
            and not item.get_closest_marker("slow")
            and not item.get_closest_marker("book")
        ):
            item.add_marker(pytest.mark.quick)
    # Order: notebooks (slowest first), other tests (slowest first), the book tests last (but one).
    try:
        last = json.loads(DURATIONS.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        last = {}
    files = list(dict.fromkeys(_file_of(i) for i in items))

    def rank(f):
        first = [i for i in items if _file_of(i) == f][0]
        group = 2 if first.get_closest_marker("book") else (0 if f.endswith(".ipynb") else 1)
        size = (ROOT / f).stat().st_size if f.endswith(".ipynb") and (ROOT / f).exists() else 0
        return group, -float(last.get(f, 0.0)), -size

    order = {f: n for n, f in enumerate(sorted(files, key=rank))}
    items.sort(key=lambda i: order[_file_of(i)])  # stable: cells keep their order within a file
    book = [i for i in items if i.get_closest_marker("book")]
    others = [i for i in items if not _is_cell(i) and not i.get_closest_marker("book")]
    if book and others:
        # One book test first, ahead of the unit and structure tests: under xdist one worker builds the
        # book while the other runs those tests, instead of both waiting for the build.
        items.remove(book[0])
        items.insert(items.index(others[0]), book[0])
    if book and any(_is_cell(i) for i in items) and hasattr(config, "workerinput"):
        reason = (
            "the book tests read this run's executed notebooks, so they run after every notebook: "
            "`bash scripts/test.sh` runs them as its second stage (or run `pytest -m book` afterwards)"
        )
        for item in book:
            item.add_marker(pytest.mark.skip(reason=reason))


# ---------------------------------------------------------------------------
# Keeping what nbval executed


def code_hash(nb) -> str:
    """Hash of what decides a notebook's execution: its code cells (source and metadata) and kernel."""
    cells = [[c.get("source", ""), c.get("metadata", {})] for c in nb["cells"] if c["cell_type"] == "code"]
    blob = json.dumps([nb.get("metadata", {}).get("kernelspec", {}), cells], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:20]


def environment_fingerprint() -> str:
    """What else decides the outputs: interpreter, key packages, helpers' sources, data mode and size."""
    from importlib import metadata

    parts = [sys.version, os.environ.get("KERAS_BOOK_DATA", ""), os.environ.get("KERAS_BOOK_STANDIN_SIZE", "")]
    for dist in ("tensorflow-cpu", "tensorflow", "keras", "numpy", "matplotlib", "pandas", "keras-book-helpers"):
        try:
            parts.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{dist} absent")
    digest = hashlib.sha256("\n".join(parts).encode())
    try:
        import helpers

        src = Path(helpers.__file__).parent
        for f in sorted(src.rglob("*.py")):
            digest.update(f.relative_to(src).as_posix().encode() + b"\0" + f.read_bytes())
    except ImportError:
        digest.update(b"no helpers")
    return digest.hexdigest()[:20]


class _Recorder:
    def __init__(self, config, folder: Path):
        self.config, self.folder = config, folder
        self.cells: dict[str, list] = {}  # notebook nodeid -> [(item, outcome, seconds)]
        self._fingerprint = None

    @property
    def fingerprint(self):
        if self._fingerprint is None:
            self._fingerprint = environment_fingerprint()
        return self._fingerprint

    def paths(self, nodeid: str):
        base = self.folder / nodeid
        return base, base.with_suffix(".json")

    def start(self, parent_id: str):
        """Forget the notebook's last execution; until it finishes, its status says 'running'."""
        nb_path, status_path = self.paths(parent_id)
        nb_path.unlink(missing_ok=True)
        status_path.parent.mkdir(parents=True, exist_ok=True)
        status_path.write_text(
            json.dumps({"notebook": parent_id, "status": "running", "run": os.environ.get("KERAS_BOOK_RUN_ID", "")})
            + "\n",
            encoding="utf-8",
        )
        self.cells[parent_id] = []

    def finish(self, parent):
        nodeid = _file_of(parent)
        ran = self.cells.pop(nodeid, [])
        nb = parent.nb
        n_code = sum(1 for c in nb.cells if c.cell_type == "code")
        failed = [item.name for item, outcome, _ in ran if outcome not in ("passed", "skipped")]
        status = "passed" if not failed and len(ran) == n_code else ("failed" if failed else "incomplete")
        seconds = round(sum(s for *_, s in ran), 1)
        nb_path, status_path = self.paths(nodeid)
        nb_path.parent.mkdir(parents=True, exist_ok=True)
        record = {
            "notebook": nodeid,
            "status": status,
            "run": os.environ.get("KERAS_BOOK_RUN_ID", ""),
            "code_hash": code_hash(nb),
            "fingerprint": self.fingerprint,
            "seconds": seconds,
            "failed_cells": failed,
            "cells_run": len(ran),
            "code_cells": n_code,
            "finished": time.strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if status == "passed":
            import nbformat

            executed = copy.deepcopy(nb)
            by_index = {item.cell_num: item for item, _, _ in ran}
            k = 0
            for cell in executed.cells:
                if cell.cell_type != "code":
                    continue
                item = by_index.get(k)
                ran_cell = item is not None and item.test_outputs is not None  # NBVAL_SKIP cells did not run
                cell.outputs = [nbformat.from_dict(dict(o)) for o in (item.test_outputs if ran_cell else [])]
                for out in cell.outputs:
                    if out.output_type == "execute_result":
                        out.execution_count = k + 1
                cell.execution_count = k + 1 if ran_cell else None
                k += 1
            executed.metadata.setdefault("keras_book", {})["executed_by"] = "nbval"
            tmp = nb_path.with_suffix(".ipynb.part")
            nbformat.write(executed, str(tmp))
            tmp.replace(nb_path)
        status_path.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")


def pytest_sessionstart(session):
    config = session.config
    folder = config.getoption("--executed-dir")
    nbval_on = getattr(config.option, "nbval", False) or getattr(config.option, "nbval_lax", False)
    if folder and nbval_on:
        config._keras_book_recorder = _Recorder(config, Path(folder).resolve())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rec = getattr(item.config, "_keras_book_recorder", None)
    if rec is None or not _is_cell(item):
        return
    report = outcome.get_result()
    parent_id = _file_of(item)
    try:
        if call.when == "setup" and parent_id not in rec.cells:
            rec.start(parent_id)
        if report.failed or call.when == "call" or (call.when == "setup" and report.skipped):
            state = "skipped" if report.skipped else report.outcome
            rec.cells.setdefault(parent_id, []).append((item, state, report.duration))
    except Exception as exc:  # bookkeeping must never break a test run
        item.warn(pytest.PytestWarning(f"could not record the executed notebook: {exc!r}"))


def pytest_runtest_teardown(item, nextitem):
    rec = getattr(item.config, "_keras_book_recorder", None)
    if rec is None or not _is_cell(item):
        return
    if nextitem is None or nextitem.parent is not item.parent:
        try:
            rec.finish(item.parent)
        except Exception as exc:  # the book build then executes this notebook itself
            item.warn(pytest.PytestWarning(f"could not keep the executed notebook: {exc!r}"))


def pytest_sessionfinish(session, exitstatus):
    """Keep each test file's duration (the xdist controller sees every report) for the next run's order."""
    config = session.config
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if hasattr(config, "workerinput") or reporter is None:
        return
    durations: dict[str, float] = {}
    for reports in reporter.stats.values():
        for rep in reports:
            if getattr(rep, "when", None) == "call" and getattr(rep, "nodeid", ""):
                f = rep.nodeid.split("::", 1)[0]
                durations[f] = durations.get(f, 0.0) + rep.duration
    if durations and session.config.rootpath == ROOT:
        try:
            try:
                old = json.loads(DURATIONS.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                old = {}
            old.update({k: round(v, 2) for k, v in durations.items()})
            DURATIONS.parent.mkdir(parents=True, exist_ok=True)
            DURATIONS.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        except OSError:
            pass
