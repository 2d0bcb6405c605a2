"""The reader extensions on a tiny book: bilingual figure alt text and captions, Korean search stems.

A two-page Sphinx project (MyST-NB, no execution: the notebook carries its output) is built with
_ext/bilingual.py and _ext/korean_search.py and the book's _static files, in a few seconds.
The whole book is checked by tests/browser/test_reader.py; this shows the mechanisms work before the
chapters have their figure metadata.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
import pytest
from _book import ROOT

pytestmark = pytest.mark.slow

# A 2x2 PNG.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000020000000208060000007b4c3b9f0000001549444154789c63f8cf"
        "c0f09f8181818101c8000000ffff03000e1e03f9a8a8c3b10000000049454e44ae426082"
    )
).decode()

ALT = {
    "ko": "검증 손실이 에포크 10 이후 다시 오르는 학습 곡선",
    "en": "Learning curves: validation loss rises again after epoch 10",
}
CAPTION = {"ko": "과대적합이 시작되는 곳", "en": "Where overfitting starts"}


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 1. 그림 · Figures"),
        nbformat.v4.new_markdown_cell(
            '<div class="lang-ko" lang="ko">\n\n모델이 과대적합되는 모습을 그림으로 봅니다. '
            '학습률을 바꾸면 기울기가 달라집니다.\n\n</div>\n<div class="lang-en" lang="en">\n\n'
            "We look at the model overfitting.\n\n</div>"
        ),
    ]
    for meta in ({"book": {"figure": {"alt": ALT, "caption": CAPTION}}}, {}):
        cell = nbformat.v4.new_code_cell("plot()", metadata=meta)
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
        nb.cells.append(cell)
    return nb


@pytest.fixture(scope="module")
def mini_book(tmp_path_factory):
    from sphinx.cmd.build import build_main

    src = tmp_path_factory.mktemp("minibook")
    shutil.copytree(ROOT / "_static", src / "_static")
    nbformat.write(_notebook(), str(src / "figures.ipynb"))
    (src / "index.md").write_text("# Index\n\n```{toctree}\nfigures\n```\n", encoding="utf-8")
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "extensions = ['myst_nb', 'bilingual', 'korean_search']\n"
        "nb_execution_mode = 'off'\n"
        "language = 'en'\n"
        "html_static_path = ['_static']\n"
        "html_css_files = ['lang-switch.css', 'book.css']\n"
        "html_js_files = ['lang-switch.js', 'a11y.js']\n"
        "exclude_patterns = ['_build']\n",
        encoding="utf-8",
    )
    out = src / "_build" / "html"
    code = build_main(["-b", "html", "-q", "-W", "-E", str(src), str(out)])
    assert code == 0, "the mini book did not build"
    return out


def _images(page: Path) -> list[str]:
    return re.findall(r"<img [^>]*>", page.read_text(encoding="utf-8"))


def test_figure_metadata_gives_bilingual_alt_and_caption(mini_book):
    imgs = _images(mini_book / "figures.html")
    assert len(imgs) == 2
    with_meta, without = imgs
    assert f'alt="{ALT["en"]}"' in with_meta and 'lang="en"' in with_meta
    assert f'data-alt-ko="{ALT["ko"]}"' in with_meta and f'data-alt-en="{ALT["en"]}"' in with_meta
    assert "data-alt-ko" not in without and ".png" in re.search(r'alt="([^"]*)"', without).group(1), (
        "an image without metadata keeps its file name as alt text, so that the book test reports it"
    )
    page = (mini_book / "figures.html").read_text(encoding="utf-8")
    assert re.search(rf'<p class="lang-ko[^"]*" lang="ko">{CAPTION["ko"]}</p>', page)
    assert re.search(rf'<p class="lang-en[^"]*" lang="en">{CAPTION["en"]}</p>', page)
    assert re.search(r'class="[^"]*book-cell-2\b', page) and re.search(r'class="[^"]*book-cell-3\b', page)


def test_korean_words_are_indexed_without_particles(mini_book):
    text = (mini_book / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(text[text.index("(") + 1 : text.rindex(")")])["terms"]
    for stem in ("모델", "과대적합", "학습률", "기울기", "overfit"):
        assert stem in terms, f"{stem} is not in the index: {sorted(terms)[:40]}"
    for inflected in ("모델이", "과대적합되는", "학습률을", "기울기가"):
        assert inflected not in terms


def test_alt_text_follows_the_chosen_language(mini_book, chromium):
    from _book import serve

    browser = chromium
    seen = {}
    with serve(mini_book) as base:
        url = f"{base}/figures.html"
        for mode in ("ko", "en", "both"):
            context = browser.new_context()
            context.add_init_script(f"localStorage.setItem('keras-book-lang', '{mode}')")
            page = context.new_page()
            page.goto(url, wait_until="networkidle")
            seen[mode] = page.evaluate(
                "() => { const i = document.querySelector('img[data-alt-ko]');"
                " return [i.alt, i.getAttribute('lang')]; }"
            )
            captions = page.evaluate(
                "() => Array.from(document.querySelectorAll('.book-figure-caption p'))"
                ".filter(p => p.getClientRects().length > 0).map(p => p.lang)"
            )
            assert captions == {"ko": ["ko"], "en": ["en"], "both": ["ko", "en"]}[mode]
            page.click(
                ".book-lang-switch button[data-lang='en']"
                if mode == "ko"
                else ".book-lang-switch button[data-lang='ko']"
            )
            seen[mode + "->switched"] = page.evaluate(
                "() => { const i = document.querySelector('img[data-alt-ko]');"
                " return [i.alt, i.getAttribute('lang')]; }"
            )
            context.close()
    assert seen["ko"] == [ALT["ko"], "ko"]
    assert seen["en"] == [ALT["en"], "en"]
    assert seen["both"] == [f"{ALT['ko']} / {ALT['en']}", None]
    assert seen["ko->switched"] == [ALT["en"], "en"] and seen["en->switched"] == [ALT["ko"], "ko"]


def test_run_card_states_the_measured_time_and_both_ends(tmp_path):
    """The card is generated from the results file and stacks.toml (here: made-up ones)."""
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        import run_card
    finally:
        sys.path.pop(0)
    (tmp_path / "benchmark-results.json").write_text(
        json.dumps(
            {
                "machine": "box 2 cores, Python 3.11",
                "data_mode": "standin",
                "standin_size": "default",
                "chapters": {"04_x.ipynb": {"seconds": 41.6, "stderr_outputs": 0}},
            }
        ),
        encoding="utf-8",
    )
    (tmp_path / "stacks.toml").write_text(
        '[newest]\ntensorflow-cpu = "2.21.0"\nkeras = "3.15.1"\n'
        '[oldest]\ntensorflow-cpu = "2.19.*"\nkeras = "3.10.*"\n',
        encoding="utf-8",
    )
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = data.load_mnist()\nmodel.fit(x)")]
    nbformat.write(nb, str(tmp_path / "04_x.ipynb"))
    card = run_card.card_html(run_card.card_facts(tmp_path, tmp_path / "04_x.ipynb"))
    assert 'data-seconds="41.6"' in card and "about 42 s (2-core CPU" in card and "약 42초 (2코어 CPU" in card
    assert "TensorFlow 2.19 – 2.21.0, Keras 3.10 – 3.15.1" in card
    assert "60,000 + 10,000" in card and "12,000 + 2,000" in card
    (tmp_path / "other.ipynb").write_text((tmp_path / "04_x.ipynb").read_text(encoding="utf-8"), encoding="utf-8")
    assert "not measured yet" in run_card.card_html(run_card.card_facts(tmp_path, tmp_path / "other.ipynb"))
