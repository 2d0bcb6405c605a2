"""The book builds with `jupyter-book build . -W -n --keep-going`, and the pages hold up.

Each notebook is executed once per test run, by nbval. The build here renders the outputs of
that same execution: the root conftest.py keeps every notebook nbval ran to the end without
a failure (with its outputs) in the executed-notebooks folder, and the fixture below loads
them into a fresh jupyter-cache that the build reads with `execute_notebooks: cache`.
jupyter-cache matches a notebook by the hash of its code cells, so an edited notebook never
gets old outputs; the fixture also refuses an executed copy whose code hash or environment
fingerprint (packages, helpers' sources, data mode) differs from now. What happens to each
chapter:

- executed and passed in this run -> rendered from the cache, not executed again;
- failed (or cut short) under nbval in this run -> not executed again (execute exclude
  pattern): the nbval failure is the report, and the page is checked without outputs;
- not run by nbval in this run (e.g. `pytest -m book` alone) -> the build executes it, once.

The build runs in a fresh copy of the sources, so nothing from an earlier build is reused
and the maintainer's own _build/html is left alone. `stderr_output: error` in _config.yml
makes anything a notebook wrote to stderr fail the build, cached outputs included.
`bash scripts/book.sh` (publishing) still executes every notebook from clean.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
import yaml

from _book import ARTIFACTS, CHAPTERS, ROOT, launch_chromium, require_chromium, serve

pytestmark = pytest.mark.book

IGNORE = shutil.ignore_patterns("_build", ".venv", ".git", "artifacts", "__pycache__", "*.egg-info",
                                ".ipynb_checkpoints", ".pytest_cache")


def executed_notebooks(folder: Path) -> dict:
    """{chapter: (state, executed notebook or None, why)} from the executed-notebooks folder."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("keras_book_root_conftest", ROOT / "conftest.py")
    root_conftest = importlib.util.module_from_spec(spec)  # the functions the recorder used
    spec.loader.exec_module(root_conftest)
    code_hash, environment_fingerprint = root_conftest.code_hash, root_conftest.environment_fingerprint
    fingerprint = environment_fingerprint()
    run_id = os.environ.get("KERAS_BOOK_RUN_ID", "")  # set by scripts/test.sh: only this run's executions count
    out = {}
    for nb_path in CHAPTERS:
        rel = nb_path.relative_to(ROOT).as_posix()
        status_file = (folder / rel).with_suffix(".json")
        try:
            status = json.loads(status_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            out[rel] = ("not run", None, "nbval did not run it in this run")
            continue
        if run_id and status.get("run") != run_id:
            out[rel] = ("not run", None, f"nbval did not run it in this run ({run_id})")
            continue
        if status.get("status") != "passed":
            out[rel] = ("failed", None, f"nbval: {status.get('status')} {status.get('failed_cells', '')}")
            continue
        if status.get("code_hash") != code_hash(nbformat.read(str(nb_path), as_version=4)):
            out[rel] = ("stale", None, "its code changed since nbval ran it")
        elif status.get("fingerprint") != fingerprint:
            out[rel] = ("stale", None, "packages, helpers or the data mode changed since nbval ran it")
        else:
            out[rel] = ("executed", nbformat.read(str(folder / rel), as_version=4), f"{status.get('seconds')} s")
    return out


_BUILT: dict = {}  # this process's build; other processes (xdist workers) reuse it through SHARED


def run_key(config) -> str:
    """Identifies this test run across pytest processes: test.sh's run id, else xdist's, else this process."""
    run = os.environ.get("KERAS_BOOK_RUN_ID") or getattr(config, "workerinput", {}).get("testrunuid")
    return run or f"pid{os.getpid()}"


SHARED = ARTIFACTS / "book-build.json"  # which run built the book at ARTIFACTS / "book-src"


@pytest.fixture(scope="module")
def book(request):
    """(html folder, build log, chapter states, notebooks the build executed): built once per run.

    One build serves every module (test_book, test_reader) and every xdist worker of stage 2: the
    first process to get the lock builds into _build/test-artifacts/book-src/, the others read it.
    """
    import fcntl

    executed_dir = str(Path(request.config.getoption("--executed-dir")).resolve())
    key = f"{run_key(request.config)} {executed_dir}"
    if key not in _BUILT:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        with open(ARTIFACTS / "book-build.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                shared = json.loads(SHARED.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                shared = {}
            if shared.get("key") == key:
                _BUILT[key] = shared.get("error") or (
                    Path(shared["html"]), (ARTIFACTS / "book-build.log").read_text(encoding="utf-8"),
                    {rel: tuple(v) for rel, v in shared["states"].items()}, shared["executed_by_build"])
            else:
                SHARED.unlink(missing_ok=True)
                try:
                    html, log, states, executed_by_build = build_book(ARTIFACTS / "book-src", Path(executed_dir))
                    states = {rel: (state, why) for rel, (state, _, why) in states.items()}
                    _BUILT[key] = (html, log, states, executed_by_build)
                    record = {"key": key, "html": str(html), "states": states, "executed_by_build": executed_by_build}
                except (AssertionError, subprocess.SubprocessError) as exc:  # a failed build is not tried twice
                    _BUILT[key] = str(exc)
                    record = {"key": key, "error": str(exc)}
                SHARED.write_text(json.dumps(record) + "\n", encoding="utf-8")
    if isinstance(_BUILT[key], str):
        pytest.fail(_BUILT[key], pytrace=False)
    return _BUILT[key]


def build_book(src: Path, executed_dir: Path):
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    shutil.rmtree(src, ignore_errors=True)
    shutil.copytree(ROOT, src, ignore=IGNORE)
    states = executed_notebooks(executed_dir)
    cache_dir = src / "_build" / ".jupyter_cache"
    cache = get_cache(str(cache_dir))
    for rel, (state, nb, _) in states.items():
        if state == "executed":
            cache.cache_notebook_bundle(CacheBundleIn(nb, f"nbval:{rel}", data={"executed_by": "nbval"}),
                                        check_validity=False, overwrite=True)
    cfg_path = src / "_config.yml"
    cfg = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
    cfg["execute"].update(execute_notebooks="cache", cache=str(cache_dir),
                          exclude_patterns=[rel for rel, (state, *_) in states.items() if state == "failed"])
    cfg_path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")

    jb = Path(sys.executable).with_name("jupyter-book")
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # kernels must draw inline
    start = time.perf_counter()
    proc = subprocess.run([str(jb), "build", str(src), "-W", "-n", "--keep-going"],
                          capture_output=True, text=True, timeout=3000, env=env)
    seconds = time.perf_counter() - start
    executed_by_build = sorted(Path(r.uri).resolve().relative_to(src.resolve()).as_posix()
                               for r in cache.list_cache_records() if not r.uri.startswith("nbval:"))
    summary = "\n".join(f"  {rel}: {state} ({why})" for rel, (state, _, why) in states.items())
    log = (f"notebooks, as nbval left them in this run:\n{summary}\n"
           f"executed by the build: {executed_by_build or 'none'}\nbuild: {seconds:.1f} s\n\n"
           + proc.stdout + proc.stderr)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "book-build.log").write_text(log, encoding="utf-8")
    print(log.split("\n\n", 1)[0])
    assert proc.returncode == 0, f"the book build failed; see {ARTIFACTS / 'book-build.log'}\n{log[-4000:]}"
    html = src / "_build" / "html"
    dest = ARTIFACTS / "html"  # the pages, kept for people to look at
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(html, dest)
    return html, log, states, executed_by_build


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
        if draws and states[nb.relative_to(ROOT).as_posix()][0] != "failed":  # a chapter that draws must show its figures (an Agg kernel would show none)
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


# ---------------------------------------------------------------------------
# The built book in a real browser: Playwright driving Debian's chromium (no browser download).

MODES = ("ko", "en", "both")


@pytest.fixture(scope="module")
def site(book):
    """Serve the built book on a free localhost port."""
    require_chromium()
    html = book[0]
    with serve(html) as base:
        yield html, base


@pytest.fixture(scope="module")
def browser(site):
    with launch_chromium() as b:
        yield b


def book_pages(html: Path) -> list[str]:
    skip = {"genindex.html", "search.html"}
    return sorted(p.relative_to(html).as_posix() for p in html.rglob("*.html")
                  if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts)


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


# Screenshots are for people to look at (an artefact, not a check): the first screen of a few
# key pages, in Korean and in English. Every page is still loaded and checked in every mode.
SCREENSHOT_PAGES = ("index.html", "chapters/01_activation_functions_numpy.html", "chapters/04_mnist_classifier.html")


def test_every_page_in_every_language(site, browser):
    """Each page loads cleanly, every image loads, and each mode shows only its language
    (Korean and English on every page, both languages on the key pages)."""
    html, base = site
    shots = ARTIFACTS / "screenshots"
    shutil.rmtree(shots, ignore_errors=True)
    shots.mkdir(parents=True)
    problems = []
    for mode in MODES:
        context, page, errors = open_page(browser, f"{base}/{book_pages(html)[0]}", mode)
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


def test_language_choice_persists_across_pages(site, browser):
    html, base = site
    pages = book_pages(html)
    context, page, errors = open_page(browser, f"{base}/{pages[0]}")
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


def test_page_toc_links_reach_their_headings(site, browser):
    html, base = site
    context, page, _ = open_page(browser, f"{base}/index.html", "en")
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
def test_search_finds_english_and_korean_terms(site, browser, query, page):
    """Sphinx search: English terms, and Korean words as written (see README, "Search")."""
    from urllib.parse import quote

    _, base = site
    context, pg, errors = open_page(browser, f"{base}/search.html?q={quote(query)}")
    pg.wait_for_function("document.querySelector('#search-results p.search-summary') !== null", timeout=15000)
    hrefs = pg.evaluate("Array.from(document.querySelectorAll('#search-results ul.search li a'))"
                        ".map(a => a.getAttribute('href'))")
    context.close()
    assert any(page in h for h in hrefs), f"searching {query!r} did not find {page}: {hrefs}"
    assert not errors, errors
