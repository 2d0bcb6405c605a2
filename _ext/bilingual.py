"""Turn the chapters' raw ``<div class="lang-xx" lang="xx">`` markers into well-formed HTML.

Chapters mark each language with raw HTML blocks, because those render both in the
book and on Colab (see CONTRIBUTING.md). A heading inside such a block starts a Sphinx
section that outlives the block, so the raw ``<div>`` and ``</div>`` would land in
different sections and the page's HTML would be malformed. This extension removes the
markers and instead

- wraps each run of body elements of one language (within one parent) in a
  ``<div class="lang-ko" lang="ko">`` container, and
- gives each section heading of that language the class ``lang-ko`` and ``lang="ko"``,

so the sections stay where Sphinx put them (the page table of contents keeps working) and
code cells, which belong to both languages, are never hidden with a heading.
An unbalanced or nested marker is a build warning (and so fails a ``-W`` build).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

OPEN = re.compile(r'^\s*<div class="lang-(ko|en)" lang="(ko|en)">\s*$')
CLOSE = re.compile(r"^\s*</div>\s*$")


def _marker(node):
    if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
        text = node.astext()
        m = OPEN.match(text)
        if m and m.group(1) == m.group(2):
            return "open", m.group(1)
        if CLOSE.match(text):
            return "close", None
    return None


def _classes(lang):
    return [f"lang-{lang}", f"language-{lang}"]  # docutils writes language-xx as lang="xx"


def wrap_language_blocks(app, doctree):
    docname = app.env.docname
    lang, markers, pending = None, [], []
    for node in list(doctree.findall(include_self=False)):
        kind = _marker(node)
        if kind and kind[0] == "open":
            if lang is not None:
                logger.warning("a lang-%s block opens inside an unclosed lang-%s block", kind[1], lang, location=node)
            lang = kind[1]
            markers.append(node)
            continue
        if kind and lang is not None:
            lang = None
            markers.append(node)
            continue
        if lang is None:
            continue
        if isinstance(node, nodes.title) and isinstance(node.parent, nodes.section):
            node["classes"] += _classes(lang)
        elif isinstance(node.parent, (nodes.section, nodes.document)) and not isinstance(
            node, (nodes.section, nodes.title)
        ):
            pending.append((node, lang))
    if lang is not None:
        logger.warning("a lang-%s block is never closed in %s", lang, docname, location=docname)

    for m in markers:
        m.parent.remove(m)

    runs = []
    for node, node_lang in pending:
        last = runs[-1] if runs else None
        if (
            last
            and last["parent"] is node.parent
            and last["lang"] == node_lang
            and node.parent.index(node) == node.parent.index(last["nodes"][-1]) + 1
        ):
            last["nodes"].append(node)
        else:
            runs.append({"parent": node.parent, "lang": node_lang, "nodes": [node]})
    for run in runs:
        parent = run["parent"]
        box = nodes.container(classes=_classes(run["lang"]))
        parent.insert(parent.index(run["nodes"][0]), box)
        for n in run["nodes"]:
            parent.remove(n)
            box.append(n)


def setup(app):
    app.connect("doctree-read", wrap_language_blocks)
    app.connect("doctree-resolved", bilingual_figures)
    app.connect("html-page-context", write_figure_alts)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


# ---------------------------------------------------------------------------
# Figures: alt text and captions in both languages, from one place (the code cell's metadata).
#
#   "metadata": {"book": {"figure": {"alt":     {"ko": "…", "en": "…"},
#                                    "caption": {"ko": "…", "en": "…"}}}}
#
# ("caption" is optional; a cell that draws several images may give a list of such objects, one
# per image in order.) Each image of the cell gets
#   alt="<English>" lang="en" data-alt-ko="<Korean>" data-alt-en="<English>"
# and _static/lang-switch.js sets alt and lang to the reader's language whenever it changes
# (with both languages shown: the Korean then the English text, with no lang of its own, so it
# inherits the page's). One image, so nothing is shown or downloaded twice, and a
# screen reader reads the alt in the language the page is in. The caption is visible text: a
# Korean and an English paragraph under the image, hidden and shown like every other block.
# Every code cell's container also gets the class ``book-cell-N`` (N = index in nb["cells"]),
# so a test can say which cell an image without alt text comes from.

_ALT_TOKEN = "book-alt-{}"


def _figure_specs(meta) -> list[dict]:
    spec = (meta or {}).get("book", {}).get("figure")
    if isinstance(spec, dict):
        return [spec]
    return [s for s in spec if isinstance(s, dict)] if isinstance(spec, list) else []


def _pair(spec, key):
    value = spec.get(key) or {}
    if not isinstance(value, dict):
        return None
    ko, en = str(value.get("ko", "")).strip(), str(value.get("en", "")).strip()
    return (ko, en) if ko and en else None


def bilingual_figures(app, doctree, docname):
    alts = app.env.__dict__.setdefault("_book_figure_alts", {})
    page_alts = alts[docname] = {}
    html = app.builder.format == "html"
    for cell in list(doctree.findall(nodes.container)):
        if cell.get("nb_element") != "cell_code":
            continue
        index = cell.get("cell_index")
        if index is not None:
            cell["classes"].append(f"book-cell-{index}")
        specs = _figure_specs(cell.get("cell_metadata"))
        if not specs:
            continue
        images = list(cell.findall(nodes.image))
        if len(specs) == 1 and len(images) > 1:
            specs = specs * len(images)
        for image, spec in zip(images, specs, strict=False):  # counts may differ: pair what pairs
            alt = _pair(spec, "alt")
            if alt is None:
                logger.warning("cell %s: book.figure.alt needs both 'ko' and 'en'", index, location=docname)
                continue
            if html:
                token = _ALT_TOKEN.format(len(page_alts))
                page_alts[token] = alt
                image["alt"] = token
            else:
                image["alt"] = f"{alt[0]} / {alt[1]}"
            caption = _pair(spec, "caption")
            if caption:
                box = nodes.container(classes=["book-figure-caption"])
                for lang, text in zip(("ko", "en"), caption, strict=True):
                    box += nodes.paragraph(text, text, classes=_classes(lang))
                node = image  # the image's ancestor that sits right in the cell (or its output area)
                while (
                    node.parent is not None
                    and node.parent is not cell
                    and "cell_output" not in node.parent.get("classes", [])
                ):
                    node = node.parent
                node.parent.insert(node.parent.index(node) + 1, box)


def write_figure_alts(app, pagename, templatename, context, doctree):
    page_alts = getattr(app.env, "_book_figure_alts", {}).get(pagename)
    if not page_alts or "body" not in context:
        return
    from html import escape

    def swap(m):
        ko, en = page_alts[m.group(1)]
        return f'alt="{escape(en)}" lang="en" data-alt-ko="{escape(ko)}" data-alt-en="{escape(en)}"'

    context["body"] = re.sub(r'alt="(book-alt-\d+)"', swap, context["body"])
