"""The reader's experience of the built book, in a real browser (issue 11).

``test_page_views`` loads every page once, in "both" (the reader's stored choice, 1280 px wide), and
switches it to "ko" and to "en" with the book's own language switch, as a reader does; each view gets
every check wanted for it (issue 10: one load per page; the pages are parameters, heaviest first, so
``--dist load`` spreads them evenly over the workers):

=============  ==========================================================================================
every view     the page is in the chosen mode (``data-book-lang``, ``lang``, the switch's ``aria-pressed``)
               and shows only that mode's language (blocks and page table of contents), every image has
               loaded, figures' alt text follows the reader's language; no console or page error, failed
               request or HTTP error (the load also waits until the network is idle, for late requests)
ko, both       Korean breaks between words (어절), never inside one: ``word-break: keep-all`` and
               ``overflow-wrap`` on every visible Korean block, at 1280 px and on the phone
390-px phone   ("both"; "ko" too on the photographed pages) nothing overflows the screen, an overlong
               token still wraps
ko, then en    after a resize while Korean is shown (the theme then marks the hidden English scrolling
               boxes unfocusable), the switch to "en" leaves every English box that scrolls focusable
1280 px        axe-core (WCAG 2.1 A/AA): no serious or critical violation. In "both", every rule, the
               colour rules (``color-contrast``, ``link-in-text-block``) on one element of each kind
               (CONTRAST_KINDS), after the "ko" and "en" views; in "ko" and "en", the rules whose result
               can follow the mode (MODE_RULES)
en, chapters   each visible link of the page table of contents leads to a visible English heading
=============  ==========================================================================================

Why a switched view shows what a loaded one does: lang-switch.js has one function, ``apply``, that
sets the mode (``data-book-lang`` and ``lang`` on <html>, the figures' alt text and ``lang``, the
switch's ``aria-pressed``); it runs in <head>, again when the document is parsed, and on a click.
The CSS hides the other language from ``data-book-lang``, whenever it is set. What a load does that a
click does not is MathJax's typesetting, and that is why the load is in "both": MathJax sizes a
formula from the metrics of the text around it, which a hidden block does not have, so a formula
typeset while hidden comes out about 11 % small (measured: a page loaded in "ko" and switched to "en"
shows every English formula smaller than a page loaded in "en"). Loaded in "both", nothing is hidden
while MathJax works; a switch then only hides. Measured on every page, loaded in "both" and switched
to "ko", "en" and back to "both", against the same page loaded in that mode: the same page height,
the same box for every language block, table of contents entry and formula, the same alt text,
``lang`` and ``aria-pressed``. The one difference is in a11y.js's name for a scrollable code box
(given once, in the page's language when the box first scrolls: "scrollable code" after a load in
"both", "스크롤되는 코드 · scrollable code" after one in "ko"); axe checks that the box has a name and
is focusable, which both are. ``test_stored_choice_applies_at_load`` keeps that measurement, on a
chapter with figures and formulas: loaded in "ko" and in "en", the page is the one a switch shows.
After each switch the checks wait until a11y.js has made every newly visible scrolling box
focusable (it does so 50 ms after a click on the switch).

The phone: the loaded page is resized to 390 px rather than loaded again. What the phone checks
measure is layout, which the browser lays out again for the new width (media queries included), and
no script reads the width when the page loads (pydata-sphinx-theme.js and sphinx-book-theme.js read
it on a click or a resize, a11y.js on a resize). It runs in "both" on every page: there every block
of either language is shown, and a block is at most as wide as in "ko" or "en" (in "both" each block
has a 3-px rule and 0.9rem of padding on its left, nothing else changes width), so what overflows in
"ko" or "en" overflows in "both" too. In "ko" it runs again on the photographed pages (SHOTS), for
the screenshots.

Why the colour rules run once, in "both": there every text node and link of either language is
visible, and with the same colours as in "ko" or "en". The only CSS rules that depend on the mode
(lang-switch.css and book.css, searched for ``data-book-lang``, ``lang-ko``/``lang-en``, ``:lang`` and
``[lang``; the theme's stylesheets have none) hide the other language, or draw the coloured left rule
of each block and the run card's border (borders, not text); the language switch's pressed and
unpressed buttons (the only colours that follow the mode) show in every mode. ``lang`` changes no colour.
The full run in "both" comes last, after the "ko" and "en" views (the page is switched back to "both"
for it): it marks the elements the colour rules check (CONTRAST_KINDS), and no other view should see
those marks.

Why the other rules run in full once, in "both", and only MODE_RULES in "ko" and "en": a mode changes
the page in two ways. (1) It hides the other language (``display: none`` on its blocks, h2/h3
headings and table of contents entries; no table cell, list item, link or control carries a
language class). axe skips what is hidden, and in "both" nothing is, with the same attributes and a
width no greater (above): every element "ko" or "en" shows is checked there, in the same state.
(2) lang-switch.js sets attribute values: ``lang`` on <html> and on figures' images (the lang rules),
the images' alt text (image-alt, and link-name and button-name, whose names can come from an
image's alt), ``aria-pressed`` "true" or "false" on the switch's buttons (aria-valid-attr-value).
MODE_RULES are those. The other aria rules judge which attributes and roles an element has (allowed,
required, prohibited, valid names and roles), not their values, and no element gains or loses one
with the mode; the other text-alternative rules (role="img", svg, input, area, object) concern
elements whose names the mode does not touch. A run of MODE_RULES costs about a third of a full run
without the colour rules (0.5-0.6 s against 1.5-2.1 s on chapters 1 and 3; 0.2 s of it is building
axe's tree of the page, whatever the rules). label-content-name-mismatch
is left to "both" (0.4 s alone): it compares a control's visible text with its aria-label, and the
controls with one are the theme's (header, sidebars, folded cells), none holding a language block;
the switch's buttons have no aria-label.

Also here: every figure has alt text in both languages (the HTML); Korean search (common nouns find
every page that uses them with any particle or ending, _ext/korean_search.py, run through the search
page's own functions; test_pages checks those agree with what the search box shows); the run card
under each chapter's title agrees with benchmark-results.json and stacks.toml (_ext/run_card.py).

The book is the one the ``book`` fixture builds (tests/conftest.py, once per run, shared with tests/book/).
To check an HTML build you already have, point ``KERAS_BOOK_HTML`` at its folder (e.g. ``_build/html``).
axe-core comes from npm (see README): ``npm install --no-save --prefix _build/node axe-core@4.11.0``
or ``AXE_CORE_JS=/path/to/axe.min.js``. Measurements land in ``_build/test-artifacts/reader/``
(axe.json, korean-search.json, alt-text.json, screenshots/), screenshots of key pages also in
``_build/test-artifacts/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from _book import ARTIFACTS, CHAPTERS, ROOT
from _browser import DESKTOP, OUT, PAGES, PHONE, SEARCH_IN_PAGE, merged, open_page, search_page, settle, write
from playwright.sync_api import TimeoutError as PlaywrightTimeout

AXE = Path(os.environ.get("AXE_CORE_JS", str(ROOT / "_build" / "node" / "node_modules" / "axe-core" / "axe.min.js")))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# label-content-name-mismatch (WCAG 2.5.3) is tagged "experimental" in axe-core, so the tags alone
# leave it out; it is switched on by name.
#: The rules whose result can follow the mode, run in "ko" and "en" too (module docstring): the page's and
#: the figures' ``lang``, the images' alt text and the names that can come from it, aria-pressed's value.
MODE_RULES = [
    "html-has-lang",
    "html-lang-valid",
    "html-xml-lang-mismatch",
    "valid-lang",
    "image-alt",
    "link-name",
    "button-name",
    "aria-valid-attr-value",
]
AXE_RULES = {
    "both": "WCAG 2.1 A/AA tags and label-content-name-mismatch; color-contrast and link-in-text-block on "
    "one element of each kind (see contrast)",
    "ko": "the rules whose result can follow the mode: " + ", ".join(MODE_RULES),
    "en": "the rules whose result can follow the mode: " + ", ".join(MODE_RULES),
}

sys.path.insert(0, str(ROOT / "_ext"))
import korean_search  # noqa: E402
import run_card  # noqa: E402

sys.path.pop(0)


# ---------------------------------------------------------------------------
# 1. Every page, once per view

LANGUAGE = """() => {
  const shown = sel => Array.from(document.querySelectorAll(sel)).filter(
      e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none').length;
  return {mode: document.documentElement.getAttribute('data-book-lang'), lang: document.documentElement.lang,
          pressed: Array.from(document.querySelectorAll('.book-lang-switch button[aria-pressed="true"]'))
              .map(b => b.dataset.lang),
          ko: shown('.lang-ko'), en: shown('.lang-en'), tocKo: shown('.toc-lang-ko'), tocEn: shown('.toc-lang-en'),
          broken: Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)};
}"""

ALT_TEXT = """mode => Array.from(document.querySelectorAll('img[data-alt-ko]')).filter(i => {
    const ko = i.dataset.altKo, en = i.dataset.altEn;
    if (mode === 'both') return i.alt !== ko + ' / ' + en;
    return i.alt !== (mode === 'ko' ? ko : en) || i.lang !== mode; }).map(i => i.src)"""

KOREAN_STYLE = """() => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const els = Array.from(document.querySelectorAll('.lang-ko, [lang="ko"], .lang-ko p, .lang-ko li, .lang-ko td'))
      .filter(shown).filter(e => /[\\uac00-\\ud7a3]/.test(e.textContent));
  const bad = [];
  for (const e of els) {
    const cs = getComputedStyle(e);
    if (cs.wordBreak !== 'keep-all' || !['break-word', 'anywhere'].includes(cs.overflowWrap))
      bad.push(`${e.tagName.toLowerCase()}.${e.className}: `
               + `word-break ${cs.wordBreak}, overflow-wrap ${cs.overflowWrap}`);
  }
  return {checked: els.length, bad: bad.slice(0, 10)};
}"""

OVERFLOW = """() => {
  const root = document.documentElement;
  const blocks = '.bd-article p, .bd-article li, .bd-article h1, .bd-article h2, .bd-article h3';
  const wide = Array.from(document.querySelectorAll(blocks))
      .filter(e => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1)
      .map(e => e.tagName.toLowerCase() + ': ' + e.textContent.trim().slice(0, 40));
  return {page: root.scrollWidth - window.innerWidth, wide: wide.slice(0, 5)};
}"""

LONG_TOKEN = """() => {
  const p = Array.from(document.querySelectorAll('.bd-article div.lang-ko p')).find(e => e.getClientRects().length > 0);
  if (!p) return null;
  const span = document.createElement('span');
  span.textContent = ' 아주긴낱말'.repeat(1) + '가나다라마바사아자차카타파하'.repeat(8)
                     + ' https://example.org/' + 'a'.repeat(120);
  p.appendChild(span);
  const r = {scroll: p.scrollWidth, client: p.clientWidth,
             page: document.documentElement.scrollWidth - window.innerWidth};
  span.remove();
  return r;
}"""

#: [href, does it lead to a visible h2-h4] for each visible link of the page table of contents.
TOC_TARGETS = """() => Array.from(document.querySelectorAll('.bd-toc a[href^="#"]'))
    .filter(a => a.getClientRects().length > 0).map(a => {
      const t = document.getElementById(a.getAttribute('href').slice(1));
      const h = t && (t.matches('h2, h3, h4') ? t : t.querySelector('h2, h3, h4'));
      return [a.getAttribute('href'), !!h && h.getClientRects().length > 0]; })"""

# Screenshots are for people to look at (an artefact, not a check): the first screen of key pages.
#: in Korean and English on the desktop, in _build/test-artifacts/screenshots/
SCREENSHOT_PAGES = ("index.html", "chapters/01_activation_functions_numpy.html", "chapters/04_mnist_classifier.html")
#: in Korean and both, on the desktop and the phone, in _build/test-artifacts/reader/screenshots/
SHOTS = ("index.html", "chapters/06_regularization.html", "chapters/07_learning_rate_schedules.html")

#: a11y.js (the book's accessibility fixes) runs again 300 ms after the load event: axe waits for it.
A11Y_SETTLED = """() => { const n = performance.getEntriesByType('navigation')[0];
                        return !!n && n.loadEventEnd > 0 && performance.now() > n.loadEventEnd + 350; }"""


def require_axe() -> None:
    if not AXE.exists():
        msg = f"axe-core is missing at {AXE}: npm install --no-save --prefix _build/node axe-core@4.11.0"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)


#: Colour contrast, one element of each kind. axe's colour rules cost per element with text (a chapter
#: has 1,500-3,000 besides its code, and its code and output listings thousands of token spans: 8,300
#: in chapter 3), and they were half of all the time axe took. An element's contrast ratio is a
#: function of its colour, size, weight, text-shadow, opacity and filter and of the backgrounds
#: (colour, image, opacity, filter, blend mode) of itself and the elements it sits in; a link's
#: distinction from the text around it (link-in-text-block) of its colour, style, underline and
#: bottom border against its parent's. Elements alike in all of these (``kind``) have the same
#: results. So of every visible link and element with text of its own, one of each kind is marked
#: ``data-book-contrast``, and the colour rules look only at those (axe.configure: the rules'
#: selectors; every other rule sees the whole page, in the same axe run). Code tokens alike but one
#: become plain text first (their text stays; they carry no attribute but their class). What this
#: leaves out: an element that another element overlaps (axe reports those as "incomplete", not as
#: violations). This runs last, after every other check of the page.
CONTRAST_KINDS = """() => {
  const chain = new Map();
  const under = e => {
    if (!e || e.nodeType !== 1) return '';
    if (!chain.has(e)) {
      const cs = getComputedStyle(e);
      chain.set(e, [cs.backgroundColor, cs.backgroundImage, cs.opacity, cs.filter, cs.mixBlendMode].join(' ')
                   + '|' + under(e.parentElement));
    }
    return chain.get(e);
  };
  const looks = cs => [cs.color, cs.fontSize, cs.fontWeight, cs.fontStyle, cs.textShadow, cs.opacity, cs.filter,
                       cs.textDecorationLine, cs.borderBottomStyle, cs.borderBottomWidth].join(' ');
  const kind = e => looks(getComputedStyle(e)) + '|' + (e.parentElement ? looks(getComputedStyle(e.parentElement)) : '')
                    + '|' + under(e);
  // Code tokens alike but one become plain text: the listing keeps its text and layout (measured: no
  // listing changes its scroll size), axe's tree and its grid of the page lose thousands of elements.
  const tokens = new Set(), plain = [];
  for (const s of document.querySelectorAll('pre span')) {
    if (s.firstElementChild) continue;  // a line highlight (hll) holding tokens: kept
    const key = kind(s);
    if (tokens.has(key)) plain.push(s); else tokens.add(key);
  }
  plain.forEach(s => s.replaceWith(s.textContent));  // read everything first: the page is laid out once
  const kinds = new Set(), checked = [];
  let alike = 0;
  for (const e of document.body.querySelectorAll('*')) {
    if (e.tagName !== 'A' && !Array.from(e.childNodes).some(c => c.nodeType === 3 && c.textContent.trim())) continue;
    const r = e.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || getComputedStyle(e).visibility === 'hidden') continue;
    const key = kind(e);
    if (kinds.has(key)) alike++; else { kinds.add(key); checked.push(e); }
  }
  checked.forEach(e => e.setAttribute('data-book-contrast', ''));
  axe.configure({rules: [{id: 'color-contrast', selector: '[data-book-contrast]'},
                         {id: 'link-in-text-block', selector: 'a[data-book-contrast]'}]});
  return {checked: checked.length, same: alike, code_tokens_made_text: plain.length};
}"""


def run_axe(page, rules: str) -> tuple[list[dict], dict | None]:
    """axe-core's violations for ``rules``: "all" (WCAG 2.1 A/AA and label-content-name-mismatch, the
    colour rules on one element of each kind: CONTRAST_KINDS, whose counts are returned) or "mode"
    (MODE_RULES). a11y.js's late run after the load is waited for once, before the first."""
    page.wait_for_function(A11Y_SETTLED)
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(path=str(AXE))
    kinds = None
    if rules == "all":
        kinds = page.evaluate(CONTRAST_KINDS)
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "resultTypes": ["violations"],
            "rules": {"label-content-name-mismatch": {"enabled": True}},
        }
    else:
        options = {"runOnly": {"type": "rule", "values": MODE_RULES}, "resultTypes": ["violations"]}
    return page.evaluate(
        """options => axe.run(document, options)
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                           summary: (n.failureSummary || '').slice(0, 200)}))})))""",
        options,
    ), kinds


def axe_counts(report: dict) -> dict:
    """Nodes per (rule, impact), summed over pages and modes."""
    counts = {}
    for pages in report.values():
        for violations in pages.values():
            for v in violations:
                key = f"{v['id']} ({v['impact']})"
                counts[key] = counts.get(key, 0) + len(v["nodes"])
    return dict(sorted(counts.items()))


def record_axe(rel: str, violations: dict[str, list[dict]], kinds: dict | None) -> None:
    """Into reader/axe.json, shared by the pages of both workers: {counts, rules, violations: {mode:
    {page: […]}}, contrast: {page: {checked, same, code_tokens_made_text}}} (the elements the colour
    rules checked, those left out as alike, the code tokens made plain text: CONTRAST_KINDS)."""
    with merged("axe.json") as data:
        report = data.setdefault("violations", {})
        for mode, found in violations.items():
            report.setdefault(mode, {})[rel] = found
        data.pop("code_tokens", None)  # the older name of "contrast"
        if kinds is not None:
            data.setdefault("contrast", {})[rel] = kinds
        for pages in (*report.values(), data.get("contrast", {})):
            for gone in set(pages) - set(PAGES):
                del pages[gone]
        data["counts"] = axe_counts(report)
        data["rules"] = AXE_RULES


def screenshot(page, rel: str, mode: str, viewport: dict) -> None:
    name = rel.replace("/", "__").removesuffix(".html")
    paths = []
    if viewport is DESKTOP and mode in ("ko", "en") and rel in SCREENSHOT_PAGES:
        paths.append(ARTIFACTS / "screenshots" / f"{name}.{mode}.png")
    if mode in ("ko", "both") and rel in SHOTS:
        paths.append(OUT / "screenshots" / f"{name}.{mode}.{viewport['width']}.png")
    if paths:
        png = page.screenshot()
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png)


#: After a resize: the resize handlers have run, and the theme's transitions (the sidebars slide out
#: of a phone's screen) have ended; a screenshot taken at once catches them halfway.
RESIZED = """() => new Promise(r => requestAnimationFrame(() => r()))
    .then(() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))))"""


def resize(page, viewport: dict) -> None:
    page.set_viewport_size(viewport)
    page.evaluate(RESIZED)


def phone_view(page, rel: str, mode: str) -> list[str]:
    """The same page on a 390-px phone: resized, not loaded again (layout follows the width; neither the
    theme's JavaScript nor ours reads the width when the page loads, see the module docstring)."""
    resize(page, PHONE)
    problems = []
    over = page.evaluate(OVERFLOW)
    if over["page"] > 1 or over["wide"]:
        problems.append(f"page {over['page']} px too wide for the phone; {over['wide']}")
    long = page.evaluate(LONG_TOKEN)
    if long and (long["scroll"] > long["client"] + 1 or long["page"] > 1):
        problems.append(f"an overlong token does not wrap on the phone: {long}")
    style = page.evaluate(KOREAN_STYLE)
    problems += [f"Korean breaks inside words on the phone: {b}" for b in style["bad"]]
    screenshot(page, rel, mode, PHONE)
    return [f"[390 px] {p}" for p in problems]


#: a11y.js's promise after a click on the language switch (it keeps it 50 ms later): every visible box
#: of the article that scrolls, and may, is focusable (its own test, fixScrollables).
SCROLLERS_FOCUSABLE = """() => Array.from(document.querySelectorAll(
      '.bd-article pre, .bd-article .output, .bd-article .table-wrapper')).every(e => {
    if (e.getClientRects().length === 0) return true;
    if (!(e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)) return true;
    const cs = getComputedStyle(e);
    return !/(auto|scroll)/.test(cs.overflowX + ' ' + cs.overflowY) || e.tabIndex >= 0; })"""
#: pydata-sphinx-theme looks at the scrolling boxes 300 ms after a resize (debounced), and sets
#: tabindex="-1" on each that does not scroll then, hidden ones included.
THEME_RESIZE_DEBOUNCE_MS = 300


def switch(page, mode: str) -> list[str]:
    """Click the book's language switch, as a reader does, and wait for a11y.js to finish after it."""
    page.click(f".book-lang-switch button[data-lang='{mode}']")
    try:
        page.wait_for_function(SCROLLERS_FOCUSABLE, timeout=3000)
    except PlaywrightTimeout:
        return ["after the switch a11y.js did not make the newly visible scrolling boxes focusable"]
    return []


def view_problems(page, html: Path, rel: str, mode: str) -> list[str]:
    """The checks of one view at 1280 px (the table, minus the phone and axe); its desktop screenshots."""
    problems = []
    seen = page.evaluate(LANGUAGE)
    if (seen["mode"], seen["lang"], seen["pressed"]) != (mode, "ko" if mode == "ko" else "en", [mode]):
        problems.append(f"data-book-lang {seen['mode']!r}, lang {seen['lang']!r}, pressed {seen['pressed']}")
    ko, en = seen["ko"], seen["en"]
    if not {"ko": ko > 0 and en == 0, "en": ko == 0 and en > 0, "both": ko > 0 and en > 0}[mode]:
        problems.append(f"visible Korean blocks {ko}, English blocks {en}")
    other = {"ko": seen["tocEn"], "en": seen["tocKo"]}.get(mode)
    if other:
        problems.append(f"{other} table-of-contents entries of the other language show")
    problems += [f"image did not load: {src}" for src in seen["broken"]]
    if "data-alt-ko" in (html / rel).read_text(encoding="utf-8"):
        problems += [f"alt text not in the reader's language: {src}" for src in page.evaluate(ALT_TEXT, mode)]
    if mode in ("ko", "both"):
        style = page.evaluate(KOREAN_STYLE)
        problems += [f"Korean breaks inside words: {b}" for b in style["bad"]]
        if not style["checked"]:
            problems.append("no visible Korean block")
    if mode == "en" and rel.startswith("chapters/"):
        targets = page.evaluate(TOC_TARGETS)
        if not targets:
            problems.append("the page table of contents is empty")
        problems += [f"TOC link {href} does not lead to a visible English heading" for href, ok in targets if not ok]
    screenshot(page, rel, mode, DESKTOP)
    return problems


def axe_problems(violations: list[dict]) -> list[str]:
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']}; {n['target']} {n['html']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
        for n in v["nodes"]
    ]


#: The pages, heaviest first (by the size of their source, which follows the size of the page): a
#: chapter's views cost 4-10 times index's or the glossary's, and ``--dist load`` hands the tests out in
#: this order, so that no worker is left with a chapter when the other has finished.
HEAVIEST_FIRST = sorted(
    PAGES, key=lambda rel: -(ROOT / rel).with_suffix(".ipynb" if rel.startswith("chapters/") else ".md").stat().st_size
)


@pytest.mark.parametrize("rel", HEAVIEST_FIRST)
def test_page_views(html, base, chromium, rel):
    """Every check of the table, on one load of the page: "both" as loaded, then "ko" and "en" by the
    language switch, then "both" again for axe's full run (it marks the elements the colour rules check)."""
    require_axe()
    context, page, errors = open_page(chromium, f"{base}/{rel}", "both", DESKTOP)
    problems, violations, reported = [], {}, 0

    def axe(mode: str, rules: str):
        # the page's own requests and errors so far; axe's come during its run and are left out (it
        # fetches the stylesheets again to read them, resolving @import "basic.css" against the
        # wrong folder: a 404 of axe, not the book)
        nonlocal reported
        problems.extend(f"[{mode}] {e}" for e in errors[reported:])
        found, kinds = run_axe(page, rules)
        reported = len(errors)
        violations.setdefault(mode, []).extend(found)
        problems.extend(f"[{mode}] {p}" for p in axe_problems(found))
        return kinds

    try:
        problems += [f"[both] {p}" for p in view_problems(page, html, rel, "both")]
        problems += [f"[both] {p}" for p in phone_view(page, rel, "both")]
        resize(page, DESKTOP)
        settle(page)
        problems += [f"[ko] {p}" for p in switch(page, "ko") + view_problems(page, html, rel, "ko")]
        if rel in SHOTS:
            problems += [f"[ko] {p}" for p in phone_view(page, rel, "ko")]
            resize(page, DESKTOP)
        # A reader resizes the window (or turns the phone) while reading Korean: the theme then looks at
        # the scrolling boxes, the hidden English ones too (tabindex -1). The switch to "en" must still
        # leave every English box that scrolls focusable (a11y.js; switch()). axe runs meanwhile.
        resized = time.monotonic()
        page.evaluate("() => window.dispatchEvent(new Event('resize'))")
        axe("ko", "mode")
        page.wait_for_timeout(max(0, THEME_RESIZE_DEBOUNCE_MS + 100 - 1000 * (time.monotonic() - resized)))
        problems += [f"[en] {p}" for p in switch(page, "en") + view_problems(page, html, rel, "en")]
        axe("en", "mode")
        problems += [f"[both] {p}" for p in switch(page, "both")]
        seen = page.evaluate(LANGUAGE)
        if (seen["mode"], seen["pressed"], seen["ko"] > 0 and seen["en"] > 0) != ("both", ["both"], True):
            problems.append(f"[both] switching back: data-book-lang {seen['mode']!r}, pressed {seen['pressed']}")
        kinds = axe("both", "all")
        problems += [f"[both] {e}" for e in errors[reported:]]
        record_axe(rel, violations, kinds)
    finally:
        context.close()
    assert not problems, f"{rel}:\n" + "\n".join(problems[:30])


#: What a reader sees of a page at 1280 px: the mode, the page's height, the box of every language block,
#: table of contents entry and formula (null if hidden), every image's alt text and lang.
VIEW = """() => { const box = e => { if (e.getClientRects().length === 0) return null;
    const b = e.getBoundingClientRect(); return [Math.round(b.width * 10) / 10, Math.round(b.height * 10) / 10]; };
  const root = document.documentElement;
  return {mode: root.getAttribute('data-book-lang'), lang: root.lang, height: root.scrollHeight,
    pressed: Array.from(document.querySelectorAll('.book-lang-switch button')).map(b => b.getAttribute('aria-pressed')),
    blocks: Array.from(document.querySelectorAll('.lang-ko, .lang-en, .toc-lang-ko, .toc-lang-en')).map(box),
    formulas: Array.from(document.querySelectorAll('mjx-container')).map(box),
    images: Array.from(document.images).map(i => [i.alt, i.getAttribute('lang')])}; }"""
#: A chapter with figures (alt text that follows the mode) and formulas (typeset by MathJax at the load).
LOADED = "chapters/04_mnist_classifier.html"
#: MathJax has finished the redraw the switch asked for (lang-switch.js: rerender from the metrics).
MATH_REDRAWN = """() => { const d = window.MathJax && MathJax.startup && MathJax.startup.document;
  return !!d && Array.from(d.math).every(m => m.state() >= MathJax._.core.MathItem.STATE.INSERTED); }"""


def first_differences(loaded, switched):
    """Where two measurements of VIEW differ: the first few differing items of a list, or both values."""
    if not isinstance(loaded, list) or len(loaded) != len(switched):
        return loaded, switched
    return [(a, b) for a, b in zip(loaded, switched, strict=True) if a != b][:5]


def test_stored_choice_applies_at_load(base, chromium):
    """The load path of test_page_views' switched views: a page loaded with "ko" or "en" stored shows
    what the same page shows when a reader who loaded it in the other language, or in "both", switches
    to that mode (module docstring). Formulas typeset while their block was hidden must be redrawn at
    their true size once the switch shows them (_static/lang-switch.js). Two loads: each is measured,
    switched to the other language (measured), to "both" and back (measured)."""
    views, problems = {}, []
    for mode in ("ko", "en"):
        other = "en" if mode == "ko" else "ko"
        context, page, errors = open_page(chromium, f"{base}/{LOADED}", mode, DESKTOP)
        try:
            views[mode, "loaded"] = page.evaluate(VIEW)
            problems += switch(page, other)
            page.wait_for_function(MATH_REDRAWN)
            views[other, f"a switch from {mode!r}"] = page.evaluate(VIEW)
            problems += switch(page, "both") + switch(page, mode)
            views[mode, "a switch from 'both'"] = page.evaluate(VIEW)
        finally:
            context.close()
        problems += errors
    for mode in ("ko", "en"):
        loaded = views[mode, "loaded"]
        pressed = ["true" if b == mode else "false" for b in ("ko", "en", "both")]
        assert (loaded["mode"], loaded["lang"], loaded["pressed"]) == (mode, mode, pressed), loaded
        for (shown, how), switched in views.items():
            if shown != mode or how == "loaded":
                continue
            differ = {k: first_differences(loaded[k], switched[k]) for k in loaded if loaded[k] != switched[k]}
            assert not differ, f"{LOADED} loaded in {mode!r} (left) is not what {how} shows: {differ}"
    assert not problems, problems


# ---------------------------------------------------------------------------
# 2. The figures' alt text


class Images(HTMLParser):
    """The content images of a page, each with its attributes and the notebook cell it is in."""

    VOID = {"img", "br", "hr", "meta", "link", "input", "source", "wbr", "area", "col", "embed", "param", "track"}

    def __init__(self):
        super().__init__()
        self.stack, self.images = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        cell = next((int(c[len("book-cell-") :]) for c in classes if c.startswith("book-cell-")), None)
        if tag == "img":
            cells = [c for _, c in self.stack if c is not None]
            if "_images/" in (a.get("src") or ""):
                self.images.append(dict(a, cell=cells[-1] if cells else None))
        elif tag not in self.VOID:
            self.stack.append((tag, cell))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break


def content_images(page: Path) -> list[dict]:
    p = Images()
    p.feed(page.read_text(encoding="utf-8"))
    return p.images


PATHLIKE = re.compile(r"(^|/)[^\s/]+\.(png|jpe?g|svg|gif)$|^\.\./|_images/|^[0-9a-f]{16,}", re.I)


def alt_problem(img: dict) -> str | None:
    alt, ko, en = ((img.get(k) or "").strip() for k in ("alt", "data-alt-ko", "data-alt-en"))
    if not alt or PATHLIKE.search(alt):
        return f"alt is {alt!r}"
    if not ko or not en or PATHLIKE.search(ko) or PATHLIKE.search(en):
        return "no Korean and English alt text (cell metadata book.figure.alt)"
    if not korean_search.HANGUL.search(ko):
        return f"the Korean alt text has no Hangul: {ko!r}"
    return None


def test_every_figure_has_alt_text_in_both_languages(html):
    missing, total = [], 0
    for nb in CHAPTERS:
        page = html / "chapters" / nb.with_suffix(".html").name
        for img in content_images(page):
            total += 1
            why = alt_problem(img)
            if why:
                missing.append(f"{nb.name} cell {img['cell']}: {why}")
    write("alt-text.json", {"images": total, "without_alt_text": len(missing), "missing": missing})
    assert total > 0
    assert not missing, f"{len(missing)} of {total} figures lack bilingual alt text:\n" + "\n".join(missing)


# ---------------------------------------------------------------------------
# 3. Korean search

#: Common nouns of the book (glossary terms and the everyday words of training). Each must occur
#: in the book; the test measures, over all of them, the share of (noun, page) pairs found.
NOUNS = [
    "과대적합",
    "기울기",
    "모델",
    "규제",
    "학습률",
    "손실",
    "가중치",
    "검증",
    "정확도",
    "옵티마이저",
    "에포크",
    "배치",
    "드롭아웃",
    "데이터",
    "레이블",
    "뉴런",
    "편향",
    "도함수",
    "그레이디언트",
    "시그모이드",
    "소프트맥스",
    "초기화",
    "스케줄",
    "출력",
    "입력",
    "예측",
    "훈련",
    "층",
    "함수",
    "미분",
]
MIN_RECALL = 0.95


class ArticleText(HTMLParser):
    """The text of a page's article (what the search index holds), without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.depth, self.skip, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag not in Images.VOID:
                self.depth += 1
        elif tag in ("article",) or "bd-article" in cls:
            self.depth = 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1
        if self.depth and tag not in Images.VOID:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def uses(words: list[str], noun: str) -> bool:
    """The page uses the noun: some word of it (as the index splits words) begins with it."""
    return any(w.startswith(noun) for w in words)


def paths(hrefs) -> set[str]:
    """The pages result links point to, as book pages ("chapters/04_….html")."""
    return {urlparse(h).path.lstrip("./") for h in hrefs}


def particle(noun: str) -> str:
    last = ord(noun[-1]) - 0xAC00
    return "을" if last % 28 else "를"


def test_korean_nouns_find_every_page_that_uses_them(html, base, chromium):
    """Every query runs through the search page's own _parseQuery and _performSearch (what the search
    box runs, minus drawing the list); test_pages.test_search_finds_english_and_korean_terms shows,
    through the search box, that the two give the same results."""
    words = {}  # each page's words, split once (splitting is most of this test's own time)
    for rel in PAGES:
        p = ArticleText()
        p.feed((html / rel).read_text(encoding="utf-8"))
        words[rel] = korean_search.split_words(" ".join(p.parts))
    queries = [q for noun in NOUNS for q in (noun, noun + particle(noun))]
    context, page, errors = search_page(chromium, base)
    results = dict(zip(queries, page.evaluate(SEARCH_IN_PAGE, queries), strict=True))
    context.close()
    assert not errors, errors
    rows, hits, expected = [], 0, 0
    for noun in NOUNS:
        truth = {rel for rel, page_words in words.items() if uses(page_words, noun)}
        assert truth, f"{noun} is on no page: pick nouns the book uses"
        for query in (noun, noun + particle(noun)):
            found = paths(results[query])
            got = truth & found
            hits, expected = hits + len(got), expected + len(truth)
            rows.append(
                {
                    "query": query,
                    "pages": len(truth),
                    "found": len(got),
                    "missed": sorted(truth - found),
                    "extra": sorted(found - truth),
                }
            )
    recall = hits / expected
    write(
        "korean-search.json",
        {"recall": round(recall, 4), "found": hits, "expected": expected, "nouns": NOUNS, "queries": rows},
    )
    missed = [f"{r['query']}: missed {r['missed']}" for r in rows if r["missed"]]
    assert recall >= MIN_RECALL, f"recall {recall:.3f} < {MIN_RECALL}:\n" + "\n".join(missed)


def test_search_stemmer_is_the_same_in_python_and_javascript(html, base, chromium):
    """The search page's JavaScript stems and splits Korean exactly as the index builder did."""
    words = [
        "과대적합을",
        "과대적합입니다",
        "모델에서는",
        "모델들의",
        "정확도를",
        "기울기가",
        "학습률이",
        "규제합니다",
        "드롭아웃으로",
        "층",
        "ReLU를",
        "x_test를",
        "10개의",
        "훈련되었습니다",
        "나이",
    ]
    context, page, errors = open_page(chromium, f"{base}/search.html")
    js = page.evaluate(
        """ws => ws.map(w => { const s = new Stemmer();
        return splitQuery(w).map(t => s.stemWord(t.toLowerCase())); })""",
        words,
    )
    context.close()
    lang = korean_search.SearchKoreanEnglish({})
    py = [[lang.stem(t).lower() for t in lang.split(w)] for w in words]
    assert js == py
    assert not errors, errors


# ---------------------------------------------------------------------------
# 4. Run cards


class RunCard(HTMLParser):
    def __init__(self):
        super().__init__()
        self.card, self.order, self.text, self.inside = None, [], {"ko": [], "en": []}, None
        self.in_article = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article" or "bd-article" in (a.get("class") or "").split():
            self.in_article = True
        if tag == "aside" and "run-card" in (a.get("class") or "").split():
            self.card = a
            self.order.append("card")
        elif tag in ("h1", "h2") and self.in_article:
            self.order.append(tag)
        if self.card is not None and tag == "div" and a.get("lang") in ("ko", "en"):
            self.inside = a["lang"]

    def handle_endtag(self, tag):
        if tag == "aside":
            self.inside = None

    def handle_data(self, data):
        if self.inside:
            self.text[self.inside].append(data)


def test_run_card_agrees_with_the_benchmark_and_the_tested_range(html):
    results = run_card.benchmark(ROOT)
    versions = run_card.tested_range(ROOT)
    standin, real = run_card.sizes()
    problems = []
    for nb in CHAPTERS:
        page = html / "chapters" / nb.with_suffix(".html").name
        p = RunCard()
        p.feed(page.read_text(encoding="utf-8"))
        card, name = p.card, nb.name
        if card is None:
            problems.append(f"{name}: no run card")
            continue
        if p.order[:2] != ["h1", "card"]:
            problems.append(f"{name}: the run card is not right under the title: {p.order[:4]}")
        ko, en = (" ".join(p.text[k]) for k in ("ko", "en"))
        seconds = run_card.chapter_seconds(results, name)
        if seconds is None:
            if card.get("data-seconds") or "not measured" not in en:
                problems.append(
                    f"{name}: no time in {run_card.RESULTS}, but the card says {card.get('data-seconds')!r}"
                )
        else:
            s = round(seconds)
            if card.get("data-seconds") != f"{seconds:g}" or f"{s} s" not in en or f"{s}초" not in ko:
                problems.append(f"{name}: the card's time disagrees with {run_card.RESULTS} ({seconds} s): {en!r}")
        for lib in ("tensorflow", "keras"):
            lo, hi = versions[lib]
            if card.get(f"data-{lib}") != f"{lo} {hi}" or lo not in en or hi not in en or lo not in ko or hi not in ko:
                problems.append(f"{name}: {lib} {lo}–{hi} ({versions['source']}) is not what the card says: {en!r}")
        code = "\n".join(
            "".join(c["source"])
            for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"
        )
        for key in run_card.data_sets(code):
            for n in (standin[key], real[key]):
                shown = f"{n[0]:,} + {n[1]:,}" if isinstance(n, tuple) else f"{n:,}"
                if shown not in en or shown not in ko:
                    problems.append(f"{name}: data size {shown} of {key} missing from the card")
        loads = any(k in code for k in ("load_mnist", "load_fashion_mnist", "load_thoracic"))
        if not loads and "no data set" not in en:
            problems.append(f"{name}: the card names a data set the chapter does not load")
        if "GPU" not in en or "GPU" not in ko:
            problems.append(f"{name}: the card does not say whether a GPU helps")
    assert not problems, "\n".join(problems)


def test_every_chapter_has_a_measured_time():
    results = run_card.benchmark(ROOT)
    missing = [nb.name for nb in CHAPTERS if run_card.chapter_seconds(results, nb.name) is None]
    assert not missing, f"no time in {run_card.RESULTS} for {missing}"
