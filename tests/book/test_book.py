"""The built book (the ``book`` fixture, tests/_site.py): a clean build, and pages that hold up as files.

The browser tests of the same pages are in tests/browser/.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from _book import CHAPTERS, ROOT
from _site import book_pages


def test_each_notebook_executed_once(book):
    """The build rendered nbval's execution of this run; it executed none of those notebooks again."""
    _, log, states, executed_by_build = book
    # (index.md and glossary.md are MyST pages with code cells that nbval does not run: the build runs them)
    again = [rel for rel in executed_by_build if states.get(rel, ("",))[0] == "executed"]
    assert not again, f"the build executed notebooks nbval had already executed: {again}"
    failed = {rel: why for rel, (state, why) in states.items() if state == "failed"}
    assert not failed, f"these chapters failed under nbval in this run, so their pages have no outputs: {failed}"


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
    log = book[1]
    assert not re.search(r"\bWARNING: ", log), "the build printed Sphinx warnings"
    assert "Glyph" not in log and "missing from font" not in log


def test_every_chapter_has_a_page_with_both_languages(book):
    html, _, states, _ = book
    for nb in CHAPTERS:
        page = html / nb.relative_to(ROOT).with_suffix(".html")
        assert page.exists(), f"no page for {nb.name}"
        blocks = parse(page).lang_blocks
        assert ("lang-ko", "ko") in blocks and ("lang-en", "en") in blocks, f"{nb.name}: no language blocks"
        wrong = [b for b in blocks if b[1] != b[0][-2:]]
        assert not wrong, f"{nb.name}: blocks with a wrong or missing lang attribute: {wrong[:5]}"
        text = page.read_text(encoding="utf-8")
        leftover = re.findall(r'<div class="lang-(?:ko|en)" lang="(?:ko|en)">', text)
        assert not leftover, f"{nb.name}: raw language markers were not turned into containers"
        assert "lang-switch.js" in text and "lang-switch.css" in text
        draws = "plt.show()" in nb.read_text(encoding="utf-8")
        if (
            draws and states[nb.relative_to(ROOT).as_posix()][0] != "failed"
        ):  # a chapter that draws must show its figures (an Agg kernel would show none)
            assert re.search(r"<img[^>]+src=\"[^\"]*_images/[^\"]+\.png\"", text), f"{nb.name}: no figure"


def test_internal_links_and_images_resolve(book):
    html = book[0]
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


def test_language_switch_script_runs_before_the_body(book):
    """No flash of the other language: the switch is a blocking script in <head>."""
    html = book[0]
    for page in book_pages(html):
        text = (html / page).read_text(encoding="utf-8")
        head = text.split("<body", 1)[0]
        tag = re.search(r"<script[^>]*lang-switch\.js[^>]*>", head)
        assert tag, f"{page}: lang-switch.js is not in <head>"
        assert "defer" not in tag.group(0) and "async" not in tag.group(0), f"{page}: {tag.group(0)}"
        assert re.search(r"<link[^>]*lang-switch\.css", head), f"{page}: lang-switch.css is not in <head>"
