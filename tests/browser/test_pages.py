"""The built book in a real browser (Playwright driving Debian's chromium): the language choice
persists, search works through the search box, and the pages checked are the book's.

Every page in every language mode (loads cleanly, images, visible language, page table of contents),
and the reader's experience (line breaking, accessibility, alt text, Korean search), are checked in
test_reader.py, on one load of each page (in "both", switched to "ko" and "en" by the language switch).
"""

from urllib.parse import quote

import pytest
from _browser import PAGES, SEARCH_DISPLAYED, SEARCH_FINISHED, SEARCH_IN_PAGE, open_page
from _site import book_pages


def test_every_built_page_is_checked(html):
    """test_reader.test_page_views takes its pages from the sources: they are the built book's pages."""
    assert PAGES == book_pages(html)


def test_language_choice_persists_across_pages(base, chromium):
    """A choice made on one page holds on the next and after a reload. The two lightest pages: every page
    reads the stored choice with the same script in its <head> (test_reader checks each page's modes)."""
    context, page, errors = open_page(chromium, f"{base}/glossary.html")
    page.click(".book-lang-switch button[data-lang='ko']")
    assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == "ko"
    page.goto(f"{base}/index.html", wait_until="load")
    assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == "ko"
    assert (
        page.evaluate(
            "document.querySelector(\".book-lang-switch button[data-lang='ko']\").getAttribute('aria-pressed')"
        )
        == "true"
    )
    page.click(".book-lang-switch button[data-lang='en']")
    page.reload(wait_until="load")
    assert page.evaluate("document.documentElement.getAttribute('data-book-lang')") == "en"
    context.close()
    assert not errors, errors


@pytest.mark.parametrize(
    "query, page",
    [
        ("sigmoid", "01_activation_functions_numpy"),
        ("시그모이드", "01_activation_functions_numpy"),
        ("negative_slope", "02_activations_in_keras"),
    ],
)
def test_search_finds_english_and_korean_terms(base, chromium, query, page):
    """Sphinx search through the search box: English terms, and Korean words as written (see README,
    "Search"). The search page's own functions, which test_reader's Korean search test calls for its
    60 queries, give exactly the links the search box shows."""
    context, pg, errors = open_page(chromium, f"{base}/search.html?q={quote(query)}")
    pg.wait_for_function(SEARCH_FINISHED, timeout=15000)
    shown = pg.evaluate(SEARCH_DISPLAYED)
    (direct,) = pg.evaluate(SEARCH_IN_PAGE, [query])
    context.close()
    assert any(page in h for h in shown), f"searching {query!r} did not find {page}: {shown}"
    assert sorted(direct) == sorted(shown), f"{query!r}: the search functions give {direct}, the page shows {shown}"
    assert not errors, errors
