"""Notebook hygiene and the chapter template, as CONTRIBUTING.md describes them."""

import re

import nbformat
import pytest
import yaml
from _book import (
    CHAPTERS,
    ROOT,
    config,
    expected_badge_url,
    expected_colab_cell,
    headings,
    read_notebook,
    repository_url,
    split_bilingual,
)

CHECK_MARK = "# NBVAL_CHECK_OUTPUT"
KERAS2 = [
    (re.compile(r"\blr\s*="), "lr= (use learning_rate=)"),
    (re.compile(r"\binput_dim\s*="), "input_dim= (use keras.Input(shape=...))"),
    (re.compile(r"\binput_shape\s*="), "input_shape= (use keras.Input(shape=...))"),
    (re.compile(r"\.hdf5\b"), ".hdf5 (use .weights.h5 or .keras)"),
    (re.compile(r"keras\.backend\b|from keras import backend"), "keras.backend (use keras.ops)"),
    (re.compile(r"tf\.keras\.experimental"), "tf.keras.experimental (use keras.optimizers.schedules)"),
]
KERAS2_DEMO_MARK = "# keras2-demo"


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = []

    def walk(entries):
        for e in entries or []:
            if "file" in e:
                files.append(e["file"])
            walk(e.get("sections"))
            for part in e.get("parts", []):
                walk(part.get("chapters"))

    walk(toc.get("chapters"))
    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return files


def test_there_are_chapters():
    assert CHAPTERS, "no notebooks found in chapters/"


def test_toc_lists_every_chapter_and_only_existing_files():
    listed = toc_files()
    chapters = [p.relative_to(ROOT).with_suffix("").as_posix() for p in CHAPTERS]
    missing = sorted(set(chapters) - set(listed))
    assert not missing, f"chapters missing from _toc.yml: {missing}"
    for f in listed:
        assert any((ROOT / f).with_suffix(s).exists() for s in (".ipynb", ".md")), (
            f"_toc.yml lists {f}, which does not exist"
        )


def test_repository_url_is_a_github_url():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository_url())
    assert config()["launch_buttons"]["colab_url"] == "https://colab.research.google.com"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_notebook_is_valid_with_python3_kernel(path):
    nb = read_notebook(path)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in nb.metadata, "widget state is committed"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_outputs_except_checked_cells(path):
    problems = []
    for i, cell in enumerate(read_notebook(path).cells):
        if cell.cell_type != "code":
            if cell.get("attachments"):
                problems.append(f"cell {i}: markdown attachments are committed")
            continue
        checked = cell.source.startswith(CHECK_MARK)
        if checked and (not cell.outputs or cell.execution_count is None):
            problems.append(f"cell {i}: marked {CHECK_MARK} but has no committed output to compare")
        if not checked and (cell.outputs or cell.execution_count is not None):
            problems.append(f"cell {i}: outputs or an execution count are committed")
        if checked and any(o.get("output_type") == "stream" and o.get("name") == "stderr" for o in cell.outputs):
            problems.append(f"cell {i}: a checked cell must not expect stderr")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_title_cell_has_one_h1_and_the_colab_badge(path):
    nb = read_notebook(path)
    title = nb.cells[0]
    assert title.cell_type == "markdown" and title.source.startswith("# "), "the first cell must be the H1 title"
    h1 = [t for c in nb.cells if c.cell_type == "markdown" for lvl, t in headings(c.source) if lvl == 1]
    assert len(h1) == 1, f"expected exactly one H1, found {h1}"
    assert " · " in h1[0], "the H1 carries both languages, joined by ' · '"
    badge = re.search(r'<a class="colab-badge" href="([^"]+)">', title.source)
    assert badge, "the title cell has no Colab badge link"
    assert badge.group(1) == expected_badge_url(path)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_setup_cells(path):
    cells = code_cells(read_notebook(path))
    assert cells[0].source == expected_colab_cell(), "the first code cell must be the Colab install cell"
    assert "helpers.setup(" in cells[1].source, "the second code cell must call helpers.setup()"
    before = cells[0].source + cells[1].source.split("helpers.setup(")[0]
    assert not re.search(r"^\s*(import|from)\s+(tensorflow|keras)\b", before, re.M), (
        "TensorFlow/Keras must not be imported before helpers.setup()"
    )
    late = [
        i
        for i, c in enumerate(cells[3:], start=3)
        if re.search(r"^\s*(import\s+\w|from\s+[\w.]+\s+import)", c.source, re.M)
    ]
    assert not late, f"imports belong in the Setup cells; code cells {late} import again"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_template_sections(path):
    nb = read_notebook(path)
    h2_ko, h2_en = [], []
    for c in nb.cells[1:]:
        if c.cell_type == "markdown":
            ko, en = split_bilingual(c.source)
            h2_ko += [t for lvl, t in headings(ko) if lvl == 2]
            h2_en += [t for lvl, t in headings(en) if lvl == 2]
    assert h2_en[:2] == ["Learning goals", "Setup"], h2_en[:2]
    assert h2_ko[:2] == ["학습 목표", "준비"], h2_ko[:2]
    assert h2_en[-2:] == ["Summary", "Exercises"], h2_en[-2:]
    assert h2_ko[-2:] == ["요약", "연습 문제"], h2_ko[-2:]
    middle = h2_en[2:-2]
    assert middle and all(re.match(r"\d+\. ", t) for t in middle), f"numbered sections expected: {middle}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_no_keras2_apis_in_code(path):
    problems = []
    for i, cell in enumerate(code_cells(read_notebook(path))):
        if KERAS2_DEMO_MARK in cell.source:
            continue
        for pattern, what in KERAS2:
            if pattern.search(cell.source):
                problems.append(f"code cell {i}: {what}")
    assert not problems, "\n".join(problems)


def test_book_config_keeps_the_build_strict():
    execute = config()["execute"]
    assert execute["stderr_output"] in ("warn", "error", "severe"), "stray stderr must fail the build"
    assert execute["allow_errors"] is False, "an error in a notebook must fail the build"
