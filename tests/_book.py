"""What the book's structure tests share: paths, config, and the bilingual-cell parser."""

from __future__ import annotations

import functools
import os
import re
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import tomllib
import yaml

ROOT = Path(__file__).resolve().parents[1]
#: Build and test artefacts (screenshots, build log, built pages, executed notebooks): git-ignored,
#: under _build/ so that pytest never collects them (pytest.ini: norecursedirs).
ARTIFACTS = ROOT / "_build" / "test-artifacts"
#: Where the root conftest.py keeps the notebooks nbval executed in this run.
EXECUTED = ARTIFACTS / "executed"
CHAPTER_DIR = ROOT / "chapters"
CHAPTERS = sorted(CHAPTER_DIR.glob("[0-9][0-9]_*.ipynb"))
MARKDOWN_PAGES = [ROOT / "index.md", ROOT / "glossary.md"]

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_BLOCK = re.compile(r'<div class="lang-(?P<lang>ko|en)" lang="(?P<attr>[a-z]+)">\n\n(?P<body>.*?)\n\n</div>', re.S)


class BilingualError(ValueError):
    """A markdown cell that does not follow the bilingual convention."""


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def repository_url() -> str:
    return config()["repository"]["url"].rstrip("/")


def helpers_version() -> str:
    meta = tomllib.loads((ROOT / "helpers" / "pyproject.toml").read_text(encoding="utf-8"))
    return meta["project"]["version"]


def github_slug(url: str | None = None) -> str:
    url = url or repository_url()
    m = re.fullmatch(r"https://github\.com/([^/]+/[^/]+)", url)
    if not m:
        raise ValueError(f"repository.url must look like https://github.com/OWNER/REPO, got {url!r}")
    return m.group(1)


def expected_colab_cell() -> str:
    """The exact first code cell of every chapter."""
    return (
        "# Colab에서만 helpers를 설치합니다 · On Colab only: install the book's helpers\n"
        "import sys\n"
        "\n"
        'if "google.colab" in sys.modules:\n'
        f'    %pip install -q "keras-book-helpers @ git+{repository_url()}@v{helpers_version()}'
        '#subdirectory=helpers"'
    )


def expected_badge_url(notebook: Path) -> str:
    branch = config()["repository"].get("branch", "main")
    rel = notebook.resolve().relative_to(ROOT).as_posix()
    return f"https://colab.research.google.com/github/{github_slug()}/blob/{branch}/{rel}"


def read_notebook(path: Path):
    return nbformat.read(str(path), as_version=4)


def split_bilingual(source: str) -> tuple[str, str]:
    """Split a bilingual markdown cell into its (Korean, English) bodies.

    The cell must be exactly one Korean block then one English block, with nothing
    outside them but blank lines. Raises BilingualError saying what is wrong.
    """
    text = source.strip("\n")
    blocks = list(_BLOCK.finditer(text))
    if not blocks:
        raise BilingualError("no language block: expected a Korean and an English <div> block")
    rest = _BLOCK.sub("", text).strip()
    if rest:
        raise BilingualError(f"text outside the language blocks: {rest[:60]!r}")
    for b in blocks:
        if b.group("attr") != b.group("lang"):
            raise BilingualError(f"lang attribute {b.group('attr')!r} on a lang-{b.group('lang')} block")
    langs = [b.group("lang") for b in blocks]
    if langs != ["ko", "en"]:
        raise BilingualError(f"expected one Korean block then one English block, got {langs}")
    ko, en = (b.group("body") for b in blocks)
    for name, body in (("Korean", ko), ("English", en)):
        if "<div" in body or "</div>" in body:
            raise BilingualError(f"the {name} block contains a nested or unclosed <div>")
        if not body.strip():
            raise BilingualError(f"the {name} block is empty")
    return ko, en


def page_blocks(markdown: str) -> list[tuple[str, str]]:
    """All (Korean, English) pairs of a MyST markdown page, in order."""
    pairs, text = [], markdown
    blocks = list(_BLOCK.finditer(text))
    langs = [b.group("lang") for b in blocks]
    if langs != ["ko", "en"] * (len(langs) // 2) or len(langs) % 2:
        raise BilingualError(f"blocks must alternate Korean, English; got {langs}")
    for i in range(0, len(blocks), 2):
        pairs.append((blocks[i].group("body"), blocks[i + 1].group("body")))
    return pairs


_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
_INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$")
_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_LINK = re.compile(r"\]\(([^)\s]+)\)|href=\"([^\"]+)\"")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)


def without_fences(md: str) -> str:
    return _FENCE.sub("", md)


def headings(md: str) -> list[tuple[int, str]]:
    return [(len(h), t.strip()) for h, t in _HEADING.findall(without_fences(md))]


def heading_signature(md: str) -> list[tuple[int, str]]:
    """Heading levels and their numbers (``1.2``), the part that must match between twins."""
    sig = []
    for level, title in headings(md):
        m = re.match(r"(\d+(?:\.\d+)*)\.?\s", title + " ")
        sig.append((level, m.group(1) if m else ""))
    return sig


def display_math(md: str) -> list[str]:
    return [m.strip() for m in _DISPLAY_MATH.findall(md)]


def inline_math(md: str) -> list[str]:
    rest = _DISPLAY_MATH.sub("", md)
    rest = _CODE.sub("", rest)
    return sorted(m.strip() for m in _INLINE_MATH.findall(rest))


def code_refs(md: str) -> list[str]:
    return sorted(_CODE.findall(without_fences(md)))


def links(md: str) -> list[str]:
    return sorted({a or b for a, b in _LINK.findall(md)})


def prose(md: str) -> str:
    """The text a reader reads: without code, math and URLs."""
    text = without_fences(md)
    text = _DISPLAY_MATH.sub(" ", text)
    text = _CODE.sub(" ", text)
    text = _INLINE_MATH.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return text


def parity_problems(ko: str, en: str) -> list[str]:
    """Everything that differs between a Korean block and its English twin."""
    problems = []
    if not HANGUL.search(prose(ko)):
        problems.append("the Korean block has no Hangul")
    if HANGUL.search(en):
        problems.append(f"the English block contains Hangul: {HANGUL.findall(en)[:5]}")
    if heading_signature(ko) != heading_signature(en):
        problems.append(f"headings differ: {headings(ko)} vs {headings(en)}")
    if display_math(ko) != display_math(en):
        problems.append(f"display math differs: {display_math(ko)} vs {display_math(en)}")
    if inline_math(ko) != inline_math(en):
        problems.append(f"inline math differs: {inline_math(ko)} vs {inline_math(en)}")
    if code_refs(ko) != code_refs(en):
        problems.append(f"code references differ: {code_refs(ko)} vs {code_refs(en)}")
    if links(ko) != links(en):
        problems.append(f"link targets differ: {links(ko)} vs {links(en)}")
    return problems


def chapter_pairs(path: Path) -> list[tuple[int, str, str]]:
    """(cell index, Korean, English) for every markdown cell after the title cell."""
    nb = read_notebook(path)
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and i > 0:
            ko, en = split_bilingual(cell.source)
            out.append((i, ko, en))
    return out


def korean_texts() -> dict[str, list[str]]:
    """{page name: [Korean blocks]} for every chapter and markdown page."""
    texts = {p.name: [ko for _, ko, _ in chapter_pairs(p)] for p in CHAPTERS}
    for page in MARKDOWN_PAGES:
        texts[page.name] = [ko for ko, _ in page_blocks(page.read_text(encoding="utf-8"))]
    return texts


# ---------------------------------------------------------------------------
# The built book in a real browser: Playwright driving Debian's chromium (no browser download).
# One copy for test_book, test_reader and test_reader_ext.

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_chromium() -> None:
    """Skip the calling test without chromium; under CI, fail instead (.ci/run installs it)."""
    import pytest

    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {CHROMIUM} is missing (.ci/run installs it)")
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free localhost port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextmanager
def launch_chromium():
    """Debian's chromium, headless, started by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
