"""The built book in a real browser (Playwright driving Debian's chromium): every page loads
cleanly in every language mode, the choice persists, the page TOC and search work.

The reader's experience (line breaking, accessibility, Korean search, alt text) is in test_reader.py.
"""
import shutil

import pytest

from _book import ARTIFACTS
from _site import book_pages

MODES = ("ko", "en", "both")


def open_page(browser, url, mode=None):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    if mode:
        context.add_init_script(f"localStorage.setItem('keras-book-lang', '{mode}')")
    page = context.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    # net::ERR_ABORTED is the browser dropping a request because we navigated on (not a server
    # failure: a missing or broken file shows as an HTTP status below)
    page.on("requestfailed", lambda r: "ERR_ABORTED" not in str(r.failure)
            and problems.append(f"request failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.goto(url, wait_until="networkidle")
    return context, page, problems


VISIBLE = """sel => Array.from(document.querySelectorAll(sel)).filter(
    e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none').length"""
BROKEN_IMAGES = """() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"""


# Screenshots are for people to look at (an artefact, not a check): the first screen of a few
# key pages, in Korean and in English. Every page is still loaded and checked in every mode.
SCREENSHOT_PAGES = ("index.html", "chapters/01_activation_functions_numpy.html", "chapters/04_mnist_classifier.html")


def test_every_page_in_every_language(html, base, chromium):
    """Each page loads cleanly, every image loads, and each mode shows only its language
    (Korean and English on every page, both languages on the key pages)."""
    shots = ARTIFACTS / "screenshots"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    problems = []
    for mode in MODES:
        context, page, errors = open_page(chromium, f"{base}/{book_pages(html)[0]}", mode)
        for rel in book_pages(html):
            if mode == "both" and rel not in SCREENSHOT_PAGES:
                continue  # "both" shows what "ko" and "en" showed: checked on the key pages only
            errors.clear()
            # the first mode waits until the network is idle (late requests, e.g. MathJax's, are checked);
            # the other modes load the same resources again, so the load event is enough
            page.goto(f"{base}/{rel}", wait_until="networkidle" if mode == MODES[0] else "load")
            problems += [f"{rel} [{mode}]: {e}" for e in errors]
            broken = page.evaluate(BROKEN_IMAGES)
            problems += [f"{rel} [{mode}]: image did not load: {src}" for src in broken]
            assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == mode
            assert page.evaluate("document.documentElement.lang") == ("ko" if mode == "ko" else "en")
            ko, en = page.evaluate(VISIBLE, ".lang-ko"), page.evaluate(VISIBLE, ".lang-en")
            expected = {"ko": (ko > 0, en == 0), "en": (ko == 0, en > 0), "both": (ko > 0, en > 0)}[mode]
            if not all(expected):
                problems.append(f"{rel} [{mode}]: visible Korean blocks {ko}, English blocks {en}")
            toc_hidden = page.evaluate(VISIBLE, ".toc-lang-en" if mode == "ko" else ".toc-lang-ko")
            if mode != "both" and toc_hidden:
                problems.append(f"{rel} [{mode}]: {toc_hidden} table-of-contents entries of the other language show")
            if mode != "both" and rel in SCREENSHOT_PAGES:
                name = rel.replace("/", "__").removesuffix(".html")
                page.screenshot(path=str(shots / f"{name}.{mode}.png"))
        context.close()
    assert not problems, "\n".join(problems[:40])
    assert len(list(shots.glob("*.png"))) == 2 * len([p for p in SCREENSHOT_PAGES if (html / p).exists()])


def test_language_choice_persists_across_pages(html, base, chromium):
    pages = book_pages(html)
    context, page, errors = open_page(chromium, f"{base}/{pages[0]}")
    page.click(".book-lang-switch button[data-lang='ko']")
    assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == "ko"
    page.goto(f"{base}/{pages[-1]}", wait_until="networkidle")
    assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == "ko"
    assert page.evaluate("document.querySelector(\".book-lang-switch button[data-lang='ko']\")"
                         ".getAttribute('aria-pressed')") == "true"
    page.click(".book-lang-switch button[data-lang='en']")
    page.reload(wait_until="networkidle")
    assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == "en"
    context.close()
    assert not errors, errors


def test_page_toc_links_reach_their_headings(html, base, chromium):
    context, page, _ = open_page(chromium, f"{base}/index.html", "en")
    for rel in book_pages(html):
        if not rel.startswith("chapters/"):
            continue
        page.goto(f"{base}/{rel}", wait_until="load")
        hrefs = page.evaluate("Array.from(document.querySelectorAll('.bd-toc a[href^=\"#\"]'))"
                              ".filter(a => a.getClientRects().length > 0).map(a => a.getAttribute('href'))")
        assert hrefs, f"{rel}: the page table of contents is empty"
        for href in hrefs:
            heading = page.evaluate(
                """id => { const t = document.getElementById(id);
                           const h = t && (t.matches('h2, h3, h4') ? t : t.querySelector('h2, h3, h4'));
                           return !!h && h.getClientRects().length > 0; }""", href[1:])
            assert heading, f"{rel}: TOC link {href} does not lead to a visible English heading"
    context.close()


@pytest.mark.parametrize("query, page", [("sigmoid", "01_activation_functions_numpy"),
                                         ("시그모이드", "01_activation_functions_numpy"),
                                         ("negative_slope", "02_activations_in_keras")])
def test_search_finds_english_and_korean_terms(base, chromium, query, page):
    """Sphinx search: English terms, and Korean words as written (see README, "Search")."""
    from urllib.parse import quote

    context, pg, errors = open_page(chromium, f"{base}/search.html?q={quote(query)}")
    pg.wait_for_function("document.querySelector('#search-results p.search-summary') !== null", timeout=15000)
    hrefs = pg.evaluate("Array.from(document.querySelectorAll('#search-results ul.search li a'))"
                        ".map(a => a.getAttribute('href'))")
    context.close()
    assert any(page in h for h in hrefs), f"searching {query!r} did not find {page}: {hrefs}"
    assert not errors, errors
