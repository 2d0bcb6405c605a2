"""What the browser tests share: the pages to open, one way to open them, and the artefact files.

Opening a page: ``wait_until="load"`` (every image, stylesheet and script of the page, MathJax's
included, since its script is ``defer``), then ``ready()``: the specific late things a check can
see, i.e. MathJax's first typeset and the web fonts (both change the layout). Waiting for the
network to be idle costs at least 0.5 s a page and waits for nothing else; it is kept once per page
(``settle()``, after the first view of test_reader.test_page_views) to catch a late request that
fails (a MathJax component or font).
"""

from __future__ import annotations

import fcntl
import json
from contextlib import contextmanager

from _book import ARTIFACTS, CHAPTERS, MARKDOWN_PAGES

OUT = ARTIFACTS / "reader"
MODES = ("ko", "en", "both")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: Every content page, known from the sources (so that pytest can parametrize before the book is
#: built); test_pages.test_every_built_page_is_checked compares it with the built book.
PAGES = sorted(
    [p.with_suffix(".html").name for p in MARKDOWN_PAGES]
    + [f"chapters/{nb.with_suffix('.html').name}" for nb in CHAPTERS]
)

READY = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await new Promise(r => requestAnimationFrame(() => r()));
  await document.fonts.ready;
}"""


def open_page(browser, url=None, mode=None, viewport=DESKTOP):
    """A fresh context (no stored choice but ``mode``), its page, and the list its problems go to:
    console errors, page errors, failed requests and HTTP errors, from the first request on."""
    context = browser.new_context(viewport=viewport, locale="en-US")
    if mode:
        context.add_init_script(f"localStorage.setItem('keras-book-lang', '{mode}')")
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # net::ERR_ABORTED is the browser dropping a request because we navigated on or closed the page
    # (not a server failure: a missing or broken file shows as an HTTP status below)
    page.on(
        "requestfailed",
        lambda r: "ERR_ABORTED" not in str(r.failure) and problems.append(f"request failed: {r.url} {r.failure}"),
    )
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    if url:
        page.goto(url, wait_until="load")
        ready(page)
    return context, page, problems


def ready(page) -> None:
    """MathJax has typeset the page and the fonts it uses have loaded."""
    page.evaluate(READY)


def settle(page) -> None:
    """Wait until the network has been idle for 500 ms (late requests have been made and answered).
    Called after a view's checks, which take longer than that, so it rarely waits."""
    page.wait_for_load_state("networkidle")


def write(name: str, data) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@contextmanager
def merged(name: str):
    """Read-modify-write of one artefact by the views of both xdist workers: yields its data (a
    dict, empty the first time), written back when the block ends, under a file lock."""
    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / f".{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        path = OUT / name
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        yield data
        write(name, data)


#: Sphinx's search (searchtools.js, Sphinx 7.4) run in the search page itself, without the display:
#: the same _parseQuery (our Korean splitter and stemmer, _ext/korean_search.py) and _performSearch
#: the search box runs, one list of result links (as the page would write them) per query.
SEARCH_IN_PAGE = """queries => queries.map(q => Search._performSearch(...Search._parseQuery(q))
    .map(([docname, title, anchor]) => docname + DOCUMENTATION_OPTIONS.LINK_SUFFIX + anchor))"""
#: The links the search page displayed (once its status line says the search has finished).
SEARCH_DISPLAYED = """() => Array.from(document.querySelectorAll('#search-results ul.search li > a'))
    .map(a => a.getAttribute('href'))"""
SEARCH_FINISHED = "() => (document.querySelector('#search-results p.search-summary')?.innerText || '') !== ''"


def search_page(browser, base):
    """The search page with its index loaded, ready for SEARCH_IN_PAGE."""
    context, page, problems = open_page(browser, f"{base}/search.html")
    page.wait_for_function("() => Search.hasIndex()", timeout=20000)
    return context, page, problems
