"""The reader's experience of the built book, in a real browser (issue 11).

- Korean breaks between words (어절), never inside one: ``word-break: keep-all`` on every Korean
  block in the 한국어 and both modes, and an overlong token still wraps on a 390-px phone.
- Accessibility: axe-core with the WCAG 2.1 A/AA rules over every page, in Korean and English:
  no serious or critical violation. Every figure has alt text in the reader's language.
- Korean search: common nouns find every page that uses them with any particle or ending
  (_ext/korean_search.py), measured on the real search page.
- The run card under each chapter's title agrees with benchmark-results.json and stacks.toml
  (_ext/run_card.py).

The book is the one the ``book`` fixture builds (tests/conftest.py, once per run, shared with tests/book/).
To check an HTML build you already have, point ``KERAS_BOOK_HTML`` at its folder (e.g. ``_build/html``).
axe-core comes from npm (see README): ``npm install --no-save --prefix _build/node axe-core@4.11.0``
or ``AXE_CORE_JS=/path/to/axe.min.js``. Measurements land in ``_build/test-artifacts/reader/``.
"""
from __future__ import annotations

import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from _book import ARTIFACTS, CHAPTERS, ROOT
from _site import book_pages

OUT = ARTIFACTS / "reader"
AXE = Path(os.environ.get("AXE_CORE_JS", str(ROOT / "_build" / "node" / "node_modules" / "axe-core" / "axe.min.js")))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# label-content-name-mismatch (WCAG 2.5.3) is tagged "experimental" in axe-core, so the tags alone
# leave it out; it is switched on by name.
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

sys.path.insert(0, str(ROOT / "_ext"))
import korean_search  # noqa: E402
import run_card  # noqa: E402

sys.path.pop(0)


pages_of = book_pages  # every content page of the built book (one definition, in test_book)


def new_page(browser, mode=None, viewport=DESKTOP):
    context = browser.new_context(viewport=viewport, locale="en-US")
    if mode:
        context.add_init_script(f"localStorage.setItem('keras-book-lang', '{mode}')")
    return context, context.new_page()


def write(name: str, data) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------
# 1. Korean line breaking

KOREAN_STYLE = """() => {
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const els = Array.from(document.querySelectorAll('.lang-ko, [lang="ko"], .lang-ko p, .lang-ko li, .lang-ko td'))
      .filter(shown).filter(e => /[\\uac00-\\ud7a3]/.test(e.textContent));
  const bad = [];
  for (const e of els) {
    const cs = getComputedStyle(e);
    if (cs.wordBreak !== 'keep-all' || !['break-word', 'anywhere'].includes(cs.overflowWrap))
      bad.push(`${e.tagName.toLowerCase()}.${e.className}: word-break ${cs.wordBreak}, overflow-wrap ${cs.overflowWrap}`);
  }
  return {checked: els.length, bad: bad.slice(0, 10)};
}"""

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = Array.from(document.querySelectorAll('.bd-article p, .bd-article li, .bd-article h1, .bd-article h2, .bd-article h3'))
      .filter(e => e.getClientRects().length > 0 && e.scrollWidth > e.clientWidth + 1)
      .map(e => e.tagName.toLowerCase() + ': ' + e.textContent.trim().slice(0, 40));
  return {page: root.scrollWidth - window.innerWidth, wide: wide.slice(0, 5)};
}"""

LONG_TOKEN = """() => {
  const p = Array.from(document.querySelectorAll('.bd-article div.lang-ko p')).find(e => e.getClientRects().length > 0);
  if (!p) return null;
  const span = document.createElement('span');
  span.textContent = ' 아주긴낱말'.repeat(1) + '가나다라마바사아자차카타파하'.repeat(8) + ' https://example.org/' + 'a'.repeat(120);
  p.appendChild(span);
  const r = {scroll: p.scrollWidth, client: p.clientWidth, page: document.documentElement.scrollWidth - window.innerWidth};
  span.remove();
  return r;
}"""


SHOTS = ("index.html", "chapters/06_regularization.html", "chapters/07_learning_rate_schedules.html")


@pytest.mark.parametrize("mode", ["ko", "both"])
def test_korean_breaks_between_words(html, base, chromium, mode):
    """Every visible Korean block keeps its words whole, and nothing overflows a 390-px phone."""
    problems, checked = [], 0
    shots = OUT / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    # The computed style does not depend on the width: every page is checked on the phone, and
    # two pages are also photographed on the desktop (for people to look at).
    for viewport in (DESKTOP, PHONE):
        context, page = new_page(chromium, mode, viewport)
        for rel in pages_of(html):
            if viewport is DESKTOP and rel not in SHOTS:
                continue
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            style = page.evaluate(KOREAN_STYLE)
            checked += style["checked"]
            problems += [f"{rel} [{mode}, {viewport['width']} px]: {b}" for b in style["bad"]]
            if viewport is PHONE:
                over = page.evaluate(OVERFLOW)
                if over["page"] > 1 or over["wide"]:
                    problems.append(f"{rel} [{mode}, phone]: page {over['page']} px too wide; {over['wide']}")
                long = page.evaluate(LONG_TOKEN)
                if long and (long["scroll"] > long["client"] + 1 or long["page"] > 1):
                    problems.append(f"{rel} [{mode}, phone]: an overlong token does not wrap: {long}")
            if rel in SHOTS:
                name = f"{rel.replace('/', '__').removesuffix('.html')}.{mode}.{viewport['width']}.png"
                page.screenshot(path=str(shots / name))
        context.close()
    assert checked > 0, "no visible Korean block was found"
    assert not problems, "\n".join(problems[:30])


# ---------------------------------------------------------------------------
# 2. Accessibility: axe-core, and the figures' alt text

def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                                      rules: {'label-content-name-mismatch': {enabled: true}}})
             .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160),
                                           summary: (n.failureSummary || '').slice(0, 200)}))})))""",
        AXE_TAGS)


def axe_report(html, base, browser, modes=("ko", "en")) -> dict:
    """{mode: {page: [violations]}} over every page of the book."""
    report = {}
    for mode in modes:
        context, page = new_page(browser, mode)
        for rel in pages_of(html):
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            report.setdefault(mode, {})[rel] = run_axe(page)
        context.close()
    return report


def axe_counts(report: dict) -> dict:
    """Nodes per (rule, impact), summed over pages and modes."""
    counts = {}
    for pages in report.values():
        for violations in pages.values():
            for v in violations:
                key = f"{v['id']} ({v['impact']})"
                counts[key] = counts.get(key, 0) + len(v["nodes"])
    return dict(sorted(counts.items()))


def test_axe_finds_no_serious_or_critical_violation(html, base, chromium):
    if not AXE.exists():
        msg = f"axe-core is missing at {AXE}: npm install --no-save --prefix _build/node axe-core@4.11.0"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    report = axe_report(html, base, chromium)
    write("axe.json", {"counts": axe_counts(report), "violations": report})
    serious = [f"{rel} [{mode}] {v['id']} ({v['impact']}): {v['help']}; {n['target']} {n['html']}"
               for mode, pages in report.items() for rel, violations in pages.items()
               for v in violations if v["impact"] in ("serious", "critical") for n in v["nodes"]]
    assert not serious, f"{len(serious)} serious/critical axe nodes:\n" + "\n".join(serious[:25])


class Images(HTMLParser):
    """The content images of a page, each with its attributes and the notebook cell it is in."""

    VOID = {"img", "br", "hr", "meta", "link", "input", "source", "wbr", "area", "col", "embed", "param", "track"}

    def __init__(self):
        super().__init__()
        self.stack, self.images = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cell = next((int(c[len("book-cell-"):]) for c in (a.get("class") or "").split() if c.startswith("book-cell-")), None)
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


def test_figure_alt_follows_the_reader_language(html, base, chromium):
    """Images with a bilingual alt (data-alt-ko/-en) show the chosen language's, with its lang."""
    pages = [rel for rel in pages_of(html) if "data-alt-ko" in (html / rel).read_text(encoding="utf-8")]
    if not pages:
        pytest.skip("no figure has bilingual alt metadata yet (tests/unit/test_book_extensions.py checks the mechanism)")
    problems = []
    for mode in ("ko", "en", "both"):
        context, page = new_page(chromium, mode)
        for rel in pages:
            page.goto(f"{base}/{rel}", wait_until="networkidle")
            wrong = page.evaluate("""mode => Array.from(document.querySelectorAll('img[data-alt-ko]')).filter(i => {
                const ko = i.dataset.altKo, en = i.dataset.altEn;
                if (mode === 'both') return i.alt !== ko + ' / ' + en;
                return i.alt !== (mode === 'ko' ? ko : en) || i.lang !== mode; }).map(i => i.src)""", mode)
            problems += [f"{rel} [{mode}]: {src}" for src in wrong]
        context.close()
    assert not problems, "\n".join(problems[:20])


# ---------------------------------------------------------------------------
# 3. Korean search

#: Common nouns of the book (glossary terms and the everyday words of training). Each must occur
#: in the book; the test measures, over all of them, the share of (noun, page) pairs found.
NOUNS = ["과대적합", "기울기", "모델", "규제", "학습률", "손실", "가중치", "검증", "정확도", "옵티마이저",
         "에포크", "배치", "드롭아웃", "데이터", "레이블", "뉴런", "편향", "도함수", "그레이디언트",
         "시그모이드", "소프트맥스", "초기화", "스케줄", "출력", "입력", "예측", "훈련", "층", "함수", "미분"]
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


def uses(text: str, noun: str) -> bool:
    """The page uses the noun: some word (as the index splits words) begins with it."""
    return any(w.startswith(noun) for w in korean_search.split_words(text))


def search(page, base, query) -> set[str]:
    page.goto(f"{base}/search.html?q={quote(query)}", wait_until="networkidle")
    page.wait_for_function("document.querySelector('#search-results p.search-summary') !== null", timeout=20000)
    page.wait_for_timeout(300)  # results are appended one by one
    hrefs = page.evaluate("Array.from(document.querySelectorAll('#search-results ul.search li > a'))"
                          ".map(a => a.getAttribute('href'))")
    return {urlparse(h).path.lstrip("./") for h in hrefs}


def particle(noun: str) -> str:
    last = ord(noun[-1]) - 0xAC00
    return "을" if last % 28 else "를"


def test_korean_nouns_find_every_page_that_uses_them(html, base, chromium):
    texts = {}
    for rel in pages_of(html):
        p = ArticleText()
        p.feed((html / rel).read_text(encoding="utf-8"))
        texts[rel] = " ".join(p.parts)
    context, page = new_page(chromium)
    rows, hits, expected = [], 0, 0
    for noun in NOUNS:
        truth = {rel for rel, text in texts.items() if uses(text, noun)}
        assert truth, f"{noun} is on no page: pick nouns the book uses"
        for query in (noun, noun + particle(noun)):
            found = search(page, base, query)
            got = truth & found
            hits, expected = hits + len(got), expected + len(truth)
            rows.append({"query": query, "pages": len(truth), "found": len(got),
                         "missed": sorted(truth - found), "extra": sorted(found - truth)})
    context.close()
    recall = hits / expected
    write("korean-search.json", {"recall": round(recall, 4), "found": hits, "expected": expected,
                                 "nouns": NOUNS, "queries": rows})
    missed = [f"{r['query']}: missed {r['missed']}" for r in rows if r["missed"]]
    assert recall >= MIN_RECALL, f"recall {recall:.3f} < {MIN_RECALL}:\n" + "\n".join(missed)


def test_search_stemmer_is_the_same_in_python_and_javascript(html, base, chromium):
    """The search page's JavaScript stems and splits Korean exactly as the index builder did."""
    words = ["과대적합을", "과대적합입니다", "모델에서는", "모델들의", "정확도를", "기울기가", "학습률이", "규제합니다",
             "드롭아웃으로", "층", "ReLU를", "x_test를", "10개의", "훈련되었습니다", "나이"]
    context, page = new_page(chromium)
    page.goto(f"{base}/search.html", wait_until="networkidle")
    js = page.evaluate("""ws => ws.map(w => { const s = new Stemmer();
        return splitQuery(w).map(t => s.stemWord(t.toLowerCase())); })""", words)
    context.close()
    lang = korean_search.SearchKoreanEnglish({})
    py = [[lang.stem(t).lower() for t in lang.split(w)] for w in words]
    assert js == py


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
                problems.append(f"{name}: no time in {run_card.RESULTS}, but the card says {card.get('data-seconds')!r}")
        else:
            s = round(seconds)
            if card.get("data-seconds") != f"{seconds:g}" or f"{s} s" not in en or f"{s}초" not in ko:
                problems.append(f"{name}: the card's time disagrees with {run_card.RESULTS} ({seconds} s): {en!r}")
        for lib in ("tensorflow", "keras"):
            lo, hi = versions[lib]
            if card.get(f"data-{lib}") != f"{lo} {hi}" or lo not in en or hi not in en or lo not in ko or hi not in ko:
                problems.append(f"{name}: {lib} {lo}–{hi} ({versions['source']}) is not what the card says: {en!r}")
        code = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text(encoding="utf-8"))["cells"]
                         if c["cell_type"] == "code")
        for key in run_card.data_sets(code):
            for n in (standin[key], real[key]):
                shown = f"{n[0]:,} + {n[1]:,}" if isinstance(n, tuple) else f"{n:,}"
                if shown not in en or shown not in ko:
                    problems.append(f"{name}: data size {shown} of {key} missing from the card")
        if not any(k in code for k in ("load_mnist", "load_fashion_mnist", "load_thoracic")) and "no data set" not in en:
            problems.append(f"{name}: the card names a data set the chapter does not load")
        if "GPU" not in en or "GPU" not in ko:
            problems.append(f"{name}: the card does not say whether a GPU helps")
    assert not problems, "\n".join(problems)


def test_every_chapter_has_a_measured_time():
    results = run_card.benchmark(ROOT)
    missing = [nb.name for nb in CHAPTERS if run_card.chapter_seconds(results, nb.name) is None]
    assert not missing, f"no time in {run_card.RESULTS} for {missing}"
