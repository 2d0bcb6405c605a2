"""The book builds from clean with `jupyter-book build . -W -n --keep-going`, and the pages hold up.

The build runs in a fresh copy of the sources, so no earlier build can hide a failing
notebook, and the maintainer's own _build/ is left alone. `stderr_output: error` in
_config.yml makes anything a notebook writes to stderr fail the build.
"""
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from _book import CHAPTERS, ROOT

IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "artifacts", "__pycache__", "*.egg-info",
                                ".ipynb_checkpoints", ".pytest_cache")


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    src = tmp_path_factory.mktemp("book") / "src"
    shutil.copytree(ROOT, src, ignore=IGNORE)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jb), "build", str(src), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, timeout=3000)
    log = proc.stdout + proc.stderr
    artifacts = ROOT / "tests" / "artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / "book-build.log").write_text(log, encoding="utf-8")
    assert proc.returncode == 0, f"the book build failed; see tests/artifacts/book-build.log\n{log[-4000:]}"
    html = src / "_build" / "html"
    yield html, log
    dest = artifacts / "html"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(html, dest)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs, self.ids, self.lang_blocks = [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.refs.append(("a", a["href"]))
        if tag in ("img", "script") and a.get("src"):
            self.refs.append((tag, a["src"]))
        if tag == "link" and a.get("href"):
            self.refs.append(("link", a["href"]))
        first_class = (a.get("class") or "").split()[:1]
        if tag in ("div", "h2", "h3", "h4") and first_class and first_class[0] in ("lang-ko", "lang-en"):
            self.lang_blocks.append((first_class[0], a.get("lang")))


def parse(page: Path) -> Links:
    p = Links()
    p.feed(page.read_text(encoding="utf-8"))
    return p


def test_build_is_clean(book):
    _, log = book
    assert not re.search(r"\bWARNING: ", log), "the build printed Sphinx warnings"
    assert "Glyph" not in log and "missing from font" not in log


def test_every_chapter_has_a_page_with_both_languages(book):
    html, _ = book
    for nb in CHAPTERS:
        page = html / nb.relative_to(ROOT).with_suffix(".html")
        assert page.exists(), f"no page for {nb.name}"
        blocks = parse(page).lang_blocks
        assert ("lang-ko", "ko") in blocks and ("lang-en", "en") in blocks, f"{nb.name}: no language blocks"
        wrong = [b for b in blocks if b[1] != b[0][-2:]]
        assert not wrong, f"{nb.name}: blocks with a wrong or missing lang attribute: {wrong[:5]}"
        leftover = re.findall(r'<div class="lang-(?:ko|en)" lang="(?:ko|en)">', text)
        assert not leftover, f"{nb.name}: raw language markers were not turned into containers"
        text = page.read_text(encoding="utf-8")
        assert "lang-switch.js" in text and "lang-switch.css" in text
        assert re.search(r"<img[^>]+src=\"[^\"]*_images/[^\"]+\.png\"", text), f"{nb.name}: no figure"


def test_internal_links_and_images_resolve(book):
    html, _ = book
    problems = []
    pages = sorted(html.rglob("*.html"))
    ids = {p.resolve(): parse(p).ids for p in pages}
    for page in pages:
        if page.parent.name in ("_static", "_sources") or "_static" in page.parts:
            continue
        for tag, ref in parse(page).refs:
            url = urlparse(ref)
            if url.scheme or ref.startswith(("//", "mailto:", "data:", "javascript:")):
                if tag == "img" and not ref.startswith("data:"):
                    problems.append(f"{page.name}: hot-linked image {ref}")
                continue
            target = (page.parent / unquote(url.path)).resolve() if url.path else page
            if not target.exists():
                problems.append(f"{page.relative_to(html)}: broken {tag} {ref}")
            elif url.fragment and target.suffix == ".html" and url.fragment not in ids.get(target, set()):
                problems.append(f"{page.relative_to(html)}: missing anchor {ref}")
    assert not problems, "\n".join(problems[:30])
