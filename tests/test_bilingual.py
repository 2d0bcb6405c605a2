"""Every Korean block has an English twin with the same headings, math, code references and links."""
import pytest

from _book import (CHAPTERS, MARKDOWN_PAGES, BilingualError, chapter_pairs, page_blocks,
                   parity_problems, read_notebook, split_bilingual)

KO = '<div class="lang-ko" lang="ko">\n\n{}\n\n</div>'
EN = '<div class="lang-en" lang="en">\n\n{}\n\n</div>'


def cell(ko, en):
    return KO.format(ko) + "\n\n" + EN.format(en)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_every_markdown_cell_is_bilingual(path):
    nb = read_notebook(path)
    problems = []
    for i, c in enumerate(nb.cells):
        if c.cell_type == "markdown" and i > 0:
            try:
                split_bilingual(c.source)
            except BilingualError as exc:
                problems.append(f"cell {i}: {exc}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_twins_match(path):
    problems = [f"cell {i}: {p}" for i, ko, en in chapter_pairs(path) for p in parity_problems(ko, en)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("page", MARKDOWN_PAGES, ids=lambda p: p.name)
def test_markdown_page_twins_match(page):
    pairs = page_blocks(page.read_text(encoding="utf-8"))
    assert pairs, f"{page.name} has no language blocks"
    problems = [f"block {i}: {p}" for i, (ko, en) in enumerate(pairs) for p in parity_problems(ko, en)]
    assert not problems, "\n".join(problems)


# The checks above must be able to fail: each broken cell below must be caught.

def test_twin_with_matching_content_passes():
    ko, en = split_bilingual(cell("## 1. 시그모이드\n\n값 $\\sigma(x)$와 `np.exp`를 씁니다.",
                                  "## 1. Sigmoid\n\nIt uses $\\sigma(x)$ and `np.exp`."))
    assert parity_problems(ko, en) == []


@pytest.mark.parametrize("source, message", [
    (KO.format("## 1. 시그모이드"), "one Korean block then one English block"),
    (EN.format("## 1. Sigmoid") + "\n\n" + KO.format("## 1. 시그모이드"), "one Korean block then one English block"),
    (cell("한국어", "English") + "\n\nstray text", "outside the language blocks"),
    ("Just English, no blocks.", "no language block"),
    ('<div class="lang-ko" lang="en">\n\n한국어\n\n</div>\n\n' + EN.format("English"), "lang attribute"),
    (KO.format("한국어") + "\n\n" + KO.format("또 한국어"), "one Korean block then one English block"),
])
def test_malformed_cells_are_rejected(source, message):
    with pytest.raises(BilingualError, match=message):
        split_bilingual(source)


@pytest.mark.parametrize("ko, en, message", [
    ("## 1. 시그모이드", "## 2. Sigmoid", "headings differ"),
    ("## 1. 시그모이드\n\n### 1.1 도함수", "## 1. Sigmoid", "headings differ"),
    ("$$\\sigma(x)$$ 입니다", "$$\\sigma(-x)$$ here", "display math differs"),
    ("$x$와 $y$", "$x$ only", "inline math differs"),
    ("`keras.ops`를 씁니다", "We use `keras.backend`", "code references differ"),
    ("[문서](https://keras.io/a)", "[docs](https://keras.io/b)", "link targets differ"),
    ("English only", "English", "no Hangul"),
    ("한국어", "English with 한글", "contains Hangul"),
])
def test_parity_problems_are_found(ko, en, message):
    assert any(message in p for p in parity_problems(ko, en)), parity_problems(ko, en)
